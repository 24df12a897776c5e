import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import {
  type KeyVariables,
  keyFileEntries,
  keyGate,
  keyRing,
  OPEN_CALLER,
  parseKey,
  parseKeys,
  plainKeyName,
  scopes,
} from '../../server/keys.ts';

/** API keys with names and scopes (server/keys.ts): parsed once, compared in constant time, named on the context. */

const SECRET = 'crm-secret-0123456789abcdef';

describe('parsing keys', () => {
  it('gives a plain key every scope and a name derived from it that does not reveal it', () => {
    const key = parseKey(SECRET);
    expect(key).toEqual({ name: plainKeyName(SECRET), scopes, secret: SECRET });
    expect(plainKeyName(SECRET)).toMatch(/^key-[0-9a-f]{8}$/);
    expect(plainKeyName(SECRET)).not.toContain(SECRET.slice(0, 4));
  });

  it('reads name:scope+scope:secret, in the order scopes are listed, and * for every scope', () => {
    expect(parseKey(`crm:send+activations:${SECRET}`)).toEqual({
      name: 'crm',
      scopes: ['send', 'activations'],
      secret: SECRET,
    });
    expect(parseKey(`desk:read+send:${SECRET}`)).toMatchObject({ scopes: ['send', 'read'] });
    expect(parseKey(`ops:*:${SECRET}`)).toMatchObject({ name: 'ops', scopes });
    // The secret may hold colons: only the first two separate.
    expect(parseKey('crm:read:a:b:c')).toMatchObject({ name: 'crm', secret: 'a:b:c' });
  });

  it('refuses an unknown scope without repeating the secret', () => {
    const parsed = parseKey(`crm:send+write:${SECRET}`);
    expect(parsed).toEqual({ error: expect.stringContaining('scopes must be send, activations, read') });
    expect(JSON.stringify(parsed)).not.toContain(SECRET);
  });

  it.each([
    ['a name starting with a dash', `-crm:read:${SECRET}`, /key 2: its name must be/],
    ['a name over 64 characters', `${'c'.repeat(65)}:read:${SECRET}`, /key 2: its name must be/],
    ['an empty name', `:read:${SECRET}`, /key 2: its name must be/],
    ['a scope in capitals', `crm:Read:${SECRET}`, /key 2: its scopes must be/],
    ['an unknown scope', `crm:read+root:${SECRET}`, /key 2: its scopes must be/],
    ['no scopes', `crm::${SECRET}`, /key 2: its scopes must be/],
    ['no key', 'crm:read:', /key 2: its key must be visible ASCII/],
    ['one colon (scopes forgotten)', `crm:${SECRET}`, /key 2: has a colon, so it must be name:scope\+scope:key/],
  ])(
    'refuses an entry in the named form with %s, by its position, never as a plain key with every scope',
    (_label, entry, problem) => {
      const { keys, problems } = parseKeys([`desk:read:other-secret-0123456789`, entry]);
      expect(problems).toEqual([expect.stringMatching(problem)]);
      expect(keys.map((k) => k.name)).toEqual(['desk']);
      for (const part of entry.split(':').filter(Boolean)) expect(problems[0]).not.toContain(part);
    },
  );

  it('keeps a plain key plain: no colon, every scope', () => {
    expect(parseKeys([SECRET, 'other-secret-0123456789']).keys.map((k) => k.scopes)).toEqual([scopes, scopes]);
    expect(parseKeys(['has space']).problems).toEqual(['key 1: must be visible ASCII without spaces or commas']);
  });

  it('refuses repeated names, repeated secrets and the reserved name', () => {
    expect(parseKeys([`a:read:${SECRET}`, `a:send:${SECRET}x`]).problems).toEqual([
      'key names must be unique (a repeated)',
    ]);
    expect(parseKeys([`a:read:${SECRET}`, `b:send:${SECRET}`]).problems).toEqual(['two keys have the same secret']);
    expect(parseKeys([`open:read:${SECRET}`]).problems).toEqual(['the key name "open" is reserved']);
  });

  it('reads a keys file: one key a line, blank lines and comments skipped', () => {
    expect(keyFileEntries(`# the CRM\ncrm:send:${SECRET}\r\n\n  desk:read:other-secret-0123456789  \n`)).toEqual([
      `crm:send:${SECRET}`,
      'desk:read:other-secret-0123456789',
    ]);
  });
});

describe('the key ring', () => {
  it('finds the caller of a key by digest, whatever the key length', () => {
    const ring = keyRing([
      { name: 'short', scopes: ['read'], secret: 'short' },
      { name: 'long', scopes: ['send'], secret: 'a-much-longer-key-than-the-first' },
    ]);
    expect(ring.authenticate('short')).toEqual({ name: 'short', scopes: ['read'], keyDigest: 'f9b0078b5df596d2' });
    expect(ring.authenticate('a-much-longer-key-than-the-first')).toMatchObject({ name: 'long', scopes: ['send'] });
    expect(ring.authenticate('shor')).toBeUndefined();
    expect(ring.authenticate('')).toBeUndefined();
  });

  it('swaps its keys at once', () => {
    const ring = keyRing([{ name: 'old', scopes, secret: 'old-secret' }]);
    ring.replace([{ name: 'new', scopes, secret: 'new-secret' }]);
    expect(ring.authenticate('old-secret')).toBeUndefined();
    expect(ring.authenticate('new-secret')?.name).toBe('new');
    expect(ring.size).toBe(1);
  });

  it('tells which key holds a name, by a digest that is not the key: a key replaced under the same name differs', () => {
    const ring = keyRing([{ name: 'ops', scopes, secret: 'ops-leaked-key' }]);
    const before = ring.named('ops')?.keyDigest;
    // printf %s ops-leaked-key | sha256sum: the first 16 hex digits.
    expect(before).toMatch(/^[0-9a-f]{16}$/);
    expect(ring.authenticate('ops-leaked-key')?.keyDigest).toBe(before);
    ring.replace([{ name: 'ops', scopes, secret: 'ops-new-key' }]);
    expect(ring.named('ops')?.keyDigest).not.toBe(before);
    ring.replace([{ name: 'ops', scopes: ['read'], secret: 'ops-leaked-key' }]);
    expect(ring.named('ops')?.keyDigest).toBe(before);
  });
});

describe('the key gate', () => {
  const appWith = (gate: ReturnType<typeof keyGate>) => {
    const app = new Hono<{ Variables: KeyVariables }>();
    app.use(gate.middleware);
    app.get('/', (c) => c.json({ name: c.get('keyName'), scopes: c.get('keyScopes') }));
    return app;
  };

  it('puts the caller’s name and scopes on the context, never the key', async () => {
    const gate = keyGate({
      ring: keyRing([{ name: 'desk', scopes: ['read'], secret: SECRET }]),
      failures: { perMinute: 10, burst: 20 },
    });
    const res = await appWith(gate).request('/', { headers: { Authorization: `Bearer ${SECRET}` } });
    expect(await res.json()).toEqual({ name: 'desk', scopes: ['read'] });
  });

  it('lets the console authenticate a presented key, under the same wrong-key allowance', () => {
    const gate = keyGate({
      ring: keyRing([{ name: 'desk', scopes: ['read'], secret: SECRET }]),
      failures: { perMinute: 1, burst: 2 },
    });
    expect(gate.authenticate(SECRET, '192.0.2.1')).toEqual({
      kind: 'caller',
      caller: { name: 'desk', scopes: ['read'], keyDigest: expect.stringMatching(/^[0-9a-f]{16}$/) },
    });
    expect(gate.authenticate('guess-1', '192.0.2.1')).toEqual({ kind: 'refused', reason: 'wrong' });
    expect(gate.authenticate('guess-2', '192.0.2.1')).toEqual({ kind: 'refused', reason: 'wrong' });
    // Spent: even the right key is not compared, so a guesser learns nothing from the answers.
    expect(gate.authenticate(SECRET, '192.0.2.1').kind).toBe('throttled');
    expect(gate.authenticate(SECRET, '192.0.2.2').kind).toBe('caller');
  });

  it('names the open server’s caller "open", with every scope', async () => {
    const gate = keyGate({ ring: undefined, failures: { perMinute: 10, burst: 20 } });
    expect(gate.open).toBe(true);
    const res = await appWith(gate).request('/', { headers: { Host: '127.0.0.1:3000' } });
    expect(await res.json()).toEqual({ name: OPEN_CALLER.name, scopes: [...scopes] });
  });
});

describe('keys in the configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'activation-mail-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const failure = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).message;
    }
    throw new Error('expected loadConfig to fail');
  };

  it('keeps the plain API_KEYS form working, every key with every scope', () => {
    const { apiKeys } = loadConfig({ API_KEYS: `${SECRET}, other-secret-0123456789` });
    expect(apiKeys.map((k) => k.scopes)).toEqual([scopes, scopes]);
    expect(apiKeys.map((k) => k.secret)).toEqual([SECRET, 'other-secret-0123456789']);
  });

  it('mixes plain and named keys in API_KEYS', () => {
    const { apiKeys } = loadConfig({ API_KEYS: `crm:send+activations:${SECRET},other-secret-0123456789` });
    expect(apiKeys.map((k) => k.name)).toEqual(['crm', plainKeyName('other-secret-0123456789')]);
  });

  it('names the variable at fault and never the key', () => {
    const message = failure({ API_KEYS: `crm:sned:${SECRET}` });
    expect(message).toMatch(/API_KEYS: key 1: its scopes must be/);
    expect(message).not.toContain(SECRET);
  });

  it('stops the start on a malformed named key, in API_KEYS or a keys file, naming its position', () => {
    const message = failure({ API_KEYS: `crm:send:${SECRET},-ops:*:ops-secret-0123456789` });
    expect(message).toMatch(/API_KEYS: key 2: its name must be/);
    expect(message).not.toContain('ops-secret-0123456789');
    const file = join(dir, 'malformed');
    writeFileSync(file, `# callers\ncrm:send:${SECRET}\n\n${'o'.repeat(65)}:*:ops-secret-0123456789\n`);
    const fromFile = failure({ API_KEYS_FILE: file });
    expect(fromFile).toMatch(/API_KEYS_FILE: key 2: its name must be/);
    expect(fromFile).not.toContain('ops-secret-0123456789');
    expect(fromFile).not.toContain('o'.repeat(65));
  });

  it('reads API_KEYS_FILE, and refuses one that is missing, empty, or set with API_KEYS', () => {
    const file = join(dir, 'keys');
    writeFileSync(file, `# callers\ncrm:send:${SECRET}\ndesk:read:other-secret-0123456789\n`);
    const config = loadConfig({ HOST: '0.0.0.0', API_KEYS_FILE: file, MAIL_TRANSPORT: 'mailbox' });
    expect(config.apiKeys.map((k) => k.name)).toEqual(['crm', 'desk']);
    expect(config.apiKeysFile).toBe(file);
    expect(failure({ API_KEYS_FILE: join(dir, 'missing') })).toMatch(/API_KEYS_FILE: cannot be read \(ENOENT\)/);
    writeFileSync(join(dir, 'empty'), '# nobody yet\n');
    expect(failure({ API_KEYS_FILE: join(dir, 'empty') })).toMatch(/API_KEYS_FILE: lists no key/);
    expect(failure({ API_KEYS_FILE: file, API_KEYS: SECRET })).toMatch(/set one or the other/);
  });
});
