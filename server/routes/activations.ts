import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { LinkPolicy } from '../../emails/_catalog/index.ts';
import { resolveRecipient } from '../../emails/_domain/activation.ts';
import { type Command, createActivationSteps, type StepResult } from '../activations/steps.ts';
import type { App, RouteDeps } from '../app.ts';
import { bearerSecurity } from '../auth.ts';
import { idempotencyKeyError, REPLAYED_HEADER, startIdempotent } from '../idempotency.ts';
import { unsafeJson } from '../json-guard.ts';
import { type Problem, ProblemError, problem, problemResponses, validationProblem } from '../problem.ts';
import { activationStates, IdempotencyLostError, type Store } from '../store/index.ts';
import {
  applyContactsChange,
  choiceSchema,
  contactsChangeSchema,
  createActivationSchema,
  provisionedSchema,
  validateChoice,
  validateCreateActivation,
  validateProvisioned,
} from './activation-request.ts';
import {
  type ActivationView,
  activationListSchema,
  activationSchema,
  activationSummaryView,
  activationView,
} from './activation-view.ts';
import { invalidBody, rejectBody } from './body-validation.ts';
import { decodeCursor, encodeCursor, UUID } from './email-view.ts';
import { idempotencyHeader, idParam, replayedHeader } from './emails.ts';
import { pageQuery } from './page-query.ts';

/**
 * Activations: one Volume Licensing enrollment through the guide's process. The callers report
 * what happened (order entered, option chosen, services provisioned, contacts corrected); each
 * call is one stored step, its emails and follow-ups included, so a 2xx means the whole step is
 * stored. The rules live in server/activations (machine.ts decides, steps.ts carries out).
 */

const json = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

const activationResponse = (description: string) => ({
  description,
  headers: replayedHeader,
  content: { 'application/json': { schema: activationSchema } },
});

const writeProblems = {
  400: 'Malformed JSON',
  401: 'Missing or wrong API key',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'The body breaks a rule (each problem with its path), or the Idempotency-Key was used with another body',
  429: 'Too many requests (see Retry-After)',
} as const;
type WriteStatus = keyof typeof writeProblems;

const createRoute_ = createRoute({
  method: 'post',
  path: '/v1/activations',
  operationId: 'createActivation',
  tags: ['Activations'],
  summary: 'Start an activation',
  description:
    'Resolves the recipient from the enrollment, then stores the activation, its activation email and its follow-ups (reminders, the trial-ending notice) in one transaction: a 201 means the whole plan is stored.',
  security: bearerSecurity,
  request: { headers: idempotencyHeader, body: json(createActivationSchema) },
  responses: {
    201: {
      ...activationResponse('Stored; the activation email is on its way'),
      headers: {
        ...replayedHeader,
        Location: { description: 'The activation: /v1/activations/{id}', schema: { type: 'string' as const } },
      },
    },
    ...problemResponses<WriteStatus | 409>({
      ...writeProblems,
      409: 'The enrollment number has a live activation (its id is in `activationId`), or a request with this Idempotency-Key is still being processed',
    }),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/activations/{id}',
  operationId: 'getActivation',
  tags: ['Activations'],
  summary: 'An activation, with its emails and timeline',
  description:
    'The activation as it stands: its state, its choice, its recipient, every email it sent or has scheduled (`purpose` says why), and its timeline, oldest first.',
  security: bearerSecurity,
  request: { params: idParam },
  responses: {
    200: { description: 'The activation', content: { 'application/json': { schema: activationSchema } } },
    ...problemResponses({ 401: 'Missing or wrong API key', 404: 'No such activation', 429: 'Too many requests' }),
  },
});

const listQuery = z.object({
  state: z
    .enum(activationStates, { error: `must be one of: ${activationStates.join(', ')}` })
    .optional()
    .openapi({ param: { name: 'state', in: 'query' } }),
  enrollmentNumber: z
    .string()
    .max(40, { error: 'must be at most 40 characters' })
    .optional()
    .openapi({ param: { name: 'enrollmentNumber', in: 'query' }, example: '62345678' }),
  needsAttention: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .optional()
    .openapi({ param: { name: 'needsAttention', in: 'query' } }),
  ...pageQuery,
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/activations',
  operationId: 'listActivations',
  tags: ['Activations'],
  summary: 'List activations, newest first',
  description:
    "Filter by `state`, `enrollmentNumber` or `needsAttention` (the support desk's list of bounced or failed activation emails); page with `limit` and the previous page's `nextCursor`.",
  security: bearerSecurity,
  request: { query: listQuery },
  responses: {
    200: { description: 'A page of activations', content: { 'application/json': { schema: activationListSchema } } },
    ...problemResponses({
      401: 'Missing or wrong API key',
      422: 'A query parameter breaks a rule',
      429: 'Too many requests',
    }),
  },
});

const stepProblems = (conflicts: string) =>
  problemResponses<WriteStatus | 404 | 409>({ ...writeProblems, 404: 'No such activation', 409: conflicts });

const choiceRoute = createRoute({
  method: 'post',
  path: '/v1/activations/{id}/choice',
  operationId: 'recordActivationChoice',
  tags: ['Activations'],
  summary: 'Record the option the customer chose',
  description:
    'One-time and irreversible, as the guide says. Sends the acknowledgement that follows the option (Sign Up: profile created; Sign In: tenant associated) and cancels pending reminders; Sign In also cancels the trial-ending notice. The same option again answers 200 and sends nothing; an option the scenario does not offer is a 422.',
  security: bearerSecurity,
  request: { headers: idempotencyHeader, params: idParam, body: json(choiceSchema) },
  responses: {
    200: activationResponse('The activation, chosen'),
    ...stepProblems(
      'The other option was chosen already (`choice-already-made`), the activation is canceled, or the Idempotency-Key is in use',
    ),
  },
});

const provisionedRoute = createRoute({
  method: 'post',
  path: '/v1/activations/{id}/provisioned',
  operationId: 'recordActivationProvisioned',
  tags: ['Activations'],
  summary: 'Record services provisioned',
  description:
    'Sends one provisioning confirmation for these subscriptions. Each call is more services provisioned: retry with an Idempotency-Key.',
  security: bearerSecurity,
  request: { headers: idempotencyHeader, params: idParam, body: json(provisionedSchema) },
  responses: {
    200: activationResponse('The activation, provisioned'),
    ...stepProblems(
      'No option is chosen yet (`choice-required`), the activation is canceled, or the Idempotency-Key is in use',
    ),
  },
});

const contactsRoute = createRoute({
  method: 'patch',
  path: '/v1/activations/{id}',
  operationId: 'updateActivationContacts',
  tags: ['Activations'],
  summary: 'Correct the enrollment’s contacts',
  description:
    'Resolves the recipient again and moves the emails still waiting (follow-ups, and an activation email not yet sent) to them, due when they were; like the guide’s Contract Information Change Request Form, it sends nothing by itself (resend for that). Clears `needsAttention`.',
  security: bearerSecurity,
  request: { headers: idempotencyHeader, params: idParam, body: json(contactsChangeSchema) },
  responses: {
    200: activationResponse('The activation, with its new recipient'),
    ...stepProblems('The activation is canceled, or the Idempotency-Key is in use'),
  },
});

const resendRoute = createRoute({
  method: 'post',
  path: '/v1/activations/{id}/resend',
  operationId: 'resendActivation',
  tags: ['Activations'],
  summary: 'Send the activation email again',
  description: 'To the current recipient. Clears `needsAttention`. After a choice there is nothing to resend (409).',
  security: bearerSecurity,
  request: { headers: idempotencyHeader, params: idParam },
  responses: {
    200: activationResponse('The activation, the email on its way'),
    ...stepProblems('An option is chosen already, the activation is canceled, or the Idempotency-Key is in use'),
  },
});

const cancelRoute = createRoute({
  method: 'post',
  path: '/v1/activations/{id}/cancel',
  operationId: 'cancelActivation',
  tags: ['Activations'],
  summary: 'Cancel an activation',
  description: 'Cancels every email of it still waiting, and frees the enrollment number for a new activation.',
  security: bearerSecurity,
  request: { headers: idempotencyHeader, params: idParam },
  responses: {
    200: activationResponse('The activation, canceled'),
    ...stepProblems('A request with this Idempotency-Key is still being processed'),
  },
});

const notFound = (id: string) => new ProblemError(problem('not-found', `There is no activation with id "${id}".`));

/** A path id that cannot be an activation's is a 404 without asking the store. */
const activationId = (id: string): string => {
  if (!UUID.test(id)) throw notFound(id);
  return id.toLowerCase();
};

const refusalProblems = {
  'not-offered': (detail: string): Problem => validationProblem([{ path: 'option', message: detail }]),
  'choice-already-made': (detail: string) => problem('choice-already-made', detail),
  'choice-required': (detail: string) => problem('choice-required', detail),
  'already-chosen': (detail: string) => problem('choice-already-made', detail),
  canceled: (detail: string) => problem('activation-canceled', detail),
};

const documented = [
  createRoute_,
  getRoute,
  listRoute,
  choiceRoute,
  provisionedRoute,
  contactsRoute,
  resendRoute,
  cancelRoute,
];

export function activationRoutes(app: App, deps: RouteDeps): void {
  const { store } = deps;
  if (!store) {
    // The document is the same whatever the configuration: without a store these answer 404.
    for (const route of documented) app.openAPIRegistry.registerPath(route);
    return;
  }
  const { config } = deps;
  const links: LinkPolicy = { hosts: config.linkHosts };
  const open = config.apiKeys.length === 0;
  const now = deps.now ?? (() => new Date());
  const steps = createActivationSteps({
    store,
    render: deps.render,
    links,
    followUps: { reminderDays: config.activationReminderDays, trialNoticeDays: config.trialNoticeDays },
    now,
  });

  const invalid = invalidBody;

  /** The Idempotency-Key's part of a write: a replay answers before any work; refusals free the key. */
  async function idempotent(
    c: Context,
    outbox: Store,
    route: string,
    body: unknown,
    status: 200 | 201,
    work: (
      step: Parameters<typeof steps.apply>[2],
    ) => Promise<{ view: ActivationView; stored: boolean; emailsStored: number }>,
  ): Promise<Response> {
    // Before the body is hashed or stored: no nesting that exhausts the stack, no text the store refuses.
    const unsafe = unsafeJson(body);
    if (unsafe.length > 0) throw invalid(unsafe, c);
    if (idempotencyKeyError(c)) throw invalid([], c);
    const idempotency = await startIdempotent(c, outbox, { route, body, open });
    if (idempotency.kind === 'replay') {
      c.header(REPLAYED_HEADER, 'true');
      const replayed = idempotency.response.body as ActivationView;
      if (status === 201) c.header('Location', `/v1/activations/${replayed.id}`);
      return c.json(replayed, idempotency.response.status as 200);
    }
    const request = idempotency.kind === 'claimed' ? idempotency.request : undefined;
    try {
      const { view, stored, emailsStored } = await work(
        request && { request, respond: (a) => ({ status, body: activationView(a) }) },
      );
      if (!stored && request) await outbox.releaseIdempotencyKey(request);
      if (stored) deps.onAccepted?.();
      if (emailsStored > 0) deps.metrics.emailsAccepted.inc(emailsStored);
      if (status === 201) c.header('Location', `/v1/activations/${view.id}`);
      return c.json(view, status);
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

  const validateCreate = (raw: unknown) => validateCreateActivation(raw, links, now());

  app.openapi(
    createRoute_,
    async (c) => {
      const raw: unknown = await c.req.json();
      return idempotent(c, store, 'POST /v1/activations', raw, 201, async (idempotency) => {
        const validation = validateCreate(raw);
        if (!validation.ok) throw invalid(validation.errors, c);
        const result = await steps.create(validation.value, idempotency);
        if (result.kind === 'enrollment-taken') {
          throw new ProblemError({
            ...problem(
              'enrollment-taken',
              `Enrollment ${validation.value.enrollment.number} already has a live activation (${result.activationId}); cancel it before starting another.`,
            ),
            activationId: result.activationId,
          } as Problem);
        }
        return { view: activationView(result.activation), stored: true, emailsStored: result.emailsStored };
      }) as never;
    },
    rejectBody(validateCreate),
  );

  /** Runs a step and answers with the activation, or the step's refusal. */
  const answer = (id: string, result: StepResult) => {
    switch (result.kind) {
      case 'not-found':
        throw notFound(id);
      case 'refused':
        throw new ProblemError(refusalProblems[result.reason](result.detail));
      case 'done':
        return { view: activationView(result.activation), stored: result.changed, emailsStored: result.emailsStored };
    }
  };

  const step = (c: Context, id: string, route: string, body: unknown, command: (raw: unknown) => Promise<Command>) =>
    idempotent(c, store, `${route} ${activationId(id)}`, body, 200, async (idempotency) =>
      answer(id, await steps.apply(activationId(id), await command(body), idempotency)),
    ) as never;

  app.openapi(
    choiceRoute,
    async (c) => {
      const { id } = c.req.valid('param');
      return step(c, id, 'POST choice', await c.req.json(), async (raw) => {
        const validation = validateChoice(raw, links);
        if (!validation.ok) throw invalid(validation.errors, c);
        return { type: 'choose', choice: validation.value };
      });
    },
    rejectBody((raw) => validateChoice(raw, links)),
  );

  app.openapi(
    provisionedRoute,
    async (c) => {
      const { id } = c.req.valid('param');
      return step(c, id, 'POST provisioned', await c.req.json(), async (raw) => {
        const validation = validateProvisioned(raw, links);
        if (!validation.ok) throw invalid(validation.errors, c);
        return { type: 'provision', ...validation.value };
      });
    },
    rejectBody((raw) => validateProvisioned(raw, links)),
  );

  app.openapi(contactsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const change = c.req.valid('json');
    const unstorable = unsafeJson(change);
    if (unstorable.length > 0) throw invalid(unstorable, c);
    return step(c, id, 'PATCH', change, async () => {
      const current = await store.getActivation(activationId(id));
      if (!current) throw notFound(id);
      const enrollment = applyContactsChange(current.enrollment, change);
      if (!resolveRecipient(enrollment)) {
        throw invalid(
          [
            {
              path: 'enrollment',
              message:
                'would leave no contact to send to: keep or give onlineServicesManager, vlscAdministrator or noticesContact',
            },
          ],
          c,
        );
      }
      return { type: 'change-contacts', enrollment };
    });
  });

  app.openapi(resendRoute, async (c) => {
    const { id } = c.req.valid('param');
    return step(c, id, 'POST resend', null, async () => ({ type: 'resend' }));
  });

  app.openapi(cancelRoute, async (c) => {
    const { id } = c.req.valid('param');
    return step(c, id, 'POST cancel', null, async () => ({ type: 'cancel' }));
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const activation = await store.getActivation(activationId(id));
    if (!activation) throw notFound(id);
    return c.json(activationView(activation), 200);
  });

  app.openapi(listRoute, async (c) => {
    const { state, enrollmentNumber, needsAttention, limit, cursor } = c.req.valid('query');
    const before = cursor === undefined ? undefined : decodeCursor(cursor);
    if (cursor !== undefined && !before) {
      throw new ProblemError(validationProblem([{ path: 'cursor', message: 'is not a cursor this API gave out' }]));
    }
    const rows = await store.listActivations({
      state,
      enrollmentNumber,
      needsAttention: needsAttention === undefined ? undefined : needsAttention === 'true',
      limit: limit + 1,
      before,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json(
      { data: page.map(activationSummaryView), nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null },
      200,
    );
  });
}
