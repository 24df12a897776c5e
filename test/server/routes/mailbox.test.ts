import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/index.ts';
import { API_KEY, json, newCustomer } from '../../support/app.ts';
import { openTestStore, outboxApp } from '../../support/outbox.ts';

/** The local mailbox's pages (server/routes/mailbox.ts), through the app with a real outbox on PGlite. */

let store: Store;
let reset: () => Promise<void>;
beforeAll(async () => {
  ({ store, reset } = await openTestStore());
});
afterAll(() => store?.close());
beforeEach(() => reset());

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const signer = new Webhook(SECRET);

function _signed(
  event: unknown,
  { id = `msg_${randomBytes(8).toString('hex')}`, at = new Date(), secret = SECRET } = {},
) {
  const payload = JSON.stringify(event);
  const signature = (secret === SECRET ? signer : new Webhook(secret)).sign(id, at, payload);
  return {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
      'svix-signature': signature,
    },
    body: payload,
  };
}

/** An email accepted, claimed and sent as the worker would, with `providerId` from the provider. */
async function _sentEmail(app: ReturnType<typeof outboxApp>['app'], providerId: string) {
  const { id } = await (
    await app.request('/v1/emails', json({ template: 'activation', data: newCustomer, to: 'a@c.com' }))
  ).json();
  await store.claimDue('w', 1, 60_000);
  await store.markSent(id, 'w', providerId);
  return id as string;
}

const _resendEvent = (type: string, providerId: string, extra: Record<string, unknown> = {}) => ({
  type,
  created_at: '2026-11-24T10:00:00.000Z',
  data: {
    email_id: providerId,
    created_at: '2026-11-24T09:59:00.000Z',
    from: 'x@y.com',
    to: ['a@c.com'],
    subject: 's',
    ...extra,
  },
});

describe('GET /mailbox', () => {
  const hostile = { ...newCustomer, organizationName: '<script>alert(1)</script> & "Co"' };

  it('lists what was sent and shows each email as it would arrive, escaping everything', async () => {
    const { app } = outboxApp(store);
    const { id } = await (
      await app.request(
        '/v1/emails',
        json({ template: 'activation', data: hostile, to: 'osm@contoso.com', cc: 'cc@contoso.com' }),
      )
    ).json();

    const list = await app.request('/mailbox');
    expect(list.status).toBe(200);
    expect(list.headers.get('content-security-policy')).toContain("default-src 'none'");
    const listing = await list.text();
    expect(listing).toContain(`href="/mailbox/${id}"`);
    expect(listing).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(listing).not.toContain('<script>');

    const page = await app.request(`/mailbox/${id}`);
    const html = await page.text();
    expect(html).toMatch(
      /<iframe title="The email as HTML" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="&lt;base target=&quot;_blank&quot;&gt;/,
    );
    expect(html).toContain('cc@contoso.com');
    expect(html).not.toContain('<script>');
    // The text version, as a mail client shows it.
    expect(html).toMatch(/<pre>[\s\S]*Option 2 – Sign Up[\s\S]*<\/pre>/);
  });

  it('answers 404 for an unknown email, and exists only with the local transport', async () => {
    const { app } = outboxApp(store);
    expect((await app.request('/mailbox/01a20f75-6dce-7372-89eb-31f51219c55f')).status).toBe(404);
    const { app: resend } = outboxApp(store, { RESEND_API_KEY: 're_x', EMAIL_FROM: 'a@example.com' });
    expect((await resend.request('/mailbox')).status).toBe(404);
  });

  it('asks for the API key when there are keys', async () => {
    const { app } = outboxApp(store, { API_KEYS: API_KEY });
    expect((await app.request('/mailbox')).status).toBe(401);
    expect((await app.request('/mailbox', { headers: { Authorization: `Bearer ${API_KEY}` } })).status).toBe(200);
  });
});
