import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/store/index.ts';
import { newEmail, outboxApp, storedCount } from '../support/outbox.ts';
import { API_KEY, json, newCustomer, PROBLEM_JSON, testApp } from './fixtures.ts';

/**
 * The edges an independent review found soft: input the store refuses, one caller's bad row
 * failing another's request, deep nesting, data in the logs, LINK_HOSTS, control characters,
 * and the work one request may ask for. Through the app, with a real outbox on PGlite.
 */

let pglite: PGlite;
let store: Store;
beforeAll(async () => {
  pglite = new PGlite();
  store = await openStore({ dataDir: 'memory://', pglite });
});
afterAll(() => store?.close());
beforeEach(async () => {
  await pglite.exec('truncate emails, email_events, idempotency_keys');
});

type Problem = { status: number; detail: string; errors?: { path: string; message: string }[] };
const problemOf = async (res: Response) => (await res.json()) as Problem;
const send = (extra: Record<string, unknown> = {}) => ({
  template: 'activation',
  data: newCustomer,
  to: 'osm@contoso.com',
  ...extra,
});

describe('input the store cannot hold is refused at the edge, naming the field', () => {
  it.each([
    [
      'a NUL in template data',
      send({ data: { ...newCustomer, organizationName: 'Con\u0000toso' } }),
      'data.organizationName',
    ],
    [
      'a lone surrogate in template data',
      send({ data: { ...newCustomer, services: ['Exchange \ud800'] } }),
      'data.services.0',
    ],
    [
      'a NUL in a contact name',
      send({ to: undefined, enrollment: { noticesContact: { name: 'A\u0000', email: 'n@c.com' } } }),
      'enrollment.noticesContact.name',
    ],
    ['a lone low surrogate in a tag', send({ tags: { order: '\udc00' } }), 'tags.order'],
    ['a time before the store’s range', send({ scheduledAt: '0000-01-01T00:00:00Z' }), 'scheduledAt'],
  ])('%s: 422, nothing stored', async (_label, body, path) => {
    const { app } = outboxApp(store);
    const res = await app.request('/v1/emails', json(body));
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors?.map((e) => e.path)).toContain(path);
    expect(await storedCount(store)).toBe(0);
  });

  it('refuses them in a batch entry too, with the entry’s index', async () => {
    const { app } = outboxApp(store);
    const poisoned = send({ data: { ...newCustomer, organizationName: 'Bad\u0000' } });
    const res = await app.request('/v1/emails/batch', json({ emails: [send(), poisoned] }));
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors?.map((e) => e.path)).toEqual(['emails.1.data.organizationName']);
    expect(await storedCount(store)).toBe(0);
  });

  it('answers a deeply nested body with an Idempotency-Key 422, not a stack overflow', async () => {
    const { app } = outboxApp(store);
    const depth = 20_000;
    const body = `{"template":"activation","to":"a@c.com","data":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
    const res = await app.request('/v1/emails', json(body, { 'Idempotency-Key': 'deep-1' }));
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors?.map((e) => e.path)).toEqual(['data.scenario']);
    const batch = `{"emails":[${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}]}`;
    const again = await app.request('/v1/emails/batch', json(batch, { 'Idempotency-Key': 'deep-2' }));
    expect(again.status).toBe(422);
  });
});

describe('the JSON guard', () => {
  it('bounds depth and finds unstorable text anywhere, keys included, without recursion', async () => {
    const { unsafeJson } = await import('../../server/json-guard.ts');
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(unsafeJson(deep)).toEqual([{ path: Array(32).fill('a').join('.'), message: 'nests deeper than 32 levels' }]);
    expect(unsafeJson({ list: ['ok', 'x\u0000'], 'k\ud800': 1, pair: '😀' })).toEqual([
      { path: 'k\\ud800', message: 'must not contain NUL characters or unpaired surrogates' },
      { path: 'list.1', message: 'must not contain NUL characters or unpaired surrogates' },
    ]);
  });
});

describe('group commit: one caller’s bad row never fails another’s request', () => {
  it('stores every valid email of a group in which one row fails, and fails only that row', async () => {
    // A row the database refuses (here NUL in jsonb, as a validation gap would let through).
    const poisoned = newEmail({ data: { organizationName: 'Con\u0000toso' } });
    const valid = Array.from({ length: 6 }, () => newEmail());
    const key = (n: number) => ({
      request: { scope: 'open', key: `k-${n}`, requestHash: 'h', owner: `o-${n}` },
      response: { status: 202, body: { n } },
    });
    for (const n of [0, 1]) await store.claimIdempotencyKey(key(n).request, 60_000, 60_000);
    const results = await Promise.allSettled([
      store.acceptEmails([valid[0] as never], key(0)),
      store.acceptEmails([valid[1] as never]),
      store.acceptEmails([poisoned]),
      store.acceptEmails([valid[2] as never, valid[3] as never], key(1)),
      store.acceptEmails([valid[4] as never]),
      store.acceptEmails([valid[5] as never]),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(await storedCount(store)).toBe(6);
    expect(await store.getEmail(poisoned.id)).toBeUndefined();
    const replay = await store.claimIdempotencyKey(key(1).request, 60_000, 60_000);
    expect(replay).toEqual({ kind: 'replay', status: 202, body: { n: 1 } });
  });

  it('answers every valid send 202 while other callers send poisoned ones at the same moment', async () => {
    const { app } = outboxApp(store);
    const poisoned = [
      send({ data: { ...newCustomer, organizationName: 'A\u0000' } }),
      send({ scheduledAt: '0000-01-01T00:00:00Z' }),
    ];
    const requests = [...Array.from({ length: 6 }, () => send()), ...poisoned];
    const statuses = await Promise.all(
      requests.map(async (body) => (await app.request('/v1/emails', json(body))).status),
    );
    expect(statuses).toEqual([202, 202, 202, 202, 202, 202, 422, 422]);
    expect(await storedCount(store)).toBe(6);
  });
});

describe('logs', () => {
  it('carry no address and no template data, not even when an insert fails', async () => {
    const { app, log } = outboxApp(store);
    await pglite.exec(`alter table emails add constraint refuse_for_test check (subject not like '%Zyxwv%')`);
    try {
      const body = {
        template: 'activation',
        data: { ...newCustomer, organizationName: 'Zyxwv Marker Ltd', recipientName: 'Qwertz Person' },
        to: 'dana.unique-local@contoso-marker.com',
      };
      const res = await app.request('/v1/emails', json(body));
      expect(res.status).toBe(500);
      expect(await storedCount(store)).toBe(0);
    } finally {
      await pglite.exec('alter table emails drop constraint refuse_for_test');
    }
    const all = log.raw.join('\n');
    expect(all).toContain('unhandled error');
    expect(all).not.toMatch(/Zyxwv|Qwertz|dana\.unique-local|contoso-marker|sign-up\?token/);
  });
});

describe('links (LINK_HOSTS)', () => {
  const RENDER = '/v1/templates/activation/render';
  const render = (signUpUrl: string) =>
    testApp({ LINK_HOSTS: 'activation.example.com' }).app.request(
      RENDER,
      json({ data: { ...newCustomer, signUpUrl } }),
    );

  it.each([
    ['a backslash before @', 'https://activation.example.com\\@evil.com/'],
    ['backslashes for slashes', 'https:\\\\activation.example.com/x'],
    ['no slashes', 'https:activation.example.com/x'],
    ['user info', 'https://user:pw@activation.example.com/x'],
    ['user info naming the allowed host', 'https://activation.example.com@evil.com/x'],
    ['an encoded dot in the host', 'https://activation.example.com%2eevil.com/'],
  ])('refuses %s: 422 naming the field', async (_label, url) => {
    const res = await render(url);
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors?.map((e) => e.path)).toEqual(['data.signUpUrl']);
  });

  it('writes the normalized URL into the email', async () => {
    const res = await render('https://Activation.Example.com:443/sign-up?token=1');
    expect(res.status).toBe(200);
    const { html, text } = (await res.json()) as { html: string; text: string };
    expect(html).toContain('href="https://activation.example.com/sign-up?token=1"');
    expect(html).not.toContain('Activation.Example.com');
    expect(text).toContain('https://activation.example.com/sign-up?token=1');
  });
});

describe('one-line fields', () => {
  it.each([
    ['a right-to-left override', 'Contoso \u202egnp.exe'],
    ['a left-to-right isolate', 'Contoso \u2066Ltd'],
    ['a C1 control', 'Contoso\u0085Ltd'],
    ['an escape', 'Contoso\u001b[31m'],
    ['a tab', 'Contoso\tLtd'],
  ])('refuse %s: 422 naming the field', async (_label, organizationName) => {
    const { app } = testApp();
    const res = await app.request(
      '/v1/templates/activation/render',
      json({ data: { ...newCustomer, organizationName } }),
    );
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors).toEqual([
      { path: 'data.organizationName', message: expect.stringMatching(/control characters|single line/) },
    ]);
  });
});

describe('the work one request may ask for', () => {
  it('caps the recipients of a batch, all emails together', async () => {
    const { app } = outboxApp(store);
    const to = Array.from({ length: 50 }, (_, i) => `r${i}@contoso.com`);
    const res = await app.request('/v1/emails/batch', json({ emails: Array.from({ length: 21 }, () => send({ to })) }));
    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem.errors).toEqual([{ path: 'emails', message: expect.stringMatching(/at most 1000 recipients/) }]);
    expect(await storedCount(store)).toBe(0);
  });

  it('lists at most 100 problems in one 422, and says how many there were', async () => {
    const { app } = outboxApp(store);
    const bad = { template: 'activation', data: {}, to: 'nope', cc: 'nope', tags: { x: '' } };
    const res = await app.request('/v1/emails/batch', json({ emails: Array.from({ length: 100 }, () => bad) }));
    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem.errors).toHaveLength(100);
    expect(problem.detail).toMatch(/^The request has \d{3} problems; errors lists the first 100\.$/);
  });
});

describe('rate limits', () => {
  it('answers 429 problem+json with Retry-After and RateLimit headers once a key spends its burst', async () => {
    const { app } = testApp({
      API_KEYS: `${API_KEY},second-key-0123456789`,
      RATE_LIMIT_PER_SECOND: '1',
      RATE_LIMIT_BURST: '3',
    });
    const as = (key: string) => ({ headers: { Authorization: `Bearer ${key}` } });
    const first = await app.request('/v1/templates', as(API_KEY));
    expect(first.headers.get('ratelimit-policy')).toBe('"per-key";q=3;w=3');
    expect(first.headers.get('ratelimit')).toBe('"per-key";r=2;t=1');
    for (let i = 0; i < 2; i++) expect((await app.request('/v1/templates', as(API_KEY))).status).toBe(200);
    const limited = await app.request('/v1/templates', as(API_KEY));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe(PROBLEM_JSON);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('ratelimit')).toMatch(/^"per-key";r=0;t=\d+$/);
    expect(await problemOf(limited)).toMatchObject({ status: 429, type: 'urn:activation-mail:problem:rate-limited' });
    // Another key has a bucket of its own.
    expect((await app.request('/v1/templates', as('second-key-0123456789'))).status).toBe(200);
  });

  it('throttles wrong keys per client address, so guessing is slow', async () => {
    const { app } = testApp({ API_KEYS: API_KEY, AUTH_FAILURES_PER_MINUTE: '1', AUTH_FAILURES_BURST: '2' });
    const guess = (key: string) => app.request('/v1/templates', { headers: { Authorization: `Bearer ${key}` } });
    expect((await guess('guess-1')).status).toBe(401);
    expect((await guess('guess-2')).status).toBe(401);
    const throttled = await guess('guess-3');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Even the right key waits: otherwise a guesser would learn it from a 200 among the 429s.
    expect((await guess(API_KEY)).status).toBe(429);
  });
});
