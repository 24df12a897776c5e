import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { type BucketPolicy, type KeyedLimiter, keyedLimiter, rateLimitedProblem } from './caller-limits.ts';
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

/** The client's address as the socket reports it (no proxy header is trusted); `app.request` has none. */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * `Authorization: Bearer <key>` against API_KEYS. With no keys configured the API is open
 * (config allows that only on a loopback host). Keys are never logged or echoed.
 * Wrong keys are throttled per client address (`failures`, per minute): once an address has
 * spent its allowance, its requests are answered 429 before their key is even compared, so
 * guessing keys is slow. Pass `throttle` to share the count with another door (the console's sign-in).
 */
/** Wrong keys per client address: one limiter for every door a key is presented at. */
export function authFailureLimiter(failures: { perMinute: number; burst: number }): KeyedLimiter {
  const policy: BucketPolicy = { perSecond: failures.perMinute / 60, burst: failures.burst };
  return keyedLimiter({ name: 'auth-failures', ...policy });
}

export function bearerAuth(
  apiKeys: readonly string[],
  failures: { perMinute: number; burst: number } = { perMinute: 0, burst: 1 },
  throttle: KeyedLimiter = authFailureLimiter(failures),
): MiddlewareHandler {
  if (apiKeys.length === 0)
    return async function openApi(_c, next) {
      await next();
    };
  const matches = keyMatcher(apiKeys);
  return async function bearerAuthMiddleware(c, next) {
    const address = clientAddress(c);
    if (throttle.enabled) {
      const allowance = throttle.check(address, false);
      if (!allowance.allowed) {
        throw rateLimitedProblem(allowance, throttle, 'Too many requests with a wrong API key came from your address.');
      }
    }
    const header = c.req.header('Authorization');
    if (!header) {
      return respondProblem(c, problem('unauthorized', 'Send your API key as "Authorization: Bearer <key>".'), {
        'WWW-Authenticate': `Bearer realm="${REALM}"`,
      });
    }
    const presented = BEARER.exec(header)?.[1];
    if (!presented || !matches(presented)) {
      if (throttle.enabled) throttle.check(address);
      return respondProblem(c, problem('unauthorized', 'The API key is not valid.'), {
        'WWW-Authenticate': `Bearer realm="${REALM}", error="invalid_token"`,
      });
    }
    await next();
  };
}
