import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { v7 } from 'uuid';
import { type LinkPolicy, templateNames } from '../../emails/_catalog/index.ts';
import type { App, RouteDeps } from '../app.ts';
import { bearerSecurity } from '../auth.ts';
import { IDEMPOTENCY_HEADER, idempotencyKeyError, REPLAYED_HEADER, startIdempotent } from '../idempotency.ts';
import { unsafeJson } from '../json-guard.ts';
import { apiProblemResponses, ProblemError, problem, rateLimitHeaders, validationProblem } from '../problem.ts';
import { emailStatuses, IdempotencyLostError, type NewEmail, type Store } from '../store/index.ts';
import { invalidBody, rejectBody } from './body-validation.ts';
import {
  sendBatchSchema,
  sendEmailSchema,
  type Validation,
  type ValidEmailRequest,
  validateBatchRequest,
  validateEmailRequest,
} from './email-request.ts';
import {
  acceptedEmailSchema,
  decodeCursor,
  emailListSchema,
  emailSchema,
  emailView,
  encodeCursor,
  summaryView,
  UUID,
} from './email-view.ts';
import { pageQuery } from './page-query.ts';

/**
 * Sending and following emails. An email is validated, its recipient resolved, rendered and
 * committed (with its idempotency record) before the 202, so a 202 means it will be delivered
 * even if the process dies the next moment, and a template problem is the caller's 422 now.
 */

export const idempotencyHeader = z.object({
  [IDEMPOTENCY_HEADER]: z
    .string()
    .regex(/^[\x20-\x7e]{1,255}$/, { error: 'must be 1 to 255 printable ASCII characters' })
    .optional()
    .openapi({
      param: { name: IDEMPOTENCY_HEADER, in: 'header' },
      description:
        'Up to 255 printable ASCII characters. Kept 24 hours: the same key and body again answer the first response (with `Idempotent-Replayed: true`); another body is a 422; while the first request runs, 409.',
      example: 'order-4711-activation',
    }),
});

export const idParam = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }),
});

export const replayedHeader = {
  [REPLAYED_HEADER]: {
    description: '`true` when this is the stored answer to an earlier request with the same key',
    schema: { type: 'string' as const, enum: ['true'] },
  },
  ...rateLimitHeaders,
};

const sendProblems = apiProblemResponses({
  400: 'Malformed JSON',
  409: 'A request with this Idempotency-Key is still being processed',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'The body breaks a rule (each problem with its path), or the Idempotency-Key was used with another body',
});

const sendRoute = createRoute({
  method: 'post',
  operationId: 'sendEmail',
  path: '/v1/emails',
  tags: ['Emails'],
  summary: 'Send an email',
  description:
    'Validates, resolves the recipient, renders and stores the email, then answers 202; a worker delivers it (at `scheduledAt` if given).',
  security: bearerSecurity,
  request: {
    headers: idempotencyHeader,
    body: { required: true, content: { 'application/json': { schema: sendEmailSchema } } },
  },
  responses: {
    202: {
      description: 'Stored; it will be sent',
      headers: replayedHeader,
      content: { 'application/json': { schema: acceptedEmailSchema } },
    },
    ...sendProblems,
  },
});

const batchRoute = createRoute({
  method: 'post',
  operationId: 'sendEmailBatch',
  path: '/v1/emails/batch',
  tags: ['Emails'],
  summary: 'Send up to 100 emails',
  description: 'All or nothing: one bad entry refuses the batch, with the entry’s index in each problem’s path.',
  security: bearerSecurity,
  request: {
    headers: idempotencyHeader,
    body: { required: true, content: { 'application/json': { schema: sendBatchSchema } } },
  },
  responses: {
    202: {
      description: 'Every email stored; they will be sent',
      headers: replayedHeader,
      content: {
        'application/json': { schema: z.object({ data: z.array(acceptedEmailSchema) }).openapi('AcceptedBatch') },
      },
    },
    ...sendProblems,
  },
});

const getRoute = createRoute({
  method: 'get',
  operationId: 'getEmail',
  path: '/v1/emails/{id}',
  tags: ['Emails'],
  summary: 'An email, with its events',
  description: 'Its status, attempts, last error and provider id, and every event of its delivery, oldest first.',
  security: bearerSecurity,
  request: { params: idParam },
  responses: {
    200: { description: 'The email', content: { 'application/json': { schema: emailSchema } } },
    ...apiProblemResponses({ 404: 'No such email' }),
  },
});

const htmlRoute = createRoute({
  method: 'get',
  operationId: 'getEmailHtml',
  path: '/v1/emails/{id}/html',
  tags: ['Emails'],
  summary: 'The HTML that was (or will be) sent',
  description: 'The stored HTML document, byte for byte, served sandboxed (no script runs, only images load).',
  security: bearerSecurity,
  request: { params: idParam },
  responses: {
    200: { description: 'The stored HTML, exactly as sent', content: { 'text/html': { schema: z.string() } } },
    ...apiProblemResponses({ 404: 'No such email' }),
  },
});

const listQuery = z.object({
  status: z
    .enum(emailStatuses, { error: `must be one of: ${emailStatuses.join(', ')}` })
    .optional()
    .openapi({ param: { name: 'status', in: 'query' } }),
  template: z
    .enum(templateNames, { error: `must be one of: ${templateNames.join(', ')}` })
    .optional()
    .openapi({ param: { name: 'template', in: 'query' } }),
  ...pageQuery,
});

const listRoute = createRoute({
  method: 'get',
  operationId: 'listEmails',
  path: '/v1/emails',
  tags: ['Emails'],
  summary: 'List emails, newest first',
  description: 'Filtered by status and template; pass `nextCursor` as `cursor` for the next page.',
  security: bearerSecurity,
  request: { query: listQuery },
  responses: {
    200: { description: 'A page of emails', content: { 'application/json': { schema: emailListSchema } } },
    ...apiProblemResponses({ 422: 'A query parameter breaks a rule' }),
  },
});

const cancelRoute = createRoute({
  method: 'post',
  operationId: 'cancelEmail',
  path: '/v1/emails/{id}/cancel',
  tags: ['Emails'],
  summary: 'Cancel an email not yet sent',
  description: 'Possible while the email is queued or scheduled and no send has been tried; 409 after that.',
  security: bearerSecurity,
  request: { params: idParam },
  responses: {
    200: { description: 'The email, canceled', content: { 'application/json': { schema: emailSchema } } },
    ...apiProblemResponses({ 404: 'No such email', 409: 'Sending has begun' }),
  },
});

const notFound = (id: string) => new ProblemError(problem('not-found', `There is no email with id "${id}".`));

/** A path id that cannot be an email's is a 404 without asking the store. */
const emailId = (id: string): string => {
  if (!UUID.test(id)) throw notFound(id);
  return id.toLowerCase();
};

const documented = [sendRoute, batchRoute, getRoute, htmlRoute, listRoute, cancelRoute];

export function emailRoutes(app: App, deps: RouteDeps): void {
  const { store } = deps;
  if (!store) {
    // The document is the same whatever the configuration: without a store these answer 404.
    for (const route of documented) app.openAPIRegistry.registerPath(route);
    return;
  }
  const { config, metrics, render } = deps;
  const links: LinkPolicy = { hosts: config.linkHosts };
  const open = config.apiKeys.length === 0;

  const invalid = invalidBody;

  /**
   * The flow of a send: the key first (a replay answers before any work), then validation,
   * rendering, and one transaction for the emails, their events and the key's response.
   */
  async function accept<T extends object>(
    c: Context,
    outbox: Store,
    route: string,
    validate: (raw: unknown) => Validation<ValidEmailRequest[]>,
    respond: (accepted: AcceptedView[]) => T,
  ) {
    const raw: unknown = await c.req.json();
    // Before the body is hashed or stored: no nesting that exhausts the stack, no text the store refuses.
    const unsafe = unsafeJson(raw);
    if (unsafe.length > 0) throw invalid(unsafe, c);
    if (idempotencyKeyError(c)) throw invalid([], c);
    const idempotency = await startIdempotent(c, outbox, { route, body: raw, open });
    if (idempotency.kind === 'replay') {
      // Only accepted requests are kept with their key, so the first answer was this 202.
      c.header(REPLAYED_HEADER, 'true');
      return c.json(idempotency.response.body as T, 202);
    }
    const request = idempotency.kind === 'claimed' ? idempotency.request : undefined;
    try {
      const validation = validate(raw);
      if (!validation.ok) throw invalid(validation.errors, c);
      const emails = await Promise.all(validation.value.map(renderOne));
      const body = respond(emails.map(acceptedView));
      await outbox.acceptEmails(emails, request && { request, response: { status: 202, body } });
      metrics.emailsAccepted.inc(emails.length);
      deps.onAccepted?.();
      return c.json(body, 202);
    } catch (err) {
      // Nothing was stored: the key is free for the corrected request.
      if (request) await outbox.releaseIdempotencyKey(request).catch(() => undefined);
      if (err instanceof IdempotencyLostError) {
        throw new ProblemError(
          problem('conflict', 'Another request took over this Idempotency-Key while this one ran; nothing was stored.'),
        );
      }
      throw err;
    }
  }

  async function renderOne(request: ValidEmailRequest): Promise<NewEmail> {
    const stopTimer = metrics.renderDuration.startTimer({ template: request.template });
    const rendered = await render(request.template, request.data, request.locale);
    stopTimer();
    const createdAt = new Date();
    const scheduled = request.scheduledAt !== undefined && request.scheduledAt.getTime() > createdAt.getTime();
    return {
      id: v7(),
      template: request.template,
      data: request.data,
      to: request.to,
      cc: request.cc,
      bcc: request.bcc,
      replyTo: request.replyTo,
      recipientRole: request.recipientRole,
      tags: request.tags,
      ...rendered,
      status: scheduled ? 'scheduled' : 'queued',
      scheduledAt: request.scheduledAt,
      createdAt,
    };
  }

  const validateOne = (raw: unknown): Validation<ValidEmailRequest[]> => {
    const result = validateEmailRequest(raw, links);
    return result.ok ? { ok: true, value: [result.value] } : result;
  };
  const validateBatch = (raw: unknown) => validateBatchRequest(raw, links);

  app.openapi(
    sendRoute,
    (c) => accept(c, store, 'POST /v1/emails', validateOne, ([email]) => email as AcceptedView),
    rejectBody(validateOne),
  );

  app.openapi(
    batchRoute,
    (c) => accept(c, store, 'POST /v1/emails/batch', validateBatch, (data) => ({ data })),
    rejectBody(validateBatch),
  );

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const email = await store.getEmail(emailId(id));
    if (!email) throw notFound(id);
    return c.json(emailView(email), 200);
  });

  app.openapi(htmlRoute, async (c) => {
    const { id } = c.req.valid('param');
    const html = await store.getEmailHtml(emailId(id));
    if (html === undefined) throw notFound(id);
    return c.body(html, 200, {
      'Content-Type': 'text/html; charset=utf-8',
      // Shown as a document of its own origin, with no script and nothing loaded but images.
      'Content-Security-Policy': "sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline'",
      'X-Content-Type-Options': 'nosniff',
    });
  });

  app.openapi(listRoute, async (c) => {
    const { status, template, limit, cursor } = c.req.valid('query');
    const before = cursor === undefined ? undefined : decodeCursor(cursor);
    if (cursor !== undefined && !before) {
      throw new ProblemError(validationProblem([{ path: 'cursor', message: 'is not a cursor this API gave out' }]));
    }
    const rows = await store.listEmails({ status, template, limit: limit + 1, before });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json(
      { data: page.map(summaryView), nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null },
      200,
    );
  });

  app.openapi(cancelRoute, async (c) => {
    const { id } = c.req.valid('param');
    const result = await store.cancelEmail(emailId(id));
    if (result.kind === 'not-found') throw notFound(id);
    if (result.kind === 'conflict') {
      throw new ProblemError(
        problem('conflict', `The email can no longer be canceled: sending has begun (status "${result.status}").`),
      );
    }
    return c.json(emailView(result.email), 200);
  });
}

type AcceptedView = z.infer<typeof acceptedEmailSchema>;

function acceptedView(email: NewEmail): AcceptedView {
  return {
    id: email.id,
    status: email.status,
    template: email.template as AcceptedView['template'],
    to: email.to,
    ...(email.recipientRole ? { recipientRole: email.recipientRole as AcceptedView['recipientRole'] } : {}),
    subject: email.subject,
    ...(email.status === 'scheduled' && email.scheduledAt ? { scheduledAt: email.scheduledAt.toISOString() } : {}),
    createdAt: email.createdAt.toISOString(),
  };
}
