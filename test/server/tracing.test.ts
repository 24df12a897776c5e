import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCustomer } from '../support/app.ts';
import { type FakeResend, startFakeResend } from '../support/fake-resend.ts';
import { type OtlpReceiver, type ReceivedSpan, SpanKinds, startOtlpReceiver } from '../support/otlp-receiver.ts';
import { assertPostgresAvailable, createTestDatabase, postgresUrl } from '../support/postgres.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { signedWebhook } from '../support/signed-webhook.ts';
import { until } from '../support/until.ts';

/**
 * Traces (OpenTelemetry), through the server as `npm start` runs it (the bundle), exporting to
 * an OTLP/HTTP receiver in this process: one email followed from the request that accepted it,
 * through the worker's call to the provider (a fake Resend) and the signed webhook that settles
 * it, to the events out that tell the caller, all in one trace; an activation's emails and
 * events in the trace of the request that created it; nothing personal in any span; and with
 * OTEL_EXPORTER_OTLP_ENDPOINT unset, no SDK loaded and no trace context sent. On
 * PGlite (the store on its own thread) and on PostgreSQL.
 */

assertPostgresAvailable();

/** Preloaded into the server: reports SDK_LOADED when the SDK's chunk of the bundle is loaded. */
const hook = join(import.meta.dirname, '..', 'support', 'report-otel-sdk.ts');
const SDK_LOADED = 'loaded the OpenTelemetry SDK';
const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const EVENTS_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

interface ReceivedEvent {
  headers: IncomingHttpHeaders;
  body: { type: string; data: Record<string, unknown> };
}

/** The caller's endpoint for events out: keeps each delivery, answers 204. */
async function startEventsReceiver() {
  const events: ReceivedEvent[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      events.push({ headers: req.headers, body: JSON.parse(body) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    events,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Resend's webhook for a delivered email, signed as Svix signs it. */
function deliveredWebhook(providerId: string, emailId: string, to: string) {
  const at = new Date().toISOString();
  return signedWebhook(
    {
      type: 'email.delivered',
      created_at: at,
      data: {
        email_id: providerId,
        created_at: at,
        from: 'activation@example.com',
        to: [to],
        subject: 'Activate your online services',
        tags: [{ name: 'activation_mail_id', value: emailId }],
      },
    },
    WEBHOOK_SECRET,
  );
}

const drivers = [
  {
    name: 'PGlite',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'activation-mail-tracing-'));
      return { env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  ...(postgresUrl
    ? [
        {
          name: 'PostgreSQL',
          open: async () => {
            const db = await createTestDatabase();
            return { env: { DATABASE_URL: db.url }, drop: db.drop };
          },
        },
      ]
    : []),
];

describe.each(drivers)('traces on $name', ({ open }) => {
  let fake: FakeResend;
  let otlp: OtlpReceiver;
  let receiver: Awaited<ReturnType<typeof startEventsReceiver>>;
  let store: Awaited<ReturnType<(typeof drivers)[number]['open']>>;

  beforeAll(async () => {
    [fake, otlp, receiver, store] = await Promise.all([
      startFakeResend(),
      startOtlpReceiver(),
      startEventsReceiver(),
      open(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([fake?.close(), otlp?.close(), receiver?.close(), store?.drop()]);
  });

  function start(env: Record<string, string>): ServerProcess {
    return startServerProcess(
      {
        ...store.env,
        RESEND_API_KEY: fake.apiKey,
        RESEND_BASE_URL: fake.url,
        EMAIL_FROM: 'Activation <activation@example.com>',
        RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET,
        EVENTS_WEBHOOK_URL: receiver.url,
        EVENTS_WEBHOOK_SECRET: EVENTS_SECRET,
        LOG_LEVEL: 'info',
        ...env,
      },
      { entry: ['--import', hook, 'dist/server/main.js'] },
    );
  }

  /** Stops the server as a supervisor does (SIGTERM): it exports the spans it still holds before it exits. */
  async function stop(server: ServerProcess): Promise<void> {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }

  const post = (url: string, path: string, body: unknown) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('follows one email from the request to the webhook that settles it, and the events that tell the caller', {
    timeout: 120_000,
  }, async () => {
    const server = start({ OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_SERVICE_NAME: 'activation-mail-test' });
    try {
      const url = await server.listening;
      expect(server.output()).toContain(SDK_LOADED);
      const to = `osm-${randomBytes(4).toString('hex')}@contoso.com`;
      const accepted = await post(url, '/v1/emails', { template: 'activation', data: newCustomer, to });
      expect(accepted.status).toBe(202);
      const { id, subject } = (await accepted.json()) as { id: string; subject: string };

      await until(() => fake.delivered.some((m) => m.emailId === id), 30_000, 'the email to reach the provider');
      const providerId = fake.delivered.find((m) => m.emailId === id)?.id ?? '';
      await until(
        () => receiver.events.some((e) => e.body.type === 'email.sent' && e.body.data.emailId === id),
        30_000,
        'email.sent to go out',
      );
      const settled = await fetch(`${url}/webhooks/resend`, deliveredWebhook(providerId, id, to));
      expect(await settled.json()).toEqual({ status: 'recorded' });
      await until(
        () => receiver.events.some((e) => e.body.type === 'email.delivered' && e.body.data.emailId === id),
        30_000,
        'email.delivered to go out',
      );
      await stop(server);

      // The request that accepted the email starts the trace.
      const request = otlp.spans.find(
        (s) => s.kind === SpanKinds.server && s.attributes['activation_mail.email.id'] === id,
      );
      expect(request).toMatchObject({
        name: 'POST /v1/emails',
        parentSpanId: undefined,
        attributes: {
          'http.request.method': 'POST',
          'http.route': '/v1/emails',
          'url.path': '/v1/emails',
          'http.response.status_code': 202,
          'server.address': '127.0.0.1',
        },
        resource: { 'service.name': 'activation-mail-test' },
      });
      // Its log line leads to it.
      const logged = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line.msg === 'request' && line.method === 'POST' && line.path === '/v1/emails');
      expect(logged).toMatchObject({ trace_id: request?.traceId, span_id: request?.spanId });
      const trace = otlp.spans.filter((s) => s.traceId === request?.traceId);
      const childOfRequest = (s: ReceivedSpan) => s.parentSpanId === request?.spanId;

      // The worker's call to the provider, its child.
      expect(trace.filter((s) => s.name === 'resend send')).toEqual([
        expect.objectContaining({
          kind: SpanKinds.client,
          parentSpanId: request?.spanId,
          attributes: expect.objectContaining({ 'activation_mail.email.id': id, 'activation_mail.email.attempt': 1 }),
        }),
      ]);

      // The webhook's request is a trace of its own (the provider sent no traceparent); the
      // settlement joins the email's trace, linked to it.
      const webhook = otlp.spans.find((s) => s.name === 'POST /webhooks/resend');
      expect(webhook?.traceId).not.toBe(request?.traceId);
      const settlement = trace.find((s) => s.name === 'settle email delivered');
      expect(settlement).toMatchObject({
        parentSpanId: request?.spanId,
        attributes: { 'activation_mail.email.id': id, 'activation_mail.settlement': 'recorded' },
        links: [{ traceId: webhook?.traceId, spanId: webhook?.spanId }],
      });

      // Each event out is a client span of the trace, and its traceparent names that span.
      for (const type of ['email.sent', 'email.delivered']) {
        const delivery = receiver.events.find((e) => e.body.type === type && e.body.data.emailId === id);
        const [, traceId, spanId] = TRACEPARENT.exec(String(delivery?.headers.traceparent)) ?? [];
        expect(traceId, type).toBe(request?.traceId);
        expect(trace.find((s) => s.spanId === spanId)).toMatchObject({
          name: 'POST',
          kind: SpanKinds.client,
          parentSpanId: request?.spanId,
          attributes: { 'activation_mail.event.type': type, 'http.response.status_code': 204 },
        });
      }
      expect(trace.filter(childOfRequest).length).toBeGreaterThanOrEqual(4);

      // Nothing personal anywhere in what was exported: not the address, the subject or a template field's value.
      const exported = otlp.bodies.join('\n');
      for (const secret of [to, subject, newCustomer.organizationName, newCustomer.signUpUrl]) {
        expect(exported).not.toContain(secret);
        for (const span of otlp.spans) expect(JSON.stringify(span.attributes)).not.toContain(secret);
      }
    } finally {
      server.kill();
    }
  });

  it("puts each email of a batch request in the caller's trace, its provider call included, whichever way it is sent", {
    timeout: 120_000,
  }, async () => {
    const server = start({ OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url });
    try {
      const url = await server.listening;
      // The caller's own trace: our request span is its child, and so is everything after.
      const callerTrace = randomBytes(16).toString('hex');
      const callerSpan = randomBytes(8).toString('hex');
      const emails = [1, 2, 3].map((i) => ({
        template: 'activation',
        data: newCustomer,
        to: `osm-${i}-${randomBytes(3).toString('hex')}@contoso.com`,
      }));
      const accepted = await fetch(`${url}/v1/emails/batch`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', traceparent: `00-${callerTrace}-${callerSpan}-01` },
        body: JSON.stringify({ emails }),
      });
      expect(accepted.status).toBe(202);
      const ids = ((await accepted.json()) as { data: { id: string }[] }).data.map((e) => e.id);
      await until(() => ids.every((id) => fake.delivered.some((m) => m.emailId === id)), 30_000, 'every email sent');
      await stop(server);

      const request = otlp.spans.find((s) => s.name === 'POST /v1/emails/batch');
      expect(request).toMatchObject({ traceId: callerTrace, parentSpanId: callerSpan });
      // Sent in one provider request: its span starts a trace of its own, linked to each email's.
      const batch = otlp.spans.find((s) => s.name === 'resend send batch');
      expect(batch?.traceId).not.toBe(callerTrace);
      expect(batch?.links.map((l) => l.attributes['activation_mail.email.id']).sort()).toEqual([...ids].sort());
      // And each email's trace has that call too, a child of the request, linked to the batch's span.
      for (const id of ids) {
        expect(
          otlp.spans.filter((s) => s.name === 'resend send' && s.attributes['activation_mail.email.id'] === id),
          id,
        ).toEqual([
          expect.objectContaining({
            traceId: callerTrace,
            parentSpanId: request?.spanId,
            links: [expect.objectContaining({ traceId: batch?.traceId, spanId: batch?.spanId })],
          }),
        ]);
      }
    } finally {
      server.kill();
    }
  });

  it('puts the emails and events of an activation in the trace of the request that created it', {
    timeout: 120_000,
  }, async () => {
    otlp.spans.length = 0;
    const server = start({ OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_BSP_SCHEDULE_DELAY: '100' });
    try {
      const url = await server.listening;
      const osm = { name: 'Dana Whitfield', email: `dana-${randomBytes(4).toString('hex')}@contoso.com` };
      const created = await post(url, '/v1/activations', {
        enrollment: {
          number: String(60_000_000 + Math.floor(Math.random() * 9_999_999)),
          organizationName: 'Contoso Ltd',
          onlineServicesManager: osm,
        },
        scenario: 'new-customer',
        signUpUrl: 'https://activation.example.com/sign-up?token=1',
      });
      expect(created.status).toBe(201);
      const activation = (await created.json()) as { id: string; emails: { id: string; purpose: string }[] };
      const first = activation.emails.find((e) => e.purpose === 'activation');
      await until(() => fake.delivered.some((m) => m.emailId === first?.id), 30_000, 'the activation email to go out');
      await until(
        () =>
          otlp.spans.some((s) => s.name === 'resend send' && s.attributes['activation_mail.email.id'] === first?.id),
        30_000,
        'the provider call to be exported',
      );
      const request = otlp.spans.find((s) => s.name === 'POST /v1/activations');
      expect(request?.attributes).toMatchObject({
        'activation_mail.activation.id': activation.id,
        'http.response.status_code': 201,
      });
      // Every email the step stored (the activation email, its reminders) is named on the request.
      const named = request?.attributes['activation_mail.email.ids'] ?? request?.attributes['activation_mail.email.id'];
      expect([named].flat()).toEqual(expect.arrayContaining(activation.emails.map((e) => e.id)));
      expect(
        otlp.spans.find((s) => s.name === 'resend send' && s.attributes['activation_mail.email.id'] === first?.id),
      ).toMatchObject({ traceId: request?.traceId, parentSpanId: request?.spanId });
      // Its own events out carry the request's trace too.
      await until(
        () =>
          receiver.events.some(
            (e) => e.body.data.activationId === activation.id && e.body.type.startsWith('activation.'),
          ),
        30_000,
        'the activation event to go out',
      );
      const event = receiver.events.find(
        (e) => e.body.data.activationId === activation.id && e.body.type.startsWith('activation.'),
      );
      expect(TRACEPARENT.exec(String(event?.headers.traceparent))?.[1]).toBe(request?.traceId);
      await stop(server);
      expect(otlp.bodies.join('\n')).not.toContain(osm.email);
    } finally {
      server.kill();
    }
  });

  it('with OTEL_EXPORTER_OTLP_ENDPOINT unset, loads no SDK and sends no traceparent, whatever the caller sent', {
    timeout: 120_000,
  }, async () => {
    const exportsBefore = otlp.bodies.length;
    // A caller's traceparent is not taken up either: nothing here is traced.
    const server = start({});
    try {
      const url = await server.listening;
      const res = await fetch(`${url}/v1/emails`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        },
        body: JSON.stringify({ template: 'activation', data: newCustomer, to: 'osm@contoso.com' }),
      });
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };
      await until(
        () => receiver.events.some((e) => e.body.type === 'email.sent' && e.body.data.emailId === id),
        30_000,
        'email.sent to go out',
      );
      const sent = receiver.events.find((e) => e.body.type === 'email.sent' && e.body.data.emailId === id);
      expect(sent?.headers.traceparent).toBeUndefined();
      expect(server.output()).not.toContain('trace_id');
      await stop(server);
      await sleep(200);
      expect(server.output()).not.toContain(SDK_LOADED);
      expect(otlp.bodies.length).toBe(exportsBefore);
    } finally {
      server.kill();
    }
  });
});

describe('a collector that does not answer', () => {
  it('is reported in the log, never fails a request, and holds the stop for a few seconds at most', {
    timeout: 90_000,
  }, async () => {
    // A port that was open a moment ago and is closed now: every export is refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const dir = mkdtempSync(join(tmpdir(), 'activation-mail-tracing-down-'));
    const server = startServerProcess({
      DATA_DIR: dir,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    try {
      const url = await server.listening;
      const res = await fetch(`${url}/v1/templates`);
      expect(res.status).toBe(200);
      await until(
        () => server.output().includes('traces: the OpenTelemetry SDK reports a problem'),
        30_000,
        'the failed export to be logged',
      );
      // Another request meanwhile, so that spans are waiting at the stop.
      expect((await fetch(`${url}/v1/templates`)).status).toBe(200);
      const stopping = performance.now();
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(performance.now() - stopping).toBeLessThan(8_000);
    } finally {
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
