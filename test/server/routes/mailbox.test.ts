import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/index.ts';
import { openTestStore, outboxApp } from '../../support/outbox.ts';

/**
 * `/mailbox` (server/routes/mailbox.ts): the local mailbox is the console's view now
 * (test/console/), and the old paths send bookmarks there.
 */

let store: Store;
beforeAll(async () => {
  ({ store } = await openTestStore());
});
afterAll(() => store?.close());

describe('GET /mailbox', () => {
  it('sends the list to the console’s mailbox, and one email to its page there', async () => {
    const { app } = outboxApp(store);
    const list = await app.request('/mailbox');
    expect(list.status).toBe(301);
    expect(list.headers.get('location')).toBe('/console/mailbox');
    const one = await app.request('/mailbox/01A20F75-6DCE-7372-89EB-31F51219C55F');
    expect(one.headers.get('location')).toBe('/console/emails/01a20f75-6dce-7372-89eb-31f51219c55f');
    // Whatever follows /mailbox/ is never echoed into the redirect.
    const odd = await app.request('/mailbox/%2F%2Fevil.example');
    expect(odd.headers.get('location')).toBe('/console/mailbox');
  });

  it('exists only with the local transport', async () => {
    const { app: resend } = outboxApp(store, { RESEND_API_KEY: 're_x', EMAIL_FROM: 'a@example.com' });
    expect((await resend.request('/mailbox')).status).toBe(404);
  });
});
