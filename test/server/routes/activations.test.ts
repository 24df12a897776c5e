import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/index.ts';
import { json, PROBLEM_JSON } from '../../support/app.ts';
import { outboxApp, storedCount } from '../../support/outbox.ts';
import { assertPostgresAvailable } from '../../support/postgres.ts';
import { storeDrivers } from '../../support/store-drivers.ts';

/**
 * The activation process through the HTTP API: each scenario, each refusal, follow-ups in
 * time; on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set (so every store part runs on both).
 */

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/**
 * Times relative to the day the suite runs, so it passes on any day: `atDay(7)` is 09:00 UTC a
 * week from today, `dateIn(23)` the calendar date 23 days on.
 */
const MIDNIGHT = Math.floor(Date.now() / DAY) * DAY;
const atDay = (days: number, hourUtc = 9) => new Date(MIDNIGHT + days * DAY + hourUtc * HOUR);
const iso = (days: number, hourUtc = 9) => atDay(days, hourUtc).toISOString();
const dateIn = (days: number) => iso(days, 0).slice(0, 10);

let store: Store;
let reset: () => Promise<void>;

it('runs on PostgreSQL too when CI requires it', () => {
  assertPostgresAvailable();
});

describe.each(storeDrivers)('on $name', ({ open }) => {
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, reset, close } = await open());
  });
  afterAll(() => close?.());
  beforeEach(() => reset());

  /** An app whose clock the test sets. */
  function appAt(start: Date = new Date(), env: Record<string, string> = {}) {
    let now = start;
    const { app } = outboxApp(store, env, { clock: () => now });
    return {
      app,
      setNow: (date: Date) => {
        now = date;
      },
    };
  }

  const osm = { name: 'Dana Whitfield', email: 'dana@contoso.com' };
  const vlsc = { name: 'Lee Chen', email: 'lee@contoso.com' };

  const newCustomer = (number = '61234567') => ({
    enrollment: { number, organizationName: 'Contoso Ltd', onlineServicesManager: osm, vlscAdministrator: vlsc },
    scenario: 'new-customer',
    signUpUrl: 'https://activation.example.com/sign-up?token=1',
  });

  const trialCustomer = (trialEndsOn: string, number = '62345678') => ({
    enrollment: { number, organizationName: 'Fabrikam, Inc.', noticesContact: { email: 'notices@fabrikam.com' } },
    scenario: 'trial-customer',
    signInUrl: 'https://activation.example.com/sign-in?token=2',
    signUpUrl: 'https://activation.example.com/sign-up?token=2',
    trialEndsOn,
  });

  const bypassCustomer = (number = '63456789') => ({
    enrollment: { number, organizationName: 'Northwind Traders', vlscAdministrator: vlsc },
    scenario: 'bypass-customer',
    signInUrl: 'https://activation.example.com/sign-in?token=3',
    signUpUrl: 'https://activation.example.com/sign-up?token=3',
  });

  type Activation = {
    id: string;
    state: string;
    needsAttention: boolean;
    recipient: { email: string; role: string };
    choice?: { option: string };
    emails: { id: string; purpose: string; template: string; to: string[]; status: string; scheduledAt?: string }[];
    events: { type: string; at: string; detail?: string; emailId?: string }[];
  };
  type Problem = { type: string; status: number; detail: string; errors?: { path: string; message: string }[] };

  type TestApp = ReturnType<typeof appAt>['app'];

  async function create(app: TestApp, body: unknown, headers: Record<string, string> = {}) {
    const res = await app.request('/v1/activations', json(body, headers));
    return { res, body: (await res.json()) as Activation & Problem };
  }

  const post = async (app: TestApp, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(path, body === undefined ? { method: 'POST', headers } : json(body, headers));
    return { res, body: (await res.json()) as Activation & Problem };
  };

  const patch = async (app: TestApp, id: string, body: unknown) => {
    const res = await app.request(`/v1/activations/${id}`, { ...json(body), method: 'PATCH' });
    return { res, body: (await res.json()) as Activation & Problem };
  };

  const read = async (app: TestApp, id: string) =>
    (await (await app.request(`/v1/activations/${id}`)).json()) as Activation;

  const purposes = (a: Activation) => a.emails.map((e) => `${e.purpose}:${e.status}`);

  /** Sends what is due now, as the worker would (claimed, then sent). */
  async function sendDue(): Promise<string[]> {
    const claimed = await store.claimDue('test-worker', 100, 60_000);
    for (const email of claimed) await store.markSent(email.id, 'test-worker', `re_${email.id}`);
    return claimed.map((e) => e.id);
  }

  describe('new customer: Sign Up, acknowledgement, provisioning', () => {
    it('stores the activation, its email and its reminders in one step, then follows the guide', async () => {
      const start = atDay(0);
      const { app, setNow } = appAt(start);
      const { res, body } = await create(app, newCustomer());
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe(`/v1/activations/${body.id}`);
      expect(body).toMatchObject({
        scenario: 'new-customer',
        state: 'awaiting-choice',
        needsAttention: false,
        recipient: { email: osm.email, role: 'online-services-manager' },
        enrollment: { number: '61234567', organizationName: 'Contoso Ltd' },
      });
      expect(body.emails).toEqual([
        { id: expect.any(String), purpose: 'activation', template: 'activation', to: [osm.email], status: 'queued' },
        expect.objectContaining({ purpose: 'reminder', status: 'scheduled', scheduledAt: iso(7) }),
        expect.objectContaining({ purpose: 'reminder', status: 'scheduled', scheduledAt: iso(14) }),
      ]);
      expect(body.events.map((e) => e.type)).toEqual([
        'activation.created',
        'email.accepted',
        'email.accepted',
        'email.accepted',
      ]);
      // What the API answered is what it stored.
      expect(await read(app, body.id)).toEqual(body);

      const reminder = await store.getEmail(body.emails[1]?.id ?? '');
      expect(reminder?.subject).toMatch(/^Reminder: Activate/);
      expect(reminder?.text).toContain('This is a reminder');
      expect(reminder?.text).toContain('https://activation.example.com/sign-up?token=1');
      expect(reminder?.text).toContain('Hello Dana Whitfield');

      setNow(new Date(start.getTime() + 2 * DAY));
      const chosen = await post(app, `/v1/activations/${body.id}/choice`, {
        option: 'sign-up',
        onlineServicesId: 'admin@contoso.onmicrosoft.com',
        tenantDomain: 'contoso.onmicrosoft.com',
      });
      expect(chosen.res.status).toBe(200);
      expect(chosen.body.state).toBe('chosen');
      expect(chosen.body.choice).toMatchObject({ option: 'sign-up', at: iso(2) });
      expect(purposes(chosen.body)).toEqual([
        'activation:queued',
        'reminder:canceled',
        'reminder:canceled',
        'acknowledgement:queued',
      ]);
      const ack = await store.getEmail(chosen.body.emails[3]?.id ?? '');
      expect(ack?.subject).toMatch(/account profile has been created/);
      expect(ack?.to).toEqual([osm.email]);
      expect(ack?.text).toContain('admin@contoso.onmicrosoft.com');

      setNow(new Date(start.getTime() + 5 * DAY));
      const provisioned = await post(app, `/v1/activations/${body.id}/provisioned`, {
        subscriptions: [{ service: 'SharePoint Online (Plan 2)', quantity: 250 }],
        subscriptionsUrl: 'https://portal.example.com/subscriptions',
      });
      expect(provisioned.res.status).toBe(200);
      expect(provisioned.body.state).toBe('provisioned');
      const confirmation = provisioned.body.emails.at(-1);
      expect(confirmation).toMatchObject({ purpose: 'provisioning-confirmation', status: 'queued', to: [osm.email] });
      expect((await store.getEmail(confirmation?.id ?? ''))?.text).toContain('SharePoint Online (Plan 2)');

      const stored = await read(app, body.id);
      expect(stored.events.map((e) => e.type)).toEqual([
        'activation.created',
        'email.accepted',
        'email.accepted',
        'email.accepted',
        'activation.choice_recorded',
        'email.canceled',
        'email.canceled',
        'email.accepted',
        'activation.provisioned',
        'email.accepted',
      ]);
    });
  });

  describe('emails_accepted_total', () => {
    it('counts every email an activation stores: created, chosen; not a choice made again', async () => {
      const { app } = appAt();
      const accepted = async () =>
        Number(/^emails_accepted_total (\d+)$/m.exec(await (await app.request('/metrics')).text())?.[1]);
      const { body } = await create(app, newCustomer());
      expect(await accepted()).toBe(body.emails.length);
      const choice = {
        option: 'sign-up',
        onlineServicesId: 'admin@contoso.onmicrosoft.com',
        tenantDomain: 'contoso.onmicrosoft.com',
      };
      const chosen = await post(app, `/v1/activations/${body.id}/choice`, choice);
      expect(chosen.res.status).toBe(200);
      expect(await accepted()).toBe(body.emails.length + 1);
      expect((await post(app, `/v1/activations/${body.id}/choice`, choice)).res.status).toBe(200);
      expect(await accepted()).toBe(body.emails.length + 1);
    });
  });

  describe('trial customer', () => {
    it('schedules the trial-ending notice TRIAL_NOTICE_DAYS before the end; Sign In cancels it with the reminders', async () => {
      const { app } = appAt(atDay(0));
      const { body } = await create(app, trialCustomer(dateIn(23)));
      expect(body.recipient.role).toBe('notices-contact');
      expect(body.emails.map((e) => [e.purpose, e.scheduledAt])).toEqual([
        ['activation', undefined],
        ['reminder', iso(7)],
        ['reminder', iso(14)],
        ['trial-ending', iso(16, 0)],
        ['trial-ended', iso(24, 0)],
      ]);
      const notice = await store.getEmail(body.emails[3]?.id ?? '');
      expect(notice?.template).toBe('trial-ending');
      expect(notice?.text).toContain('https://activation.example.com/sign-in?token=2');

      const { body: chosen } = await post(app, `/v1/activations/${body.id}/choice`, {
        option: 'sign-in',
        onlineServicesId: 'ravi@fabrikam.onmicrosoft.com',
        tenantDomain: 'fabrikam.onmicrosoft.com',
      });
      expect(purposes(chosen)).toEqual([
        'activation:queued',
        'reminder:canceled',
        'reminder:canceled',
        'trial-ending:canceled',
        'trial-ended:canceled',
        'acknowledgement:queued',
      ]);
      const ack = await store.getEmail(chosen.emails[5]?.id ?? '');
      expect(ack?.subject).toMatch(/existing account is being linked/);
      expect(ack?.text).toContain('fabrikam.onmicrosoft.com');
    });

    it('replaces the trial-ending notice on Sign Up by one that offers no option, due when it was', async () => {
      const { app } = appAt(atDay(0));
      const { body } = await create(app, trialCustomer(dateIn(23)));
      const { body: chosen } = await post(app, `/v1/activations/${body.id}/choice`, {
        option: 'sign-up',
        onlineServicesId: 'admin@fabrikam.onmicrosoft.com',
      });
      expect(purposes(chosen)).toEqual([
        'activation:queued',
        'reminder:canceled',
        'reminder:canceled',
        'trial-ending:canceled',
        'trial-ended:canceled',
        'acknowledgement:queued',
        'trial-ending:scheduled',
      ]);
      const replacement = chosen.emails[6];
      expect(replacement).toMatchObject({ template: 'trial-ending', to: ['notices@fabrikam.com'] });
      expect(replacement?.scheduledAt).toBe(body.emails[3]?.scheduledAt);
      expect(chosen.events.find((e) => e.emailId === body.emails[3]?.id && e.type === 'email.canceled')?.detail).toBe(
        'trial-ending: sign-up was chosen',
      );

      const notice = await store.getEmail(replacement?.id ?? '');
      const lastDay = new Date(`${dateIn(23)}T00:00:00Z`).toLocaleDateString('en-US', {
        timeZone: 'UTC',
        dateStyle: 'long',
      });
      expect(notice?.subject).toBe(`Your Office 365 for Enterprises trial ends on ${lastDay}: Fabrikam, Inc.`);
      expect(notice?.text).toContain('You chose Sign Up');
      expect(notice?.text).toContain('Microsoft will let you know before any of the trial’s data is deleted');
      // Nothing that offers Sign In, which the one-time choice no longer allows.
      expect(notice?.text).not.toMatch(/keep your trial|Sign In|sign-in\?token|convert/i);
      expect(notice?.html).not.toContain('class="am-button"');
    });

    it('schedules no reminder after the trial’s end; once it has ended, one notice sends the customer to support', async () => {
      // A trial whose last day comes 13 days after creation, reminders after 7 and 14 days.
      const { app } = appAt(atDay(0));
      const { body } = await create(app, trialCustomer(dateIn(13)));
      expect(body.emails.map((e) => [e.purpose, e.scheduledAt])).toEqual([
        ['activation', undefined],
        ['trial-ending', iso(6, 0)],
        ['reminder', iso(7)],
        ['trial-ended', iso(14, 0)],
      ]);
      const ended = await store.getEmail(body.emails[3]?.id ?? '');
      expect(ended?.template).toBe('trial-ending');
      const lastDay = new Date(`${dateIn(13)}T00:00:00Z`).toLocaleDateString('en-US', {
        timeZone: 'UTC',
        dateStyle: 'long',
      });
      expect(ended?.subject).toBe(`Your Office 365 for Enterprises trial ended on ${lastDay}: Fabrikam, Inc.`);
      expect(ended?.text).toContain('Contact support (below) before you choose an option');
      expect(ended?.text).not.toMatch(/keep your trial|sign-in\?token|deleted/i);
    });

    it('cancels, never sends, what offers to keep the trial if it is still waiting when the trial ends', async () => {
      // Created 20 days ago by the app's clock, the trial's last day 3 days ago: everything it
      // planned is due now, as after a queue that stalled for weeks. The activation email, the
      // trial-ending notice and the reminders would say what is no longer true; the notice that
      // the trial has ended goes out.
      const { app } = appAt(atDay(-20));
      const { body } = await create(app, trialCustomer(dateIn(-3)));
      const ended = body.emails.find((e) => e.purpose === 'trial-ended');
      expect(await sendDue()).toEqual([ended?.id]);
      const after = await read(app, body.id);
      expect(purposes(after)).toEqual([
        'activation:canceled',
        'reminder:canceled',
        'trial-ending:canceled',
        'reminder:canceled',
        'trial-ended:sent',
      ]);
      const canceled = after.events.filter((e) => e.type === 'email.canceled');
      expect(canceled).toHaveLength(4);
      for (const e of canceled) expect(e.detail).toMatch(/the trial ended before it could go out/);
      expect(await sendDue()).toEqual([]);
    });

    it('sends the notice at once when its moment has passed', async () => {
      const { app } = appAt(atDay(19));
      const { body } = await create(app, trialCustomer(dateIn(23)));
      expect(body.emails.find((e) => e.purpose === 'trial-ending')).toMatchObject({ status: 'queued' });
    });
  });

  describe('bypass customer', () => {
    it('offers both options; Sign In is acknowledged as a tenant association, to the VLSC administrator', async () => {
      const { app } = appAt();
      const { body } = await create(app, bypassCustomer());
      expect(body.recipient).toEqual({ email: vlsc.email, role: 'vlsc-administrator' });
      const { res, body: chosen } = await post(app, `/v1/activations/${body.id}/choice`, {
        option: 'sign-in',
        onlineServicesId: 'lee@northwind.onmicrosoft.com',
      });
      expect(res.status).toBe(200);
      const ack = await store.getEmail(chosen.emails.at(-1)?.id ?? '');
      expect(ack?.data).toMatchObject({ kind: 'tenant-associated', onlineServicesId: 'lee@northwind.onmicrosoft.com' });
      expect(ack?.to).toEqual([vlsc.email]);
    });
  });

  describe('the one-time choice', () => {
    const choose = (app: TestApp, id: string, option: string) =>
      post(app, `/v1/activations/${id}/choice`, { option, onlineServicesId: 'admin@x.onmicrosoft.com' });

    it('refuses an option the scenario does not offer (422), storing and sending nothing', async () => {
      const { app } = appAt();
      const { body } = await create(app, newCustomer());
      const before = await storedCount(store);
      const { res, body: problem } = await choose(app, body.id, 'sign-in');
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
      expect(problem.errors).toEqual([{ path: 'option', message: expect.stringContaining('sign-up only') }]);
      expect(await storedCount(store)).toBe(before);
      expect((await read(app, body.id)).state).toBe('awaiting-choice');
    });

    it('answers the same option again with 200 and sends nothing; the other option is a 409', async () => {
      const { app } = appAt();
      const { body } = await create(app, bypassCustomer());
      const first = await choose(app, body.id, 'sign-up');
      const again = await choose(app, body.id, 'sign-up');
      expect(again.res.status).toBe(200);
      expect(again.body).toEqual(await read(app, body.id));
      const other = await choose(app, body.id, 'sign-in');
      expect(other.res.status).toBe(409);
      expect(other.body.type).toBe('urn:activation-mail:problem:choice-already-made');
      const stored = await read(app, body.id);
      expect(stored.emails.filter((e) => e.purpose === 'acknowledgement')).toHaveLength(1);
      expect(stored.choice).toEqual(first.body.choice);
    });

    it('lets exactly one of two racing choices win; the other is a 409 and one acknowledgement is stored', async () => {
      const { app } = appAt();
      for (let round = 0; round < 5; round++) {
        const { body } = await create(app, bypassCustomer(`7000000${round}`));
        const results = await Promise.all([choose(app, body.id, 'sign-in'), choose(app, body.id, 'sign-up')]);
        expect(results.map((r) => r.res.status).sort()).toEqual([200, 409]);
        const winner = results.find((r) => r.res.status === 200);
        const stored = await read(app, body.id);
        expect(stored.choice?.option).toBe(winner?.body.choice?.option);
        expect(stored.emails.filter((e) => e.purpose === 'acknowledgement')).toHaveLength(1);
      }
    });
  });

  describe('refusals', () => {
    it('refuses provisioning before a choice (409 choice-required)', async () => {
      const { app } = appAt();
      const { body } = await create(app, newCustomer());
      const before = await storedCount(store);
      const { res, body: problem } = await post(app, `/v1/activations/${body.id}/provisioned`, {
        subscriptions: [{ service: 'Exchange Online (Plan 1)', quantity: 10 }],
        subscriptionsUrl: 'https://portal.example.com/subscriptions',
      });
      expect(res.status).toBe(409);
      expect(problem.type).toBe('urn:activation-mail:problem:choice-required');
      expect(await storedCount(store)).toBe(before);
    });

    it('refuses a second live activation for an enrollment number, naming the first', async () => {
      const { app } = appAt();
      const { body } = await create(app, newCustomer());
      const before = await storedCount(store);
      const { res, body: problem } = await create(app, bypassCustomer('61234567'));
      expect(res.status).toBe(409);
      expect(problem).toMatchObject({ type: 'urn:activation-mail:problem:enrollment-taken', activationId: body.id });
      expect(await storedCount(store)).toBe(before);
      // Once canceled, the number is free again.
      expect((await post(app, `/v1/activations/${body.id}/cancel`)).res.status).toBe(200);
      expect((await create(app, bypassCustomer('61234567'))).res.status).toBe(201);
    });

    it('lets one of two racing creations for one enrollment number win; the other is a 409', async () => {
      const { app } = appAt();
      const results = await Promise.all([
        create(app, newCustomer('66666666')),
        create(app, bypassCustomer('66666666')),
      ]);
      expect(results.map((r) => r.res.status).sort()).toEqual([201, 409]);
      const winner = results.find((r) => r.res.status === 201);
      expect(results.find((r) => r.res.status === 409)?.body).toMatchObject({ activationId: winner?.body.id });
      expect((await (await app.request('/v1/activations')).json()).data).toHaveLength(1);
    });

    it('refuses a resend after a choice', async () => {
      const { app } = appAt();
      const { body } = await create(app, newCustomer());
      await post(app, `/v1/activations/${body.id}/choice`, {
        option: 'sign-up',
        onlineServicesId: 'a@b.onmicrosoft.com',
      });
      const { res, body: problem } = await post(app, `/v1/activations/${body.id}/resend`);
      expect(res.status).toBe(409);
      expect(problem.type).toBe('urn:activation-mail:problem:nothing-to-resend');
    });

    it('refuses a resend once a trial customer’s trial has ended with no choice (409 trial-ended), storing nothing', async () => {
      // The trial's last day comes 13 days after creation: it is over at the start of day 14 (UTC).
      const { app, setNow } = appAt(atDay(0));
      const { body } = await create(app, trialCustomer(dateIn(13)));
      setNow(new Date(atDay(14, 0).getTime() - 1));
      expect((await post(app, `/v1/activations/${body.id}/resend`)).res.status).toBe(200);

      setNow(atDay(14, 0));
      const before = await storedCount(store);
      const { res, body: problem } = await post(app, `/v1/activations/${body.id}/resend`);
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
      expect(problem).toMatchObject({
        type: 'urn:activation-mail:problem:trial-ended',
        title: 'The trial has ended: the activation email is not sent again',
        status: 409,
      });
      expect(problem.detail).toContain(`The trial ended on ${dateIn(13)}`);
      expect(problem.detail).toMatch(/support/);
      expect(await storedCount(store)).toBe(before);
      expect((await read(app, body.id)).events.filter((e) => e.type === 'activation.resent')).toHaveLength(1);
    });

    it('cancels everything pending, and refuses every step on a canceled activation', async () => {
      const { app } = appAt();
      const { body } = await create(app, trialCustomer(dateIn(30), '64444444'));
      const { res, body: canceled } = await post(app, `/v1/activations/${body.id}/cancel`);
      expect(res.status).toBe(200);
      expect(canceled.state).toBe('canceled');
      expect(purposes(canceled).filter((p) => p.endsWith(':scheduled') || p.endsWith(':queued'))).toEqual([]);
      const before = await storedCount(store);
      const attempts = [
        post(app, `/v1/activations/${body.id}/choice`, { option: 'sign-in', onlineServicesId: 'a@b.onmicrosoft.com' }),
        post(app, `/v1/activations/${body.id}/resend`),
        post(app, `/v1/activations/${body.id}/provisioned`, {
          subscriptions: [{ service: 'X', quantity: 1 }],
          subscriptionsUrl: 'https://portal.example.com/s',
        }),
        patch(app, body.id, { enrollment: { onlineServicesManager: osm } }),
      ];
      for (const { res: refused, body: problem } of await Promise.all(attempts)) {
        expect(refused.status).toBe(409);
        expect(problem.type).toBe('urn:activation-mail:problem:activation-canceled');
      }
      expect((await post(app, `/v1/activations/${body.id}/cancel`)).res.status).toBe(200);
      expect(await storedCount(store)).toBe(before);
    });

    it.each([
      ['an unknown field', { ...newCustomer(), colour: 'blue' }, ['colour']],
      ['a past trialEndsOn', trialCustomer(dateIn(-1)), ['trialEndsOn']],
      ['trialEndsOn outside a trial', { ...newCustomer(), trialEndsOn: dateIn(30) }, ['trialEndsOn']],
      [
        'a link for an option the scenario does not offer',
        { ...newCustomer(), signInUrl: 'https://activation.example.com/in' },
        ['signInUrl'],
      ],
      ['a missing link', { ...bypassCustomer(), signInUrl: undefined }, ['signInUrl']],
      ['a non-https link', { ...newCustomer(), signUpUrl: 'http://activation.example.com/up' }, ['signUpUrl']],
      [
        'no contact to send to',
        { ...newCustomer(), enrollment: { number: '1', organizationName: 'C' } },
        ['enrollment'],
      ],
      [
        'a bad enrollment number',
        { ...newCustomer(), enrollment: { ...newCustomer().enrollment, number: '1\u0000' } },
        ['enrollment.number'],
      ],
      [
        'an empty organization',
        { ...newCustomer(), enrollment: { ...newCustomer().enrollment, organizationName: ' ' } },
        ['enrollment.organizationName'],
      ],
      ['an unknown scenario', { ...newCustomer(), scenario: 'bpos-trial' }, ['scenario']],
      ['a NUL character', { ...newCustomer(), recipientName: 'Dana\u0000' }, ['recipientName']],
      [
        'an unpaired surrogate in a contact',
        {
          ...newCustomer(),
          enrollment: { ...newCustomer().enrollment, noticesContact: { name: 'x\ud800', email: 'n@c.com' } },
        },
        ['enrollment.noticesContact.name'],
      ],
      ['a locale not offered', { ...newCustomer(), locale: 'xx-XX' }, ['locale']],
    ])('refuses %s with a 422 naming the field, storing nothing', async (_label, body, paths) => {
      const { app } = appAt(atDay(0));
      const { res, body: problem } = await create(app, body);
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
      expect(problem.errors?.map((e) => e.path)).toEqual(paths);
      expect(await storedCount(store)).toBe(0);
      expect((await (await app.request('/v1/activations')).json()).data).toEqual([]);
    });

    it('names the format, not the past, for a malformed trial end', async () => {
      const { app } = appAt(atDay(0));
      for (const trialEndsOn of ['20.12.2026', '12/20/2026', '']) {
        const { res, body: problem } = await create(app, trialCustomer(trialEndsOn));
        expect(res.status).toBe(422);
        expect(problem.errors, trialEndsOn).toEqual([
          { path: 'trialEndsOn', message: expect.not.stringContaining('past') },
        ]);
      }
      expect(await storedCount(store)).toBe(0);
    });

    it('refuses bad step bodies and unknown ids', async () => {
      const { app } = appAt();
      const { body } = await create(app, newCustomer());
      const bad = await post(app, `/v1/activations/${body.id}/choice`, { option: 'sign-up', onlineServicesId: 'nope' });
      expect(bad.res.status).toBe(422);
      expect(bad.body.errors?.map((e) => e.path)).toEqual(['onlineServicesId']);
      const badSubs = await post(app, `/v1/activations/${body.id}/provisioned`, {
        subscriptions: [{ service: 'X', quantity: 0 }],
        subscriptionsUrl: 'https://portal.example.com/s',
      });
      expect(badSubs.res.status).toBe(422);
      expect(badSubs.body.errors?.map((e) => e.path)).toEqual(['subscriptions.0.quantity']);
      const nul = await patch(app, body.id, { enrollment: { noticesContact: { name: 'a\u0000', email: 'n@c.com' } } });
      expect(nul.res.status).toBe(422);
      const nulChoice = await post(app, `/v1/activations/${body.id}/choice`, {
        option: 'sign-up',
        onlineServicesId: 'a@b.onmicrosoft.com',
        tenantDomain: 'x\u0000.onmicrosoft.com',
      });
      expect(nulChoice.body.errors?.map((e) => e.path)).toContain('tenantDomain');
      const empty = await patch(app, body.id, { enrollment: { onlineServicesManager: null, vlscAdministrator: null } });
      expect(empty.res.status).toBe(422);
      expect((await app.request('/v1/activations/not-a-uuid')).status).toBe(404);
      expect((await post(app, '/v1/activations/0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f/resend')).res.status).toBe(404);
      expect((await app.request('/v1/activations?state=done')).status).toBe(422);
    });
  });

  describe('contacts and resend', () => {
    it('moves pending follow-ups to the new recipient without sending anything; a resend sends the activation email', async () => {
      const { app } = appAt(atDay(0));
      const { body } = await create(app, newCustomer());
      await sendDue();
      const { res, body: changed } = await patch(app, body.id, { enrollment: { onlineServicesManager: null } });
      expect(res.status).toBe(200);
      expect(changed.recipient).toEqual({ email: vlsc.email, role: 'vlsc-administrator' });
      expect(purposes(changed)).toEqual([
        'activation:sent',
        'reminder:canceled',
        'reminder:canceled',
        'reminder:scheduled',
        'reminder:scheduled',
      ]);
      const moved = changed.emails.slice(3);
      expect(moved.map((e) => e.to)).toEqual([[vlsc.email], [vlsc.email]]);
      expect(moved.map((e) => e.scheduledAt)).toEqual([iso(7), iso(14)]);
      expect((await store.getEmail(moved[0]?.id ?? ''))?.text).toContain('Hello Lee Chen');
      // Nothing goes out now because of the change.
      expect(changed.emails.filter((e) => e.status === 'queued')).toHaveLength(0);
      expect(await sendDue()).toEqual([]);

      const { body: resent } = await post(app, `/v1/activations/${body.id}/resend`);
      expect(resent.emails.at(-1)).toMatchObject({ purpose: 'activation', status: 'queued', to: [vlsc.email] });
      expect(resent.events.map((e) => e.type).slice(-2)).toEqual(['activation.resent', 'email.accepted']);
    });

    it('keeps the timeline in the order it was written, whatever the clocks that stamped it say', async () => {
      // The app's clock runs years ahead of the database's, then years behind it: the steps it
      // stamps and the sends the database stamps still read in the order they happened.
      const { app, setNow } = appAt(new Date(Date.now() + 3650 * DAY));
      const { body } = await create(app, newCustomer());
      await sendDue();
      setNow(new Date(Date.now() - 3650 * DAY));
      await patch(app, body.id, { enrollment: { onlineServicesManager: null } });
      await post(app, `/v1/activations/${body.id}/resend`);
      await sendDue();
      const timeline = (await read(app, body.id)).events.map((e) => `${e.type} ${e.detail?.split(':')[0]}`);
      expect(timeline).toEqual([
        'activation.created new-customer, to the online-services-manager',
        'email.accepted activation',
        'email.accepted reminder',
        'email.accepted reminder',
        'email.sent activation',
        'activation.contacts_changed recipient',
        'email.canceled reminder',
        'email.canceled reminder',
        'email.accepted reminder',
        'email.accepted reminder',
        'activation.resent to the vlsc-administrator',
        'email.accepted activation',
        'email.sent activation',
      ]);
    });
  });

  describe('needsAttention', () => {
    it('turns on when the activation email bounces, and a contact change clears it', async () => {
      const { app } = appAt();
      const { body } = await create(app, newCustomer());
      await sendDue();
      const emailId = body.emails[0]?.id ?? '';
      expect(
        await store.recordWebhookEvent({
          providerEventId: 'evt-1',
          emailId,
          type: 'bounced',
          at: new Date(),
          detail: 'Permanent',
        }),
      ).toMatchObject({ kind: 'recorded' });
      const flagged = await read(app, body.id);
      expect(flagged.needsAttention).toBe(true);
      expect(flagged.events.map((e) => e.type)).toContain('activation.needs_attention');
      expect(flagged.events.find((e) => e.type === 'email.bounced')).toMatchObject({ emailId });
      const listed = await (await app.request('/v1/activations?needsAttention=true')).json();
      expect(listed.data.map((a: Activation) => a.id)).toEqual([body.id]);

      const { body: changed } = await patch(app, body.id, { enrollment: { onlineServicesManager: null } });
      expect(changed.needsAttention).toBe(false);
      // A late event about the email to the old contact no longer counts.
      await store.recordWebhookEvent({ providerEventId: 'evt-2', emailId, type: 'complained', at: new Date() });
      expect((await read(app, body.id)).needsAttention).toBe(false);
    });

    it('turns on when a reminder fails for good at the provider', async () => {
      const { app } = appAt(new Date(Date.now() - 8 * DAY));
      const { body } = await create(app, newCustomer());
      const claimed = await store.claimDue('w', 10, 60_000);
      const reminder = claimed.find((e) => e.id === body.emails[1]?.id);
      await store.markFailed(reminder?.id ?? '', 'w', 'Resend answered 422: invalid recipient');
      const flagged = await read(app, body.id);
      expect(flagged.needsAttention).toBe(true);
      expect(flagged.events.find((e) => e.type === 'activation.needs_attention')?.detail).toContain(reminder?.id);
    });

    it('is not set by a bounce of another kind of email, and a resend clears it', async () => {
      const { app } = appAt();
      const { body } = await create(app, bypassCustomer());
      await sendDue();
      await store.recordWebhookEvent({
        providerEventId: 'e1',
        emailId: body.emails[0]?.id,
        type: 'failed',
        at: new Date(),
      });
      expect((await read(app, body.id)).needsAttention).toBe(true);
      const { body: resent } = await post(app, `/v1/activations/${body.id}/resend`);
      expect(resent.needsAttention).toBe(false);
      const { body: chosen } = await post(app, `/v1/activations/${body.id}/choice`, {
        option: 'sign-up',
        onlineServicesId: 'a@b.onmicrosoft.com',
      });
      const ack = chosen.emails.at(-1)?.id;
      await sendDue();
      await store.recordWebhookEvent({ providerEventId: 'e2', emailId: ack, type: 'bounced', at: new Date() });
      expect((await read(app, body.id)).needsAttention).toBe(false);
    });
  });

  describe('follow-ups in time', () => {
    it('sends a reminder when it is due and not before; a choice cancels the rest', async () => {
      // Created eight days ago: the first reminder (day 7) is due now, the second (day 14) in six days.
      const { app } = appAt(new Date(Date.now() - 8 * DAY));
      const { body } = await create(app, newCustomer());
      const claimed = await store.claimDue('test', 10, 60_000);
      expect(claimed.map((e) => e.id).sort()).toEqual([body.emails[0]?.id, body.emails[1]?.id].sort());
      expect(claimed.find((e) => e.id === body.emails[1]?.id)?.subject).toMatch(/^Reminder:/);
      expect(await store.claimDue('test', 10, 60_000)).toEqual([]);
      for (const e of claimed) await store.markSent(e.id, 'test', undefined);

      const { body: chosen } = await post(app, `/v1/activations/${body.id}/choice`, {
        option: 'sign-up',
        onlineServicesId: 'a@b.onmicrosoft.com',
      });
      expect(purposes(chosen)).toEqual([
        'activation:sent',
        'reminder:sent',
        'reminder:canceled',
        'acknowledgement:queued',
      ]);
      const timeline = (await read(app, body.id)).events.map((e) => e.type);
      expect(timeline.filter((t) => t === 'email.sent')).toHaveLength(2);
    });

    it('takes ACTIVATION_REMINDER_DAYS and TRIAL_NOTICE_DAYS from the configuration', async () => {
      const { app } = appAt(atDay(0), {
        ACTIVATION_REMINDER_DAYS: '3',
        TRIAL_NOTICE_DAYS: '2',
      });
      const { body } = await create(app, trialCustomer(dateIn(23)));
      expect(body.emails.map((e) => [e.purpose, e.scheduledAt])).toEqual([
        ['activation', undefined],
        ['reminder', iso(3)],
        ['trial-ending', iso(21, 0)],
        ['trial-ended', iso(24, 0)],
      ]);
    });
  });

  describe('idempotency and listing', () => {
    it('replays a creation and a provisioning under the same key, storing each once', async () => {
      const { app } = appAt();
      const key = { 'Idempotency-Key': 'po-1' };
      const first = await create(app, newCustomer(), key);
      const again = await create(app, newCustomer(), key);
      expect(again.res.status).toBe(201);
      expect(again.res.headers.get('idempotent-replayed')).toBe('true');
      expect(again.res.headers.get('location')).toBe(`/v1/activations/${first.body.id}`);
      expect(again.body).toEqual(first.body);

      await post(app, `/v1/activations/${first.body.id}/choice`, {
        option: 'sign-up',
        onlineServicesId: 'a@b.onmicrosoft.com',
      });
      const provision = {
        subscriptions: [{ service: 'Exchange Online (Plan 1)', quantity: 10 }],
        subscriptionsUrl: 'https://portal.example.com/subscriptions',
      };
      const p1 = await post(app, `/v1/activations/${first.body.id}/provisioned`, provision, {
        'Idempotency-Key': 'prov-1',
      });
      const p2 = await post(app, `/v1/activations/${first.body.id}/provisioned`, provision, {
        'Idempotency-Key': 'prov-1',
      });
      expect(p2.res.headers.get('idempotent-replayed')).toBe('true');
      expect(p2.body).toEqual(p1.body);
      const stored = await read(app, first.body.id);
      expect(stored.emails.filter((e) => e.purpose === 'provisioning-confirmation')).toHaveLength(1);
      // Without a key, each call is more services provisioned.
      await post(app, `/v1/activations/${first.body.id}/provisioned`, provision);
      expect(
        (await read(app, first.body.id)).emails.filter((e) => e.purpose === 'provisioning-confirmation'),
      ).toHaveLength(2);
    });

    it('lists newest first, filtered and paged', async () => {
      const { app } = appAt();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await create(app, newCustomer(`5000000${i}`))).body.id);
      await post(app, `/v1/activations/${ids[0]}/cancel`);
      const page1 = await (await app.request('/v1/activations?limit=2')).json();
      expect(page1.data.map((a: Activation) => a.id)).toEqual([ids[4], ids[3]]);
      const page2 = await (await app.request(`/v1/activations?limit=2&cursor=${page1.nextCursor}`)).json();
      expect(page2.data.map((a: Activation) => a.id)).toEqual([ids[2], ids[1]]);
      const canceled = await (await app.request('/v1/activations?state=canceled')).json();
      expect(canceled.data.map((a: Activation) => a.id)).toEqual([ids[0]]);
      const byNumber = await (await app.request('/v1/activations?enrollmentNumber=50000003')).json();
      expect(byNumber.data.map((a: Activation) => a.id)).toEqual([ids[3]]);
    });
  });
});
