import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { templateNames } from '../../emails/_catalog/index.ts';
import { eachOnItsOwn, type Transport } from '../../server/delivery/transport.ts';
import { createWorker } from '../../server/delivery/worker.ts';
import { createLogger } from '../../server/logger.ts';
import type { Store } from '../../server/store/index.ts';
import { openTestStore, outboxApp, storedCount } from '../support/outbox.ts';
import { json, newCustomer, PROBLEM_JSON } from './fixtures.ts';

let store: Store;
let reset: () => Promise<void>;
beforeAll(async () => {
  ({ store, reset } = await openTestStore());
});
afterAll(() => store?.close());
beforeEach(() => reset());

describe('POST /v1/emails under arbitrary input', () => {
  const address = fc.oneof(
    fc.constantFrom('osm@contoso.com', 'a.b+c@sub.example.org'),
    fc.emailAddress(),
    fc.string({ maxLength: 40 }),
    fc.constantFrom('"Boss" <boss@c.com>', 'a@c.com, b@c.com', 'a@c.com\r\nBcc: x@y.com', ''),
  );
  const addresses = fc.oneof(address, fc.array(address, { maxLength: 4 }), fc.jsonValue());
  const contact = fc.oneof(
    fc.record({ name: fc.oneof(fc.string(), fc.constant('Dana\nEvil')), email: address }, { requiredKeys: ['email'] }),
    fc.jsonValue(),
  );
  const data = fc.oneof(
    fc.constant(newCustomer),
    fc
      .record({ key: fc.constantFrom(...Object.keys(newCustomer), 'signInUrl', 'services'), value: fc.jsonValue() })
      .map(({ key, value }) => ({ ...newCustomer, [key]: value })),
    fc.jsonValue(),
  );
  const field = {
    template: fc.oneof(fc.constantFrom(...templateNames), fc.jsonValue()),
    data,
    to: addresses,
    enrollment: fc.oneof(
      fc.record(
        { onlineServicesManager: contact, vlscAdministrator: contact, noticesContact: contact },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    ),
    cc: addresses,
    bcc: addresses,
    replyTo: addresses,
    locale: fc.oneof(fc.constant('en-US'), fc.jsonValue()),
    tags: fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })), fc.jsonValue()),
    scheduledAt: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string(),
      fc.jsonValue(),
    ),
    unknownField: fc.jsonValue(),
  };
  const valid = { template: 'activation', data: newCustomer, to: 'osm@contoso.com' };
  // Bodies near the valid shape find more than noise: a valid body with one field changed.
  const nearlyValid = fc
    .record({ key: fc.constantFrom(...Object.keys(field)), value: fc.jsonValue() })
    .chain(({ key }) => field[key as keyof typeof field].map((value) => ({ ...valid, [key]: value })));
  const body = fc.oneof(
    { weight: 4, arbitrary: nearlyValid.map((b) => JSON.stringify(b)) },
    { weight: 6, arbitrary: fc.record(field, { requiredKeys: [] }).map((b) => JSON.stringify(b)) },
    {
      weight: 2,
      arbitrary: fc
        .record({ emails: fc.array(fc.record(field, { requiredKeys: [] }), { maxLength: 3 }) })
        .map((b) => JSON.stringify(b)),
    },
    { weight: 1, arbitrary: fc.json() },
    { weight: 1, arbitrary: fc.string() },
  );

  it('never answers 5xx, answers problem+json whenever it refuses, and stores nothing then', async () => {
    const { app } = outboxApp(store);
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/v1/emails', '/v1/emails/batch'), body, async (path, text) => {
        const before = await storedCount(store);
        const res = await app.request(path, json(text));
        expect(res.status).toBeLessThan(500);
        if (res.status === 202) {
          const answer = await res.json();
          accepted += path.endsWith('batch') ? answer.data.length : 1;
        } else {
          expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
          const problem = await res.json();
          expect(problem.status).toBe(res.status);
          expect(await storedCount(store)).toBe(before);
        }
      }),
      { numRuns: 250 },
    );
    expect(accepted).toBeGreaterThan(0);
    expect(await storedCount(store)).toBe(accepted);
  });
});

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
