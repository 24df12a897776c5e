import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newCustomer } from '../support/app.ts';
import { startServerProcess } from '../support/server-process.ts';

/** The real server as `npm start` runs it: a child process, a port, a signal. */

const dataDir = mkdtempSync(join(tmpdir(), 'activation-mail-listener-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const startServer = (env: Record<string, string>) => startServerProcess({ DATA_DIR: dataDir, ...env });

describe('npm start (the compiled server, dist/server/main.js)', () => {
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
      server.kill();
    }
  });

  it('exits 1 with a message naming the variable when the configuration is bad', async () => {
    const server = startServer({ PORT: 'eighty' });
    try {
      expect(await server.exited).toBe(1);
      expect(server.output()).toMatch(/PORT: must be a whole number/);
    } finally {
      server.kill();
    }
  });
});
