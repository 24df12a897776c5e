import { createRoute, z } from '@hono/zod-openapi';
import { v7 } from 'uuid';
import { templateNames } from '../../emails/_catalog/index.ts';
import { requires } from '../auth.ts';
import { type App, handle, type RouteModule } from '../http.ts';
import { callerOf } from '../keys.ts';
import type { Metrics } from '../metrics.ts';
import { apiProblemResponses, ProblemError, problem } from '../problem.ts';
import type { Renderer } from '../render/threads.ts';
import type { IdempotencyRequest, NewEmail, Store } from '../store/index.ts';
import { currentTraceCarrier, emailIdAttributes, noteOnRequest } from '../tracing/spans.ts';
import { type RequestRules, sendSchemas, type ValidEmailRequest } from './email-request.ts';
import {
  acceptedEmailExample,
  acceptedEmailSchema,
  emailExample,
  emailListExample,
  emailListSchema,
  emailSchema,
  emailView,
  summaryView,
} from './email-view.ts';
import { emailStatusEnum, templateNameEnum } from './enums.ts';
import { idempotentWrite } from './idempotent-write.ts';
import { cursorBefore, idempotencyHeader, idParam, pageOf, pageQuery, pathId, writeHeaders } from './params.ts';
import { exampleData, sendExample } from './template-data.ts';

/**
 * Sending and following emails. An email is validated, its recipient resolved, rendered and
 * committed (with its idempotency record) before the 202, so a 202 means it will be delivered
 * even if the process dies the next moment, and a template problem is the caller's 422 now.
 */

export interface EmailRouteDeps extends RequestRules {
  store: Store;
  metrics: Metrics;
  renderForStore: Renderer['renderForStore'];
  /** Whether the server runs without API keys. */
  open: boolean;
  /** Called once emails are stored, so the worker looks for them at once. */
  onAccepted: () => void;
}

const sendProblems = apiProblemResponses({
  400: 'Malformed JSON',
  409: {
    description: 'A request with this Idempotency-Key is still being processed',
    kinds: ['idempotency-key-in-use'],
  },
  413: 'Body too large',
  415: 'Body is not JSON',
  422: {
    description:
      'The body breaks a rule (`validation-failed`, each problem with its path), or the Idempotency-Key was used with another request (`idempotency-key-reused`)',
    kinds: ['validation-failed', 'idempotency-key-reused'],
  },
});

const listQuery = z.object({
  status: emailStatusEnum
    .optional()
    .openapi({ param: { name: 'status', in: 'query', description: 'Only emails with this status' } }),
  template: templateNameEnum
    .optional()
    .openapi({ param: { name: 'template', in: 'query', description: 'Only emails of this template' } }),
  ...pageQuery,
});

const getRoute = createRoute({
  method: 'get',
  operationId: 'getEmail',
  path: '/v1/emails/{id}',
  tags: ['Emails'],
  summary: 'An email, with its events',
  description: 'Its status, attempts, last error and provider id, and every event of its delivery, oldest first.',
  security: requires('read'),
  request: { params: idParam },
  responses: {
    200: {
      description: 'The email',
      content: { 'application/json': { schema: emailSchema, example: emailExample } },
    },
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
  security: requires('read'),
  request: { params: idParam },
  responses: {
    200: {
      description: 'The stored HTML, exactly as sent',
      content: {
        'text/html': {
          schema: z.string(),
          example: '<!DOCTYPE html><html lang="en-US" dir="ltr">…</html>',
        },
      },
    },
    ...apiProblemResponses({ 404: 'No such email, or its HTML was erased (RETENTION_DAYS)' }),
  },
});

const listRoute = createRoute({
  method: 'get',
  operationId: 'listEmails',
  path: '/v1/emails',
  tags: ['Emails'],
  summary: 'List emails, newest first',
  description: 'Filtered by status and template; pass `nextCursor` as `cursor` for the next page.',
  security: requires('read'),
  request: { query: listQuery },
  responses: {
    200: {
      description: 'A page of emails',
      content: { 'application/json': { schema: emailListSchema, example: emailListExample } },
    },
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
  security: requires('send'),
  request: { params: idParam },
  responses: {
    200: {
      description: 'The email, canceled',
      content: {
        'application/json': {
          schema: emailSchema,
          example: {
            ...emailExample,
            status: 'canceled',
            attempts: 0,
            providerId: undefined,
            events: [
              { type: 'scheduled', at: '2026-12-01T09:00:00.000Z' },
              { type: 'canceled', at: '2026-12-01T10:12:00.000Z' },
            ],
          },
        },
      },
    },
    ...apiProblemResponses({
      404: 'No such email',
      409: { description: 'Sending has begun (`sending-begun`)', kinds: ['sending-begun'] },
    }),
  },
});

/** The routes, their bodies checked under `rules`. */
function routes(rules: RequestRules) {
  const { sendEmail, sendBatch } = sendSchemas(rules);
  return {
    send: createRoute({
      method: 'post',
      operationId: 'sendEmail',
      path: '/v1/emails',
      tags: ['Emails'],
      summary: 'Send an email',
      description:
        'Validates, resolves the recipient, renders and stores the email, then answers 202; a worker delivers it (at `scheduledAt` if given).',
      security: requires('send'),
      request: {
        headers: idempotencyHeader,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: sendEmail,
              examples: {
                ...Object.fromEntries(
                  templateNames.map((name) => [
                    name,
                    { summary: `The ${name} email, to an address`, value: sendExample(name) },
                  ]),
                ),
                'activation-to-enrollment': {
                  summary: 'The activation email, to the contact resolved from the enrollment',
                  value: {
                    template: 'activation',
                    data: exampleData('activation'),
                    enrollment: {
                      vlscAdministrator: { name: 'Lee Chen', email: 'lee@contoso.com' },
                      noticesContact: { email: 'notices@contoso.com' },
                    },
                    scheduledAt: '2026-12-01T09:00:00Z',
                  },
                },
              },
            },
          },
        },
      },
      responses: {
        202: {
          description: 'Stored; it will be sent',
          headers: writeHeaders,
          content: { 'application/json': { schema: acceptedEmailSchema, example: acceptedEmailExample } },
        },
        ...sendProblems,
      },
    }),
    batch: createRoute({
      method: 'post',
      operationId: 'sendEmailBatch',
      path: '/v1/emails/batch',
      tags: ['Emails'],
      summary: 'Send up to 100 emails',
      description: 'All or nothing: one bad entry refuses the batch, with the entry’s index in each problem’s path.',
      security: requires('send'),
      request: {
        headers: idempotencyHeader,
        body: { required: true, content: { 'application/json': { schema: sendBatch } } },
      },
      responses: {
        202: {
          description: 'Every email stored; they will be sent',
          headers: writeHeaders,
          content: {
            'application/json': {
              schema: z
                .object({
                  data: z
                    .array(acceptedEmailSchema)
                    .openapi({ description: 'Each email accepted, in the order of the request' }),
                })
                .openapi('AcceptedBatch', { description: 'Every email of the batch, accepted' }),
              example: {
                data: [
                  acceptedEmailExample,
                  {
                    ...acceptedEmailExample,
                    id: '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e20',
                    template: 'acknowledgement',
                    recipientRole: undefined,
                    subject: 'Your account profile has been created: Contoso Ltd',
                  },
                ],
              },
            },
          },
        },
        ...sendProblems,
      },
    }),
    get: getRoute,
    html: htmlRoute,
    list: listRoute,
    cancel: cancelRoute,
  };
}

const notFound = (id: string) => new ProblemError(problem('not-found', `There is no email with id "${id}".`));
const emailId = (id: string) => pathId(id, notFound);

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

function mount(app: App, deps: EmailRouteDeps): void {
  const { store, metrics, renderForStore, clock, open } = deps;
  const route = routes(deps);

  async function renderOne(request: ValidEmailRequest, keyName: string): Promise<NewEmail> {
    const stopTimer = metrics.renderDuration.startTimer({ template: request.template });
    const rendered = await renderForStore(request.template, request.data, request.locale);
    stopTimer();
    const createdAt = clock();
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
      keyName,
      locale: request.locale,
    };
  }

  /** Renders the requests and stores their emails with the key's response: one transaction, then the 202. */
  const accept =
    <T extends object>(requests: ValidEmailRequest[], keyName: string, respond: (accepted: AcceptedView[]) => T) =>
    async (key: IdempotencyRequest | undefined) => {
      const emails = await Promise.all(requests.map((request) => renderOne(request, keyName)));
      // Their provider calls, webhooks and events out join this request's trace.
      const traceContext = currentTraceCarrier();
      for (const email of emails) email.traceContext = traceContext;
      noteOnRequest(emailIdAttributes(emails.map((email) => email.id)));
      const body = respond(emails.map(acceptedView));
      await store.acceptEmails(emails, key && { request: key, response: { status: 202, body } });
      metrics.emailsAccepted.inc(emails.length);
      deps.onAccepted();
      return { body, stored: true };
    };

  handle(app, route.send, async (c) =>
    idempotentWrite(
      c,
      { store, route: 'POST /v1/emails', status: 202, body: await c.req.json(), open },
      accept([c.req.valid('json')], callerOf(c).name, ([email]) => email as AcceptedView),
    ),
  );

  handle(app, route.batch, async (c) =>
    idempotentWrite(
      c,
      { store, route: 'POST /v1/emails/batch', status: 202, body: await c.req.json(), open },
      accept(c.req.valid('json').emails, callerOf(c).name, (data) => ({ data })),
    ),
  );

  handle(app, route.get, async (c) => {
    const { id } = c.req.valid('param');
    const email = await store.getEmail(emailId(id));
    if (!email) throw notFound(id);
    return c.json(emailView(email), 200);
  });

  handle(app, route.html, async (c) => {
    const { id } = c.req.valid('param');
    const html = await store.getEmailHtml(emailId(id));
    if (html === undefined) throw notFound(id);
    if (html === null) {
      throw new ProblemError(problem('not-found', `The email "${id}" is past RETENTION_DAYS: its HTML was erased.`));
    }
    return c.body(html, 200, {
      'Content-Type': 'text/html; charset=utf-8',
      // Shown as a document of its own origin, with no script and nothing loaded but images.
      'Content-Security-Policy': "sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline'",
      'X-Content-Type-Options': 'nosniff',
    });
  });

  handle(app, route.list, async (c) => {
    const { status, template, limit, cursor } = c.req.valid('query');
    const rows = await store.listEmails({ status, template, limit: limit + 1, before: cursorBefore(cursor) });
    return c.json(pageOf(rows, limit, summaryView), 200);
  });

  handle(app, route.cancel, async (c) => {
    const { id } = c.req.valid('param');
    const result = await store.cancelEmail(emailId(id), callerOf(c).name);
    if (result.kind === 'not-found') throw notFound(id);
    if (result.kind === 'conflict') {
      throw new ProblemError(
        problem('sending-begun', `The email can no longer be canceled: sending has begun (status "${result.status}").`),
      );
    }
    return c.json(emailView(result.email), 200);
  });
}

export const emailRoutes: RouteModule<EmailRouteDeps> = {
  documented: Object.values(routes({ links: {}, clock: () => new Date() })),
  mount,
};
