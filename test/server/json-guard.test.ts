import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/store/index.ts';
import { json, newCustomer } from '../support/app.ts';
import { outboxApp, storedCount, TRUNCATE_ALL } from '../support/outbox.ts';

/** What no JSON body may carry (server/json-guard.ts): refused at the edge, naming the field. */

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
