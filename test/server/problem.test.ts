import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  fieldErrors,
  MAX_LISTED_ERRORS,
  problem,
  problemKinds,
  problemType,
  validationProblem,
} from '../../server/problem.ts';

/** The one error shape (server/problem.ts): RFC 9457 problems, and field errors with their paths. */

describe('problem', () => {
  it('gives each kind a stable URN, its status and its title', () => {
    expect(problem('not-found', 'There is no email with id "x".')).toEqual({
      type: 'urn:activation-mail:problem:not-found',
      title: 'Not found',
      status: 404,
      detail: 'There is no email with id "x".',
    });
    for (const kind of Object.keys(problemKinds) as (keyof typeof problemKinds)[]) {
      expect(problemType(kind)).toBe(`urn:activation-mail:problem:${kind}`);
    }
  });

  it('leaves `errors` out when there are none', () => {
    expect(problem('sending-begun', 'x', [])).not.toHaveProperty('errors');
  });
});

describe('fieldErrors', () => {
  const schema = z.strictObject({ name: z.string(), items: z.array(z.strictObject({ n: z.number() })) });

  it('names each problem by its path, a missing field as required, and each unknown field on its own', () => {
    const parsed = schema.safeParse({ items: [{ n: 'x' }, { n: 1, extra: 1 }], typo: 1, other: 2 });
    expect(parsed.success).toBe(false);
    expect(fieldErrors(parsed.error?.issues ?? [])).toEqual([
      { path: 'name', message: 'is required' },
      { path: 'items.0.n', message: expect.stringContaining('expected number') },
      { path: 'items.1.extra', message: 'is not a known field' },
      { path: 'typo', message: 'is not a known field' },
      { path: 'other', message: 'is not a known field' },
    ]);
  });

  it('puts a prefix before the paths of a value that sits inside the body', () => {
    const parsed = z.object({ a: z.string() }).safeParse({});
    expect(fieldErrors(parsed.error?.issues ?? [], ['emails', 3, 'data'])).toEqual([
      { path: 'emails.3.data.a', message: 'is required' },
    ]);
  });
});

describe('validationProblem', () => {
  it('counts the problems, and lists at most MAX_LISTED_ERRORS of them', () => {
    const errors = Array.from({ length: 150 }, (_, i) => ({ path: `f${i}`, message: 'bad' }));
    const listed = validationProblem(errors);
    expect(listed.status).toBe(422);
    expect(listed.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(listed.detail).toBe(`The request has 150 problems; errors lists the first ${MAX_LISTED_ERRORS}.`);
    expect(validationProblem([{ path: 'a', message: 'b' }]).detail).toBe('The request has 1 problem; see errors.');
  });
});
