import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMAIL_ID_TAG } from '../../../server/delivery/resend-transport.ts';
import type { Store } from '../../../server/store/index.ts';
import { json, newCustomer, PROBLEM_JSON } from '../../support/app.ts';
import { openTestStore, outboxApp } from '../../support/outbox.ts';

/** Resend's signed events (server/routes/webhooks.ts), through the app with a real outbox on PGlite. */

let store: Store;
let reset: () => Promise<void>;
beforeAll(async () => {
  ({ store, reset } = await openTestStore());
});
afterAll(() => store?.close());
beforeEach(() => reset());

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const signer = new Webhook(SECRET);

function signed(
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
async function sentEmail(app: ReturnType<typeof outboxApp>['app'], providerId: string) {
  const { id } = await (
    await app.request('/v1/emails', json({ template: 'activation', data: newCustomer, to: 'a@c.com' }))
  ).json();
  await store.claimDue('w', 1, 60_000);
  await store.markSent(id, 'w', providerId);
  return id as string;
}

const resendEvent = (type: string, providerId: string, extra: Record<string, unknown> = {}) => ({
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

describe('POST /webhooks/resend', () => {
  const app = () => outboxApp(store, { RESEND_WEBHOOK_SECRET: SECRET }).app;

  it('records a verified event once and moves the email’s status', async () => {
    const a = app();
    const id = await sentEmail(a, 're_1');
    const delivered = signed(resendEvent('email.delivered', 're_1'), { id: 'msg_delivered' });
    const first = await a.request('/webhooks/resend', delivered);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ status: 'recorded' });
    const again = await a.request(
      '/webhooks/resend',
      signed(resendEvent('email.delivered', 're_1'), { id: 'msg_delivered' }),
    );
    expect(await again.json()).toEqual({ status: 'duplicate' });

    const email = await (await a.request(`/v1/emails/${id}`)).json();
    expect(email.status).toBe('delivered');
    expect(email.events.filter((e: { type: string }) => e.type === 'delivered')).toEqual([
      { type: 'delivered', at: '2026-11-24T10:00:00.000Z' },
    ]);
  });

  it.each([
    [
      'email.bounced',
      'bounced',
      { bounce: { type: 'Permanent', subType: 'General', message: 'Mailbox does not exist' } },
      'Permanent/General: Mailbox does not exist',
    ],
    ['email.complained', 'complained', {}, undefined],
    ['email.delivery_delayed', 'delivery_delayed', {}, undefined],
    ['email.opened', 'delivered', {}, undefined],
    ['email.clicked', 'delivered', { click: { link: 'https://x.example.com/?t=secret' } }, undefined],
  ])('%s moves the email to %s', async (type, status, extra, detail) => {
    const a = app();
    const id = await sentEmail(a, 're_2');
    expect((await a.request('/webhooks/resend', signed(resendEvent(type, 're_2', extra)))).status).toBe(200);
    const email = await (await a.request(`/v1/emails/${id}`)).json();
    expect(email.status).toBe(status);
    expect(email.events.at(-1)).toEqual({
      type: type.slice('email.'.length),
      at: expect.any(String),
      ...(detail ? { detail } : {}),
    });
  });

  it.each([['0000-01-01T00:00:00Z'], ['+275760-09-13T00:00:00.000Z'], ['not a time']])(
    'records a signed event whose created_at (%s) the store cannot hold at the time it arrives, never a 500',
    async (createdAt) => {
      const a = app();
      const id = await sentEmail(a, 're_range');
      const event = { ...resendEvent('email.delivered', 're_range'), created_at: createdAt };
      const res = await a.request('/webhooks/resend', signed(event));
      expect(res.status).toBe(200);
      const email = await (await a.request(`/v1/emails/${id}`)).json();
      expect(email.status).toBe('delivered');
      expect(Math.abs(Date.parse(email.events.at(-1).at) - Date.now())).toBeLessThan(60_000);
    },
  );

  it('settles an email whose outcome is unknown, found by the id tag it carried', async () => {
    const a = app();
    const { id } = await (
      await a.request('/v1/emails', json({ template: 'activation', data: newCustomer, to: 'a@c.com' }))
    ).json();
    await store.claimDue('w', 1, 60_000);
    await store.markOutcomeUnknown(id, 'w', 'no answer from Resend in time');
    const unknown = await (await a.request(`/v1/emails/${id}`)).json();
    expect(unknown).toMatchObject({ status: 'outcome_unknown', lastError: 'no answer from Resend in time' });
    expect((await (await a.request('/v1/emails?status=outcome_unknown')).json()).data).toMatchObject([{ id }]);

    const event = resendEvent('email.bounced', 're_never_known', {
      tags: { [EMAIL_ID_TAG]: id },
      bounce: { type: 'Permanent', subType: 'General', message: 'Mailbox does not exist' },
    });
    expect(await (await a.request('/webhooks/resend', signed(event))).json()).toEqual({ status: 'recorded' });
    expect(await (await a.request(`/v1/emails/${id}`)).json()).toMatchObject({ status: 'bounced' });
  });

  it('finds the email by the id tag before the send call has returned', async () => {
    const a = app();
    const { id } = await (
      await a.request('/v1/emails', json({ template: 'activation', data: newCustomer, to: 'a@c.com' }))
    ).json();
    await store.claimDue('w', 1, 60_000);
    const event = resendEvent('email.delivered', 're_unknown_yet', { tags: { [EMAIL_ID_TAG]: id } });
    expect(await (await a.request('/webhooks/resend', signed(event))).json()).toEqual({ status: 'recorded' });
    expect((await store.getEmail(id))?.status).toBe('delivered');
  });

  it.each([
    ['no signature', (r: ReturnType<typeof signed>) => ({ ...r, headers: { 'Content-Type': 'application/json' } })],
    [
      'another secret’s signature',
      () => signed(resendEvent('email.bounced', 're_3'), { secret: `whsec_${randomBytes(24).toString('base64')}` }),
    ],
    [
      'a stale timestamp',
      () => signed(resendEvent('email.bounced', 're_3'), { at: new Date(Date.now() - 6 * 60_000) }),
    ],
    [
      'a body changed after signing',
      (r: ReturnType<typeof signed>) => ({ ...r, body: r.body.replace('bounced', 'delivered') }),
    ],
  ])('answers 401 to %s and changes nothing', async (_label, tamper) => {
    const a = app();
    const id = await sentEmail(a, 're_3');
    const res = await a.request('/webhooks/resend', tamper(signed(resendEvent('email.bounced', 're_3'))));
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
    const email = await store.getEmail(id);
    expect(email?.status).toBe('sent');
    expect(email?.events.map((e) => e.type)).toEqual(['queued', 'sending', 'sent']);
  });

  it('acknowledges events it has no use for', async () => {
    const a = app();
    for (const event of [resendEvent('contact.created', 'x'), resendEvent('email.delivered', 're_not_ours')]) {
      const res = await a.request('/webhooks/resend', signed(event));
      expect(await res.json()).toEqual({ status: 'ignored' });
    }
    const notAnEvent = await a.request('/webhooks/resend', signed({ hello: 'world' }));
    expect(notAnEvent.status).toBe(422);
  });

  it('is not served without RESEND_WEBHOOK_SECRET', async () => {
    const { app: bare } = outboxApp(store);
    expect((await bare.request('/webhooks/resend', signed(resendEvent('email.delivered', 'x')))).status).toBe(404);
  });
});
