import { createRoute, z } from '@hono/zod-openapi';
import { context, trace } from '@opentelemetry/api';
import type { Context, MiddlewareHandler } from 'hono';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { bodyLimit } from '../body-limit.ts';
import { type KeyedLimiter, keyedLimiter, rateLimitedProblem } from '../caller-limits.ts';
import { clientAddress } from '../client-address.ts';
import { EMAIL_ID_TAG } from '../delivery/resend-transport.ts';
import { type App, handle, type RouteModule } from '../http.ts';
import type { Logger } from '../logger.ts';
import { fieldErrors, ProblemError, problem, problemResponses, respondProblem, validationProblem } from '../problem.ts';
import { type ProviderEventResult, type ProviderEventType, providerEventTypes, type Store } from '../store/index.ts';
import { attributes, contextOf, tracer } from '../tracing/spans.ts';
import { UUID } from './params.ts';

/**
 * `POST /webhooks/resend`: Resend's signed events (Svix headers, the `whsec_` secret of
 * RESEND_WEBHOOK_SECRET, 5 minutes of tolerance, as the Standard Webhooks verifier applies).
 * A verified event is recorded once on the email it names and moves its status forward; a
 * bad or stale signature changes nothing. Mounted only when the secret is configured.
 *
 * The route is open to anyone, so what it costs a caller without the secret is kept small: the
 * headers are checked before the body is read (all three present, the timestamp within the
 * tolerance), and the body is capped well below BODY_LIMIT. A fresh timestamp with a made-up
 * signature passes those checks, so each client address has an allowance of failed signatures
 * (as the API has of wrong keys): every 401 from the signature check spends one, and while an
 * address has none left its requests are refused 429 before their body is read. Only failures
 * spend, so Resend's signed events pass whatever their rate. Each refusal before the body is
 * read closes the connection: the unread bytes must not be taken for the client's next request.
 */

const DETAIL_MAX = 500;
/** A 401 names how to authenticate (RFC 9110): here, a Svix signature made with the endpoint's secret. */
const SIGNATURE_CHALLENGE = 'Svix realm="resend-webhooks"';
/** The Standard Webhooks verifier's tolerance: a timestamp further than this from now is refused. */
const TOLERANCE_S = 5 * 60;
/** Failed signatures a client address may send per minute, and at once. */
export const WEBHOOK_FAILURES = { perMinute: 10, burst: 20 } as const;
/**
 * The largest body read. Resend's email events are a few KB: their largest carry the email's
 * tags and a bounce message. 64 KiB leaves room to spare, and is a quarter of the default BODY_LIMIT.
 */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;

/** The parts of Resend's email events the service reads; anything else in them is ignored. */
const resendEventSchema = z
  .looseObject({
    type: z.string().openapi({
      description:
        'The event: `email.sent`, `email.delivered`, `email.delivery_delayed`, `email.bounced`, `email.complained`, `email.opened`, `email.clicked`, `email.failed` move the email; any other is acknowledged and ignored',
      example: 'email.delivered',
    }),
    created_at: z.string().optional().openapi({ description: 'When it happened (RFC 3339); without it, now' }),
    data: z
      .looseObject({
        email_id: z.string().optional().openapi({ description: 'Resend’s id of the email' }),
        tags: z
          .union([
            z.record(z.string(), z.string()),
            z.array(
              z.object({
                name: z.string().openapi({ description: 'The tag’s name' }),
                value: z.string().openapi({ description: 'Its value' }),
              }),
            ),
          ])
          .optional()
          .openapi({ description: 'The email’s tags: `activation_mail_id` names our email' }),
        bounce: z
          .looseObject({
            type: z.string().optional().openapi({ description: 'Permanent or Transient' }),
            subType: z.string().optional().openapi({ description: 'Why, in a word or two' }),
            message: z.string().optional().openapi({ description: 'What the receiving server said' }),
          })
          .optional()
          .openapi({ description: 'For a bounce: its type and message, kept as the event’s detail' }),
        failed: z
          .looseObject({ reason: z.string().optional().openapi({ description: 'Why it failed' }) })
          .optional()
          .openapi({ description: 'For a failure: its reason, kept as the event’s detail' }),
      })
      .openapi({ description: 'The email the event is about' }),
  })
  .openapi('ResendEmailEvent', {
    description:
      'An email event as Resend sends it (only the fields the service reads are listed; others are ignored).',
    example: {
      type: 'email.delivered',
      created_at: '2026-11-24T10:00:00.000Z',
      data: {
        email_id: '4ef9a417-02e9-4d39-ad75-9611e0fcc33c',
        created_at: '2026-11-24T09:59:00.000Z',
        tags: { activation_mail_id: '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f' },
      },
    },
  });
type ResendEvent = z.infer<typeof resendEventSchema>;

const ackSchema = z
  .object({
    status: z.enum(['recorded', 'duplicate', 'ignored']).openapi({
      description: '`recorded`; `duplicate` (recorded already); `ignored` (not an event of an email of ours)',
    }),
  })
  .openapi('WebhookAck', { description: 'What became of the event' });

const svixHeader = (name: string, description: string) =>
  z
    .string()
    .optional()
    .openapi({ param: { name, in: 'header', required: true }, description });

/**
 * The operation, its body documented; the handler reads the raw body itself, since the
 * signature must be checked over the bytes as sent before anything else looks at them.
 */
const documented = createRoute({
  operationId: 'receiveResendEvent',
  method: 'post',
  path: '/webhooks/resend',
  tags: ['Webhooks'],
  summary: 'Resend delivery events',
  description:
    'Verified with the Svix headers and RESEND_WEBHOOK_SECRET. Moves the email’s status: delivered, delivery_delayed, bounced, complained (opened and clicked are recorded and imply delivered). Answers 404 while RESEND_WEBHOOK_SECRET is not set.',
  security: [],
  request: {
    headers: z.object({
      'svix-id': svixHeader('svix-id', 'The event’s id: an event already recorded is recorded once'),
      'svix-timestamp': svixHeader('svix-timestamp', 'Unix seconds; more than 5 minutes away is refused'),
      'svix-signature': svixHeader('svix-signature', 'Signatures over id, timestamp and body with the whsec_ secret'),
    }),
    body: {
      required: true,
      description: 'The event, exactly as Resend signed it',
      content: { 'application/json': { schema: resendEventSchema } },
    },
  },
  responses: {
    200: {
      description: 'Accepted',
      content: { 'application/json': { schema: ackSchema, example: { status: 'recorded' } } },
    },
    ...problemResponses({
      400: 'Signed, but not JSON',
      401: 'Missing, wrong or stale signature',
      404: 'Webhooks are not configured (no RESEND_WEBHOOK_SECRET)',
      429: 'Too many wrong signatures from this address: refused, with Connection: close, before the body is read',
      500: 'Something failed on our side; Resend retries the event',
      413: 'Body larger than 64 KiB (or than BODY_LIMIT, if that is smaller)',
      422: 'Signed, but not an event',
    }),
  },
});

const { body: _readRaw, ...unvalidated } = documented.request;

/** Years the store's timestamps hold as ISO strings; a time outside them (or none) is taken as now. */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);

function eventTime(createdAt: string | undefined): Date {
  const at = createdAt === undefined ? Number.NaN : Date.parse(createdAt);
  return at >= EARLIEST && at <= LATEST ? new Date(at) : new Date();
}

function tagValue(tags: ResendEvent['data']['tags'], name: string): string | undefined {
  if (Array.isArray(tags)) return tags.find((t) => t.name === name)?.value;
  return tags?.[name];
}

function detailOf(event: ResendEvent): string | undefined {
  const { bounce, failed } = event.data;
  const text = bounce
    ? [[bounce.type, bounce.subType].filter(Boolean).join('/'), bounce.message].filter(Boolean).join(': ')
    : failed?.reason;
  return text ? text.slice(0, DETAIL_MAX) : undefined;
}

/** A signature header, by its Svix name or its Standard Webhooks one; '' when absent. */
const signatureHeader = (c: Context, name: 'id' | 'timestamp' | 'signature') =>
  c.req.header(`svix-${name}`) ?? c.req.header(`webhook-${name}`) ?? '';

const unauthorized = (headers: Record<string, string> = {}) =>
  new ProblemError(
    problem('unauthorized', 'The webhook signature is missing, does not match, or is more than 5 minutes old.'),
    { 'WWW-Authenticate': SIGNATURE_CHALLENGE, ...headers },
  );

/**
 * What can be refused from the headers alone, before any of the body is read: a missing id,
 * timestamp or signature, or a timestamp that is not Unix seconds within the tolerance of now.
 * Now is the real clock, as in the verifier's own check once the body is read.
 */
const signatureHeadersFirst: MiddlewareHandler = async (c, next) => {
  const timestamp = signatureHeader(c, 'timestamp');
  const now = Math.floor(Date.now() / 1000);
  const fresh = /^\d{1,15}$/.test(timestamp) && Math.abs(now - Number(timestamp)) <= TOLERANCE_S;
  if (!fresh || !signatureHeader(c, 'id') || !signatureHeader(c, 'signature')) {
    throw unauthorized({ Connection: 'close' });
  }
  await next();
};

/** Bodies over WEBHOOK_BODY_LIMIT are refused unread when announced, and reading stops at it when not. */
const webhookBodyLimit = bodyLimit({
  maxSize: WEBHOOK_BODY_LIMIT,
  onError: (c) =>
    respondProblem(c, problem('payload-too-large', `The request body is larger than ${WEBHOOK_BODY_LIMIT} bytes.`), {
      Connection: 'close',
    }),
});

/**
 * Refuses, before anything else, an address that has spent its allowance of failed signatures.
 * Requests without a socket (`app.request` in-process) share the address `unknown`, as at the
 * API's key gate.
 */
const failuresFirst =
  (throttle: KeyedLimiter): MiddlewareHandler =>
  async (c, next) => {
    const allowance = throttle.check(clientAddress(c), false);
    if (!allowance.allowed) {
      const refusal = rateLimitedProblem(
        allowance,
        throttle,
        'Too many requests with a wrong webhook signature came from your address.',
      );
      throw new ProblemError(refusal.problem, { ...refusal.headers, Connection: 'close' });
    }
    await next();
  };

export interface WebhookRouteDeps {
  store: Store;
  /** RESEND_WEBHOOK_SECRET: the endpoint's signing secret (whsec_…). */
  secret: string;
  logger: Logger;
  /** Failed signatures a client address may send per minute, and at once (WEBHOOK_FAILURES by default); 0 per minute turns the allowance off. */
  failures?: { perMinute: number; burst: number } | undefined;
}

function mount(app: App, { store, secret, logger, failures = WEBHOOK_FAILURES }: WebhookRouteDeps): void {
  let verifier: Webhook;
  try {
    verifier = new Webhook(secret);
  } catch {
    throw new Error('RESEND_WEBHOOK_SECRET: must be the signing secret Resend shows for the endpoint (whsec_…)');
  }
  const log = logger.child({ component: 'webhooks' });
  const throttle = keyedLimiter({
    name: 'webhook-failures',
    perSecond: failures.perMinute / 60,
    burst: failures.burst,
  });
  const middleware = throttle.enabled
    ? [failuresFirst(throttle), signatureHeadersFirst, webhookBodyLimit]
    : [signatureHeadersFirst, webhookBodyLimit];
  const route = { ...documented, request: unvalidated, middleware };

  handle(app, route, async (c) => {
    const payload = await c.req.text();
    const header = (name: 'id' | 'timestamp' | 'signature') => signatureHeader(c, name);
    try {
      verifier.verify(
        payload,
        {
          'webhook-id': header('id'),
          'webhook-timestamp': header('timestamp'),
          'webhook-signature': header('signature'),
        },
        { jsonParse: false },
      );
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      if (throttle.enabled) throttle.check(clientAddress(c));
      throw unauthorized();
    }
    let body: unknown;
    try {
      body = JSON.parse(payload);
    } catch {
      throw new ProblemError(problem('malformed-json', 'The event is not valid JSON.'));
    }
    const parsed = resendEventSchema.safeParse(body);
    if (!parsed.success) throw new ProblemError(validationProblem(fieldErrors(parsed.error.issues)));
    const event = parsed.data;

    const type = event.type.replace(/^email\./, '') as ProviderEventType;
    if (!event.type.startsWith('email.') || !providerEventTypes.includes(type)) {
      return c.json({ status: 'ignored' as const }, 200);
    }
    const ownId = tagValue(event.data.tags, EMAIL_ID_TAG);
    const at = eventTime(event.created_at);
    const started = Date.now();
    const result = await store.recordWebhookEvent({
      providerEventId: header('id'),
      emailId: ownId && UUID.test(ownId) ? ownId.toLowerCase() : undefined,
      providerId: event.data.email_id,
      type,
      at,
      detail: detailOf(event),
    });
    if (result.kind === 'unknown-email') {
      log.info({ type: event.type }, 'webhook event for an email this service did not send: ignored');
      return c.json({ status: 'ignored' as const }, 200);
    }
    traceSettlement(result, type, started);
    return c.json({ status: result.kind }, 200);
  });
}

/**
 * The settlement as a span of the email's own trace (the request that accepted it), linked to
 * this webhook's request, which the provider started in a trace of its own.
 */
function traceSettlement(
  result: Extract<ProviderEventResult, { emailId: string }>,
  type: ProviderEventType,
  startTime: number,
): void {
  const link = trace.getActiveSpan()?.spanContext();
  tracer
    .startSpan(
      `settle email ${type}`,
      {
        startTime,
        attributes: {
          [attributes.emailId]: result.emailId,
          [attributes.providerEventType]: type,
          [attributes.settlement]: result.kind,
        },
        links: link ? [{ context: link }] : [],
      },
      result.traceContext ? contextOf(result.traceContext) : context.active(),
    )
    .end();
}

export const webhookRoutes: RouteModule<WebhookRouteDeps> = { documented: [documented], mount };
