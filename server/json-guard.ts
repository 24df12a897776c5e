import type { FieldError } from './problem.ts';

/**
 * What no JSON body may carry, whatever its schema: nesting deeper than `maxDepth` (hashing or
 * walking it would exhaust the stack), and strings PostgreSQL cannot store (NUL, and lone
 * surrogates, which are not Unicode text). Walks without recursion, so any parsed body can be
 * inspected; reports each problem with its path, at most `maxErrors` of them.
 */

export const MAX_JSON_DEPTH = 32;

// A lone surrogate: a high one not followed by a low one, or a low one not preceded by a high one.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what it refuses
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function unsafeJson(value: unknown, { maxDepth = MAX_JSON_DEPTH, maxErrors = 20 } = {}): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  const textError = (path: string[]) => ({
    path: path.join('.'),
    message: 'must not contain NUL characters or unpaired surrogates',
  });
  while (stack.length > 0 && errors.length < maxErrors) {
    const { value: node, path } = stack.pop() as { value: unknown; path: string[] };
    if (typeof node === 'string') {
      if (UNSTORABLE.test(node)) errors.push(textError(path));
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (path.length >= maxDepth) {
      errors.push({ path: path.join('.'), message: `nests deeper than ${maxDepth} levels` });
      continue;
    }
    const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node);
    for (const [key, child] of entries) {
      // The key is named with its bad characters escaped, as JSON would write them.
      if (UNSTORABLE.test(key)) errors.push(textError([...path, JSON.stringify(key).slice(1, -1)]));
      else stack.push({ value: child, path: [...path, key] });
    }
  }
  return errors;
}
