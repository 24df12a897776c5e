import { context, propagation } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@opentelemetry/semantic-conventions';
import { Webhook } from 'standardwebhooks';
import type { ClaimedEvent } from '../store/index.ts';
import { attributes, contextOf, failSpan, inSpan, SpanKind } from '../tracing/spans.ts';
import { backoffDelay, parseRetryAfter, type RetryPolicy } from './retry-policy.ts';

/**
 * Sends one event to the caller's endpoint, signed per the Standard Webhooks specification:
 * `webhook-id` (the event's id, the same on every try, so receivers dedupe), `webhook-timestamp`
 * (this try's time, which the signature covers, so a receiver can refuse stale replays) and
 * `webhook-signature` (HMAC-SHA256 of id.timestamp.body with the `whsec_` secret). Returns an
 * outcome and never throws.
 */

export type EventOutcome = { ok: true } | { ok: false; reason: string; retryAfterMs?: number | undefined };

export interface EventSender {
  send(event: ClaimedEvent, signal?: AbortSignal): Promise<EventOutcome>;
}

export interface EventSenderOptions {
  url: string;
  /** `whsec_` followed by the base64 key. */
  secret: string;
  /** A try with no answer by then is abandoned (and retried). */
  timeoutMs?: number;
}

const USER_AGENT = 'activation-mail-events/1';

/** An outcome, and for a failure its kind in a word, for the span's `error.type`. */
type Tried = { ok: true } | { ok: false; reason: string; retryAfterMs?: number | undefined; errorType: string };

export function createEventSender({ url, secret, timeoutMs = 15_000 }: EventSenderOptions): EventSender {
  const signer = new Webhook(secret);
  const target = new URL(url);
  // Where the span says it went: never the URL itself, whose path or query may hold a token.
  const server = {
    [ATTR_HTTP_REQUEST_METHOD]: 'POST',
    [ATTR_SERVER_ADDRESS]: target.hostname,
    [ATTR_SERVER_PORT]: Number(target.port) || (target.protocol === 'https:' ? 443 : 80),
  };

  /** One try as a CLIENT span of the trace of what caused the event; its `traceparent` goes with the request. */
  const send: EventSender['send'] = (event, signal) =>
    inSpan(
      'POST',
      {
        kind: SpanKind.CLIENT,
        parent: contextOf(event.traceContext),
        attributes: { ...server, [attributes.eventId]: event.id, [attributes.eventType]: event.type },
      },
      async (span) => {
        const outcome = await post(event, signal, (status) =>
          span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status),
        );
        if (!outcome.ok) failSpan(span, outcome.errorType);
        return outcome;
      },
    );

  async function post(
    event: ClaimedEvent,
    signal: AbortSignal | undefined,
    answered: (status: number) => void,
  ): Promise<Tried> {
    const at = new Date();
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': USER_AGENT,
      'webhook-id': event.id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signer.sign(event.id, at, event.payload),
    };
    // traceparent (and tracestate): the receiver's work joins the same trace. Nothing without traces.
    propagation.inject(context.active(), headers);
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: event.payload,
        // A redirect could carry the signed event somewhere else: it counts as a failure.
        redirect: 'manual',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      await res.body?.cancel().catch(() => undefined);
      answered(res.status);
      if (res.status >= 200 && res.status < 300) return { ok: true };
      return {
        ok: false,
        reason: `the endpoint answered ${res.status}`,
        retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
        errorType: String(res.status),
      };
    } catch (err) {
      const reason = timeout.aborted
        ? `no answer within ${timeoutMs} ms`
        : `could not reach the endpoint: ${err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err)}`;
      return { ok: false, reason, errorType: timeout.aborted ? 'timeout' : 'unreachable' };
    }
  }

  return { send };
}

export type EventDecision =
  | { action: 'delivered' }
  | { action: 'retry'; delayMs: number; reason: string }
  | { action: 'fail'; reason: string };

/**
 * After try number `attempts` of an event `ageMs` old: delivered, or tried again with the
 * emails' backoff (full jitter, a ceiling that doubles up to the policy's maximum, never sooner
 * than Retry-After) until the event is `giveUpAfterMs` old. Any answer but a 2xx is retried: an
 * endpoint that is down or misconfigured for a while gets every event once it is back.
 */
export function decideEvent(
  policy: RetryPolicy,
  giveUpAfterMs: number,
  attempts: number,
  ageMs: number,
  outcome: EventOutcome,
): EventDecision {
  if (outcome.ok) return { action: 'delivered' };
  const delayMs = backoffDelay(policy, attempts, outcome.retryAfterMs);
  if (ageMs + delayMs > giveUpAfterMs) {
    return { action: 'fail', reason: `${outcome.reason} (gave up after ${attempts} tries)` };
  }
  return { action: 'retry', delayMs, reason: outcome.reason };
}
