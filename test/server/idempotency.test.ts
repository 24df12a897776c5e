import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, IDEMPOTENCY_HEADER, REPLAYED_HEADER } from '../../server/idempotency.ts';
import { ProblemError, respondProblem } from '../../server/problem.ts';
import { idempotentWrite } from '../../server/routes/idempotent-write.ts';
import { IdempotencyLostError, type Store } from '../../server/store/index.ts';
import { openTestStore } from '../support/outbox.ts';

/**
 * Idempotency-Key (server/idempotency.ts) and the write shell every keyed route shares
 * (server/routes/idempotent-write.ts), on a real store: replay, mismatch, in flight, a key
 * freed by a write that stored nothing, and a key lost to a later request.
 */

describe('canonicalJson', () => {
  it('ignores key order and spacing, and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });
});

let store: Store;
let reset: () => Promise<void>;
beforeAll(async () => {
  ({ store, reset } = await openTestStore());
});
afterAll(() => store?.close());
beforeEach(() => reset());

/** A keyed write whose work the test decides: stores, stores nothing, fails, or loses its key. */
function writeApp(work: () => Promise<{ stored: boolean }>) {
  let runs = 0;
  const app = new Hono();
  app.onError((err, c) =>
    err instanceof ProblemError ? respondProblem(c, err.problem, err.headers) : c.text('500', 500),
  );
  app.post('/write', async (c) =>
    idempotentWrite(
      c,
      { store, route: 'POST /write', status: 201, body: await c.req.json(), open: true },
      async (key) => {
        runs++;
        const { stored } = await work();
        const body = { run: runs };
        if (stored && key) await store.acceptEmails([], { request: key, response: { status: 201, body } });
        return { body, stored };
      },
    ),
  );
  const post = (body: unknown, key = 'k-1') =>
    app.request('/write', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [IDEMPOTENCY_HEADER]: key },
      body: JSON.stringify(body),
    });
  return { post, runs: () => runs };
}

describe('idempotentWrite', () => {
  it('answers the same key and body with the first answer, marked as a replay, without running again', async () => {
    const { post, runs } = writeApp(async () => ({ stored: true }));
    const first = await post({ a: 1, b: 2 });
    const again = await post({ b: 2, a: 1 });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(await again.json()).toEqual(await first.json());
    expect(again.headers.get(REPLAYED_HEADER)).toBe('true');
    expect(first.headers.get(REPLAYED_HEADER)).toBeNull();
    expect(runs()).toBe(1);
  });

  it('refuses another body under a used key with a 422 naming the header', async () => {
    const { post } = writeApp(async () => ({ stored: true }));
    await post({ a: 1 });
    const other = await post({ a: 2 });
    expect(other.status).toBe(422);
    expect((await other.json()).errors).toEqual([{ path: IDEMPOTENCY_HEADER, message: expect.any(String) }]);
  });

  it('frees the key when the write stored nothing or failed, so the corrected request runs', async () => {
    let outcome: 'nothing' | 'fail' | 'store' = 'nothing';
    const { post, runs } = writeApp(async () => {
      if (outcome === 'fail') throw new Error('boom');
      return { stored: outcome === 'store' };
    });
    expect((await post({ a: 1 })).status).toBe(201);
    outcome = 'fail';
    expect((await post({ a: 1 })).status).toBe(500);
    outcome = 'store';
    expect((await post({ a: 1 })).status).toBe(201);
    expect(runs()).toBe(3);
  });

  it('answers 409 while the first request with the key is still running', async () => {
    let release = () => {};
    const running = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { post } = writeApp(async () => {
      await running;
      return { stored: true };
    });
    const first = post({ a: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await post({ a: 1 });
    expect(second.status).toBe(409);
    expect(second.headers.get('Retry-After')).toBe('1');
    release();
    expect((await first).status).toBe(201);
  });

  it('answers 409 and stores nothing when a later request took the key over meanwhile', async () => {
    const { post } = writeApp(async () => {
      throw new IdempotencyLostError('taken over');
    });
    const res = await post({ a: 1 });
    expect(res.status).toBe(409);
    expect((await res.json()).detail).toMatch(/nothing was stored/);
  });
});
