/**
 * `npm run bench`: runs every *.bench.ts in this folder in turn, each printing its own figures.
 * Run one alone with `npx tsx test/bench/<name>.bench.ts`.
 */
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const only = process.argv.slice(2);
const files = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

for (const file of files) {
  console.log(`\n# ${file}`);
  const mod = await import(pathToFileURL(`${import.meta.dirname}/${file}`).href);
  await mod.default();
}
