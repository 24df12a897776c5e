import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEventDispatcher, type EventDispatcher } from '../../../server/delivery/event-dispatcher.ts';
import { createEventSender, decideEvent } from '../../../server/delivery/event-sender.ts';
import { createLogger } from '../../../server/logger.ts';
import type { Store } from '../../../server/store/index.ts';
import { json, logSink } from '../../support/app.ts';
import { checkEvent } from '../../support/contract.ts';
import { openTestStore, outboxApp } from '../../support/outbox.ts';
import { until } from '../../support/until.ts';

/** Events out: signed per Standard Webhooks, delivered at least once from the store to a loopback receiver. */

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;

interface Received {
  id: string;
  body: { type: string; timestamp: string; data: Record<string, unknown> };
}

/** A receiver as an integrator would write one: it verifies every signature, and can be down. */
async function startReceiver(secret: string) {
  const verifier = new Webhook(secret);
  const received: Received[] = [];
  const refused: string[] = [];
  /** Ids answered 500 once, to see them tried again under the same id. */
  const failOnce = new Set<string>();
  let failFirstOfEach = false;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      try {
        verifier.verify(body, req.headers as Record<string, string>);
      } catch (err) {
        refused.push(err instanceof WebhookVerificationError ? err.message : String(err));
        res.writeHead(401).end();
        return;
      }
      const id = String(req.headers['webhook-id']);
      if (failFirstOfEach && !failOnce.has(id)) {
        failOnce.add(id);
        res.writeHead(500).end();
        return;
      }
      received.push({ id, body: JSON.parse(body) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    refused,
    failOnce,
    failFirst: (on: boolean) => {
      failFirstOfEach = on;
    },
    /** Stops listening: tries meet a refused connection. */
    down: () => new Promise<void>((resolve) => server.close(() => resolve())),
    up: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const fastRetry = { maxAttempts: 100, baseDelayMs: 20, maxDelayMs: 150, maxRetryAfterMs: 1000, random: () => 1 };

const activation = {
  enrollment: {
    number: '62345678',
    organizationName: 'Northwind Traders',
    onlineServicesManager: { email: 'osm@northwind.example' },
  },
  scenario: 'bypass-customer',
  signInUrl: 'https://activation.example.com/in',
  signUpUrl: 'https://activation.example.com/up',
};

describe('events out', () => {
  let store: Store;
  let reset: () => Promise<void>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let dispatcher: EventDispatcher | undefined;

  beforeAll(async () => {
    ({ store, reset } = await openTestStore({ eventsOut: true }));
    receiver = await startReceiver(SECRET);
  });
  afterAll(async () => {
    await receiver?.close();
    await store?.close();
  });
  afterEach(async () => {
    await dispatcher?.stop(100);
    dispatcher = undefined;
    // Every event a receiver got is one the document describes, its body as its webhook says.
    for (const { body } of receiver.received.splice(0)) await checkEvent(body);
    await reset();
  });

  const startDispatcher = (url = receiver.url, secret = SECRET) => {
    dispatcher = createEventDispatcher({
      store,
      sender: createEventSender({ url, secret, timeoutMs: 2000 }),
      logger: createLogger({ level: 'silent', destination: logSink().stream }),
      retry: fastRetry,
      pollIntervalMs: 20,
    });
    dispatcher.start();
    return dispatcher;
  };

  it('delivers every event type, signed, at least once, to a receiver that was down and came back', async () => {
    const { app } = outboxApp(store, { EVENTS_WEBHOOK_URL: receiver.url, EVENTS_WEBHOOK_SECRET: SECRET });
    await receiver.down();
    startDispatcher();

    const created = await (await app.request('/v1/activations', json(activation))).json();
    // The worker sends the activation email; the provider reports it delivered, then a bounce.
    const claimed = await store.claimDue('w', 10, 60_000);
    await store.markSent(claimed[0]?.id ?? '', 'w', 're_1');
    const emailId = created.emails[0].id;
    await store.recordWebhookEvent({ providerEventId: 'p1', emailId, type: 'delivery_delayed', at: new Date() });
    await store.recordWebhookEvent({ providerEventId: 'p2', emailId, type: 'delivered', at: new Date() });
    await store.recordWebhookEvent({ providerEventId: 'p3', emailId, type: 'complained', at: new Date() });
    await app.request(
      `/v1/activations/${created.id}/choice`,
      json({ option: 'sign-in', onlineServicesId: 'osm@northwind.onmicrosoft.com' }),
    );
    await app.request(
      `/v1/activations/${created.id}/provisioned`,
      json({
        subscriptions: [{ service: 'Exchange Online', quantity: 5 }],
        subscriptionsUrl: 'https://p.example.com/s',
      }),
    );
    // The acknowledgement fails for good at the provider.
    const [ack] = await store.claimDue('w', 1, 60_000);
    await store.markFailed(ack?.id ?? '', 'w', 'Resend answered 422: invalid recipient');
    // A second email bounces.
    const [confirmation] = await store.claimDue('w', 1, 60_000);
    await store.markSent(confirmation?.id ?? '', 'w', 're_3');
    await store.recordWebhookEvent({
      providerEventId: 'p4',
      emailId: confirmation?.id,
      type: 'bounced',
      at: new Date(),
    });
    await app.request(`/v1/activations/${created.id}/cancel`, { method: 'POST' });

    // Down for a while: tries fail and are retried with backoff; nothing is lost.
    await sleep(300);
    expect(receiver.received).toEqual([]);
    expect((await store.eventDepth()).delivered).toBe(0);
    receiver.failFirst(true);
    await receiver.up();

    const types = [
      'activation.created',
      'email.sent',
      'email.delivery_delayed',
      'email.delivered',
      'email.complained',
      'activation.needs_attention',
      'activation.choice_recorded',
      'activation.provisioned',
      'email.failed',
      'email.bounced',
      'activation.canceled',
    ];
    await until(async () => (await store.eventDepth()).delivered === types.length + 1, 10_000, 'every event delivered');
    expect(receiver.refused).toEqual([]);
    const seen = receiver.received.map((r) => r.body.type);
    for (const type of types) expect(seen).toContain(type);
    // Each was refused once (500) and delivered on a later try under the same webhook-id.
    expect(new Set(receiver.received.map((r) => r.id))).toEqual(receiver.failOnce);
    expect(await store.eventDepth()).toEqual({ pending: 0, delivering: 0, delivered: types.length + 1, failed: 0 });
    expect(await (await app.request('/metrics')).text()).toContain(
      `events_out{status="delivered"} ${types.length + 1}`,
    );

    const createdEvent = receiver.received.find((r) => r.body.type === 'activation.created');
    expect(createdEvent?.body).toMatchObject({
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: { activationId: created.id, enrollmentNumber: '62345678', state: 'awaiting-choice' },
    });
    const bounced = receiver.received.find((r) => r.body.type === 'email.bounced');
    expect(bounced?.body.data).toMatchObject({ emailId: confirmation?.id, activationId: created.id });
    receiver.failFirst(false);
  });

  it('tells of an email whose outcome is unknown, without taking it for a wrong contact; the provider’s event follows', async () => {
    const { app } = outboxApp(store, { EVENTS_WEBHOOK_URL: receiver.url, EVENTS_WEBHOOK_SECRET: SECRET });
    startDispatcher();
    const before = receiver.received.length;
    const created = await (await app.request('/v1/activations', json(activation))).json();
    const [email] = await store.claimDue('w', 10, 60_000);
    const reason = 'no answer from Resend in time (no readable answer by attempt 8)';
    expect(await store.markOutcomeUnknown(email?.id ?? '', 'w', reason)).toBe(true);
    await store.recordWebhookEvent({ providerEventId: 'u1', emailId: email?.id, type: 'delivered', at: new Date() });

    await until(() => receiver.received.length - before >= 3, 10_000, 'three events');
    await sleep(100);
    const events = receiver.received.slice(before).map((r) => r.body);
    expect(events.map((e) => e.type)).toEqual(['activation.created', 'email.outcome_unknown', 'email.delivered']);
    expect(events[1]?.data).toMatchObject({ emailId: email?.id, activationId: created.id, detail: reason });
    const view = await (await app.request(`/v1/activations/${created.id}`)).json();
    expect(view.needsAttention).toBe(false);
    // On the timeline too (the reminders' `email.accepted` aside).
    const steps = view.events.map((e: { type: string }) => e.type).filter((t: string) => t !== 'email.accepted');
    expect(steps).toEqual(['activation.created', 'email.outcome_unknown', 'email.delivered']);
  });

  it('signs for real: a receiver holding another secret refuses every event, which stays undelivered', async () => {
    const { app } = outboxApp(store, { EVENTS_WEBHOOK_URL: receiver.url, EVENTS_WEBHOOK_SECRET: SECRET });
    const forged = `whsec_${randomBytes(24).toString('base64')}`;
    startDispatcher(receiver.url, forged);
    const before = receiver.refused.length;
    const receivedBefore = receiver.received.length;
    await app.request('/v1/activations', json(activation));
    await until(() => receiver.refused.length > before, 5000, 'the forged event to be refused');
    expect(receiver.refused.at(-1)).toMatch(/No matching signature found/);
    expect(receiver.received).toHaveLength(receivedBefore);
    expect((await store.eventDepth()).delivered).toBe(0);
  });

  it('gives an event up only once it is older than the retry window', () => {
    const down = { ok: false, reason: 'the endpoint answered 503' } as const;
    expect(decideEvent(fastRetry, 60_000, 3, 1000, down)).toMatchObject({ action: 'retry', delayMs: 80 });
    expect(decideEvent(fastRetry, 60_000, 3, 59_990, down)).toMatchObject({ action: 'fail' });
    expect(decideEvent(fastRetry, 60_000, 3, 1000, { ok: true })).toEqual({ action: 'delivered' });
    expect(decideEvent(fastRetry, 60_000, 1, 0, { ...down, retryAfterMs: 700 })).toMatchObject({ delayMs: 700 });
  });
});

describe('without EVENTS_WEBHOOK_URL', () => {
  it('queues no event at all', async () => {
    const { store } = await openTestStore();
    try {
      const { app } = outboxApp(store);
      const created = await (await app.request('/v1/activations', json(activation))).json();
      const [email] = await store.claimDue('w', 10, 60_000);
      await store.markSent(email?.id ?? '', 'w', 're_1');
      await store.recordWebhookEvent({
        providerEventId: 'x',
        emailId: created.emails[0].id,
        type: 'bounced',
        at: new Date(),
      });
      await app.request(`/v1/activations/${created.id}/cancel`, { method: 'POST' });
      expect(await store.eventDepth()).toEqual({ pending: 0, delivering: 0, delivered: 0, failed: 0 });
      expect((await (await app.request(`/v1/activations/${created.id}`)).json()).needsAttention).toBe(true);
    } finally {
      await store.close();
    }
  });
});
