import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultBrand, renderEmail } from '../../../emails/_catalog/index.ts';
import type { Store } from '../../../server/store/index.ts';
import { API_KEY, json, newCustomer, PROBLEM_JSON } from '../../support/app.ts';
import { openTestStore, outboxApp, storedCount } from '../../support/outbox.ts';

/** POST /v1/emails and its companions, through the app with a real outbox on PGlite. */

let store: Store;
let reset: () => Promise<void>;
beforeAll(async () => {
  ({ store, reset } = await openTestStore());
});
afterAll(() => store?.close());
beforeEach(() => reset());

const send = (body: unknown) => ({ template: 'activation', data: newCustomer, ...(body as object) });

type Problem = { status: number; errors?: { path: string; message: string }[] };
const errorPaths = async (res: Response) => ((await res.json()) as Problem).errors?.map((e) => e.path);

describe('POST /v1/emails', () => {
  it('renders and stores the email before answering 202', async () => {
    const { app } = outboxApp(store);
    const res = await app.request('/v1/emails', json(send({ to: 'osm@contoso.com', tags: { order: 'po-42' } })));
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7/),
      status: 'queued',
      template: 'activation',
      to: ['osm@contoso.com'],
      subject: expect.stringContaining('Contoso Ltd'),
      createdAt: expect.any(String),
    });

    const stored = await app.request(`/v1/emails/${body.id}`);
    expect(stored.status).toBe(200);
    expect(await stored.json()).toMatchObject({
      id: body.id,
      status: 'queued',
      attempts: 0,
      tags: { order: 'po-42' },
      events: [{ type: 'queued', at: body.createdAt }],
    });

    const html = await app.request(`/v1/emails/${body.id}/html`);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toMatch(/^sandbox;/);
    const expected = await renderEmail('activation', newCustomer, defaultBrand);
    expect(await html.text()).toBe(expected.html);
  });

  it.each([
    [
      'the Online Services Manager',
      { onlineServicesManager: { email: 'osm@c.com' }, vlscAdministrator: { email: 'vlsc@c.com' } },
      'online-services-manager',
      'osm@c.com',
    ],
    [
      'the VLSC Online Administrator when no OSM is named',
      { vlscAdministrator: { email: 'vlsc@c.com' }, noticesContact: { email: 'notices@c.com' } },
      'vlsc-administrator',
      'vlsc@c.com',
    ],
    ['the Notices Contact last', { noticesContact: { email: 'notices@c.com' } }, 'notices-contact', 'notices@c.com'],
  ])('resolves the recipient from the enrollment: %s', async (_label, enrollment, role, address) => {
    const { app } = outboxApp(store);
    const res = await app.request('/v1/emails', json(send({ enrollment })));
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ to: [address], recipientRole: role });
  });

  it('greets the resolved contact by name, and lets `to` win over the enrollment', async () => {
    const { app } = outboxApp(store);
    const enrollment = { onlineServicesManager: { name: 'Dana Whitfield', email: 'osm@c.com' } };
    const resolved = await (await app.request('/v1/emails', json(send({ enrollment })))).json();
    expect(await (await app.request(`/v1/emails/${resolved.id}/html`)).text()).toContain('Dana Whitfield');

    const direct = await (
      await app.request('/v1/emails', json(send({ enrollment, to: ['a@c.com', 'b@c.com'] })))
    ).json();
    expect(direct.to).toEqual(['a@c.com', 'b@c.com']);
    expect(direct).not.toHaveProperty('recipientRole');
  });

  it.each([
    ['no recipient at all', {}, ['to']],
    ['an enrollment naming nobody', { enrollment: {} }, ['enrollment']],
    ['a display name', { to: '"Boss" <boss@c.com>' }, ['to']],
    ['two addresses in one entry', { to: 'a@c.com, b@c.com' }, ['to']],
    ['a header injection', { to: 'a@c.com\r\nBcc: everyone@c.com' }, ['to']],
    ['a display name in a list', { to: ['a@c.com', '"Boss" <boss@c.com>'] }, ['to.1']],
    ['a time out of the store’s range', { to: 'a@c.com', scheduledAt: '0000-01-01T00:00:00Z' }, ['scheduledAt']],
    ['a bad cc among good ones', { to: 'a@c.com', cc: ['b@c.com', 'nope'] }, ['cc.1']],
    ['too many recipients', { to: Array.from({ length: 51 }, (_, i) => `u${i}@c.com`) }, ['to']],
    [
      'a contact without an address',
      { enrollment: { noticesContact: { name: 'N' } } },
      ['enrollment.noticesContact.email'],
    ],
    ['a tag the provider would refuse', { to: 'a@c.com', tags: { 'bad tag': 'x' } }, ['tags.bad tag']],
    ['the reserved tag', { to: 'a@c.com', tags: { activation_mail_id: 'x' } }, ['tags']],
    ['a time without offset', { to: 'a@c.com', scheduledAt: '2026-12-01 09:00' }, ['scheduledAt']],
    ['a time too far ahead', { to: 'a@c.com', scheduledAt: '2099-01-01T00:00:00Z' }, ['scheduledAt']],
    ['an unknown field', { to: 'a@c.com', bcc_: 'x@c.com' }, ['bcc_']],
    ['an unknown template', { to: 'a@c.com', template: 'welcome' }, ['template']],
    ['bad template data', { to: 'a@c.com', data: { ...newCustomer, signUpUrl: 'http://x.com' } }, ['data.signUpUrl']],
  ])('refuses %s with 422 naming the field, storing nothing', async (_label, body, paths) => {
    const { app } = outboxApp(store);
    const res = await app.request('/v1/emails', json(send(body)));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
    expect(await errorPaths(res)).toEqual(paths);
    expect(await storedCount(store)).toBe(0);
  });

  it('lists the envelope’s problems and the template data’s together', async () => {
    const { app } = outboxApp(store);
    const res = await app.request('/v1/emails', json(send({ to: 'nope', data: { scenario: 'new-customer' } })));
    expect(await errorPaths(res)).toEqual(['data.organizationName', 'data.signUpUrl', 'to']);
  });

  it('schedules an email for later, or queues it when the time has passed', async () => {
    const { app } = outboxApp(store);
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const later = await (await app.request('/v1/emails', json(send({ to: 'a@c.com', scheduledAt: at })))).json();
    expect(later).toMatchObject({ status: 'scheduled', scheduledAt: at });
    const past = await app.request(
      '/v1/emails',
      json(send({ to: 'a@c.com', scheduledAt: new Date(Date.now() - 60_000).toISOString() })),
    );
    expect(await past.json()).toMatchObject({ status: 'queued' });
  });

  it('answers 400 to malformed JSON and 415 to a body that is not JSON', async () => {
    const { app } = outboxApp(store);
    expect((await app.request('/v1/emails', json('{"template":'))).status).toBe(400);
    const text = await app.request('/v1/emails', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'hi',
    });
    expect(text.status).toBe(415);
  });
});

describe('POST /v1/emails/batch', () => {
  it('stores every email or none, naming the index of each bad entry', async () => {
    const { app } = outboxApp(store);
    const good = send({ to: 'a@c.com' });
    const emails = [
      good,
      good,
      good,
      send({ to: 'a@c.com', data: { ...newCustomer, signUpUrl: 'ftp://x' } }),
      send({}),
    ];
    const res = await app.request('/v1/emails/batch', json({ emails }));
    expect(res.status).toBe(422);
    expect(await errorPaths(res)).toEqual(['emails.3.data.signUpUrl', 'emails.4.to']);
    expect(await storedCount(store)).toBe(0);

    const ok = await app.request(
      '/v1/emails/batch',
      json({ emails: [good, send({ enrollment: { noticesContact: { email: 'n@c.com' } } })] }),
    );
    expect(ok.status).toBe(202);
    const { data } = await ok.json();
    expect(data.map((e: { to: string[] }) => e.to)).toEqual([['a@c.com'], ['n@c.com']]);
    expect(await storedCount(store)).toBe(2);
  });

  it.each([
    ['an empty batch', { emails: [] }, ['emails']],
    ['more than 100 emails', { emails: Array.from({ length: 101 }, () => send({ to: 'a@c.com' })) }, ['emails']],
    ['no list', { email: [] }, ['emails', 'email']],
  ])('refuses %s', async (_label, body, paths) => {
    const { app } = outboxApp(store);
    const res = await app.request('/v1/emails/batch', json(body));
    expect(res.status).toBe(422);
    expect(await errorPaths(res)).toEqual(paths);
  });
});

describe('Idempotency-Key', () => {
  const body = send({ to: 'a@c.com' });

  it('answers a repeated request with the first answer, byte for byte, and sends once', async () => {
    const { app } = outboxApp(store);
    const first = await app.request('/v1/emails', json(body, { 'Idempotency-Key': 'order-1' }));
    // Same body, other key order: the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await app.request('/v1/emails', json(reordered, { 'Idempotency-Key': 'order-1' }));
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.text()).toBe(await first.text());
    expect(await storedCount(store)).toBe(1);
  });

  it('refuses another body under a used key with 422', async () => {
    const { app } = outboxApp(store);
    await app.request('/v1/emails', json(body, { 'Idempotency-Key': 'order-2' }));
    const other = await app.request('/v1/emails', json(send({ to: 'b@c.com' }), { 'Idempotency-Key': 'order-2' }));
    expect(other.status).toBe(422);
    expect(await errorPaths(other)).toEqual(['Idempotency-Key']);
    expect(await storedCount(store)).toBe(1);
  });

  it('keeps nothing for a refused request: the key stays free', async () => {
    const { app } = outboxApp(store);
    const bad = await app.request('/v1/emails', json(send({}), { 'Idempotency-Key': 'order-3' }));
    expect(bad.status).toBe(422);
    const good = await app.request('/v1/emails', json(body, { 'Idempotency-Key': 'order-3' }));
    expect(good.status).toBe(202);
    expect(good.headers.get('idempotent-replayed')).toBeNull();
  });

  it('sends once when many requests with one key arrive together; the others get 409 or the replay', async () => {
    const { app } = outboxApp(store);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => app.request('/v1/emails', json(body, { 'Idempotency-Key': 'burst' }))),
    );
    const first = answers.filter((r) => r.status === 202 && !r.headers.get('idempotent-replayed'));
    expect(first).toHaveLength(1);
    for (const res of answers) {
      if (res.status === 409) expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
      else expect(res.status).toBe(202);
    }
    expect(await storedCount(store)).toBe(1);
  });

  it('keeps the keys of each API key apart, and works on batches', async () => {
    const { app } = outboxApp(store, { API_KEYS: `${API_KEY},second-key-0123456789` });
    const as = (key: string) => ({ Authorization: `Bearer ${key}`, 'Idempotency-Key': 'shared' });
    expect((await app.request('/v1/emails', json(body, as(API_KEY)))).headers.get('idempotent-replayed')).toBeNull();
    expect(
      (await app.request('/v1/emails', json(body, as('second-key-0123456789')))).headers.get('idempotent-replayed'),
    ).toBeNull();
    const batch = { emails: [body, body] };
    const one = await app.request('/v1/emails/batch', json(batch, { ...as(API_KEY), 'Idempotency-Key': 'b-1' }));
    const two = await app.request('/v1/emails/batch', json(batch, { ...as(API_KEY), 'Idempotency-Key': 'b-1' }));
    expect(two.headers.get('idempotent-replayed')).toBe('true');
    expect(await two.text()).toBe(await one.text());
    expect(await storedCount(store)).toBe(4);
  });

  it('refuses a malformed key', async () => {
    const { app } = outboxApp(store);
    for (const key of ['x'.repeat(256), 'café']) {
      const res = await app.request('/v1/emails', json(body, { 'Idempotency-Key': key }));
      expect(res.status).toBe(422);
      expect(await errorPaths(res)).toEqual(['Idempotency-Key']);
    }
  });
});

describe('reading and canceling emails', () => {
  async function sendMany(app: ReturnType<typeof outboxApp>['app'], n: number, template = 'activation') {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const data =
        template === 'trial-ending'
          ? { organizationName: 'Contoso', trialEndsOn: '2026-12-31', convertUrl: 'https://x.example.com/c' }
          : newCustomer;
      const res = await app.request('/v1/emails', json({ template, data, to: `u${i}@c.com` }));
      ids.push((await res.json()).id);
    }
    return ids;
  }

  it('lists newest first, a page at a time, with filters', async () => {
    const { app } = outboxApp(store);
    const ids = [...(await sendMany(app, 3)), ...(await sendMany(app, 2, 'trial-ending'))].reverse();
    const first = await (await app.request('/v1/emails?limit=2')).json();
    expect(first.data.map((e: { id: string }) => e.id)).toEqual(ids.slice(0, 2));
    const second = await (await app.request(`/v1/emails?limit=2&cursor=${first.nextCursor}`)).json();
    const third = await (await app.request(`/v1/emails?limit=2&cursor=${second.nextCursor}`)).json();
    expect([...second.data, ...third.data].map((e: { id: string }) => e.id)).toEqual(ids.slice(2));
    expect(third.nextCursor).toBeNull();

    const trials = await (await app.request('/v1/emails?template=trial-ending')).json();
    expect(trials.data).toHaveLength(2);
    const queued = await (await app.request('/v1/emails?status=queued&limit=100')).json();
    expect(queued.data).toHaveLength(5);
    expect(queued.data[0]).not.toHaveProperty('html');
  });

  it.each([
    ['status=lost', 'status'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['template=welcome', 'template'],
    ['cursor=not-a-cursor', 'cursor'],
  ])('refuses ?%s with 422', async (query, path) => {
    const { app } = outboxApp(store);
    const res = await app.request(`/v1/emails?${query}`);
    expect(res.status).toBe(422);
    expect(await errorPaths(res)).toEqual([path]);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    const { app } = outboxApp(store);
    for (const path of ['/v1/emails/01a20f75-6dce-7372-89eb-31f51219c55f', '/v1/emails/42', '/v1/emails/x/html']) {
      const res = await app.request(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
    }
    expect((await app.request('/v1/emails/42/cancel', { method: 'POST' })).status).toBe(404);
  });

  it('cancels an email not yet sent, again harmlessly, and refuses once sending began', async () => {
    const { app } = outboxApp(store);
    const [a, b] = await sendMany(app, 2);
    const canceled = await app.request(`/v1/emails/${a}/cancel`, { method: 'POST' });
    expect(canceled.status).toBe(200);
    expect(await canceled.json()).toMatchObject({
      id: a,
      status: 'canceled',
      events: [{ type: 'queued' }, { type: 'canceled' }],
    });
    expect((await app.request(`/v1/emails/${a}/cancel`, { method: 'POST' })).status).toBe(200);

    await store.claimDue('worker', 10, 60_000);
    const late = await app.request(`/v1/emails/${b}/cancel`, { method: 'POST' });
    expect(late.status).toBe(409);
    expect(late.headers.get('content-type')).toBe(PROBLEM_JSON);
  });

  it('requires the API key on every sending route', async () => {
    const { app } = outboxApp(store, { API_KEYS: API_KEY });
    for (const [method, path] of [
      ['POST', '/v1/emails'],
      ['POST', '/v1/emails/batch'],
      ['GET', '/v1/emails'],
      ['GET', '/v1/emails/01a20f75-6dce-7372-89eb-31f51219c55f'],
    ]) {
      expect((await app.request(path as string, { method })).status).toBe(401);
    }
  });
});

describe('readiness and the OpenAPI document', () => {
  it('is ready while the store answers', async () => {
    const { app } = outboxApp(store);
    expect((await app.request('/readyz')).status).toBe(200);
  });

  it('documents the sending routes', async () => {
    const { app } = outboxApp(store, { RESEND_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
    const doc = await (await app.request('/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/emails',
        '/v1/emails/batch',
        '/v1/emails/{id}',
        '/v1/emails/{id}/html',
        '/v1/emails/{id}/cancel',
        '/webhooks/resend',
      ]),
    );
    expect(doc.components.schemas).toHaveProperty('SendEmailRequest');
  });
});
