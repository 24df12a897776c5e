import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultBrand } from '../../../emails/_catalog/index.ts';
import { createActivationSteps } from '../../../server/activations/steps.ts';
import { renderHere } from '../../../server/render/threads.ts';
import { QUEUE_COUNT_CAP, type Store } from '../../../server/store/index.ts';
import { uuidAt } from '../../../server/store/sql/lists.ts';
import { newEmail } from '../../support/outbox.ts';
import { assertPostgresAvailable } from '../../support/postgres.ts';
import { type Opened, storeDrivers } from '../../support/store-drivers.ts';

/**
 * What people read through the console (server/store/sql/lists.ts, timeline.ts, glance.ts): the
 * searches and filters, the needs-attention queue with its reason, one activation's timeline
 * with its events out and their attempts, and delivery at a glance. On PGlite, and on
 * PostgreSQL when TEST_DATABASE_URL is set.
 */

const HOUR = 3_600_000;

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

  const steps = () =>
    createActivationSteps({
      store: store,
      renderForStore: renderHere(defaultBrand).renderForStore,
      followUps: { reminderDays: [7], trialNoticeDays: 7 },
      clock: () => new Date(),
    });

  const start = async (number: string, organizationName: string, email: string, scenario = 'new-customer') => {
    const created = await steps().create(
      {
        scenario: scenario as 'new-customer',
        enrollment: { number, organizationName, onlineServicesManager: { name: 'Dana', email } },
        details: {
          signUpUrl: 'https://activation.example.com/up',
          ...(scenario === 'new-customer' ? {} : { signInUrl: 'https://activation.example.com/in' }),
        },
      },
      'crm',
    );
    if (created.kind !== 'created') throw new Error('not created');
    return created.activation;
  };

  describe('findActivations', () => {
    it('finds by enrollment number, words of the organization, or the address whatever its case', async () => {
      const a = await start('62000001', 'Contoso Ltd', 'Dana@Contoso.example');
      const b = await start('62000002', 'Fabrikam GmbH', 'osm@fabrikam.example', 'bypass-customer');
      const c = await start('62000003', 'Contoso Pharma', 'osm@pharma.example', 'trial-customer');
      const ids = async (text: string) => (await store.findActivations({ text, limit: 10 })).map((r) => r.id);

      expect(await ids('62000001')).toEqual([a.id]);
      expect(await ids('contoso')).toEqual([c.id, a.id]);
      expect(await ids('CONT pha')).toEqual([c.id]);
      expect(await ids('fabri')).toEqual([b.id]);
      expect(await ids('dana@contoso.EXAMPLE')).toEqual([a.id]);
      // Nothing is read as query syntax, whatever is typed.
      for (const odd of ['<script>', "a:b & c | !(d)'", '\\', '@', '*:*']) expect(await ids(odd), odd).toEqual([]);
      // A blank search is no search.
      expect(await ids('   ')).toHaveLength(3);
    });

    it('filters by state, scenario, attention and creation time, newest first, a page at a time', async () => {
      const a = await start('62000011', 'Contoso Ltd', 'a@contoso.example');
      const b = await start('62000012', 'Contoso Ltd', 'b@contoso.example', 'bypass-customer');
      const c = await start('62000013', 'Contoso Ltd', 'c@contoso.example', 'trial-customer');
      await steps().apply(b.id, { type: 'cancel' }, 'crm');
      const ids = async (search: Parameters<Store['findActivations']>[0]) =>
        (await store.findActivations(search)).map((r) => r.id);

      expect(await ids({ state: 'canceled', limit: 10 })).toEqual([b.id]);
      expect(await ids({ state: 'awaiting-choice', limit: 10 })).toEqual([c.id, a.id]);
      expect(await ids({ scenario: 'trial-customer', limit: 10 })).toEqual([c.id]);
      expect(await ids({ needsAttention: true, limit: 10 })).toEqual([]);
      expect(await ids({ from: new Date(Date.now() - HOUR), until: new Date(Date.now() + HOUR), limit: 10 })).toEqual([
        c.id,
        b.id,
        a.id,
      ]);
      expect(await ids({ from: new Date(Date.now() + HOUR), limit: 10 })).toEqual([]);
      expect(await ids({ until: new Date(Date.now() - HOUR), limit: 10 })).toEqual([]);
      expect(await ids({ limit: 2 })).toEqual([c.id, b.id]);
      expect(await ids({ limit: 2, before: b.id })).toEqual([a.id]);
    });

    it('finds by a common word among the newest first, and by a rare one on its index, past a thousand activations', async () => {
      const model = await start('62000021', 'Seed Ltd', 'seed@contoso.example');
      // 1,500 older activations cloned from it: the oldest 40 "Rareword", the others "Common".
      const columns = (
        await query<{ name: string }>(
          `select column_name as name from information_schema.columns where table_name = 'activations' order by ordinal_position`,
        )
      ).map((c) => c.name);
      const value = (column: string) =>
        ({
          id: `(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid`,
          enrollment_number: `(63000000 + g)::text`,
          enrollment: `jsonb_set(enrollment, '{organizationName}', to_jsonb(case when g <= 40 then 'Rareword ' else 'Common ' end || g))`,
        })[column] ?? `"${column}"`;
      await query(`
        insert into activations (${columns.map((c) => `"${c}"`).join(', ')})
        select ${columns.map(value).join(', ')}
        from activations, generate_series(1, 1500) g, lpad(to_hex(1700000000000 + g), 12, '0') h
        where id = '${model.id}'`);
      const ids = async (search: Parameters<Store['findActivations']>[0]) =>
        (await store.findActivations(search)).map((r) => r.id);
      /** What the search must answer: every match, newest first, read without an index. */
      const expected = async (word: string, limit: number, before = 'ffffffff-ffff-ffff-ffff-ffffffffffff') =>
        (
          await query<{ id: string }>(
            `select id from activations where enrollment->>'organizationName' like '${word} %' and id < '${before}' order by id desc limit ${limit}`,
          )
        ).map((r) => r.id);

      const common = await ids({ text: 'common', limit: 50 });
      expect(common).toEqual(await expected('Common', 50));
      expect(await ids({ text: 'COMM', limit: 50, before: common.at(-1) })).toEqual(
        await expected('Common', 50, common.at(-1)),
      );
      expect(await ids({ text: 'rareword', limit: 50 })).toEqual(await expected('Rareword', 50));
      expect(await ids({ text: 'rareword', limit: 10 })).toEqual(await expected('Rareword', 10));
      expect(await ids({ text: 'common', state: 'canceled', limit: 10 })).toEqual([]);
    });

    it('bounds ids by time: the smallest UUID v7 of a millisecond', () => {
      expect(uuidAt(new Date(0x0190_0000_0001))).toBe('01900000-0001-0000-0000-000000000000');
      expect(uuidAt(new Date(-5))).toBe('00000000-0000-0000-0000-000000000000');
    });
  });

  describe('attentionQueue', () => {
    it('lists activations whose email bounced, with what the provider said', async () => {
      const a = await start('62000021', 'Contoso Ltd', 'gone@contoso.example');
      await start('62000022', 'Fabrikam', 'fine@fabrikam.example');
      const [claimed] = await store.claimDue('worker', 10, 60_000);
      const email = a.emails.find((e) => e.purpose === 'activation');
      expect(claimed).toBeDefined();
      if (!email) throw new Error('no activation email');
      await store.claimDue('worker', 10, 60_000);
      await store.markSent(email.id, 'worker', 'provider-1');
      await store.recordWebhookEvent({
        providerEventId: 'evt-1',
        emailId: email.id,
        type: 'bounced',
        at: new Date(),
        detail: '550 5.1.1 Mailbox does not exist',
      });
      const queue = await store.attentionQueue(10);
      expect(queue.total).toBe(1);
      expect(queue.items).toHaveLength(1);
      expect(queue.items[0]).toMatchObject({
        id: a.id,
        needsAttention: true,
        reason: {
          emailId: email.id,
          purpose: 'activation',
          status: 'bounced',
          detail: '550 5.1.1 Mailbox does not exist',
        },
      });
    });
  });

  describe('findEmails', () => {
    it('filters by recipient whatever its case, locale, template, status and acceptance time', async () => {
      const a = await start('62000031', 'Contoso Ltd', 'Dana@Contoso.example');
      const german = newEmail({
        to: ['Kai@Fabrikam.example', 'second@fabrikam.example'],
        locale: 'de-DE',
        template: 'trial-ending',
      });
      await store.acceptEmails([german]);
      const ids = async (search: Omit<Parameters<Store['findEmails']>[0], 'limit'>) =>
        (await store.findEmails({ ...search, limit: 10 })).map((r) => r.id);
      const activationEmail = a.emails.find((e) => e.purpose === 'activation')?.id;

      expect(await ids({ recipient: 'dana@contoso.example' })).toHaveLength(a.emails.length);
      expect(await ids({ recipient: 'SECOND@fabrikam.example' })).toEqual([german.id]);
      expect(await ids({ recipient: 'fabrikam.example' })).toEqual([]);
      expect(await ids({ locale: 'de-DE' })).toEqual([german.id]);
      expect(await ids({ locale: 'en-US' })).toHaveLength(a.emails.length);
      expect(await ids({ template: 'trial-ending' })).toEqual([german.id]);
      expect(await ids({ status: 'queued', template: 'activation' })).toEqual([activationEmail]);
      expect(await ids({ from: new Date(Date.now() + HOUR) })).toEqual([]);
      expect((await store.findEmails({ limit: 10 }))[0]).toMatchObject({ id: german.id, locale: 'de-DE' });
    });
  });

  describe('activationTimeline', () => {
    it('tells one activation’s story in one order: steps with the key that made them, email events, events out with each try', async () => {
      const a = await start('62000041', 'Contoso Ltd', 'osm@contoso.example');
      await steps().apply(a.id, { type: 'resend' }, 'support-desk');
      const [created] = await store.claimEvents('dispatcher', 10, 60_000);
      expect(created?.type).toBe('activation.created');
      if (!created) throw new Error('no event out');
      await store.settleEvent(created.id, 'dispatcher', {
        kind: 'retry',
        delayMs: 0,
        error: 'HTTP 503 from the receiver',
      });
      const [again] = await store.claimEvents('dispatcher', 10, 60_000);
      await store.settleEvent(again?.id ?? '', 'dispatcher', { kind: 'delivered' });

      const timeline = await store.activationTimeline(a.id);
      expect(timeline.map((e) => `${e.kind}:${e.type}`)).toEqual([
        'step:activation.created',
        'email:queued',
        'email:scheduled',
        'out:activation.created',
        'step:activation.resent',
        'email:queued',
      ]);
      expect(timeline[0]).toMatchObject({ keyName: 'crm' });
      expect(timeline[1]).toMatchObject({ keyName: 'crm' });
      expect(timeline[4]).toMatchObject({ keyName: 'support-desk' });
      expect(timeline[5]).toMatchObject({ keyName: 'support-desk' });
      expect(timeline[3]).not.toHaveProperty('keyName');
      const out = timeline[3];
      expect(out).toMatchObject({
        kind: 'out',
        status: 'delivered',
        attempts: [
          { outcome: 'retry', detail: 'HTTP 503 from the receiver; next attempt in 0.0 s' },
          { outcome: 'delivered' },
        ],
      });
      expect(await store.activationTimeline('01900000-0000-7000-8000-000000000000')).toEqual([]);
    });
  });

  describe('deliveryGlance', () => {
    it('counts each kind of event in the slices of the last hour, day and week, beside the queue and the backlog', async () => {
      await start('62000051', 'Contoso Ltd', 'osm@contoso.example');
      const email = newEmail();
      await store.acceptEmails([email]);
      await store.claimDue('worker', 10, 60_000);
      await store.markSent(email.id, 'worker', undefined);
      const glance = await store.deliveryGlance();
      const total = (series: typeof glance.hour, type: keyof typeof glance.hour.counts) =>
        series.counts[type].reduce((x, y) => x + y, 0);
      for (const series of [glance.hour, glance.day, glance.week]) {
        expect(total(series, 'accepted')).toBe(3);
        expect(total(series, 'sent')).toBe(1);
        expect(total(series, 'bounced')).toBe(0);
      }
      expect([glance.hour.slices, glance.day.slices, glance.week.slices]).toEqual([12, 24, 7]);
      expect(glance.day.sliceMs).toBe(HOUR);
      expect(glance.week.start.getTime() + 7 * 24 * HOUR).toBeGreaterThan(glance.now.getTime());
      // The activation email is still claimed; its reminder waits for its day.
      expect(glance.queue).toMatchObject({ queued: 0, scheduled: 1, sending: 1 });
      expect(glance.queue.oldestDueAt).toBeUndefined();
      expect(glance.eventsOut).toMatchObject({ pending: 2, delivering: 0, failed: 0 });
    });

    it('names the oldest waiting email, single or in a batch, and counts a queue up to its cap', async () => {
      const single = newEmail();
      const batched = newEmail();
      await store.acceptEmails([single, batched]);
      await query(`update emails set next_attempt_at = now() - interval '1 hour' where id = '${single.id}'`);
      await query(
        `update emails set next_attempt_at = now() - interval '2 hours', batch_key = 'b1' where id = '${batched.id}'`,
      );
      const oldest = async () => (await store.deliveryGlance()).queue.oldestDueAt?.getTime();
      const [due] = await query<{ at: string | Date }>(
        `select next_attempt_at as at from emails where id = '${batched.id}'`,
      );
      expect(await oldest()).toBe(new Date(due?.at ?? 0).getTime());
      await query(`update emails set status = 'sending' where id = '${batched.id}'`);
      const [next] = await query<{ at: string | Date }>(
        `select next_attempt_at as at from emails where id = '${single.id}'`,
      );
      expect(await oldest()).toBe(new Date(next?.at ?? 0).getTime());

      // A queue past the cap is counted to the cap and one more, which the page shows as "more than".
      await query(
        `create temp table copies as select e.* from emails e, generate_series(1, ${QUEUE_COUNT_CAP + 5}) where e.id = '${single.id}'`,
      );
      await query('update copies set id = gen_random_uuid()');
      await query('insert into emails select * from copies');
      await query('drop table copies');
      expect((await store.deliveryGlance()).queue).toMatchObject({ queued: QUEUE_COUNT_CAP + 1, sending: 1 });
    });
  });
});
