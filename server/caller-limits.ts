import type { MiddlewareHandler } from 'hono';
import { clientAddress } from './client-address.ts';
import { ProblemError, problem } from './problem.ts';

/**
 * Request limits as token buckets: each key (an API key, a client address) holds up to `burst`
 * tokens, refilled at `perSecond`; a request takes one, and with none left it is refused with
 * when to come back. The bucket is a pure decision with the clock passed in; the keyed table is
 * bounded, so a flood of new keys (addresses) cannot grow it without end.
 */

export interface BucketPolicy {
  /** Tokens added per second; 0 turns the limit off. */
  perSecond: number;
  /** Most tokens a bucket holds: the burst allowed after a quiet spell. */
  burst: number;
}

export interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date, in milliseconds. */
  at: number;
}

export type Decision =
  | { allowed: true; remaining: number; resetSeconds: number }
  | { allowed: false; retryAfterSeconds: number; resetSeconds: number };

/** Refills the bucket to `now` and, when `take`, spends one token. Mutates the bucket. */
export function decide(bucket: Bucket, policy: BucketPolicy, now: number, take = true): Decision {
  const { perSecond, burst } = policy;
  bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
  bucket.at = now;
  if (bucket.tokens < 1) {
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)),
      resetSeconds: Math.ceil((burst - bucket.tokens) / perSecond),
    };
  }
  if (take) bucket.tokens -= 1;
  return {
    allowed: true,
    remaining: Math.floor(bucket.tokens),
    resetSeconds: Math.ceil((burst - bucket.tokens) / perSecond),
  };
}

export interface KeyedLimiterOptions extends BucketPolicy {
  /** Name of the policy in the `RateLimit` headers. */
  name: string;
  /** Most keys tracked at once; the least recently seen is forgotten first. */
  maxKeys?: number;
  now?: () => number;
}

export interface KeyedLimiter {
  /** Takes a token for `key` (or only looks, with `take` false). */
  check(key: string, take?: boolean): Decision;
  /** The `RateLimit` and `RateLimit-Policy` headers (IETF draft) for a decision. */
  headers(decision: Decision): Record<string, string>;
  readonly enabled: boolean;
}

export function keyedLimiter({
  name,
  perSecond,
  burst,
  maxKeys = 10_000,
  now = Date.now,
}: KeyedLimiterOptions): KeyedLimiter {
  const buckets = new Map<string, Bucket>();
  const policy = { perSecond, burst };
  const window = Math.max(1, Math.ceil(burst / Math.max(perSecond, Number.MIN_VALUE)));
  const policyHeader = `"${name}";q=${burst};w=${window}`;
  return {
    enabled: perSecond > 0,
    check(key, take = true) {
      const at = now();
      let bucket = buckets.get(key);
      if (bucket) {
        // Seen again: moved to the end, so the table forgets the keys quiet the longest.
        buckets.delete(key);
      } else {
        bucket = { tokens: burst, at };
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value as string);
      }
      buckets.set(key, bucket);
      return decide(bucket, policy, at, take);
    },
    headers(decision) {
      const remaining = decision.allowed ? decision.remaining : 0;
      return {
        'RateLimit-Policy': policyHeader,
        RateLimit: `"${name}";r=${remaining};t=${decision.resetSeconds}`,
      };
    },
  };
}

export const rateLimitedProblem = (decision: Decision & { allowed: false }, limiter: KeyedLimiter, what: string) =>
  new ProblemError(problem('rate-limited', `${what} Retry in ${decision.retryAfterSeconds} s.`), {
    'Retry-After': String(decision.retryAfterSeconds),
    ...limiter.headers(decision),
  });

/**
 * Per-API-key limit on `/v1/*`: every answer carries `RateLimit` and `RateLimit-Policy`; over
 * the limit, 429 with `Retry-After`. Runs after authentication, so the key is a known one (or
 * `open` while the server runs without keys).
 */
const BEARER_TOKEN = /^Bearer[ \t]+(\S+)/i;

export function perKeyRateLimit(policy: BucketPolicy): MiddlewareHandler {
  const limiter = keyedLimiter({ name: 'per-key', ...policy });
  if (!limiter.enabled)
    return async function noRateLimit(_c, next) {
      await next();
    };
  return async function perKeyRateLimitMiddleware(c, next) {
    const key = BEARER_TOKEN.exec(c.req.header('Authorization') ?? '')?.[1] ?? 'open';
    const decision = limiter.check(key);
    if (!decision.allowed) {
      throw rateLimitedProblem(decision, limiter, 'This API key has made too many requests.');
    }
    for (const [header, value] of Object.entries(limiter.headers(decision))) c.header(header, value);
    await next();
  };
}

/**
 * Per-address limit on the routes that take no key (the index, /openapi.json, /reference and
 * its assets, /metrics): cheap as they are, a flood of them would slow every other caller.
 * `/v1` has the per-key limit and the failed-key throttle; the console its sessions and the
 * same throttle at sign-in; Resend's webhooks a throttle of failed signatures of their own. The
 * health probes are left out: behind a proxy every caller shares its address, and a flood of
 * documents must not make the load balancer take the instance out. A request with no socket
 * (`app.request` in-process) has no address and is not a network caller.
 */
const UNLIMITED_PREFIXES = ['/v1/', '/console', '/webhooks/'];
const PROBES = new Set(['/healthz', '/readyz']);

export function publicRateLimit(policy: BucketPolicy): MiddlewareHandler {
  const limiter = keyedLimiter({ name: 'per-address', ...policy });
  return async function publicRateLimitMiddleware(c, next) {
    const address = clientAddress(c);
    const { path } = c.req;
    if (
      !limiter.enabled ||
      address === 'unknown' ||
      PROBES.has(path) ||
      UNLIMITED_PREFIXES.some((p) => path.startsWith(p))
    )
      return next();
    const decision = limiter.check(address);
    if (!decision.allowed) throw rateLimitedProblem(decision, limiter, 'This address has made too many requests.');
    await next();
  };
}
