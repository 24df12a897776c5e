import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { servedDocument } from '../../../server/openapi/document.ts';

/**
 * The clients integrators generate from the served document, with the generators they use,
 * pinned in test/support/client-generators (package.json + lockfile; installed once under
 * .xdg/, again only when the lockfile changes). Each generator must succeed and what it
 * generates must type-check under --strict together with usage/: calls an integrator writes,
 * PATCH with null included, and a misspelled template field that must NOT compile
 * (@ts-expect-error fails the check if it does).
 */

const run = promisify(execFile);
const root = join(import.meta.dirname, '../../..');
const pinned = join(root, 'test/support/client-generators');
const tools = join(root, '.xdg/client-generators');
const out = join(root, '.xdg/generated-clients');
const bin = (name: string) => join(tools, 'node_modules/.bin', name);

async function installGenerators(): Promise<void> {
  const lock = readFileSync(join(pinned, 'package-lock.json'));
  const stamp = join(tools, 'installed.sha256');
  const wanted = createHash('sha256').update(lock).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  rmSync(tools, { recursive: true, force: true });
  mkdirSync(tools, { recursive: true });
  cpSync(join(pinned, 'package.json'), join(tools, 'package.json'));
  cpSync(join(pinned, 'package-lock.json'), join(tools, 'package-lock.json'));
  await run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: tools, timeout: 600_000 });
  writeFileSync(stamp, wanted);
}

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    skipLibCheck: true,
    types: [],
    baseUrl: '.',
    // The generated code imports its runtime (openapi-fetch, zod, @zodios/core) from the pinned tools.
    paths: { '*': ['../client-generators/node_modules/*'] },
  },
  include: ['hey-api', 'orval', 'openapi-typescript', 'zod', 'usage'],
};

describe('clients generated from the served document', () => {
  it('generate with @hey-api/openapi-ts, orval, openapi-typescript and openapi-zod-client, and type-check under --strict', async () => {
    await installGenerators();
    rmSync(out, { recursive: true, force: true });
    mkdirSync(join(out, 'zod'), { recursive: true });
    const document = join(out, 'openapi.json');
    writeFileSync(document, JSON.stringify(await servedDocument()));
    const generate = (tool: string, args: string[]) => run(bin(tool), args, { cwd: out, timeout: 300_000 });
    await Promise.all([
      generate('openapi-ts', ['-i', 'openapi.json', '-o', 'hey-api']),
      generate('orval', ['--input', 'openapi.json', '--output', 'orval/api.ts', '--client', 'fetch']),
      generate('openapi-typescript', ['openapi.json', '-o', 'openapi-typescript/schema.ts']),
      generate('openapi-zod-client', ['openapi.json', '-o', 'zod/client.ts']),
    ]);
    cpSync(join(pinned, 'usage'), join(out, 'usage'), { recursive: true });
    writeFileSync(join(out, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    const checked = await run(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: out, timeout: 300_000 }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(checked).toBe('');
  }, 1_200_000);
});
