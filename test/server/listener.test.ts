import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newCustomer } from './fixtures.ts';

/** The real server as `npm start` runs it: a child process, a port, a signal. */

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const dataDir = mkdtempSync(join(tmpdir(), 'activation-mail-listener-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function startServer(env: Record<string, string>) {
  const child = spawn(tsx, ['server/main.ts'], {
    cwd: root,
    env: {
      PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}`,
      HOME: process.env.HOME ?? tmpdir(),
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    child.stdout.on('data', () => {
      const url = /listening on (http:\/\/\S+?)"/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening:\n${output}`));
    });
  });
  return { child, listening, exited, output: () => output };
}

const stopIfRunning = (child: ChildProcess) => {
  if (child.exitCode === null) child.kill('SIGKILL');
};

describe('npm start (tsx server/main.ts)', () => {
  it('serves on the configured port, renders, and exits 0 on SIGTERM', async () => {
    const server = startServer({ PORT: '0' });
    try {
      const url = await server.listening;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.output()).toContain('API_KEYS is not set');

      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);

      const render = await fetch(`${url}/v1/templates/activation/render`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ data: newCustomer }),
      });
      expect(render.status).toBe(200);
      expect(((await render.json()) as { subject: string }).subject).toContain('Contoso Ltd');

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.output()).toContain('"stopped"');
    } finally {
      stopIfRunning(server.child);
    }
  });

  it('exits 1 with a message naming the variable when the configuration is bad', async () => {
    const server = startServer({ PORT: 'eighty' });
    server.listening.catch(() => {});
    try {
      expect(await server.exited).toBe(1);
      expect(server.output()).toMatch(/PORT: must be a whole number/);
    } finally {
      stopIfRunning(server.child);
    }
  });
});
