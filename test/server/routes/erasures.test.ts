import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMAIL_ID_TAG } from '../../../server/delivery/resend-transport.ts';
import type { Store } from '../../../server/store/index.ts';
import { json, newCustomer, PROBLEM_JSON } from '../../support/app.ts';
import { browserOf } from '../../support/console.ts';
import { outboxApp } from '../../support/outbox.ts';
import { assertPostgresAvailable } from '../../support/postgres.ts';
import { signedWebhook } from '../../support/signed-webhook.ts';
import { type Opened, storeDrivers } from '../../support/store-drivers.ts';

/**
 * Erasure by address (POST /v1/erasures): one person's data gone from every table, in any case,
 * while another person's stays; refused while work in flight names the address; recorded
 * without it; on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
 */

const DAY = 24 * 60 * 60_000;
const DANA = 'dana@contoso.com';
const PAT = 'pat@fabrikam.com';
const BLOCKED = 'urn:activation-mail:problem:erasure-blocked';
const TABLES = [
  'emails',
  'email_events',
  'activations',
  'activation_events',
  'event_deliveries',
  'idempotency_keys',
  'erasures',
] as const;

const ADMIN = 'ops-admin-key-0123456789abcdef';
const DESK = 'desk-read-key-0123456789abcdef';
const CRM = 'crm-send-key-0123456789abcdef';
const keys = { API_KEYS: `ops:admin:${ADMIN},desk:read:${DESK},crm:send:${CRM}` };
const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;

/** Resend's bounce of our email `emailId`, signed as Resend signs it, its message naming `address`. */
function signedBounce(emailId: string, address: string) {
  return signedWebhook(
    {
      type: 'email.bounced',
      created_at: new Date().toISOString(),
      data: {
        email_id: 're_late',
        tags: { [EMAIL_ID_TAG]: emailId },
        bounce: { type: 'Permanent', subType: 'General', message: `550 <${address}>: Recipient rejected` },
      },
    },
    WEBHOOK_SECRET,
  );
}

it('runs on PostgreSQL too when CI requires it', () => {
  assertPostgresAvailable();
});

describe.each(storeDrivers)('on $name', ({ open }) => {
  let store: Store;
  let reset: () => Promise<void>;
  let close: () => Promise<void>;
  let query: Opened['query'];
  beforeAll(async () => {
    ({ store, reset, close, query } = await open({ eventsOut: true }));
  });
  afterAll(() => close?.());
  beforeEach(() => reset());

  /** An app whose clock starts now (the suite's dates are relative to it); without keys unless given. */
  function appAt(env: Record<string, string> = {}) {
    const now = new Date();
    const { app, log } = outboxApp(store, env, { clock: () => now });
    return { app, log, now };
  }
  type TestApp = ReturnType<typeof appAt>['app'];

  const activation = (number: string, osm: string) => ({
    enrollment: {
      number,
      organizationName: 'Contoso Ltd',
      onlineServicesManager: { name: 'Dana Whitfield', email: osm },
      vlscAdministrator: { name: 'Lee Chen', email: 'lee@contoso.com' },
    },
    scenario: 'new-customer',
    signUpUrl: 'https://activation.example.com/sign-up?token=1',
  });

  const post = async (app: TestApp, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(path, body === undefined ? { method: 'POST', headers } : json(body, headers));
    return { res, body: await res.json() };
  };
  const erase = (app: TestApp, email: unknown, headers: Record<string, string> = {}) =>
    post(app, '/v1/erasures', { email }, headers);
  const sendEmail = async (app: TestApp, body: Record<string, unknown>) =>
    (await post(app, '/v1/emails', { template: 'activation', data: newCustomer, ...body })).body as { id: string };

  /** Sends what is due now, as the worker would. */
  async function sendDue() {
    for (const e of await store.claimDue('test-worker', 100, 60_000))
      await store.markSent(e.id, 'test-worker', undefined);
  }

  /** How many rows of each table hold `text`, in any case. */
  async function holding(text: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const [row] = await query<{ n: number }>(
        `select count(*)::int as n from ${table} t where t::text ilike '%${text.replaceAll("'", "''")}%'`,
      );
      counts[table] = Number(row?.n ?? 0);
    }
    return counts;
  }

  /** Dana's activation (recipient), Pat's, and emails naming Dana: one scheduled, one sent with Dana in cc. */
  async function seed(app: TestApp, now: Date) {
    const dana = await post(app, '/v1/activations', activation('61234567', 'Dana@Contoso.com'), {
      'Idempotency-Key': 'dana-activation',
    });
    const pat = await post(app, '/v1/activations', activation('62345678', PAT));
    expect([dana.res.status, pat.res.status]).toEqual([201, 201]);
    const scheduled = await sendEmail(app, { to: DANA, scheduledAt: new Date(now.getTime() + DAY).toISOString() });
    const copied = await sendEmail(app, { to: PAT, cc: ['DANA@contoso.com'] });
    await sendDue();
    return { dana: dana.body.id as string, pat: pat.body.id as string, scheduled: scheduled.id, copied: copied.id };
  }

  it('refuses while work in flight names the address, then erases it from every table and records it', async () => {
    const { app, log, now } = appAt();
    const ids = await seed(app, now);
    const before = await holding(DANA);
    // Dana's activation email and its two reminders, the scheduled email, the copy.
    expect(before).toMatchObject({ emails: 5, activations: 1, idempotency_keys: 1 });
    expect(before.event_deliveries).toBeGreaterThan(0);

    // Dana's activation runs, and an email to Dana waits: nothing is erased.
    const running = await erase(app, DANA);
    expect(running.res.status).toBe(409);
    expect(running.res.headers.get('Content-Type')).toBe(PROBLEM_JSON);
    expect(running.body).toMatchObject({ type: BLOCKED, status: 409, activationIds: [ids.dana] });
    expect(running.body.emailIds).toContain(ids.scheduled);
    expect(running.body.detail).toContain('PATCH /v1/activations/{id}');
    expect(await holding(DANA)).toEqual(before);

    expect((await post(app, `/v1/activations/${ids.dana}/cancel`)).res.status).toBe(200);
    const waiting = await erase(app, DANA);
    expect(waiting.res.status).toBe(409);
    expect(waiting.body).toMatchObject({ type: BLOCKED, activationIds: [], emailIds: [ids.scheduled] });

    expect((await post(app, `/v1/emails/${ids.scheduled}/cancel`)).res.status).toBe(200);
    // The cancellation sent an event naming Dana: count what holds the address now.
    const ready = await holding(DANA);
    const danaEmails = ready.emails ?? 0;
    const erased = await erase(app, 'DANA@CONTOSO.COM');
    expect(erased.res.status).toBe(200);
    expect(erased.body).toEqual({
      id: expect.any(String),
      at: now.toISOString(),
      keyName: 'open',
      erased: {
        emails: danaEmails,
        activations: 1,
        eventDeliveries: ready.event_deliveries,
        idempotencyKeys: 1,
      },
    });

    // No row of any table holds the address, in any case; Pat's are intact.
    expect(await holding(DANA)).toEqual(Object.fromEntries(TABLES.map((t) => [t, 0])));
    expect(await holding('Dana Whitfield')).toMatchObject({ activations: 1 });
    const pat = await (await app.request(`/v1/activations/${ids.pat}`)).json();
    expect(pat.recipient.email).toBe(PAT);
    expect(pat.enrollment.onlineServicesManager).toEqual({ name: 'Dana Whitfield', email: PAT });
    expect(pat.emails.map((e: { to: string[] }) => e.to)).toEqual([[PAT], [PAT], [PAT]]);

    // The erased email shows when; the finished activation still reads, by the API and the console.
    const copied = await (await app.request(`/v1/emails/${ids.copied}`)).json();
    expect(copied).toMatchObject({ to: [], erasedAt: expect.any(String), status: 'sent' });
    expect(copied.cc).toBeUndefined();
    const res = await app.request(`/v1/activations/${ids.dana}`);
    expect(res.status).toBe(200);
    const a = await res.json();
    expect(a).toMatchObject({ state: 'canceled', recipient: { email: '', role: 'online-services-manager' } });
    expect(a.enrollment).toEqual({
      number: '61234567',
      organizationName: 'Contoso Ltd',
      vlscAdministrator: { name: 'Lee Chen', email: 'lee@contoso.com' },
    });
    const page = await browserOf(app).get(`/console/activations/${ids.dana}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('(erased)');
    expect(html).toContain('Lee Chen &lt;lee@contoso.com&gt;');
    const list = await browserOf(app).get('/console/activations');
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('(erased)');

    // Recorded without the address; a second call erases nothing and is recorded too.
    const again = await erase(app, DANA);
    expect(again.res.status).toBe(200);
    expect(again.body.erased).toEqual({ emails: 0, activations: 0, eventDeliveries: 0, idempotencyKeys: 0 });
    expect(again.body.id).not.toBe(erased.body.id);
    const records = await query<{ id: string; key_name: string; counts: unknown }>(
      'select id, key_name, counts from erasures order by id',
    );
    expect(records).toEqual([
      { id: erased.body.id, key_name: 'open', counts: erased.body.erased },
      { id: again.body.id, key_name: 'open', counts: again.body.erased },
    ]);
    expect(log.raw.join('\n').toLowerCase()).not.toContain(DANA);
    expect(log.lines).toContainEqual(expect.objectContaining({ erasureId: erased.body.id, emails: danaEmails }));
  });

  it('erases a finished activation’s contact who is not its recipient, and the address alone', async () => {
    const { app } = appAt();
    const created = await post(app, '/v1/activations', activation('63456789', PAT));
    await post(app, `/v1/activations/${created.body.id}/cancel`);
    // dana@contoso.com is not lee@contoso.com's neighbour by substring: only whole addresses match.
    const erased = await erase(app, 'ee@contoso.com');
    expect(erased.body.erased).toEqual({ emails: 0, activations: 0, eventDeliveries: 0, idempotencyKeys: 0 });
    const lee = await erase(app, 'Lee@Contoso.com');
    expect(lee.body.erased).toMatchObject({ activations: 1 });
    const a = await (await app.request(`/v1/activations/${created.body.id}`)).json();
    expect(a.recipient.email).toBe(PAT);
    expect(a.enrollment).toEqual({
      number: '63456789',
      organizationName: 'Contoso Ltd',
      onlineServicesManager: { name: 'Dana Whitfield', email: PAT },
    });
    expect(await holding('lee@contoso.com')).toEqual(Object.fromEntries(TABLES.map((t) => [t, 0])));
  });

  it('finds the address in bcc and in reply-to alone: such emails block while queued, and are erased once sent', async () => {
    const { app } = appAt();
    const hidden = await sendEmail(app, { to: PAT, bcc: ['Dana@Contoso.com'] });
    const answered = await sendEmail(app, { to: PAT, replyTo: ['DANA@contoso.com'] });
    const other = await sendEmail(app, { to: PAT, bcc: ['lee@contoso.com'], replyTo: ['lee@contoso.com'] });

    const queued = await erase(app, DANA);
    expect(queued.res.status).toBe(409);
    expect(queued.body.emailIds).toEqual([hidden.id, answered.id].sort());

    await sendDue();
    const erased = await erase(app, DANA);
    expect(erased.res.status).toBe(200);
    expect(erased.body.erased).toMatchObject({ emails: 2 });
    for (const id of [hidden.id, answered.id]) {
      const email = await (await app.request(`/v1/emails/${id}`)).json();
      expect(email).toMatchObject({ to: [], erasedAt: expect.any(String) });
      expect(email.bcc).toBeUndefined();
      expect(email.replyTo).toBeUndefined();
    }
    expect(await holding(DANA)).toEqual(Object.fromEntries(TABLES.map((t) => [t, 0])));
    const kept = await (await app.request(`/v1/emails/${other.id}`)).json();
    expect(kept).toMatchObject({ to: [PAT], bcc: ['lee@contoso.com'], replyTo: ['lee@contoso.com'] });
    expect(kept.erasedAt).toBeUndefined();
  });

  it('keeps no detail of a bounce that arrives after the erasure, in the event or the event out', async () => {
    const { app } = appAt({ RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET });
    const sent = await sendEmail(app, { to: DANA });
    await sendDue();
    expect((await erase(app, DANA)).res.status).toBe(200);

    const late = await app.request('/webhooks/resend', signedBounce(sent.id, 'Dana@Contoso.com'));
    expect(late.status).toBe(200);
    expect(await late.json()).toEqual({ status: 'recorded' });

    const email = await (await app.request(`/v1/emails/${sent.id}`)).json();
    expect(email).toMatchObject({ status: 'bounced', to: [], erasedAt: expect.any(String) });
    expect(email.events.at(-1)).toEqual({ type: 'bounced', at: expect.any(String) });
    const [out] = await query<{ payload: string }>(`select payload from event_deliveries where type = 'email.bounced'`);
    expect(JSON.parse(out?.payload ?? '{}').data).toEqual({ emailId: sent.id, template: 'activation', to: [] });
    expect(await holding(DANA)).toEqual(Object.fromEntries(TABLES.map((t) => [t, 0])));
  });

  it('erases in batches until none is left: more rows than one batch holds', async () => {
    const { app } = appAt();
    await query(
      `insert into emails (id, template, data, "to", subject, html, text, status, next_attempt_at)
       select gen_random_uuid(), 'activation', '{}', '["Dana@Contoso.com"]', 'Hello', '', '', 'canceled', now()
       from generate_series(1, 1101)`,
    );
    const erased = await erase(app, DANA);
    expect(erased.body.erased).toMatchObject({ emails: 1101 });
    expect((await holding(DANA)).emails).toBe(0);
  });

  it('needs the admin scope and a key, and refuses what is not one address, erasing nothing', async () => {
    const { app } = appAt(keys);
    const admin = { Authorization: `Bearer ${ADMIN}` };
    const desk = { Authorization: `Bearer ${DESK}` };
    const crm = { Authorization: `Bearer ${CRM}` };
    const email = await post(app, '/v1/emails', { template: 'activation', data: newCustomer, to: DANA }, crm);
    expect(email.res.status).toBe(202);

    const forbidden = await erase(app, DANA, desk);
    expect(forbidden.res.status).toBe(403);
    expect(forbidden.body).toMatchObject({ type: 'urn:activation-mail:problem:forbidden' });
    expect(forbidden.body.detail).toContain('admin');
    expect((await erase(app, DANA)).res.status).toBe(401);
    for (const bad of ['not-an-address', `${DANA}\u0000`, `${DANA}\n`, 'dana@contoso.com\u0007x', '', 42]) {
      const refused = await erase(app, bad, admin);
      expect(refused.res.status, JSON.stringify(bad)).toBe(422);
      expect(refused.body.errors?.[0]?.path).toBe('email');
    }
    const extra = await post(app, '/v1/erasures', { email: DANA, also: 'x' }, admin);
    expect(extra.res.status).toBe(422);

    // An admin key without read learns how much runs, not which ids.
    const blocked = await erase(app, DANA, admin);
    expect(blocked.res.status).toBe(409);
    expect(blocked.body.type).toBe(BLOCKED);
    expect(blocked.body.emailIds).toBeUndefined();
    expect(blocked.body.detail).toContain('1 email queued, scheduled or sending');
    expect(blocked.body.detail).not.toContain(email.body.id);

    expect((await holding(DANA)).emails).toBe(1);
    expect(await query('select * from erasures')).toEqual([]);
  });
});
