import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/store/index.ts';
import { API_KEY, newCustomer, PROBLEM_JSON, testApp } from '../support/app.ts';
import { TRUNCATE_ALL } from '../support/outbox.ts';

/** The per-key limit and the wrong-key throttle (server/caller-limits.ts, server/auth.ts). */

let pglite: PGlite;
let store: Store;
beforeAll(async () => {
  pglite = new PGlite();
  store = await openStore({ dataDir: 'memory://', pglite });
});
afterAll(() => store?.close());
beforeEach(async () => {
  await pglite.exec(TRUNCATE_ALL);
});

type Problem = { status: number; detail: string; errors?: { path: string; message: string }[] };
const problemOf = async (res: Response) => (await res.json()) as Problem;
const _send = (extra: Record<string, unknown> = {}) => ({
  template: 'activation',
  data: newCustomer,
  to: 'osm@contoso.com',
  ...extra,
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

  it('limits each address on the routes that take no key, and leaves /v1 and webhooks to their own checks', async () => {
    const { app } = testApp({ API_KEYS: API_KEY, PUBLIC_RATE_LIMIT_PER_SECOND: '1', PUBLIC_RATE_LIMIT_BURST: '3' });
    const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });
    const get = (path: string, address: string, init: RequestInit = {}) => app.request(path, init, from(address));
    for (const path of ['/openapi.json', '/metrics', '/']) expect((await get(path, '203.0.113.7')).status).toBe(200);
    const limited = await get('/reference', '203.0.113.7');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe(PROBLEM_JSON);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('ratelimit-policy')).toBe('"per-address";q=3;w=3');
    // The health probes still answer (behind a proxy, everyone shares its address)…
    expect((await get('/healthz', '203.0.113.7')).status).toBe(200);
    expect((await get('/readyz', '203.0.113.7')).status).toBe(200);
    // …another address has its own allowance, and the keyed API is not counted against this one.
    expect((await get('/openapi.json', '198.51.100.2')).status).toBe(200);
    const keyed = { headers: { Authorization: `Bearer ${API_KEY}` } };
    expect((await get('/v1/templates', '203.0.113.7', keyed)).status).toBe(200);
  });

  it('is off with PUBLIC_RATE_LIMIT_PER_SECOND=0', async () => {
    const { app } = testApp({ API_KEYS: API_KEY, PUBLIC_RATE_LIMIT_PER_SECOND: '0' });
    const from = { incoming: { socket: { remoteAddress: '203.0.113.7' } } };
    for (let i = 0; i < 80; i++) expect((await app.request('/', {}, from)).status).toBe(200);
  });
});
