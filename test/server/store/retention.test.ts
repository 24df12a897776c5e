import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultBrand } from '../../../emails/_catalog/index.ts';
import { createActivationSteps } from '../../../server/activations/steps.ts';
import { mailboxTransport } from '../../../server/delivery/mailbox-transport.ts';
import { DAY_MS, eraseExpired } from '../../../server/delivery/retention.ts';
import { createWorker, defaultRetryPolicy } from '../../../server/delivery/worker.ts';
import { renderHere } from '../../../server/render/threads.ts';
import { openStore, type Store } from '../../../server/store/index.ts';
import { newEmail, outboxApp, TRUNCATE_ALL } from '../../support/outbox.ts';
import { assertPostgresAvailable, createTestDatabase, postgresUrl, type TestDatabase } from '../../support/postgres.ts';

/**
 * Retention (RETENTION_DAYS, server/delivery/retention.ts and store/sql/retention.ts), on the
 * worker's clock moved forward: what is past the period loses its personal data, in batches;
 * what is younger, or still being sent, keeps all of it; counts and ids stay.
 */

interface Opened {
  store: Store;
  reset: () => Promise<void>;
  query: (text: string) => Promise<Record<string, unknown>[]>;
  cleanup: () => Promise<void>;
}

const drivers: { name: string; open: () => Promise<Opened> }[] = [
  {
    name: 'PGlite',
    open: async () => {
      const pglite = new PGlite();
      const store = await openStore({ dataDir: 'memory://', pglite, eventsOut: true });
      return {
        store,
        reset: async () => void (await pglite.exec(TRUNCATE_ALL)),
        query: async (text) => (await pglite.query<Record<string, unknown>>(text)).rows,
        cleanup: async () => undefined,
      };
    },
  },
];
assertPostgresAvailable();
if (postgresUrl) {
  drivers.push({
    name: 'PostgreSQL',
    open: async () => {
      const db: TestDatabase = await createTestDatabase();
      const store = await openStore({ dataDir: 'unused', databaseUrl: db.url, eventsOut: true });
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      return {
        store,
        reset: async () => void (await client.query(TRUNCATE_ALL)),
        query: async (text) => (await client.query(text)).rows,
        cleanup: async () => {
          await client.end();
          await db.drop();
        },
      };
    },
  });
}

const later = (days: number) => () => Date.now() + days * DAY_MS;

describe.each(drivers)('retention on $name', ({ open }) => {
  let opened: Opened;
  let store: Store;
  beforeAll(async () => {
    opened = await open();
    store = opened.store;
  });
  afterAll(async () => {
    await store?.close();
    await opened?.cleanup();
  });
  beforeEach(() => opened.reset());

  /** Accepts `n` emails and sends them; their events out are delivered. */
  async function sentEmails(n: number): Promise<string[]> {
    const emails = Array.from({ length: n }, (_, i) =>
      newEmail({ to: [`person${i}@contoso.example`], cc: ['cc@contoso.example'], tags: { crm: 'lead-7' } }),
    );
    await store.acceptEmails(emails);
    for (const email of await store.claimDue('w', 100, 60_000)) await store.markSent(email.id, 'w', `re_${email.id}`);
    for (const event of await store.claimEvents('w', 100, 60_000)) {
      await store.settleEvent(event.id, 'w', { kind: 'delivered' });
    }
    return emails.map((e) => e.id);
  }

  it('keeps everything younger than RETENTION_DAYS', async () => {
    const [id = ''] = await sentEmails(1);
    const round = await eraseExpired(store, { days: 90, now: later(89) });
    expect(round).toMatchObject({ emails: 0, eventDeliveries: 0 });
    const email = await store.getEmail(id);
    expect(email?.to).toEqual(['person0@contoso.example']);
    expect(email?.erasedAt).toBeNull();
    expect(await store.getEmailHtml(id)).toBe('<p>Hello</p>');
  });

  it('past it, erases addresses, subject, bodies, data and tags of sent emails, and deletes their events out', async () => {
    const ids = await sentEmails(3);
    expect(await opened.query('select id from event_deliveries')).toHaveLength(3);

    const round = await eraseExpired(store, { days: 90, now: later(91) });
    expect(round).toMatchObject({ emails: 3, eventDeliveries: 3 });

    for (const id of ids) {
      const email = await store.getEmail(id);
      expect(email).toMatchObject({ id, status: 'sent', to: [], cc: null, subject: '', tags: null, data: {} });
      expect(email?.erasedAt).toBeInstanceOf(Date);
      // The story stays (types and times), for counts and the timeline; the details go.
      expect(email?.events.map((e) => e.type)).toEqual(['queued', 'sending', 'sent']);
      expect(email?.events.every((e) => e.detail === null)).toBe(true);
      expect(await store.getEmailHtml(id)).toBeNull();
    }
    expect(await store.getEmail(ids[0] ?? '')).toMatchObject({ html: '', text: '' });
    expect(await opened.query('select id from event_deliveries')).toHaveLength(0);
    // Listing still counts them.
    expect(await store.listEmails({ limit: 10 })).toHaveLength(3);
  });

  it('never erases an email still waiting or being sent, nor an event still to go out', async () => {
    const waiting = newEmail({ status: 'scheduled', scheduledAt: new Date(Date.now() + 400 * DAY_MS) });
    const queued = newEmail();
    await store.acceptEmails([waiting, queued]);
    const [sending] = await store.claimDue('w', 1, 60_000);
    expect(sending?.id).toBe(queued.id);
    expect(await eraseExpired(store, { days: 1, now: later(500) })).toMatchObject({ emails: 0 });
    expect((await store.getEmail(waiting.id))?.to).toEqual(['osm@contoso.example']);
    expect((await store.getEmail(queued.id))?.to).toEqual(['osm@contoso.example']);

    // Sent, with its event out still pending: the email goes, the event waits for its delivery.
    await store.markSent(queued.id, 'w', 're_1');
    expect(await eraseExpired(store, { days: 1, now: later(2) })).toMatchObject({ emails: 1, eventDeliveries: 0 });
    expect(await opened.query(`select id from event_deliveries where status = 'pending'`)).toHaveLength(1);
  });

  it('works in bounded batches until nothing is left, and erases each email once', async () => {
    await sentEmails(7);
    const round = await eraseExpired(store, { days: 30, batch: 3, now: later(31) });
    expect(round).toEqual({ emails: 7, eventDeliveries: 7, activations: 0, batches: 3, more: false });
    expect(await eraseExpired(store, { days: 30, batch: 3, now: later(60) })).toEqual({
      emails: 0,
      eventDeliveries: 0,
      activations: 0,
      batches: 1,
      more: false,
    });
  });

  it('stops a round at its batch limit and says more is left, so a backlog never holds the worker long', async () => {
    await sentEmails(7);
    const first = await eraseExpired(store, { days: 30, batch: 3, maxBatches: 2, now: later(31) });
    expect(first).toEqual({ emails: 6, eventDeliveries: 6, activations: 0, batches: 2, more: true });
    const second = await eraseExpired(store, { days: 30, batch: 3, maxBatches: 2, now: later(31) });
    expect(second).toEqual({ emails: 1, eventDeliveries: 1, activations: 0, batches: 1, more: false });
  });

  async function activation(number: string) {
    const steps = createActivationSteps({
      store,
      renderForStore: renderHere(defaultBrand).renderForStore,
      followUps: { reminderDays: [7], trialNoticeDays: 7 },
      clock: () => new Date(),
    });
    const created = await steps.create(
      {
        scenario: 'new-customer',
        enrollment: { number, organizationName: 'Contoso Ltd', noticesContact: { email: 'n@contoso.example' } },
        details: { signUpUrl: 'https://activation.example.com/up' },
      },
      'crm',
    );
    if (created.kind !== 'created') throw new Error(created.kind);
    return { id: created.activation.id, cancel: () => steps.apply(created.activation.id, { type: 'cancel' }, 'crm') };
  }

  it('deletes a canceled activation, with its emails and timeline, past ACTIVATION_RETENTION_DAYS only', async () => {
    const done = await activation('61234567');
    const live = await activation('61234568');
    expect((await done.cancel()).kind).toBe('done');
    const emailsOf = (id: string) => opened.query(`select id from emails where activation_id = '${id}'`);
    expect(await emailsOf(done.id)).not.toHaveLength(0);

    const options = { days: 0, activationDays: 365 };
    expect(await eraseExpired(store, { ...options, now: later(364) })).toMatchObject({ activations: 0 });
    expect(await store.getActivation(done.id)).toBeDefined();

    // A year on: the canceled one goes; the live one (its reminder still scheduled) stays.
    expect(await eraseExpired(store, { ...options, now: later(366) })).toMatchObject({ activations: 1 });
    expect(await store.getActivation(done.id)).toBeUndefined();
    expect(await emailsOf(done.id)).toHaveLength(0);
    expect(await opened.query(`select id from activation_events where activation_id = '${done.id}'`)).toHaveLength(0);
    expect((await store.getActivation(live.id))?.state).toBe('awaiting-choice');
  });

  it('runs in the background: the delivery worker erases in its idle moments, a backlog over several rounds', async () => {
    const ids = await sentEmails(5);
    const worker = createWorker({
      store,
      transport: mailboxTransport(),
      logger: pino({ level: 'silent' }),
      concurrency: 1,
      retry: defaultRetryPolicy(3),
      pollIntervalMs: 20,
      // Two emails a batch, one batch a round: three rounds, the next two at the next idle moments.
      retention: { days: 90, now: later(91), batch: 2, maxBatches: 1 },
    });
    worker.start();
    const erased = async () => (await Promise.all(ids.map((id) => store.getEmail(id)))).every((e) => e?.erasedAt);
    try {
      for (let waited = 0; !(await erased()); waited += 50) {
        if (waited > 30_000) throw new Error('the worker did not erase the backlog in 30 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await worker.stop(1000);
    }
    for (const id of ids) expect((await store.getEmail(id))?.to).toEqual([]);
  });

  it('erases nothing with RETENTION_DAYS=0', async () => {
    await sentEmails(1);
    expect(await eraseExpired(store, { days: 0, now: later(10_000) })).toMatchObject({ emails: 0, batches: 0 });
  });
});

describe('an erased email through the API', () => {
  let store: Store;
  beforeAll(async () => {
    const pglite = new PGlite();
    store = await openStore({ dataDir: 'memory://', pglite });
  });
  afterAll(() => store?.close());

  it('shows erasedAt, no addresses, and answers its HTML with a 404 that says why', async () => {
    const email = newEmail();
    await store.acceptEmails([email]);
    const [claimed] = await store.claimDue('w', 1, 60_000);
    await store.markSent(claimed?.id ?? '', 'w', 're_1');
    await eraseExpired(store, { days: 1, now: later(2) });

    const { app } = outboxApp(store);
    const res = await app.request(`/v1/emails/${email.id}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ id: email.id, status: 'sent', to: [], subject: '' });
    expect(body.erasedAt).toEqual(expect.any(String));
    expect(JSON.stringify(body)).not.toContain('contoso');
    const html = await app.request(`/v1/emails/${email.id}/html`);
    expect(html.status).toBe(404);
    expect((await html.json()).detail).toContain('RETENTION_DAYS');
  });
});
