import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { core } from 'zod';
import { fieldErrors } from '../emails/_catalog/index.ts';

/**
 * RFC 9457 problem details: the one shape of every error the service answers with.
 * `type` is a URN per kind of problem, stable for clients to branch on; `title` is the same
 * for every occurrence of a kind, `detail` explains this occurrence.
 */

export const problemKinds = {
  'malformed-json': { status: 400, title: 'Malformed JSON' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  // The activation's own conflicts, each a type of its own for clients to branch on.
  'enrollment-taken': { status: 409, title: 'The enrollment already has a live activation' },
  'choice-already-made': { status: 409, title: 'The choice was already made' },
  'nothing-to-resend': { status: 409, title: 'The choice is made: there is nothing to resend' },
  // A trial customer's activation email offers to keep the trial; once it has ended, the process
  // names no option, so the email is not sent again (the trial-ended notice sends them to support).
  'trial-ended': { status: 409, title: 'The trial has ended: the activation email is not sent again' },
  'choice-required': { status: 409, title: 'A choice is required first' },
  'activation-canceled': { status: 409, title: 'The activation is canceled' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'validation-failed': { status: 422, title: 'Validation failed' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'internal-error': { status: 500, title: 'Internal server error' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ProblemKind = keyof typeof problemKinds;

export const problemType = (kind: ProblemKind) => `urn:activation-mail:problem:${kind}`;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const fieldErrorSchema = z
  .object({
    path: z.string().openapi({
      description: 'Where the problem is, dot-separated from the request body: `data.subscriptions.0.quantity`',
      example: 'data.signUpUrl',
    }),
    message: z.string().openapi({ example: 'must be an absolute https:// URL' }),
  })
  .openapi('FieldError');

export type FieldError = z.infer<typeof fieldErrorSchema>;

export const problemSchema = z
  .object({
    type: z.string().openapi({ example: problemType('validation-failed') }),
    title: z.string().openapi({ example: problemKinds['validation-failed'].title }),
    status: z.number().int().openapi({ example: 422 }),
    detail: z.string().openapi({ example: 'The request body has 1 problem.' }),
    errors: z
      .array(fieldErrorSchema)
      .max(100)
      .optional()
      .openapi({ description: 'One entry per problem in the request (at most 100 are listed)' }),
    activationId: z.string().optional().openapi({
      format: 'uuid',
      description: 'With `enrollment-taken`: the live activation that holds the enrollment number',
    }),
  })
  .openapi('Problem');

export type Problem = z.infer<typeof problemSchema>;

export const problem = (kind: ProblemKind, detail: string, errors?: FieldError[]): Problem => {
  const { status, title } = problemKinds[kind];
  return { type: problemType(kind), title, status, detail, ...(errors?.length ? { errors } : {}) };
};

/** Answers with a problem; headers already set on the context (X-Request-Id...) are kept. */
export const respondProblem = (c: Context, body: Problem, headers: Record<string, string> = {}): Response =>
  c.body(JSON.stringify(body), body.status as ContentfulStatusCode, {
    ...headers,
    'Content-Type': PROBLEM_CONTENT_TYPE,
  });

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
    'Retry-After': header('Seconds to wait before retrying, while the first request still runs', false, 'integer'),
  },
  413: { Connection: header('`close`: the rest of the body is not read, so the connection is not reused') },
  429: {
    'Retry-After': header('Seconds to wait before the next request', true, 'integer'),
    RateLimit: header('The limit that applies and what is left of it (IETF draft `RateLimit` header)', true),
    'RateLimit-Policy': header('The policy: requests (`q`) per window of seconds (`w`)', true),
  },
};

/** The `responses` entries of a route for the problems it can answer with, for the OpenAPI document. */
export const problemResponses = <S extends ContentfulStatusCode>(described: Partial<Record<S, string>>) =>
  Object.fromEntries(
    Object.entries(described).map(([status, description]) => [
      status,
      {
        description: description as string,
        ...(problemHeaders[Number(status) as ContentfulStatusCode]
          ? { headers: problemHeaders[Number(status) as ContentfulStatusCode] }
          : {}),
        content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
      },
    ]),
  ) as Record<S, { description: string; content: { [PROBLEM_CONTENT_TYPE]: { schema: typeof problemSchema } } }>;

/** The problems every `/v1` route can answer with (authentication and the per-key limit), and its own. */
export const apiProblemResponses = <S extends ContentfulStatusCode>(described: Partial<Record<S, string>>) =>
  problemResponses<S | 401 | 429 | 500>({
    401: 'Missing or wrong API key',
    429: 'Too many requests: this API key’s limit, or too many wrong keys from this address',
    ...described,
    500: 'Something failed on our side; the problem names the request id to quote, never a stack trace',
  } as Partial<Record<S | 401 | 429 | 500, string>>);

/** Headers every `/v1` answer carries: the per-key limit and what is left of it. */
export const rateLimitHeaders = {
  RateLimit: header('What is left of this API key’s limit (IETF draft `RateLimit` header)'),
  'RateLimit-Policy': header('The per-key limit: requests (`q`) per window of seconds (`w`)'),
};
