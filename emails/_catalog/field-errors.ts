import type { core } from 'zod';

/**
 * zod's issues as the problems a person reads: one entry per problem, with its path from the
 * data's root (`prefix` when the value validated sits inside it, like a request's `data`). An
 * unknown field gets its own entry with the field in its path, so a typo is pointed at exactly.
 * The API's 422 (server/problem.ts) and the workbench's problem page (preview.tsx) both use it,
 * so a designer reads what an integrator would.
 */

export interface FieldProblem {
  /** Dot-separated: `subscriptions.0.quantity`; empty for the data as a whole. */
  path: string;
  message: string;
}

const pathOf = (segments: readonly PropertyKey[]) => segments.map(String).join('.');

/** zod's default wording, replaced where a reader deserves plainer words. */
function plainMessage(issue: core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return 'is required';
  return issue.message;
}

export function fieldErrors(issues: readonly core.$ZodIssue[], prefix: readonly PropertyKey[] = []): FieldProblem[] {
  const errors: FieldProblem[] = [];
  const seen = new Set<string>();
  const add = (path: string, message: string) => {
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    errors.push({ path, message });
  };
  for (const issue of issues) {
    const at = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const message = /^Unrecognized keys?:/.test(issue.message) ? 'is not a known field' : issue.message;
      for (const key of issue.keys) add(pathOf([...at, key]), message);
    } else {
      add(pathOf(at), plainMessage(issue));
    }
  }
  return errors;
}
