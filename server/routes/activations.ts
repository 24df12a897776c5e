import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { FollowUpPolicy } from '../activations/follow-ups.ts';
import type { Command, Refusal } from '../activations/machine.ts';
import { createActivationSteps, type StepResult } from '../activations/steps.ts';
import { requires } from '../auth.ts';
import { type App, type AppEnv, handle, type RouteModule } from '../http.ts';
import { type IdempotencyCaller, idempotencyCallerOf, REPLAYED_HEADER } from '../idempotency.ts';
import { callerOf, hasScope } from '../keys.ts';
import type { Metrics } from '../metrics.ts';
import {
  apiProblemResponses,
  type Problem,
  ProblemError,
  type ProblemKind,
  type ProblemResponse,
  problem,
  validationProblem,
} from '../problem.ts';
import type { Renderer } from '../render/threads.ts';
import type { IdempotencyRequest, Store } from '../store/index.ts';
import { choiceSchema, contactsChangeSchema, createActivationSchema, provisionedSchema } from './activation-request.ts';
import {
  type ActivationView,
  activationExample,
  activationListExample,
  activationListSchema,
  activationSchema,
  activationSummaryView,
  activationView,
  chosenActivationExample,
} from './activation-view.ts';
import type { RequestRules } from './email-request.ts';
import { activationStateEnum } from './enums.ts';
import { idempotentWrite, runIdempotent } from './idempotent-write.ts';
import { cursorBefore, idempotencyHeader, idParam, pageOf, pageQuery, pathId, writeHeaders } from './params.ts';

/**
 * Activations: one Volume Licensing enrollment through the guide's process. The callers report
 * what happened (order entered, option chosen, services provisioned, contacts corrected); each
 * call is one stored step, its emails and follow-ups included, so a 2xx means the whole step is
 * stored. The rules live in server/activations (machine.ts decides, steps.ts carries out).
 */

export interface ActivationRouteDeps extends RequestRules {
  store: Store;
  metrics: Metrics;
  renderForStore: Renderer['renderForStore'];
  followUps: FollowUpPolicy;
  /** Whether the server runs without API keys. */
  open: boolean;
  /** Called once a step stored something, so the worker and events out look at once. */
  onAccepted: () => void;
}

const json = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

const activationResponse = (description: string, example: ActivationView = activationExample) => ({
  description,
  headers: writeHeaders,
  content: { 'application/json': { schema: activationSchema, example } },
});

/** The problems of a keyed write with a JSON body. */
const bodyProblems = {
  400: 'Malformed JSON',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: {
    description:
      'The body breaks a rule (`validation-failed`, each problem with its path), or the Idempotency-Key was used with another request (`idempotency-key-reused`)',
    kinds: ['validation-failed', 'idempotency-key-reused'],
  },
} as const;

/** The 409 of a step: its own conflicts, and a request with the same Idempotency-Key still running. */
const conflicts = (description: string, kinds: readonly ProblemKind[]) => ({
  description,
  kinds: [...kinds, 'idempotency-key-in-use'] as const,
});

/** The problems of a step on one activation; `withBody` for the steps that take one. */
const stepProblems = (conflict: ProblemResponse, withBody: boolean) =>
  apiProblemResponses<400 | 404 | 409 | 413 | 415 | 422>({
    ...(withBody
      ? bodyProblems
      : {
          422: {
            description:
              'The Idempotency-Key is malformed (`validation-failed`), or was used with another request (`idempotency-key-reused`)',
            kinds: ['validation-failed', 'idempotency-key-reused'],
          },
        }),
    404: 'No such activation',
    409: conflict,
  });

const listQuery = z.object({
  state: activationStateEnum
    .optional()
    .openapi({ param: { name: 'state', in: 'query', description: 'Only activations in this state' } }),
  enrollmentNumber: z
    .string()
    .max(40, { error: 'must be at most 40 characters' })
    .optional()
    .openapi({
      param: { name: 'enrollmentNumber', in: 'query', description: 'Only the activations of this enrollment' },
      example: '62345678',
    }),
  // A query string carries text: `true` or `false`, documented as the boolean it stands for.
  needsAttention: z
    .stringbool({ truthy: ['true'], falsy: ['false'], case: 'sensitive', error: 'must be true or false' })
    .optional()
    .openapi({
      type: 'boolean',
      param: {
        name: 'needsAttention',
        in: 'query',
        description:
          '`true`: only the activations whose latest activation email or reminder bounced, complained or failed (a support desk’s list); `false`: only the others',
      },
    }),
  ...pageQuery,
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/activations/{id}',
  operationId: 'getActivation',
  tags: ['Activations'],
  summary: 'An activation, with its emails and timeline',
  description:
    'The activation as it stands: its state, its choice, its recipient, every email it sent or has scheduled (`purpose` says why), and its timeline, oldest first.',
  security: requires('read'),
  request: { params: idParam },
  responses: {
    200: {
      description: 'The activation',
      content: { 'application/json': { schema: activationSchema, example: chosenActivationExample } },
    },
    ...apiProblemResponses<404>({ 404: 'No such activation' }),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/activations',
  operationId: 'listActivations',
  tags: ['Activations'],
  summary: 'List activations, newest first',
  description:
    "Filter by `state`, `enrollmentNumber` or `needsAttention` (the support desk's list of bounced or failed activation emails); page with `limit` and the previous page's `nextCursor`.",
  security: requires('read'),
  request: { query: listQuery },
  responses: {
    200: {
      description: 'A page of activations',
      content: { 'application/json': { schema: activationListSchema, example: activationListExample } },
    },
    ...apiProblemResponses<422>({ 422: 'A query parameter breaks a rule' }),
  },
});

const contactsRoute = (rules: RequestRules) =>
  createRoute({
    method: 'patch',
    path: '/v1/activations/{id}',
    operationId: 'updateActivationContacts',
    tags: ['Activations'],
    summary: 'Correct the enrollment’s contacts',
    description:
      'Resolves the recipient again and moves the emails still waiting (follow-ups, and an activation email not yet sent) to them, due when they were; like the guide’s Contract Information Change Request Form, it sends nothing by itself (resend for that). Clears `needsAttention`.',
    security: requires('activations'),
    request: { headers: idempotencyHeader, params: idParam, body: json(contactsChangeSchema(rules)) },
    responses: {
      200: activationResponse('The activation, with its new recipient'),
      ...stepProblems(
        conflicts('The activation is canceled, or the Idempotency-Key is in use', ['activation-canceled']),
        true,
      ),
    },
  });

const resendRoute = createRoute({
  method: 'post',
  path: '/v1/activations/{id}/resend',
  operationId: 'resendActivation',
  tags: ['Activations'],
  summary: 'Send the activation email again',
  description:
    'To the current recipient. Clears `needsAttention`. After a choice there is nothing to resend (409 `nothing-to-resend`). For a trial customer, the email offers to keep the trial: once `trialEndsOn` has passed (the end of that day, UTC) with no choice made, it is not sent again (409 `trial-ended`); the trial-ended notice sends the customer to support instead.',
  security: requires('activations'),
  request: { headers: idempotencyHeader, params: idParam },
  responses: {
    200: activationResponse('The activation, the email on its way'),
    ...stepProblems(
      conflicts(
        'An option is chosen already (`nothing-to-resend`), a trial customer’s trial has ended (`trial-ended`), the activation is canceled, or the Idempotency-Key is in use',
        ['nothing-to-resend', 'trial-ended', 'activation-canceled'],
      ),
      false,
    ),
  },
});

const cancelRoute = createRoute({
  method: 'post',
  path: '/v1/activations/{id}/cancel',
  operationId: 'cancelActivation',
  tags: ['Activations'],
  summary: 'Cancel an activation',
  description: 'Cancels every email of it still waiting, and frees the enrollment number for a new activation.',
  security: requires('activations'),
  request: { headers: idempotencyHeader, params: idParam },
  responses: {
    200: activationResponse('The activation, canceled', { ...activationExample, state: 'canceled' }),
    ...stepProblems(conflicts('A request with this Idempotency-Key is still being processed', []), false),
  },
});

/** The routes, the bodies that follow the templates' rules checked under `rules`. */
function routes(rules: RequestRules) {
  return {
    create: createRoute({
      method: 'post',
      path: '/v1/activations',
      operationId: 'createActivation',
      tags: ['Activations'],
      summary: 'Start an activation',
      description:
        'Resolves the recipient from the enrollment, then stores the activation, its activation email and its follow-ups (reminders, the trial-ending notice) in one transaction: a 201 means the whole plan is stored.',
      security: requires('activations'),
      request: { headers: idempotencyHeader, body: json(createActivationSchema(rules)) },
      responses: {
        201: {
          ...activationResponse('Stored; the activation email is on its way'),
          headers: {
            ...writeHeaders,
            Location: { description: 'The activation: /v1/activations/{id}', schema: { type: 'string' as const } },
          },
        },
        ...apiProblemResponses<400 | 409 | 413 | 415 | 422>({
          ...bodyProblems,
          409: conflicts(
            'The enrollment number has a live activation (`enrollment-taken`, its id in `activationId` for a key with the `read` scope), or a request with this Idempotency-Key is still being processed',
            ['enrollment-taken'],
          ),
        }),
      },
    }),
    choice: createRoute({
      method: 'post',
      path: '/v1/activations/{id}/choice',
      operationId: 'recordActivationChoice',
      tags: ['Activations'],
      summary: 'Record the option the customer chose',
      description:
        'One-time and irreversible, as the guide says. Sends the acknowledgement that follows the option (Sign Up: profile created; Sign In: tenant associated) and cancels pending reminders; Sign In also cancels the trial-ending notice. The same option again answers 200 and sends nothing; an option the scenario does not offer is a 422.',
      security: requires('activations'),
      request: { headers: idempotencyHeader, params: idParam, body: json(choiceSchema(rules)) },
      responses: {
        200: activationResponse('The activation, chosen', chosenActivationExample),
        ...stepProblems(
          conflicts(
            'The other option was chosen already (`choice-already-made`), the activation is canceled, or the Idempotency-Key is in use',
            ['choice-already-made', 'activation-canceled'],
          ),
          true,
        ),
      },
    }),
    provisioned: createRoute({
      method: 'post',
      path: '/v1/activations/{id}/provisioned',
      operationId: 'recordActivationProvisioned',
      tags: ['Activations'],
      summary: 'Record services provisioned',
      description:
        'Sends one provisioning confirmation for these subscriptions. Each call is more services provisioned: retry with an Idempotency-Key.',
      security: requires('activations'),
      request: { headers: idempotencyHeader, params: idParam, body: json(provisionedSchema(rules)) },
      responses: {
        200: activationResponse('The activation, provisioned', {
          ...chosenActivationExample,
          state: 'provisioned',
        }),
        ...stepProblems(
          conflicts(
            'No option is chosen yet (`choice-required`), the activation is canceled, or the Idempotency-Key is in use',
            ['choice-required', 'activation-canceled'],
          ),
          true,
        ),
      },
    }),
    get: getRoute,
    list: listRoute,
    contacts: contactsRoute(rules),
    resend: resendRoute,
    cancel: cancelRoute,
  };
}

const notFound = (id: string) => new ProblemError(problem('not-found', `There is no activation with id "${id}".`));
const activationId = (id: string) => pathId(id, notFound);

/** Each refusal of the rules as the caller gets it. */
const refusalProblems: Record<Refusal, (detail: string) => Problem> = {
  'not-offered': (detail) => validationProblem([{ path: 'option', message: detail }]),
  'no-recipient': (detail) => validationProblem([{ path: 'enrollment', message: detail }]),
  'choice-already-made': (detail) => problem('choice-already-made', detail),
  'nothing-to-resend': (detail) => problem('nothing-to-resend', detail),
  'trial-ended': (detail) => problem('trial-ended', detail),
  'choice-required': (detail) => problem('choice-required', detail),
  canceled: (detail) => problem('activation-canceled', detail),
};

/** What a step on an activation needs, for the API and the console alike. */
export type ActivationStepDeps = Pick<
  ActivationRouteDeps,
  'store' | 'metrics' | 'renderForStore' | 'followUps' | 'clock' | 'onAccepted' | 'links'
>;

/** Who asks for a step: their idempotency key space and key, and the key's name every change keeps. */
export interface StepCaller extends IdempotencyCaller {
  keyName: string;
}

const respond = (status: 200 | 201) => (key: IdempotencyRequest | undefined) =>
  key && {
    request: key,
    respond: (a: Parameters<typeof activationView>[0]) => ({ status, body: activationView(a) }),
  };

/**
 * One step on an activation, as `PATCH /v1/activations/{id}` and the `POST …/{step}` routes
 * take it and as the console's actions do: the idempotent shell, the rules, the store, then the
 * worker woken. Answers the activation after the step; throws the problem of a refusal.
 * `name` and `body` identify the request for its Idempotency-Key, as the route sees them.
 */
export function activationStepRunner(deps: ActivationStepDeps) {
  const { store, metrics } = deps;
  const steps = createActivationSteps({
    store,
    renderForStore: deps.renderForStore,
    followUps: deps.followUps,
    clock: deps.clock,
  });
  const stored = (emails: number) => {
    deps.onAccepted();
    if (emails > 0) metrics.emailsAccepted.inc(emails);
  };
  const run = (caller: StepCaller, id: string, name: string, body: unknown, command: Command) =>
    runIdempotent(
      store,
      caller,
      { route: `${name} ${activationId(id)}`, body },
      async (key): Promise<{ body: ActivationView; stored: boolean }> => {
        const result: StepResult = await steps.apply(activationId(id), command, caller.keyName, respond(200)(key));
        switch (result.kind) {
          case 'not-found':
            throw notFound(id);
          case 'refused':
            throw new ProblemError(refusalProblems[result.reason](result.detail));
          case 'done':
            if (result.changed) stored(result.emailsStored);
            return { body: activationView(result.activation), stored: result.changed };
        }
      },
    );
  return { steps, stored, run };
}

function mount(app: App, deps: ActivationRouteDeps): void {
  const { store, open } = deps;
  const route = routes(deps);
  const { steps, stored, run } = activationStepRunner(deps);

  handle(app, route.create, async (c) =>
    idempotentWrite(
      c,
      {
        store,
        route: 'POST /v1/activations',
        status: 201,
        body: await c.req.json(),
        open,
        location: (view: ActivationView) => `/v1/activations/${view.id}`,
      },
      async (key) => {
        const request = c.req.valid('json');
        const result = await steps.create(request, callerOf(c).name, respond(201)(key));
        if (result.kind === 'enrollment-taken') {
          // The holder's id only for a key that may read it: a refusal reveals nothing more.
          const readable = hasScope(c, ['read']);
          throw new ProblemError({
            ...problem(
              'enrollment-taken',
              `Enrollment ${request.enrollment.number} already has a live activation${readable ? ` (${result.activationId})` : ''}; cancel it before starting another.`,
            ),
            ...(readable ? { activationId: result.activationId } : {}),
          });
        }
        stored(result.emailsStored);
        return { body: activationView(result.activation), stored: true };
      },
    ),
  );

  /** One step on an activation, answered with the activation or the step's refusal. */
  const step = async (c: Context<AppEnv>, id: string, name: string, body: unknown, command: Command) => {
    const outcome = await run({ ...idempotencyCallerOf(c, open), keyName: callerOf(c).name }, id, name, body, command);
    if (outcome.replayed) c.header(REPLAYED_HEADER, 'true');
    return c.json(outcome.body, 200);
  };

  handle(app, route.choice, async (c) => {
    const choice = c.req.valid('json');
    return step(c, c.req.valid('param').id, 'POST choice', await c.req.json(), { type: 'choose', choice });
  });

  handle(app, route.provisioned, async (c) => {
    const { subscriptions, subscriptionsUrl } = c.req.valid('json');
    return step(c, c.req.valid('param').id, 'POST provisioned', await c.req.json(), {
      type: 'provision',
      subscriptions,
      subscriptionsUrl,
    });
  });

  handle(app, route.contacts, async (c) => {
    const { enrollment } = c.req.valid('json');
    return step(c, c.req.valid('param').id, 'PATCH', await c.req.json(), {
      type: 'change-contacts',
      contacts: enrollment,
    });
  });

  handle(app, route.resend, async (c) => step(c, c.req.valid('param').id, 'POST resend', null, { type: 'resend' }));

  handle(app, route.cancel, async (c) => step(c, c.req.valid('param').id, 'POST cancel', null, { type: 'cancel' }));

  handle(app, route.get, async (c) => {
    const { id } = c.req.valid('param');
    const activation = await store.getActivation(activationId(id));
    if (!activation) throw notFound(id);
    return c.json(activationView(activation), 200);
  });

  handle(app, route.list, async (c) => {
    const { state, enrollmentNumber, needsAttention, limit, cursor } = c.req.valid('query');
    const rows = await store.listActivations({
      state,
      enrollmentNumber,
      needsAttention,
      limit: limit + 1,
      before: cursorBefore(cursor),
    });
    return c.json(pageOf(rows, limit, activationSummaryView), 200);
  });
}

export const activationRoutes: RouteModule<ActivationRouteDeps> = {
  documented: Object.values(routes({ links: {}, clock: () => new Date() })),
  mount,
};
