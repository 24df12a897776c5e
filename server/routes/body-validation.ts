import type { Context } from 'hono';
import type { core } from 'zod';
import { idempotencyKeyError } from '../idempotency.ts';
import { type FieldError, fieldErrors, ProblemError, validationProblem } from '../problem.ts';
import type { Validation } from './email-request.ts';

/** The 422 of a write route, shared by the emails and activations routes. */

/** A 422 listing the body's problems and the Idempotency-Key header's, if it has one. */
export const invalidBody = (errors: FieldError[], c: Context): ProblemError => {
  const headerError = idempotencyKeyError(c);
  return new ProblemError(validationProblem(headerError ? [headerError, ...errors] : errors));
};

/**
 * The validation hook of a write route: when the body fails its documented schema, the complete
 * validation runs on it anyway, so the answer lists every problem at once instead of one at a time.
 */
export const rejectBody =
  (validate: (raw: unknown) => Validation<unknown>) =>
  (
    result: { success: true } | { success: false; target: string; error: { issues: readonly core.$ZodIssue[] } },
    c: Context,
  ) => {
    if (result.success) return undefined;
    const schemaErrors = fieldErrors(result.error.issues);
    // A header's problem (the Idempotency-Key's) is already among the schema's errors.
    if (result.target !== 'json') throw new ProblemError(validationProblem(schemaErrors));
    return c.req.json().then((raw: unknown): never => {
      const validation = validate(raw);
      throw invalidBody(validation.ok ? schemaErrors : validation.errors, c);
    });
  };
