import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../server/store/index.ts';
import { json, newCustomer } from '../../support/app.ts';
import { newEmail, outboxApp, storedCount, TRUNCATE_ALL } from '../../support/outbox.ts';

/** Group commit through the app: one caller's bad row never fails another's request. */

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
const _problemOf = async (res: Response) => (await res.json()) as Problem;
const send = (extra: Record<string, unknown> = {}) => ({
  template: 'activation',
  data: newCustomer,
  to: 'osm@contoso.com',
  ...extra,
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
