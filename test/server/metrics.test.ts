import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eachOnItsOwn, type Transport } from '../../server/delivery/transport.ts';
import { createWorker } from '../../server/delivery/worker.ts';
import { createLogger } from '../../server/logger.ts';
import type { Store } from '../../server/store/index.ts';
import { json, newCustomer } from '../support/app.ts';
import { openTestStore, outboxApp } from '../support/outbox.ts';

let store: Store;
let reset: () => Promise<void>;
beforeAll(async () => {
  ({ store, reset } = await openTestStore());
});
afterAll(() => store?.close());
beforeEach(() => reset());

/** The delivery metrics on /metrics (server/metrics.ts), fed by the API and the worker. */

describe('delivery metrics', () => {
  it('count accepted, sent, failed, retried and unknown-outcome emails, and show the queue depth', async () => {
    const { app } = outboxApp(store);
    const metric = async (name: string) => {
      const text = await (await app.request('/metrics')).text();
      return Number(new RegExp(`^${name.replace(/[{}"]/g, '\\$&')} (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
    };
    const to = (who: string) => json({ template: 'activation', data: newCustomer, to: `${who}@contoso.com` });
    await app.request('/v1/emails', to('flaky'));
    await app.request('/v1/emails', to('refused'));
    await app.request('/v1/emails', to('fine'));
    await app.request('/v1/emails', to('silent'));
    await app.request(
      '/v1/emails',
      json({
        template: 'activation',
        data: newCustomer,
        to: 'later@c.com',
        scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
      }),
    );
    expect(await metric('emails_accepted_total')).toBe(5);
    expect(await metric('emails_queue_depth{status="queued"}')).toBe(4);
    expect(await metric('emails_queue_depth{status="scheduled"}')).toBe(1);

    // The first try of "flaky" fails and is retried; "refused" is refused for good; no try of
    // "silent" gets a readable answer.
    const tries = new Map<string, number>();
    const send: Transport['send'] = async (email) => {
      const who = email.to[0]?.split('@')[0] ?? '';
      tries.set(who, (tries.get(who) ?? 0) + 1);
      if (who === 'refused') return { ok: false, retryable: false, reason: 'Resend answered 422 validation_error' };
      if (who === 'flaky' && tries.get(who) === 1) return { ok: false, retryable: true, reason: 'Resend answered 500' };
      if (who === 'silent')
        return { ok: false, retryable: true, unanswered: true, reason: 'no answer from Resend in time' };
      return { ok: true, providerId: `re_${who}` };
    };
    const transport: Transport = { name: 'resend', send, sendBatch: eachOnItsOwn(send) };
    const { metrics } = outboxApp(store);
    const worker = createWorker({
      store,
      transport,
      logger: createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) }),
      concurrency: 4,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 100, random: Math.random },
      pollIntervalMs: 10,
      counters: {
        sent: metrics.emailsSent,
        failed: metrics.emailsFailed,
        retried: metrics.emailsRetried,
        outcomeUnknown: metrics.emailsOutcomeUnknown,
      },
    });
    worker.start();
    const settled = async () =>
      (await metrics.emailsSent.get()).values[0]?.value === 2 &&
      (await metrics.emailsOutcomeUnknown.get()).values[0]?.value === 1;
    try {
      for (let i = 0; i < 200 && !(await settled()); i++) await sleep(20);
    } finally {
      await worker.stop();
    }
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^emails_sent_total 2$/m);
    expect(text).toMatch(/^emails_failed_total 1$/m);
    expect(text).toMatch(/^emails_retried_total 3$/m);
    expect(text).toMatch(/^emails_outcome_unknown_total 1$/m);
    expect(await metric('emails_queue_depth{status="queued"}')).toBe(0);
    expect(await metric('emails_queue_depth{status="scheduled"}')).toBe(1);
  });
});
