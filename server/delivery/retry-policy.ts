import type { SendOutcome } from './transport.ts';

/**
 * When to try a send again: exponential backoff with full jitter (a random wait up to a ceiling
 * that doubles with each attempt, so that many failed sends do not retry in lockstep), never
 * sooner than the provider's `Retry-After`, and at most `maxAttempts` tries in all.
 *
 * Every try carries the same idempotency key, and the provider answers a key whose email it
 * sent with that first answer (Resend keeps it 24 hours), so the last try's answer is the one
 * that counts for all of them. When the last try has no readable answer either, whether the
 * email went out is unknown: it ends `unknown`, neither failed nor sent, for the provider's
 * webhook events to settle.
 */

export interface RetryPolicy {
  maxAttempts: number;
  /** Ceiling of the first retry's wait; it doubles with each attempt. */
  baseDelayMs: number;
  /** The ceiling stops growing here. */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is cut to it, so a provider's odd answer cannot park an email for days. */
  maxRetryAfterMs: number;
  /** Source of randomness in [0, 1); tests pass their own. */
  random: () => number;
  /**
   * A spent quota with no `Retry-After`: how long delivery stays parked before one request
   * probes whether the quota has been reset.
   */
  quotaProbeMs?: number;
}

export const DEFAULT_QUOTA_PROBE_MS = 10 * 60_000;

export const defaultRetryPolicy = (maxAttempts: number): RetryPolicy => ({
  maxAttempts,
  baseDelayMs: 1000,
  maxDelayMs: 5 * 60_000,
  maxRetryAfterMs: 60 * 60_000,
  random: Math.random,
  quotaProbeMs: DEFAULT_QUOTA_PROBE_MS,
});

/** A rate refusal with no `Retry-After`: Resend's window is one second. */
const RATE_WAIT_MS = 1000;
const DAY_MS = 24 * 60 * 60_000;

/** The wait before retry number `attempt` (1 after the first failure). */
export function backoffDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = policy.random() * ceiling;
  const floor = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return Math.round(Math.max(jittered, floor));
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. Absent or unreadable: undefined. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export type Decision =
  | { action: 'sent'; providerId?: string | undefined }
  | { action: 'retry'; delayMs: number; reason: string }
  /** Refused for the provider's rate or concurrency: try again after `delayMs`, the attempt not counted. */
  | { action: 'wait'; delayMs: number; reason: string; limit: 'rate' | 'concurrent' }
  /** Refused for a spent quota: the whole queue stops until it resets; the attempt is not counted. */
  | { action: 'park'; delayMs: number; reason: string; limit: 'daily-quota' | 'monthly-quota' }
  | { action: 'fail'; reason: string }
  /** The last try had no readable answer either: the provider may or may not have the email. */
  | { action: 'unknown'; reason: string };

/** What to do after try number `attempts` of an email ended with `outcome`. */
export function decide(policy: RetryPolicy, attempts: number, outcome: SendOutcome): Decision {
  if (outcome.ok) return { action: 'sent', providerId: outcome.providerId };
  switch (outcome.limit) {
    case 'rate':
    case 'concurrent':
      return {
        action: 'wait',
        limit: outcome.limit,
        reason: outcome.reason,
        delayMs: Math.min(outcome.retryAfterMs ?? RATE_WAIT_MS, policy.maxRetryAfterMs),
      };
    case 'daily-quota':
    case 'monthly-quota':
      return {
        action: 'park',
        limit: outcome.limit,
        reason: outcome.reason,
        delayMs: Math.min(outcome.retryAfterMs ?? policy.quotaProbeMs ?? DEFAULT_QUOTA_PROBE_MS, DAY_MS),
      };
    case undefined:
      break;
  }
  if (!outcome.retryable) return { action: 'fail', reason: outcome.reason };
  if (attempts >= policy.maxAttempts) {
    if (outcome.unanswered) {
      return {
        action: 'unknown',
        reason: `${outcome.reason} (no readable answer by attempt ${attempts}: whether the provider accepted it is unknown)`,
      };
    }
    return { action: 'fail', reason: `${outcome.reason} (gave up after ${attempts} attempts)` };
  }
  return { action: 'retry', delayMs: backoffDelay(policy, attempts, outcome.retryAfterMs), reason: outcome.reason };
}
