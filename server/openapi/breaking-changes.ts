import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiDiff } from 'api-smart-diff';
import { servedDocument } from './document.ts';

/**
 * Whether `/v1` keeps its promise (README, "Changes to `/v1` and what stays"): the served
 * document against the last released one, `released/v1.json`. api-smart-diff classifies each
 * change of the operations (`paths`) and of the security they require; our policy differs from
 * its rules where the README is stricter or looser: a new enum value in a response is allowed
 * (clients treat an unknown value as "other"), while a removed one, or a response field whose
 * type changes, breaks clients. A breaking change passes only when a dated entry of the README's
 * changelog names it by the JSON pointer of the change or of a part that holds it
 * (`/paths/~1v1~1emails/post`). The events out (`webhooks`) are not compared yet.
 *
 * `npm run openapi:breaking` checks; `npm run openapi:breaking -- --release` makes the served
 * document the released one, once its changes are in the changelog.
 */

export const releasedPath = join(import.meta.dirname, 'released', 'v1.json');

export interface BreakingChange {
  /** JSON pointer into the released document's operations, `$ref`s resolved. */
  pointer: string;
  action: 'add' | 'remove' | 'replace' | 'rename';
}

const pointerOf = (path: readonly (string | number)[]): string =>
  path.map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

type Diff = ReturnType<typeof apiDiff>[number];

/** Whether a change breaks a client, by api-smart-diff's rules and the README's policy. */
function breaks({ type, action, path }: Diff): boolean {
  const inResponse = path.includes('responses');
  if (path[0] === 'security' || (path[0] === 'components' && path[1] === 'securitySchemes'))
    return type !== 'annotation';
  if (path[0] !== 'paths') return false;
  if (inResponse && path.includes('enum')) return action !== 'add';
  if (inResponse && action === 'replace' && path.at(-1) === 'type') return true;
  return type === 'breaking';
}

/** The breaking changes from `released` to `served`, each once, by our policy. */
export function breakingChanges(released: unknown, served: unknown): BreakingChange[] {
  const found = new Map<string, BreakingChange>();
  for (const diff of apiDiff(released, served)) {
    if (!breaks(diff)) continue;
    const pointer = pointerOf(diff.path);
    found.set(pointer, { pointer, action: diff.action });
  }
  return [...found.values()];
}

/**
 * The pointers the changelog names: backquoted, starting with `/paths/`, in the dated entries
 * (`- **YYYY-MM-DD.** …` and the lines under it) of its `/v1` section, not in the text about it.
 */
export function acknowledgedIn(readme: string): string[] {
  const start = readme.indexOf('**Changes to `/v1`');
  if (start < 0) return [];
  const end = readme.indexOf('\n**', start + 2);
  const entries = readme
    .slice(start, end < 0 ? undefined : end)
    .split(/\n(?=- )/)
    .filter((entry) => /^- \*\*\d{4}-\d{2}-\d{2}\.\*\*/.test(entry));
  return entries.flatMap((entry) => [...entry.matchAll(/`(\/paths\/[^`\s]+)`/g)].map((m) => m[1] ?? ''));
}

/** The breaking changes the changelog does not name. */
export const unacknowledged = (changes: BreakingChange[], acknowledged: string[]): BreakingChange[] =>
  changes.filter((c) => !acknowledged.some((a) => c.pointer === a || c.pointer.startsWith(`${a}/`)));

if (import.meta.main) {
  const served = await servedDocument();
  if (process.argv.includes('--release')) {
    writeFileSync(releasedPath, `${JSON.stringify(served, null, 2)}\n`);
    console.log(`openapi:breaking: ${releasedPath} is now the served document`);
  } else {
    const released: unknown = JSON.parse(readFileSync(releasedPath, 'utf8'));
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const changes = breakingChanges(released, served);
    const left = unacknowledged(changes, acknowledgedIn(readme));
    for (const c of left) console.error(`breaking (${c.action}): ${c.pointer}`);
    console.log(
      `openapi:breaking: ${changes.length} breaking change(s) since the released document, ${left.length} not named in the README's changelog`,
    );
    if (left.length > 0) {
      console.error('Keep /v1 compatible, or name each change in the changelog (README, "Changes to /v1").');
      process.exit(1);
    }
  }
}
