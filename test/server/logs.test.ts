import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/store/index.ts';
import { json, newCustomer } from '../support/app.ts';
import { outboxApp, storedCount, TRUNCATE_ALL } from '../support/outbox.ts';

/** The logs carry no address and no template data. */

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
const _send = (extra: Record<string, unknown> = {}) => ({
  template: 'activation',
  data: newCustomer,
  to: 'osm@contoso.com',
  ...extra,
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
