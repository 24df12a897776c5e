import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { problem, respondProblem } from './problem.ts';

/** The OpenAPI security scheme name that /v1 routes declare. */
export const BEARER_SCHEME = 'bearerAuth';
export const bearerSecurity = [{ [BEARER_SCHEME]: [] }];

const REALM = 'activation-mail';
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

// Comparing digests rather than the keys themselves gives equal-length buffers, so neither a
// key's content nor its length leaks through timing.
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Compares the presented key with every configured one, without stopping at the first match. */
export function keyMatcher(apiKeys: readonly string[]): (presented: string) => boolean {
  const known = apiKeys.map(digest);
  return (presented) => {
    const candidate = digest(presented);
    let matched = false;
    for (const key of known) matched = timingSafeEqual(key, candidate) || matched;
    return matched;
  };
}

/**
 * `Authorization: Bearer <key>` against API_KEYS. With no keys configured the API is open
 * (config allows that only on a loopback host). Keys are never logged or echoed.
 */
export function bearerAuth(apiKeys: readonly string[]): MiddlewareHandler {
  if (apiKeys.length === 0) return async (_c, next) => next();
  const matches = keyMatcher(apiKeys);
  return async (c, next) => {
    const header = c.req.header('Authorization');
    if (!header) {
      return respondProblem(c, problem('unauthorized', 'Send your API key as "Authorization: Bearer <key>".'), {
        'WWW-Authenticate': `Bearer realm="${REALM}"`,
      });
    }
    const presented = BEARER.exec(header)?.[1];
    if (!presented || !matches(presented)) {
      return respondProblem(c, problem('unauthorized', 'The API key is not valid.'), {
        'WWW-Authenticate': `Bearer realm="${REALM}", error="invalid_token"`,
      });
    }
    await next();
  };
}
