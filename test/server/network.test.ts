import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process.ts';
import { until } from '../support/until.ts';

/**
 * The server process as an operator runs it on a network (HOST=0.0.0.0, keys): what it says at
 * start, what the mailbox does there, and keys rotated without a restart.
 */

const dir = mkdtempSync(join(tmpdir(), 'activation-mail-network-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = 'crm-secret-0123456789abcdef';
const metric = async (url: string, name: string) => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
};
const reachable = (url: string) => url.replace('0.0.0.0', '127.0.0.1');

describe('the local mailbox on a public address', () => {
  it('runs only when chosen, says so at start, and counts emails captured, never sent', async () => {
    const server = startServerProcess({
      HOST: '0.0.0.0',
      API_KEYS: `crm:send+read:${KEY}`,
      MAIL_TRANSPORT: 'mailbox',
      DATA_DIR: join(dir, 'mailbox'),
    });
    try {
      const url = reachable(await server.listening);
      expect(server.output()).toMatch(/MAIL_TRANSPORT=mailbox on 0\.0\.0\.0: no email leaves this machine/);
      const auth = { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' };
      const sent = await fetch(`${url}/v1/emails`, {
        method: 'POST',
        headers: auth,
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
      const { id } = await sent.json();
      await until(async () => (await metric(url, 'emails_captured_total')) === 1, 30_000, 'the email captured');
      expect(await metric(url, 'emails_sent_total')).toBe(0);
      const email = await (await fetch(`${url}/v1/emails/${id}`, { headers: auth })).json();
      expect(email.status).toBe('captured');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 90_000);

  it('refuses to start there unchosen', async () => {
    const server = startServerProcess({ HOST: '0.0.0.0', API_KEYS: KEY, DATA_DIR: join(dir, 'refused') });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/MAIL_TRANSPORT: RESEND_API_KEY is not set/);
  }, 60_000);
});

describe('API_KEYS_FILE', () => {
  it('is read again on SIGHUP: new keys work at once, removed ones stop; a bad file keeps the keys in use', async () => {
    const file = join(dir, 'keys');
    const next = 'desk-secret-0123456789abcdef';
    writeFileSync(file, `crm:read:${KEY}\n`);
    const server = startServerProcess({ API_KEYS_FILE: file, DATA_DIR: join(dir, 'keys-file') });
    try {
      const url = await server.listening;
      const status = async (key: string) =>
        (await fetch(`${url}/v1/emails`, { headers: { Authorization: `Bearer ${key}` } })).status;
      expect(await status(KEY)).toBe(200);
      expect(await status(next)).toBe(401);

      writeFileSync(file, `# rotated\ndesk:read:${next}\n`);
      server.child.kill('SIGHUP');
      await until(async () => server.output().includes('API_KEYS_FILE reloaded: 1 keys'), 10_000, 'the reload');
      expect(await status(next)).toBe(200);
      expect(await status(KEY)).toBe(401);

      writeFileSync(file, 'desk:wrte:x\n');
      server.child.kill('SIGHUP');
      await until(async () => server.output().includes('API_KEYS_FILE was not reloaded'), 10_000, 'the refusal');
      expect(await status(next)).toBe(200);
      expect(server.output()).not.toContain(next);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 90_000);
});
