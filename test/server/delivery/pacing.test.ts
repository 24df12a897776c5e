import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { v7 } from 'uuid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type BudgetRule,
  emptyBudget,
  giveBack,
  PACE_SHARE_OF_LIMIT,
  pause,
  reserve,
  ruleFor,
} from '../../../server/delivery/pacing-rule.ts';
import { eachOutcome, resendTransport } from '../../../server/delivery/resend-transport.ts';
import { decide, type RetryPolicy } from '../../../server/delivery/retry-policy.ts';
import { localBudget } from '../../../server/delivery/send-budget.ts';
import { createWorker, type Worker } from '../../../server/delivery/worker.ts';
import { createLogger } from '../../../server/logger.ts';
import { packBody } from '../../../server/store/body-codec.ts';
import { type NewEmail, openStore, type Store } from '../../../server/store/index.ts';
import { type FakeResend, startFakeResend } from '../../support/fake-resend.ts';
import { TRUNCATE_ALL } from '../../support/outbox.ts';
import { until } from '../../support/until.ts';

/**
 * Delivery at the provider's pace: the budget's rule on its own, then the worker on PGlite
 * against a fake Resend that enforces a rate limit, quotas and the batch endpoint as Resend
 * documents them. (Two instances on one PostgreSQL and a kill mid-batch run as real
 * processes in crash-and-scale-out.test.ts.)
 */

describe('the request budget (pure)', () => {
  const rule: BudgetRule = { intervalMs: 200, horizonMs: 1000 };

  it('grants slots one interval apart, as far as the horizon, and then says how long to wait', () => {
    const first = reserve(emptyBudget, rule, 10_000, 10);
    expect(first.slots).toEqual([10_000, 10_200, 10_400, 10_600, 10_800, 11_000]);
    const none = reserve(first.state, rule, 10_000, 1);
    expect(none.slots).toEqual([]);
    expect(none.waitMs).toBe(200);
    // Time passes: the next slot is where the last one left off, never sooner.
    expect(reserve(first.state, rule, 10_300, 1).slots).toEqual([11_200]);
  });

  it('starts from now after an idle time: unused time is not saved up into a burst', () => {
    const { state } = reserve(emptyBudget, rule, 0, 1);
    expect(reserve(state, rule, 60_000, 3).slots).toEqual([60_000, 60_200, 60_400]);
  });

  it('takes back the latest unused slots, and only those', () => {
    const { state, slots } = reserve(emptyBudget, rule, 0, 4);
    const back = giveBack(state, rule, slots.slice(2));
    expect(reserve(back, rule, 0, 1).slots).toEqual([400]);
    // A slot with later ones granted after it cannot come back.
    expect(giveBack(state, rule, [slots[1] ?? 0])).toEqual(state);
  });

  it('grants nothing before a pause the provider asked for ends', () => {
    const paused = pause(emptyBudget, 5000);
    expect(reserve(paused, rule, 0, 1)).toMatchObject({ slots: [], waitMs: 4000 });
    expect(reserve(paused, rule, 4500, 2).slots).toEqual([5000, 5200]);
    // A shorter pause does not cut a longer one.
    expect(pause(paused, 1000)).toEqual(paused);
  });

  it('paces a little under the limit, so jitter never puts one request too many into a second', () => {
    expect(ruleFor(5).intervalMs).toBeCloseTo(200 / PACE_SHARE_OF_LIMIT);
    expect(PACE_SHARE_OF_LIMIT).toBeGreaterThanOrEqual(0.95);
  });
});

describe('provider answers', () => {
  const policy: RetryPolicy = {
    maxAttempts: 1,
    baseDelayMs: 10,
    maxDelayMs: 20,
    maxRetryAfterMs: 60_000,
    random: () => 0.5,
    quotaProbeMs: 5000,
  };

  it('a rate or concurrency refusal waits without counting, even on the last attempt', () => {
    const rate = { ok: false, retryable: true, reason: '429', limit: 'rate', retryAfterMs: 1000 } as const;
    expect(decide(policy, 1, rate)).toEqual({ action: 'wait', limit: 'rate', delayMs: 1000, reason: '429' });
    const busy = { ok: false, retryable: true, reason: '409', limit: 'concurrent' } as const;
    expect(decide(policy, 1, busy)).toMatchObject({ action: 'wait', limit: 'concurrent', delayMs: 1000 });
  });

  it('a spent quota parks until its Retry-After, or for the probe time', () => {
    const daily = { ok: false, retryable: true, reason: 'quota', limit: 'daily-quota' } as const;
    expect(decide(policy, 1, daily)).toMatchObject({ action: 'park', limit: 'daily-quota', delayMs: 5000 });
    expect(decide(policy, 1, { ...daily, retryAfterMs: 60_000 })).toMatchObject({ delayMs: 60_000 });
  });

  it('maps a permissive batch answer back to each email by index', () => {
    const outcomes = eachOutcome(4, [{ id: 'a' }, { id: 'c' }, { id: 'd' }], [{ index: 1, message: 'Invalid `to`' }]);
    expect(outcomes).toEqual([
      { ok: true, providerId: 'a' },
      { ok: false, retryable: false, reason: 'Resend refused this email in its batch: Invalid `to`' },
      { ok: true, providerId: 'c' },
      { ok: true, providerId: 'd' },
    ]);
  });
});

const quietLogger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const FROM = 'Activation <activation@example.com>';
const retry: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 10,
  maxDelayMs: 200,
  maxRetryAfterMs: 5000,
  random: Math.random,
  quotaProbeMs: 300,
};

const newEmail = (i: number, to = `osm${i}@contoso.example`): NewEmail => ({
  id: v7(),
  template: 'activation',
  data: { i },
  to: [to],
  subject: `Activate ${i}`,
  html: packBody('html', `<p>Email ${i}</p>`),
  text: packBody('text', `Email ${i}`),
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
  fake = await startFakeResend({}, { limits: { rateLimit: 5, refusedDomain: 'refused.example' } });
});
afterAll(async () => {
  await store?.close();
  await fake?.close();
});
beforeEach(async () => {
  await pglite.exec(TRUNCATE_ALL);
  fake.delivered.length = 0;
  fake.arrivals.length = 0;
  fake.perSecond.clear();
  for (const count of Object.keys(fake.counts) as (keyof FakeResend['counts'])[]) fake.counts[count] = 0;
  fake.setFaults({});
  fake.unreadable(0);
  fake.setLimits({ rateLimit: 5, refusedDomain: 'refused.example' });
  fake.resetQuotas();
});
afterEach(async () => {
  await worker?.stop(100);
  worker = undefined;
});

function startWorker({
  rate = 5,
  batchSize = 100,
  apiKey = fake.apiKey,
}: {
  rate?: number;
  batchSize?: number;
  apiKey?: string;
} = {}) {
  const tally = { sent: 0, failed: 0, refused: [] as string[], parked: 0, sizes: [] as number[] };
  worker = createWorker({
    store,
    transport: resendTransport({ apiKey, from: FROM, baseUrl: fake.url }),
    logger: quietLogger,
    concurrency: 4,
    retry,
    pollIntervalMs: 50,
    budget: localBudget(ruleFor(rate)),
    batchSize,
    counters: { sent: { inc: () => tally.sent++ }, failed: { inc: () => tally.failed++ } },
    observer: {
      refused: (limit) => tally.refused.push(limit),
      parked: (_quota, n) => {
        tally.parked += n;
      },
      requestSize: (n) => tally.sizes.push(n),
    },
  });
  worker.start();
  return tally;
}

/** Each email delivered by the fake exactly once, and nothing else. */
function expectEachDeliveredOnce(emails: NewEmail[]) {
  const delivered = fake.delivered.map((m) => m.emailId);
  expect(delivered).toHaveLength(emails.length);
  expect(new Set(delivered)).toEqual(new Set(emails.map((e) => e.id)));
}

describe('the worker against a rate-limited Resend', () => {
  it('delivers 1,000 emails accepted at once in batches: each once, none failed, in under 10 s', {
    timeout: 60_000,
  }, async () => {
    const emails = Array.from({ length: 1000 }, (_, i) => newEmail(i));
    for (let i = 0; i < emails.length; i += 250) await store.acceptEmails(emails.slice(i, i + 250));
    const started = Date.now();
    const tally = startWorker();
    await until(() => tally.sent === emails.length, 30_000, 'every email sent');
    const elapsed = Date.now() - started;

    expect(elapsed).toBeLessThan(10_000);
    expect(tally.failed).toBe(0);
    expectEachDeliveredOnce(emails);
    expect(await store.queueDepth()).toEqual({ queued: 0, scheduled: 0, sending: 0 });
    // Next to none of the requests refused for the rate: of about a dozen, at most two. The pace
    // keeps 3% from the limit, but the fake stamps arrivals on this same busy process's clock,
    // so on a loaded machine two requests sent a slot apart can be stamped in one second.
    expect(fake.counts.overLimit).toBeLessThanOrEqual(2);
    expect(fake.busiestSecond()).toBeLessThanOrEqual(5);
    expect(Math.max(...tally.sizes)).toBe(100);
    // Each batch went out in Resend's permissive mode under a key of its own.
    const keys = new Set(fake.delivered.map((m) => m.idempotencyKey));
    expect(keys.size).toBe(10);
    expect([...keys].every((key) => key?.startsWith('batch-'))).toBe(true);
  });

  it('sends one email a request at 95% of the limit or more, without a storm of 429s', {
    timeout: 60_000,
  }, async () => {
    fake.setLimits({ rateLimit: 10 });
    const emails = Array.from({ length: 50 }, (_, i) => newEmail(i));
    await store.acceptEmails(emails);
    const tally = startWorker({ rate: 10, batchSize: 1 });
    await until(() => tally.sent === emails.length, 30_000, 'every email sent');

    expectEachDeliveredOnce(emails);
    expect(fake.counts.overLimit).toBe(0);
    expect(fake.busiestSecond()).toBeLessThanOrEqual(10);
    const first = fake.arrivals[0] ?? 0;
    const last = fake.arrivals.at(-1) ?? 0;
    const perSecond = ((fake.arrivals.length - 1) * 1000) / (last - first);
    expect(perSecond).toBeGreaterThanOrEqual(9.5);
    expect(fake.delivered.every((m) => !m.batch && m.idempotencyKey === m.emailId)).toBe(true);
  });

  it('fails only the email Resend refuses in a batch, and sends the rest', { timeout: 30_000 }, async () => {
    const emails = Array.from({ length: 10 }, (_, i) => newEmail(i, i === 3 ? 'nobody@refused.example' : undefined));
    await store.acceptEmails(emails);
    const tally = startWorker();
    await until(() => tally.sent + tally.failed === emails.length, 10_000, 'every outcome');

    expect(tally).toMatchObject({ sent: 9, failed: 1 });
    expect(fake.counts.batchRequests).toBeGreaterThanOrEqual(1);
    const refused = await store.getEmail(emails[3]?.id ?? '');
    expect(refused).toMatchObject({ status: 'failed', attempts: 1 });
    expect(refused?.lastError).toMatch(/Resend refused this email in its batch: Invalid `to` field/);
    for (const email of emails.filter((_, i) => i !== 3)) {
      const sent = await store.getEmail(email.id);
      expect(sent?.status).toBe('sent');
      expect(sent?.providerId).toBe(fake.delivered.find((m) => m.emailId === email.id)?.id);
    }
  });

  it('sends a batch Resend accepted with an unreadable body once: its retry under the same key reads the replay', {
    timeout: 30_000,
  }, async () => {
    fake.unreadable(1, 'cut');
    const emails = Array.from({ length: 10 }, (_, i) => newEmail(i, i === 3 ? 'nobody@refused.example' : undefined));
    await store.acceptEmails(emails);
    const tally = startWorker();
    await until(() => tally.sent + tally.failed === emails.length, 10_000, 'every outcome');

    // The replay says what the lost answer said: the member Resend refused fails alone.
    expect(tally).toMatchObject({ sent: 9, failed: 1 });
    expect(fake.counts).toMatchObject({ requests: 2, batchRequests: 2, unreadable: 1, replays: 1 });
    expectEachDeliveredOnce(emails.filter((_, i) => i !== 3));
    for (const [i, email] of emails.entries()) {
      const stored = await store.getEmail(email.id);
      expect(stored).toMatchObject({ status: i === 3 ? 'failed' : 'sent', attempts: 2 });
      if (i !== 3) expect(stored?.providerId).toBe(fake.delivered.find((m) => m.emailId === email.id)?.id);
      expect(stored?.events.filter((e) => e.type === 'retry')).toHaveLength(1);
    }
  });

  it('ends every member outcome_unknown when no try of the batch gets a readable answer', {
    timeout: 30_000,
  }, async () => {
    fake.unreadable(10, 'garbage');
    const emails = Array.from({ length: 10 }, (_, i) => newEmail(i));
    await store.acceptEmails(emails);
    const tally = startWorker();
    const unknown = async () => (await store.listEmails({ status: 'outcome_unknown', limit: 100 })).length;
    await until(async () => (await unknown()) === emails.length, 10_000, 'every outcome');

    expect(tally).toMatchObject({ sent: 0, failed: 0 });
    // One batch, tried MAX_ATTEMPTS times under one key; Resend delivered each member once.
    expect(fake.counts).toMatchObject({ requests: 3, batchRequests: 3, unreadable: 3, replays: 2 });
    const key = (await store.getEmail(emails[0]?.id ?? ''))?.batchKey;
    expect(key).toMatch(/^batch-/);
    expect(fake.keys.get(key ?? '')).toBe(3);
    expectEachDeliveredOnce(emails);
    for (const email of emails) {
      expect(await store.getEmail(email.id)).toMatchObject({ attempts: 3, batchKey: key });
    }
  });

  it('retries an email alone when its last try may have reached Resend, even with new emails due beside it', {
    timeout: 30_000,
  }, async () => {
    // The first try of `first` went out alone, keyed by its id, and its answer was lost.
    const first = newEmail(0);
    await store.acceptEmails([first]);
    const [claimed] = await store.claimBatches({
      owner: 'earlier-worker',
      requests: 1,
      batchSize: 100,
      leaseMs: 60_000,
    });
    expect(claimed?.key).toBeUndefined();
    fake.unreadable(1, 'cut');
    const transport = resendTransport({ apiKey: fake.apiKey, from: FROM, baseUrl: fake.url });
    const [outgoing] = claimed?.emails ?? [];
    if (!outgoing) throw new Error('nothing claimed');
    expect(await transport.send(outgoing, AbortSignal.timeout(5000))).toMatchObject({ unanswered: true });
    await store.markRetry(first.id, 'earlier-worker', 0, 'no readable answer from Resend');
    // Four new emails are due at the same moment.
    const later = Array.from({ length: 4 }, (_, i) => newEmail(i + 1));
    await store.acceptEmails(later);

    const tally = startWorker();
    await until(() => tally.sent === 5, 10_000, 'every email sent');
    // In a batch it would be a new request under a new key, and Resend would send it again.
    expectEachDeliveredOnce([first, ...later]);
    expect(fake.keys.get(first.id)).toBe(2);
    expect(fake.counts.replays).toBe(1);
    expect(new Set(later.map((e) => fake.delivered.find((m) => m.emailId === e.id)?.idempotencyKey)).size).toBe(1);
  });

  it('fails the emails of a batch Resend refuses as a whole (a bad key) after one try each on its own', {
    timeout: 30_000,
  }, async () => {
    const emails = Array.from({ length: 3 }, (_, i) => newEmail(i));
    await store.acceptEmails(emails);
    const tally = startWorker({ apiKey: 're_revoked' });
    await until(() => tally.failed === emails.length, 10_000, 'every email to fail');
    await sleep(300);
    // The batch once, then each email alone; never the batch again and again.
    expect(fake.counts.requests).toBe(4);
    for (const email of emails) {
      const stored = await store.getEmail(email.id);
      expect(stored).toMatchObject({ status: 'failed', attempts: 2, batchKey: null });
      expect(stored?.lastError).toMatch(/^Resend answered 401 missing_api_key: /);
      expect(stored?.events.map((e) => e.type)).toEqual(['queued', 'sending', 'unbatched', 'sending', 'failed']);
    }
  });

  it('parks delivery when the daily quota is spent, and resumes when it resets, with nothing failed', {
    timeout: 30_000,
  }, async () => {
    fake.setLimits({ rateLimit: 5, dailyQuota: 30 });
    const emails = Array.from({ length: 60 }, (_, i) => newEmail(i));
    await store.acceptEmails(emails);
    const tally = startWorker({ batchSize: 10 });
    await until(() => tally.parked > 0, 10_000, 'the quota to park delivery');
    expect(tally.sent).toBe(30);
    expect(tally.refused).toContain('daily-quota');
    expect(worker?.pausedUntil()).toBeGreaterThan(0);
    // While parked, the queue waits: probes only, one request each time the park ends.
    const requestsParked = fake.counts.requests;
    await sleep(200);
    expect(fake.counts.requests - requestsParked).toBeLessThanOrEqual(1);

    fake.resetQuotas();
    await until(() => tally.sent === emails.length, 10_000, 'delivery to resume');
    expect(tally.failed).toBe(0);
    expectEachDeliveredOnce(emails);
    const parked = (await Promise.all(emails.map(async (e) => (await store.getEmail(e.id))?.events ?? []))).filter(
      (events) => events.some((event) => event.type === 'parked'),
    );
    expect(parked.length).toBeGreaterThanOrEqual(10);
    // A parked try is not counted: every email was sent at its first counted attempt.
    for (const email of emails) expect((await store.getEmail(email.id))?.attempts).toBe(1);
    const detail = parked[0]?.find((event) => event.type === 'parked')?.detail;
    expect(detail).toMatch(/daily_quota_exceeded.*not counted as an attempt/);
  });

  it('waits out a 429 without spending an attempt, and never fails an email for it', { timeout: 30_000 }, async () => {
    fake.setFaults({ rateLimitRate: 0.5, retryAfterSeconds: 0 });
    const emails = Array.from({ length: 12 }, (_, i) => newEmail(i));
    await store.acceptEmails(emails);
    const tally = startWorker({ rate: 50, batchSize: 1 });
    await until(() => tally.sent === emails.length, 20_000, 'every email sent');
    expect(tally.failed).toBe(0);
    expect(fake.counts.rateLimited).toBeGreaterThan(0);
    expect(tally.refused.filter((r) => r === 'rate').length).toBe(fake.counts.rateLimited + fake.counts.overLimit);
    for (const email of emails) expect((await store.getEmail(email.id))?.attempts).toBe(1);
  });
});
