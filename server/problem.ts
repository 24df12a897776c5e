import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { core } from 'zod';
import { fieldErrors } from '../emails/_catalog/index.ts';

/**
 * RFC 9457 problem details: the one shape of every error the service answers with.
 * `type` is a URN per kind of problem, stable for clients to branch on (the document lists them
 * as the `ProblemType` enum, from this table); `title` is the same for every occurrence of a
 * kind, `detail` explains this occurrence, `requestId` names the request in our logs.
 * `about` says what a client does about it; `example` is a typical `detail`, for the document.
 */

export const problemKinds = {
  'malformed-json': {
    status: 400,
    title: 'Malformed JSON',
    about: 'The body is not valid JSON: fix it before retrying.',
    example: 'The request body is not valid JSON.',
  },
  unauthorized: {
    status: 401,
    title: 'Unauthorized',
    about: 'The API key (or a webhook signature) is missing or wrong; `WWW-Authenticate` says which.',
    example: 'The API key is not valid.',
  },
  forbidden: {
    status: 403,
    title: 'Forbidden',
    about:
      'The API key lacks the scope the operation needs (its `security` names it), or, on a server without keys, the request did not come from this machine.',
    example: 'The API key "crm" lacks the scope this needs: read.',
  },
  'not-found': {
    status: 404,
    title: 'Not found',
    about: 'No such resource, template or path.',
    example: 'There is no activation with id "0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f".',
  },
  'method-not-allowed': {
    status: 405,
    title: 'Method not allowed',
    about: 'The path exists under other methods, named in `Allow`.',
    example: 'DELETE is not allowed on /v1/emails; use GET, HEAD, POST.',
  },
  'idempotency-key-in-use': {
    status: 409,
    title: 'The Idempotency-Key is in use',
    about:
      'A request with this Idempotency-Key is still being processed: retry the same request after `Retry-After` seconds to get its answer.',
    example: 'A request with this Idempotency-Key is still being processed; retry once it has finished.',
  },
  'sending-begun': {
    status: 409,
    title: 'Sending has begun',
    about: 'The email can no longer be canceled: a send was tried already.',
    example: 'The email can no longer be canceled: sending has begun (status "sent").',
  },
  // The activation's own conflicts, each a type of its own for clients to branch on.
  'enrollment-taken': {
    status: 409,
    title: 'The enrollment already has a live activation',
    about: 'One live activation per enrollment number: `activationId` names it; cancel it before starting another.',
    example:
      'Enrollment 62345678 already has a live activation (0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f); cancel it before starting another.',
  },
  'choice-already-made': {
    status: 409,
    title: 'The choice was already made',
    about: 'The other option was recorded already; the choice is one-time and irreversible.',
    example: 'The choice is one-time and irreversible: sign-in was already chosen.',
  },
  'nothing-to-resend': {
    status: 409,
    title: 'The choice is made: there is nothing to resend',
    about: 'The activation email offers a choice that is made already.',
    example: 'The activation email offers a choice that was already made (sign-up); there is nothing to resend.',
  },
  // A trial customer's activation email offers to keep the trial; once it has ended, the process
  // names no option, so the email is not sent again (the trial-ended notice sends them to support).
  'trial-ended': {
    status: 409,
    title: 'The trial has ended: the activation email is not sent again',
    about:
      'The trial has ended: its activation email offers options the process no longer names, so it is not sent again.',
    example: 'The trial ended on 2026-12-15; the activation email is not sent again.',
  },
  'choice-required': {
    status: 409,
    title: 'A choice is required first',
    about: 'Record the option the customer chose before reporting services provisioned.',
    example: 'Services are provisioned after the customer chooses an option; record the choice first.',
  },
  'activation-canceled': {
    status: 409,
    title: 'The activation is canceled',
    about: 'A canceled activation takes no more steps; start a new one for the enrollment.',
    example: 'The activation is canceled; start a new one for the enrollment.',
  },
  'erasure-blocked': {
    status: 409,
    title: 'Work in flight names the address',
    about:
      'An activation not yet provisioned or canceled, or an email still queued, scheduled or sending, names the address (`activationIds`, `emailIds`, for a key with the `read` scope): change the contact (PATCH /v1/activations/{id}), cancel the activation or the email, or wait for it to finish, then erase.',
    example:
      'Work in flight names this address: activation 0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f. Change the contact with PATCH /v1/activations/{id} or cancel the activation; cancel the emails or let them be sent; then erase.',
  },
  'payload-too-large': {
    status: 413,
    title: 'Payload too large',
    about: 'The body is larger than the server’s BODY_LIMIT (a Resend webhook: larger than 64 KiB).',
    example: 'The request body is larger than 262144 bytes.',
  },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported media type',
    about: 'Send the body as `application/json`.',
    example: 'Send the body as JSON, with "Content-Type: application/json".',
  },
  'validation-failed': {
    status: 422,
    title: 'Validation failed',
    about:
      'The request breaks the schema or a rule: `errors` lists each problem with its path. Fix it before retrying.',
    example: 'The request has 1 problem; see errors.',
  },
  'idempotency-key-reused': {
    status: 422,
    title: 'The Idempotency-Key was used with another request',
    about:
      'The key answered another request (another body or operation) in the last 24 hours: use a new key for a new request.',
    example: 'This Idempotency-Key was already used with a different request; use a new key for a new request.',
  },
  'rate-limited': {
    status: 429,
    title: 'Too many requests',
    about: 'Wait `Retry-After` seconds, then retry.',
    example: 'This API key has made too many requests. Retry in 1 s.',
  },
  'internal-error': {
    status: 500,
    title: 'Internal server error',
    about:
      'Something failed on our side; nothing was stored. Retry with the same Idempotency-Key, or quote `requestId`.',
    example:
      'Something went wrong on our side; quote request id 4f1c2d9e-8b7a-4c3d-9e2f-1a0b9c8d7e6f if you report it.',
  },
  unavailable: {
    status: 503,
    title: 'Service unavailable',
    about: 'The store does not answer: try another instance, or later.',
    example: 'The store does not answer.',
  },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string; about: string; example: string }>;

export type ProblemKind = keyof typeof problemKinds;

const PROBLEM_URN = 'urn:activation-mail:problem:';
export const problemType = <K extends ProblemKind>(kind: K) => `${PROBLEM_URN}${kind}` as const;
/** RFC 9457's default type: an HTTP error with no meaning beyond its status (none of the kinds above). */
export const GENERIC_PROBLEM_TYPE = 'about:blank';
export type ProblemType = ReturnType<typeof problemType<ProblemKind>> | typeof GENERIC_PROBLEM_TYPE;

const problemKindList = Object.keys(problemKinds) as ProblemKind[];

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The problem types as the document names them: one enum, read from the table, so it cannot drift. */
export const problemTypeSchema = z
  .enum([...problemKindList.map((kind): ProblemType => problemType(kind)), GENERIC_PROBLEM_TYPE])
  .openapi('ProblemType', {
    description: [
      'What went wrong, stable for clients to branch on; handle a type you do not know by its `status`.',
      ...problemKindList.map(
        (kind) => `- \`${problemType(kind)}\` (${problemKinds[kind].status}): ${problemKinds[kind].about}`,
      ),
      `- \`${GENERIC_PROBLEM_TYPE}\`: an HTTP error with no meaning beyond its status.`,
    ].join('\n'),
    example: problemType('validation-failed'),
  });

export const fieldErrorSchema = z
  .object({
    path: z.string().openapi({
      description:
        'Where the problem is, dot-separated from the request body (`data.subscriptions.0.quantity`), or the name of the query parameter or header',
      example: 'data.signUpUrl',
    }),
    message: z.string().openapi({ description: 'What is wrong with it', example: 'must be an absolute https:// URL' }),
  })
  .openapi('FieldError', { description: 'One problem in the request, where it is and what is wrong' });

export type FieldError = z.infer<typeof fieldErrorSchema>;

export const problemSchema = z
  .object({
    type: problemTypeSchema,
    title: z.string().openapi({
      description: 'The same for every problem of this type',
      example: problemKinds['validation-failed'].title,
    }),
    status: z.number().int().openapi({ description: 'The HTTP status code', example: 422 }),
    detail: z.string().openapi({
      description: 'What went wrong this time, in plain words',
      example: problemKinds['validation-failed'].example,
    }),
    requestId: z.string().optional().openapi({
      description: 'This request’s id, as in the `X-Request-Id` header: quote it when you report a problem',
      example: '4f1c2d9e-8b7a-4c3d-9e2f-1a0b9c8d7e6f',
    }),
    errors: z
      .array(fieldErrorSchema)
      .max(100)
      .optional()
      .openapi({ description: 'One entry per problem in the request (at most 100 are listed)' }),
    activationId: z.string().optional().openapi({
      format: 'uuid',
      description:
        'With `enrollment-taken`: the live activation that holds the enrollment number (for a key with the `read` scope)',
      example: '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f',
    }),
    activationIds: z
      .array(z.string().openapi({ format: 'uuid' }))
      .max(20)
      .optional()
      .openapi({
        description:
          'With `erasure-blocked`: the activations still running that name the address, at most 20 (for a key with the `read` scope)',
        example: ['0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f'],
      }),
    emailIds: z
      .array(z.string().openapi({ format: 'uuid' }))
      .max(20)
      .optional()
      .openapi({
        description:
          'With `erasure-blocked`: the emails still queued, scheduled or sending that name the address, at most 20 (for a key with the `read` scope)',
        example: ['0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e20'],
      }),
  })
  .openapi('Problem', {
    description: 'An RFC 9457 problem: the body of every error answer (`application/problem+json`).',
  });

export type Problem = z.infer<typeof problemSchema>;

export const problem = (kind: ProblemKind, detail: string, errors?: FieldError[]): Problem => {
  const { status, title } = problemKinds[kind];
  return { type: problemType(kind), title, status, detail, ...(errors?.length ? { errors } : {}) };
};

/**
 * Answers with a problem, naming the request (`requestId`, as in `X-Request-Id`); headers
 * already set on the context (X-Request-Id, RateLimit…) are kept.
 */
export const respondProblem = (c: Context, body: Problem, headers: Record<string, string> = {}): Response => {
  const requestId: unknown = c.get('requestId');
  const { type, title, status, detail, ...rest } = body;
  const named = typeof requestId === 'string' ? { type, title, status, detail, requestId, ...rest } : body;
  return c.body(JSON.stringify(named), status as ContentfulStatusCode, {
    ...headers,
    'Content-Type': PROBLEM_CONTENT_TYPE,
  });
};

/**
 * Thrown by a handler to answer with a problem; the app's error handler renders it. Throwing
 * keeps handlers typed by their success response, as the OpenAPI route declares it.
 */
export class ProblemError extends HTTPException {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.status as ContentfulStatusCode, { message: problem.detail });
  }
}

/**
 * One entry per problem, each with its path from the request body: the catalog's rule
 * (emails/_catalog/field-errors.ts), which the designers' workbench shows too.
 */
export { fieldErrors };

/** A 422 lists at most this many problems, so a huge bad body cannot ask for a huge answer. */
export const MAX_LISTED_ERRORS = 100;

export const validationProblem = (errors: FieldError[]): Problem =>
  problem(
    'validation-failed',
    errors.length > MAX_LISTED_ERRORS
      ? `The request has ${errors.length} problems; errors lists the first ${MAX_LISTED_ERRORS}.`
      : `The request has ${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}; see errors.`,
    errors.slice(0, MAX_LISTED_ERRORS),
  );

/** OpenAPIHono's defaultHook: every request that fails its zod schema becomes a 422 problem. */
export const validationHook = (
  result: { success: true } | { success: false; error: { issues: readonly core.$ZodIssue[] } },
  c: Context,
): Response | undefined => {
  if (result.success) return undefined;
  return respondProblem(c, validationProblem(fieldErrors(result.error.issues)));
};

const header = (description: string, required = false, type: 'string' | 'integer' = 'string') => ({
  description,
  required,
  schema: { type },
});

/** Headers that come with some problems, as the OpenAPI document describes them. */
const problemHeaders: Partial<Record<ContentfulStatusCode, Record<string, ReturnType<typeof header>>>> = {
  401: {
    'WWW-Authenticate': header(
      'How to authenticate: `Bearer realm="activation-mail"` on /v1 (with `error="invalid_token"` for a wrong key); `Svix realm="resend-webhooks"` on webhooks',
      true,
    ),
  },
  409: {
    'Retry-After': header(
      'With `idempotency-key-in-use`: seconds to wait before retrying, while the first request still runs',
      false,
      'integer',
    ),
  },
  413: { Connection: header('`close`: the rest of the body is not read, so the connection is not reused') },
  429: {
    'Retry-After': header('Seconds to wait before the next request', true, 'integer'),
    RateLimit: header('The limit that applies and what is left of it (IETF draft `RateLimit` header)', true),
    'RateLimit-Policy': header('The policy: requests (`q`) per window of seconds (`w`)', true),
  },
};

/** A problem response as a route documents it: a description, and the kinds it can be (by default, its status's first). */
export type ProblemResponse = string | { description: string; kinds: readonly ProblemKind[] };

const EXAMPLE_REQUEST_ID = '4f1c2d9e-8b7a-4c3d-9e2f-1a0b9c8d7e6f';
const EXAMPLE_ERRORS: Partial<Record<ProblemKind, FieldError[]>> = {
  'validation-failed': [{ path: 'signUpUrl', message: 'must be an absolute https:// URL' }],
  'idempotency-key-reused': [
    {
      path: 'Idempotency-Key',
      message: 'was already used with a different request body; use a new key for a new request',
    },
  ],
};

/** A problem of this kind as the document shows it. */
export const exampleProblem = (kind: ProblemKind): Problem => {
  const { type, title, status, detail, ...rest } = problem(kind, problemKinds[kind].example, EXAMPLE_ERRORS[kind]);
  return {
    type,
    title,
    status,
    detail,
    requestId: EXAMPLE_REQUEST_ID,
    ...rest,
    ...(kind === 'enrollment-taken' ? { activationId: '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f' } : {}),
    ...(kind === 'erasure-blocked' ? { activationIds: ['0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f'], emailIds: [] } : {}),
  };
};

const kindsOf = (status: number, response: ProblemResponse): readonly ProblemKind[] => {
  if (typeof response !== 'string') return response.kinds;
  const kind = (Object.keys(problemKinds) as ProblemKind[]).find((k) => problemKinds[k].status === status);
  if (!kind) throw new Error(`No problem kind has status ${status}`);
  return [kind];
};

interface ProblemResponseConfig {
  description: string;
  headers?: Record<string, ReturnType<typeof header>>;
  content: {
    [PROBLEM_CONTENT_TYPE]: {
      schema: typeof problemSchema;
      examples: Record<string, { summary: string; value: Problem }>;
    };
  };
}

/**
 * The `responses` entries of a route for the problems it can answer with, for the OpenAPI
 * document: each with an example per kind of problem it can be.
 */
export const problemResponses = <S extends ContentfulStatusCode>(described: Partial<Record<S, ProblemResponse>>) =>
  Object.fromEntries(
    Object.entries<ProblemResponse>(described as Record<string, ProblemResponse>).map(
      ([code, response]): [string, ProblemResponseConfig] => {
        const status = Number(code) as ContentfulStatusCode;
        const headers = problemHeaders[status];
        return [
          code,
          {
            description: typeof response === 'string' ? response : response.description,
            ...(headers ? { headers } : {}),
            content: {
              [PROBLEM_CONTENT_TYPE]: {
                schema: problemSchema,
                examples: Object.fromEntries(
                  kindsOf(status, response).map((kind) => [
                    kind,
                    { summary: problemKinds[kind].title, value: exampleProblem(kind) },
                  ]),
                ),
              },
            },
          },
        ];
      },
    ),
  ) as Record<S, ProblemResponseConfig>;

/** The problems every `/v1` route can answer with (authentication, scopes, the per-key limit), and its own. */
export const apiProblemResponses = <S extends ContentfulStatusCode>(described: Partial<Record<S, ProblemResponse>>) =>
  problemResponses<S | 401 | 403 | 429 | 500>({
    401: 'Missing or wrong API key',
    403: 'The API key lacks the scope this operation needs',
    429: 'Too many requests: this API key’s limit, or too many wrong keys from this address',
    ...described,
    500: 'Something failed on our side; the problem names the request id to quote, never a stack trace',
  } as Partial<Record<S | 401 | 403 | 429 | 500, ProblemResponse>>);
