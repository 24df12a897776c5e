import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServerIfStale, startServerProcess } from '../support/server-process.ts';

/**
 * What `npm start` runs: the build in dist/server (server/build.ts), started through npm as the
 * README says, and source maps that lead a stack trace back to our TypeScript.
 */

const root = join(import.meta.dirname, '..', '..');
const dist = join(root, 'dist', 'server');
const dataDir = mkdtempSync(join(tmpdir(), 'activation-mail-npm-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A new DATA_DIR for one started server, removed after it. */
async function inNewDataDir(prefix: string, use: (dir: string) => Promise<void>): Promise<void> {
  buildServerIfStale();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a new DATA_DIR', () => {
  it(
    'starts from the seed, and a copy a crash cut short is copied again, never opened',
    () =>
      inNewDataDir('activation-mail-seed-', async (dir) => {
        // What a crash mid-copy leaves: some of the seed's files, not PG_VERSION (copied last).
        cpSync(join(root, 'dist', 'pglite-seed', 'pglite', 'global'), join(dir, 'pglite', 'global'), {
          recursive: true,
        });
        writeFileSync(join(dir, 'pglite', 'postgresql.conf'), '# cut short');
        const server = startServerProcess({ PORT: '0', DATA_DIR: dir });
        try {
          const url = await server.listening;
          expect((await fetch(`${url}/readyz`)).status).toBe(200);
          const sent = await fetch(`${url}/v1/emails`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              template: 'trial-ending',
              to: 'osm@contoso.example',
              data: {
                organizationName: 'Contoso',
                trialEndsOn: '2099-01-31',
                convertUrl: 'https://activation.example.com/c',
              },
            }),
          });
          expect(sent.status).toBe(202);
        } finally {
          server.child.kill('SIGTERM');
          await server.exited;
        }
        expect(readFileSync(join(dir, 'pglite', 'PG_VERSION'), 'utf8')).toBe(
          readFileSync(join(root, 'dist', 'pglite-seed', 'pglite', 'PG_VERSION'), 'utf8'),
        );
      }),
    60_000,
  );
});

describe('a signal during start-up', () => {
  it(
    'is held until the server is up, which then stops cleanly (exit 0)',
    () =>
      inNewDataDir('activation-mail-early-signal-', async (dir) => {
        const server = startServerProcess({ PORT: '0', DATA_DIR: dir });
        server.child.stdout?.on('data', () => {
          // The first line start() writes: the handlers are in place, the store not yet open.
          if (server.output().includes('API_KEYS is not set') && !server.child.killed) server.child.kill('SIGTERM');
        });
        expect(await server.exited).toBe(0);
        expect(server.output()).toMatch(/listening on[\s\S]*shutting down[\s\S]*"stopped"/);
      }),
    60_000,
  );
});

describe('a signal sent twice', () => {
  // What a Ctrl-C or a kill of npm's process group does: node gets the signal, then npm's copy.
  it(
    'stops the server once, cleanly (exit 0)',
    () =>
      inNewDataDir('activation-mail-double-signal-', async (dir) => {
        const server = startServerProcess({ PORT: '0', DATA_DIR: dir });
        await server.listening;
        server.child.kill('SIGTERM');
        await new Promise((resolve) => setTimeout(resolve, 30));
        server.child.kill('SIGTERM');
        expect(await server.exited).toBe(0);
        expect(server.output()).toMatch(/shutting down[\s\S]*"stopped"/);
      }),
    60_000,
  );
});

describe('npm start', () => {
  it('serves from the build and stops cleanly when npm is sent SIGTERM', async () => {
    const npm = spawn('npm', ['start'], {
      cwd: root,
      env: {
        ...process.env,
        PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}`,
        PORT: '0',
        DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    npm.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => npm.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`npm start did not listen:\n${output}`)), 60_000);
        npm.stdout.on('data', () => {
          const found = /listening on (http:\/\/\S+?)"/.exec(output)?.[1];
          if (found) {
            clearTimeout(timer);
            resolve(found);
          }
        });
      });
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      // npm passes the signal on; the server (exec'd by the start script) drains and exits.
      npm.kill('SIGTERM');
      await exited;
      expect(output).toContain('"stopped"');
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      try {
        if (npm.pid) process.kill(-npm.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
});

describe('the build', () => {
  it('maps our code in the bundle back to the TypeScript it came from', () => {
    buildServerIfStale();
    // The chunk of the bundle that serve.ts went to (main.ts imports it once the store opens).
    const file = readdirSync(dist).find(
      (name) => name.endsWith('.js') && readFileSync(join(dist, name), 'utf8').includes('listening on '),
    );
    expect(file).toBeDefined();
    const bundle = readFileSync(join(dist, file as string), 'utf8');
    const map = new SourceMap(JSON.parse(readFileSync(join(dist, `${file}.map`), 'utf8')));
    const at = bundle.indexOf('listening on ');
    expect(at).toBeGreaterThan(0);
    const before = bundle.slice(0, at);
    const line = before.split('\n').length - 1;
    const column = at - (before.lastIndexOf('\n') + 1);
    const origin = map.findEntry(line, column);
    expect('originalSource' in origin && origin.originalSource).toMatch(/server\/serve\.ts$/);
    const source = readFileSync(join(root, 'server', 'serve.ts'), 'utf8').split('\n');
    expect(source['originalLine' in origin ? origin.originalLine : -1]).toContain('listening on');
  });
});

/** The machine's own Node when it is older than 24 (Debian's, here), found on PATH past ours. */
const olderNode = (process.env.PATH ?? '')
  .split(':')
  .filter((dir) => dir && !dir.includes('node_modules'))
  .map((dir) => join(dir, 'node'))
  .find((path) => {
    const version = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    return version.status === 0 && Number(version.stdout.split('.')[0]) < 24;
  });

describe.runIf(olderNode)('on a Node older than 24', () => {
  it('stops at once with exit 1 and says which Node it needs, instead of exiting 0 having done nothing', () => {
    buildServerIfStale();
    const run = spawnSync(olderNode as string, [join(dist, 'main.js')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, DATA_DIR: dataDir },
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/needs Node 24 or later; this is Node \d+\./);
  });
});
