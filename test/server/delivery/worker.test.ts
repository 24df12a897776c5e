import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { v7 } from 'uuid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mailboxTransport } from '../../../server/delivery/mailbox-transport.ts';
import { EMAIL_ID_TAG, resendTransport } from '../../../server/delivery/resend-transport.ts';
import { backoffDelay, decide, parseRetryAfter, type RetryPolicy } from '../../../server/delivery/retry-policy.ts';
import type { OutgoingEmail, Transport } from '../../../server/delivery/transport.ts';
import { createWorker, type Worker } from '../../../server/delivery/worker.ts';
import { createLogger } from '../../../server/logger.ts';
import { packBody } from '../../../server/store/body-codec.ts';
import { type NewEmail, openStore, type Store } from '../../../server/store/index.ts';
import { type FakeResend, startFakeResend } from '../../support/fake-resend.ts';
import { TRUNCATE_ALL } from '../../support/outbox.ts';
import { until } from '../../support/until.ts';

/** The worker and its transports against a fake Resend over real HTTP, on PGlite. */

const quietLogger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const FROM = 'Activation <activation@example.com>';

const fastRetry = (maxAttempts: number): RetryPolicy => ({
  maxAttempts,
  baseDelayMs: 10,
  maxDelayMs: 200,
  maxRetryAfterMs: 5000,
  random: Math.random,
});

const newEmail = (i: number): NewEmail => ({
  id: v7(),
  template: 'activation',
  data: { i },
  to: [`osm${i}@contoso.example`],
  subject: `Activate ${i}`,
  html: packBody('html', `<p>Email ${i}</p>`),
  text: packBody('text', `Email ${i}`),
  tags: { batch: 'load' },
  status: 'queued',
  createdAt: new Date(),
});

let pglite: PGlite;
let store: Store;
let fake: FakeResend;
let worker: Worker | undefined;

beforeAll(async () => {
  pglite = new PGlite();
  store = await openStore({ dataDir: 'memory://', pglite });
  fake = await startFakeResend();
});
afterAll(async () => {
  await store?.close();
  await fake?.close();
});
beforeEach(async () => {
  await pglite.exec(TRUNCATE_ALL);
  fake.setFaults({});
  fake.setLimits({});
  fake.unreadable(0);
  fake.delivered.length = 0;
  fake.byKey.clear();
  fake.keys.clear();
  for (const count of Object.keys(fake.counts) as (keyof FakeResend['counts'])[]) fake.counts[count] = 0;
});
afterEach(async () => {
  await worker?.stop(100);
  worker = undefined;
});

const resend = (from = FROM): Transport => resendTransport({ apiKey: fake.apiKey, from, baseUrl: fake.url });

describe('retry policy', () => {
  const policy = { ...fastRetry(5), baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };

  it('waits a random share of a ceiling that doubles per attempt, up to the maximum', () => {
    const top = { ...policy, random: () => 0.999999 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(top, n))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(backoffDelay({ ...policy, random: () => 0.5 }, 3)).toBe(2000);
    expect(backoffDelay({ ...policy, random: () => 0 }, 3)).toBe(0);
  });

  it('never retries sooner than Retry-After, which is capped', () => {
    expect(backoffDelay({ ...policy, random: () => 0 }, 1, 3000)).toBe(3000);
    expect(backoffDelay({ ...policy, random: () => 0 }, 1, 10 * 60 * 60_000)).toBe(60_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('retries what may pass later, up to the last attempt, and fails a refused request at once', () => {
    const transient = { ok: false, retryable: true, reason: 'Resend answered 500' } as const;
    expect(decide(policy, 1, transient)).toMatchObject({ action: 'retry', reason: 'Resend answered 500' });
    expect(decide(policy, 5, transient)).toEqual({
      action: 'fail',
      reason: 'Resend answered 500 (gave up after 5 attempts)',
    });
    expect(decide(policy, 1, { ok: false, retryable: false, reason: 'Resend answered 422' })).toEqual({
      action: 'fail',
      reason: 'Resend answered 422',
    });
    expect(decide(policy, 1, { ok: true, providerId: 'p' })).toEqual({ action: 'sent', providerId: 'p' });
    expect(decide(policy, 1, { ok: true, captured: true })).toEqual({ action: 'captured' });
  });

  it('asks again after no answer, and ends unknown, not failed, when the last attempt has none either', () => {
    const silent = { ok: false, retryable: true, unanswered: true, reason: 'no answer from Resend in time' } as const;
    expect(decide(policy, 4, silent)).toMatchObject({ action: 'retry', reason: 'no answer from Resend in time' });
    expect(decide(policy, 5, silent)).toEqual({
      action: 'unknown',
      reason:
        'no answer from Resend in time (no readable answer by attempt 5: whether the provider accepted it is unknown)',
    });
  });
});

const outgoing = (i: number): OutgoingEmail => ({
  ...newEmail(i),
  cc: null,
  bcc: null,
  replyTo: null,
  tags: null,
});
const within = (ms = 5000) => AbortSignal.timeout(ms);

describe('the Resend transport (the SDK against the fake)', () => {
  const unanswered = (reason: RegExp | string) => ({
    ok: false,
    retryable: true,
    unanswered: true,
    reason: typeof reason === 'string' ? reason : expect.stringMatching(reason),
  });

  it.each(['garbage', 'cut'] as const)(
    'takes a 200 whose body is unreadable (%s) for no answer, and reads the replay of the same key',
    async (how) => {
      fake.unreadable(1, how);
      const email = outgoing(1);
      // The SDK cannot read it: Resend may have the email, so nothing is concluded yet.
      expect(await resend().send(email, within())).toEqual(unanswered(/^no readable answer from Resend: /));
      // Asked again under the same key, Resend answers from its record of the first: sent, once.
      const providerId = fake.byKey.get(email.id)?.id;
      expect(providerId).toEqual(expect.any(String));
      expect(await resend().send(email, within())).toEqual({ ok: true, providerId });
      expect(fake.counts).toMatchObject({ requests: 2, replays: 1, unreadable: 1 });
      expect(fake.delivered.filter((m) => m.emailId === email.id)).toHaveLength(1);
    },
  );

  it.each(['garbage', 'cut'] as const)(
    'takes a batch answered 200 with an unreadable body (%s) for no answer; the replay says which member Resend refused',
    async (how) => {
      fake.setLimits({ refusedDomain: 'refused.example' });
      fake.unreadable(1, how);
      const emails = [outgoing(1), { ...outgoing(2), to: ['osm@refused.example'] }, outgoing(3)];
      const key = `batch-${emails[0]?.id}`;
      expect(await resend().sendBatch(emails, key, within())).toEqual({
        kind: 'whole',
        outcome: unanswered(/^no readable answer from Resend: /),
      });
      const answer = await resend().sendBatch(emails, key, within());
      const ids = [emails[0], emails[2]].map((e) => fake.delivered.find((m) => m.emailId === e?.id)?.id);
      expect(answer).toEqual({
        kind: 'each',
        outcomes: [
          { ok: true, providerId: ids[0] },
          { ok: false, retryable: false, reason: expect.stringMatching(/^Resend refused this email in its batch: /) },
          { ok: true, providerId: ids[1] },
        ],
      });
      // The same key twice: the second answer is Resend's record of the first, nothing sent again.
      expect(fake.counts).toMatchObject({ requests: 2, replays: 1, unreadable: 1 });
      expect(fake.delivered.filter((m) => emails.some((e) => e.id === m.emailId))).toHaveLength(2);
    },
  );

  it('takes an answer our own deadline cut short (half a body, then nothing) for no answer in time', async () => {
    fake.unreadable(1, 'stall');
    const emails = [outgoing(1), outgoing(2)];
    const key = `batch-${emails[0]?.id}`;
    expect(await resend().sendBatch(emails, key, within(300))).toEqual({
      kind: 'whole',
      outcome: unanswered('no answer from Resend in time'),
    });
    const answer = await resend().sendBatch(emails, key, within());
    const ids = emails.map((e) => fake.delivered.find((m) => m.emailId === e.id)?.id);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(answer).toEqual({ kind: 'each', outcomes: ids.map((providerId) => ({ ok: true, providerId })) });
    expect(fake.counts).toMatchObject({ requests: 2, replays: 1 });
  });

  it('sends the same bytes as the hand-written client it replaced, so a retry across the upgrade matches its key', async () => {
    const email: OutgoingEmail = {
      ...outgoing(1),
      id: '0190b7a0-0000-7000-8000-000000000001',
      to: ['osm@contoso.example'],
      cc: ['it@contoso.example'],
      bcc: ['audit@contoso.example'],
      replyTo: ['help@contoso.example'],
      tags: { template: 'activation' },
    };
    await resend().send(email, within());
    await resend().sendBatch([{ ...email, id: '0190b7a0-0000-7000-8000-000000000002' }], 'batch-golden', within());
    const batched = fake.delivered.find((m) => m.idempotencyKey === 'batch-golden');
    expect(batched?.batch).toBe(true);
    // A batch is the same objects in an array.
    expect(JSON.stringify(batched?.payload)).toBe(
      JSON.stringify(fake.byKey.get(email.id)?.payload).replaceAll('0001', '0002'),
    );
    expect(JSON.stringify(fake.byKey.get(email.id)?.payload)).toBe(
      '{"bcc":["audit@contoso.example"],"cc":["it@contoso.example"],"from":"Activation <activation@example.com>",' +
        '"html":"<p>Email 1</p>","reply_to":["help@contoso.example"],"subject":"Activate 1",' +
        '"tags":[{"name":"template","value":"activation"},{"name":"activation_mail_id","value":"0190b7a0-0000-7000-8000-000000000001"}],' +
        '"text":"Email 1","to":["osm@contoso.example"]}',
    );
    // Without cc, bcc or reply-to, those fields are left out, not sent as null.
    await resend().send(outgoing(3), within());
    expect(Object.keys(fake.delivered.at(-1)?.payload ?? {})).toEqual([
      'from',
      'html',
      'subject',
      'tags',
      'text',
      'to',
    ]);
  });

  it('maps a readable batch answer by index, with the ids Resend gave', async () => {
    const emails = [outgoing(1), outgoing(2)];
    const answer = await resend().sendBatch(emails, `batch-${emails[0]?.id}`, within());
    const ids = emails.map((e) => fake.delivered.find((m) => m.emailId === e.id)?.id);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(answer).toEqual({ kind: 'each', outcomes: ids.map((providerId) => ({ ok: true, providerId })) });
  });

  it('takes no status for no answer: Resend unreachable, or no answer in time', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const away = resendTransport({ apiKey: fake.apiKey, from: FROM, baseUrl: `http://127.0.0.1:${port}/` });
    const unreached = unanswered(/^no readable answer from Resend: /);
    expect(await away.send(outgoing(1), within())).toEqual(unreached);
    expect(await away.sendBatch([outgoing(2)], 'batch-x', within())).toEqual({ kind: 'whole', outcome: unreached });

    fake.setFaults({ hangRate: 1 });
    const late = unanswered('no answer from Resend in time');
    expect(await resend().send(outgoing(3), within(200))).toEqual(late);
    expect(await resend().sendBatch([outgoing(4)], 'batch-y', within(200))).toEqual({ kind: 'whole', outcome: late });
  });

  it('maps refusals: a limit waits with its Retry-After, a 5xx is retried even without JSON, a 4xx fails', async () => {
    fake.setFaults({ rateLimitRate: 1, retryAfterSeconds: 2 });
    expect(await resend().send(outgoing(1), within())).toEqual({
      ok: false,
      retryable: true,
      reason: 'Resend answered 429 rate_limit_exceeded: Too many requests.',
      retryAfterMs: 2000,
      limit: 'rate',
    });
    fake.setFaults({ serverErrorRate: 1, serverErrorBody: '<html>502 Bad Gateway</html>' });
    expect(await resend().sendBatch([outgoing(2)], 'batch-z', within())).toEqual({
      kind: 'whole',
      outcome: {
        ok: false,
        retryable: true,
        reason:
          'Resend answered 500 application_error: Internal server error. We are unable to process your request right now, please try again later.',
        retryAfterMs: undefined,
      },
    });
    // JSON that is not Resend's error (no status in it): an answer, but not one that says the request is at fault.
    fake.setFaults({ serverErrorRate: 1, serverErrorBody: '{"message":"upstream timed out"}' });
    expect(await resend().send(outgoing(3), within())).toEqual({
      ok: false,
      retryable: true,
      reason: 'Resend answered application_error: upstream timed out',
      retryAfterMs: undefined,
    });
    fake.setFaults({});
    expect(await resend('').send(outgoing(4), within())).toEqual({
      ok: false,
      retryable: false,
      reason: 'Resend answered 422 missing_required_field: Missing `from` field.',
      retryAfterMs: undefined,
    });
    expect(fake.delivered).toEqual([]);
  });
});

describe('worker with the Resend transport', () => {
  it('delivers 1,000 emails through 500s, 429s and hung requests, each accepted exactly once', {
    timeout: 120_000,
  }, async () => {
    fake.setFaults({ serverErrorRate: 0.3, rateLimitRate: 0.1, retryAfterSeconds: 1, hangRate: 0.02 });
    const batch = Array.from({ length: 1000 }, (_, i) => newEmail(i));
    for (let i = 0; i < batch.length; i += 100) await store.acceptEmails(batch.slice(i, i + 100));
    let sent = 0;
    let retried = 0;
    worker = createWorker({
      store,
      transport: resend(),
      logger: quietLogger,
      concurrency: 32,
      retry: fastRetry(25),
      sendTimeoutMs: 2000,
      pollIntervalMs: 20,
      counters: { sent: { inc: () => sent++ }, retried: { inc: () => retried++ } },
    });
    worker.start();
    await until(async () => sent === batch.length, 110_000, 'every email to be sent');

    const ids = new Set(batch.map((e) => e.id));
    const stored = await store.listEmails({ limit: 100, status: 'sent' });
    expect(stored).toHaveLength(100);
    expect(await store.queueDepth()).toEqual({ queued: 0, scheduled: 0, sending: 0 });

    // The fake delivered each email once, under its own id as the key, and nothing else.
    expect(fake.delivered).toHaveLength(batch.length);
    expect(new Set(fake.delivered.map((m) => m.idempotencyKey))).toEqual(ids);
    for (const message of fake.delivered) {
      const tags = message.payload.tags as { name: string; value: string }[];
      expect(tags).toContainEqual({ name: EMAIL_ID_TAG, value: message.idempotencyKey });
      expect(tags).toContainEqual({ name: 'batch', value: 'load' });
    }
    expect(fake.counts.serverErrors).toBeGreaterThan(200);
    expect(fake.counts.rateLimited).toBeGreaterThan(50);
    expect(fake.counts.hung).toBeGreaterThan(0);
    // Every hung send was retried and answered from the provider's idempotency record.
    expect(fake.counts.replays).toBeGreaterThanOrEqual(fake.counts.hung);
    // Each failed try was one retry, and the metric counted each; a 429 is no failed try: the
    // email waited its turn ("throttled"), and the attempt was not counted.
    let retryEvents = 0;
    let throttledEvents = 0;
    for (const email of batch) {
      const events = (await store.getEmail(email.id))?.events ?? [];
      retryEvents += events.filter((e) => e.type === 'retry').length;
      throttledEvents += events.filter((e) => e.type === 'throttled').length;
    }
    expect(retried).toBe(retryEvents);
    expect(retryEvents).toBeGreaterThanOrEqual(fake.counts.hung);
    // (A 429 that comes after the send timed out is recorded as that timeout's retry.)
    expect(throttledEvents).toBeGreaterThan(0);
    expect(throttledEvents).toBeLessThanOrEqual(fake.counts.rateLimited + fake.counts.overLimit);

    // A 429's Retry-After (1 s) is the least wait before the next try.
    const one = await store.getEmail(batch[0]?.id ?? '');
    expect(one?.providerId).toBe(fake.byKey.get(one?.id ?? '')?.id);
    const waits: number[] = [];
    for (const email of batch.slice(0, 300)) {
      for (const event of (await store.getEmail(email.id))?.events ?? []) {
        const wait = /^Resend answered 429 .*next try in ([\d.]+) s$/.exec(event.detail ?? '')?.[1];
        if (event.type === 'throttled' && wait) waits.push(Number(wait));
      }
    }
    expect(waits.length).toBeGreaterThan(0);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1);
  });

  /** A worker over the fake Resend, counting what it records. */
  function startWorker(maxAttempts: number, retry: Partial<RetryPolicy> = {}) {
    const tally = { sent: 0, failed: 0, retried: 0, outcomeUnknown: 0 };
    worker = createWorker({
      store,
      transport: resend(),
      logger: quietLogger,
      concurrency: 2,
      retry: { ...fastRetry(maxAttempts), ...retry },
      pollIntervalMs: 20,
      counters: {
        sent: { inc: () => tally.sent++ },
        failed: { inc: () => tally.failed++ },
        retried: { inc: () => tally.retried++ },
        outcomeUnknown: { inc: () => tally.outcomeUnknown++ },
      },
    });
    worker.start();
    return tally;
  }
  const ended = new Set(['sent', 'failed', 'outcome_unknown']);
  const outcomeOf = async (id: string) => {
    await until(async () => ended.has((await store.getEmail(id))?.status ?? ''), 10_000, 'an outcome');
    return store.getEmail(id);
  };

  it.each(['garbage', 'cut'] as const)(
    'sends an email once when Resend accepts it with an unreadable body (%s): the retry reads the replay',
    async (how) => {
      fake.unreadable(1, how);
      const email = newEmail(1);
      await store.acceptEmails([email]);
      const tally = startWorker(3);
      const stored = await outcomeOf(email.id);
      expect(stored).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
      // The id comes from the replayed answer: Resend's own record of the first request.
      expect(stored?.providerId).toBe(fake.byKey.get(email.id)?.id);
      expect(stored?.events.map((e) => e.type)).toEqual(['queued', 'sending', 'retry', 'sending', 'sent']);
      expect(stored?.events[2]?.detail).toMatch(/^no readable answer from Resend: /);
      expect(tally).toEqual({ sent: 1, failed: 0, retried: 1, outcomeUnknown: 0 });
      expect(fake.keys.get(email.id)).toBe(2);
      expect(fake.counts.replays).toBe(1);
      expect(fake.delivered.filter((m) => m.emailId === email.id)).toHaveLength(1);
    },
  );

  it('ends an email outcome_unknown, not failed, when no attempt gets a readable answer; a webhook settles it', async () => {
    // Every answer spoiled, replays too.
    fake.unreadable(10, 'cut');
    const email = newEmail(1);
    await store.acceptEmails([email]);
    const tally = startWorker(3);
    const stored = await outcomeOf(email.id);
    expect(stored).toMatchObject({ status: 'outcome_unknown', attempts: 3, providerId: null });
    expect(stored?.lastError).toMatch(
      /^no readable answer from Resend: .* \(no readable answer by attempt 3: whether the provider accepted it is unknown\)$/,
    );
    expect(stored?.events.map((e) => e.type)).toEqual([
      'queued',
      'sending',
      'retry',
      'sending',
      'retry',
      'sending',
      'outcome_unknown',
    ]);
    expect(tally).toEqual({ sent: 0, failed: 0, retried: 2, outcomeUnknown: 1 });
    // Resend had it all along, and delivered it once.
    expect(fake.keys.get(email.id)).toBe(3);
    expect(fake.delivered.filter((m) => m.emailId === email.id)).toHaveLength(1);

    // Its webhook events say what happened, by the id tag the email carried.
    const at = new Date();
    expect(
      await store.recordWebhookEvent({ providerEventId: 'evt-d', emailId: email.id, type: 'delivered', at }),
    ).toMatchObject({ kind: 'recorded' });
    expect(await store.getEmail(email.id)).toMatchObject({ status: 'delivered' });
  });

  it('fails an email after MAX_ATTEMPTS when the last try is answered, even if an earlier one was not', async () => {
    fake.unreadable(1, 'garbage');
    const email = newEmail(1);
    await store.acceptEmails([email]);
    // Half a second between the tries, for the fake to start failing.
    const tally = startWorker(2, { baseDelayMs: 500, random: () => 0.999 });
    // The first try is accepted and its answer lost; the next one finds Resend failing.
    await until(async () => fake.counts.unreadable === 1, 10_000, 'the first try');
    fake.setFaults({ serverErrorRate: 1 });
    const stored = await outcomeOf(email.id);
    expect(stored).toMatchObject({ status: 'failed', attempts: 2 });
    expect(stored?.lastError).toMatch(/^Resend answered 500 internal_server_error: .* \(gave up after 2 attempts\)$/);
    expect(tally).toMatchObject({ failed: 1, outcomeUnknown: 0 });
    // As for any `failed` whose first try did go through, Resend's own events correct it.
    expect(fake.delivered.filter((m) => m.emailId === email.id)).toHaveLength(1);
    await store.recordWebhookEvent({ providerEventId: 'evt-s', emailId: email.id, type: 'delivered', at: new Date() });
    expect(await store.getEmail(email.id)).toMatchObject({ status: 'delivered' });
  });

  it('fails an email at once, with the reason, when Resend refuses the request', async () => {
    const email = newEmail(1);
    await store.acceptEmails([email]);
    let failed = 0;
    worker = createWorker({
      store,
      transport: resend(''),
      logger: quietLogger,
      concurrency: 2,
      retry: fastRetry(5),
      pollIntervalMs: 20,
      counters: { failed: { inc: () => failed++ } },
    });
    worker.start();
    await until(async () => failed === 1, 10_000, 'the email to fail');
    expect(await store.getEmail(email.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'Resend answered 422 missing_required_field: Missing `from` field.',
    });
  });

  it('gives up after MAX_ATTEMPTS when the provider keeps failing', async () => {
    fake.setFaults({ serverErrorRate: 1 });
    const email = newEmail(1);
    await store.acceptEmails([email]);
    worker = createWorker({
      store,
      transport: resend(),
      logger: quietLogger,
      concurrency: 2,
      retry: fastRetry(3),
      pollIntervalMs: 20,
    });
    worker.start();
    await until(async () => (await store.getEmail(email.id))?.status === 'failed', 10_000, 'the email to fail');
    const stored = await store.getEmail(email.id);
    expect(stored?.attempts).toBe(3);
    expect(stored?.lastError).toMatch(/^Resend answered 500 internal_server_error: .* \(gave up after 3 attempts\)$/);
    expect(stored?.events.map((e) => e.type)).toEqual([
      'queued',
      'sending',
      'retry',
      'sending',
      'retry',
      'sending',
      'failed',
    ]);
  });

  it('on stop, hands back the emails whose sends do not finish in time', async () => {
    fake.setFaults({ hangRate: 1 });
    const batch = [newEmail(1), newEmail(2)];
    await store.acceptEmails(batch);
    const hungBefore = fake.counts.hung;
    const running = createWorker({
      store,
      transport: resend(),
      logger: quietLogger,
      concurrency: 4,
      retry: fastRetry(3),
      pollIntervalMs: 20,
    });
    running.start();
    await until(async () => (await store.queueDepth()).sending === 2, 10_000, 'both sends to start');
    await until(async () => fake.counts.hung - hungBefore === 2, 10_000, 'both requests to hang');
    await running.stop(100);
    for (const email of batch) {
      const stored = await store.getEmail(email.id);
      expect(stored).toMatchObject({ status: 'queued', leaseOwner: null });
      expect(stored?.events.at(-1)).toMatchObject({ type: 'released' });
    }
  });
});

describe('worker with the mailbox transport', () => {
  it('marks due emails captured (never sent) and leaves scheduled ones for later', async () => {
    const due = newEmail(1);
    const later = { ...newEmail(2), status: 'scheduled' as const, scheduledAt: new Date(Date.now() + 60_000) };
    await store.acceptEmails([due, later]);
    let sent = 0;
    let captured = 0;
    worker = createWorker({
      store,
      transport: mailboxTransport(),
      logger: quietLogger,
      concurrency: 2,
      retry: fastRetry(3),
      pollIntervalMs: 20,
      counters: { sent: { inc: () => sent++ }, captured: { inc: () => captured++ } },
    });
    worker.start();
    await until(async () => (await store.getEmail(due.id))?.status === 'captured', 10_000, 'the email to be captured');
    expect((await store.getEmail(due.id))?.events.map((e) => e.type)).toEqual(['queued', 'sending', 'captured']);
    expect({ sent, captured }).toEqual({ sent: 0, captured: 1 });
    expect(await store.getEmail(later.id)).toMatchObject({ status: 'scheduled', attempts: 0 });
  });

  it('claims a burst of accepted emails together, not one claim per email, and captures them all', async () => {
    let claims = 0;
    const counting: Store = {
      ...store,
      claimBatches: (...args) => {
        claims++;
        return store.claimBatches(...args);
      },
    };
    let captured = 0;
    worker = createWorker({
      store: counting,
      transport: mailboxTransport(),
      logger: quietLogger,
      concurrency: 32,
      retry: fastRetry(3),
      pollIntervalMs: 10_000,
      // Wider than the default 10 ms, so that the burst stays a burst on a loaded machine too.
      gatherMs: 100,
      counters: { captured: { inc: () => captured++ } },
    });
    worker.start();
    await until(async () => claims === 1, 5000, 'the first, empty claim');
    // Requests arriving a millisecond apart, each waking the worker as the API does.
    for (let i = 0; i < 20; i++) {
      await store.acceptEmails([newEmail(i)]);
      worker.wake();
      await sleep(1);
    }
    await until(async () => captured === 20, 10_000, 'all 20 to be captured');
    expect(claims - 1).toBeLessThanOrEqual(8);
  });
});
