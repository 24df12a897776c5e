import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * vitest globalSetup: empties the tally before the run and prints, after it, how many
 * responses the suites validated against the served OpenAPI document.
 */
export const CONTRACT_TALLY_DIR = join(import.meta.dirname, '..', '..', '.xdg', 'contract-tally');

export default function setup() {
  rmSync(CONTRACT_TALLY_DIR, { recursive: true, force: true });
  mkdirSync(CONTRACT_TALLY_DIR, { recursive: true });
  return () => {
    let total = 0;
    try {
      total = readFileSync(join(CONTRACT_TALLY_DIR, 'counts'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .reduce((sum, n) => sum + Number(n), 0);
    } catch {
      // No suite validated anything (a run of other tests only).
    }
    if (total > 0) console.log(`contract: ${total} responses validated against the served OpenAPI document`);
  };
}
