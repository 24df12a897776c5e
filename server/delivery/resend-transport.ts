import { type CreateEmailOptions, type ErrorResponse, Resend } from 'resend';
import { parseRetryAfter } from './retry-policy.ts';
import type { BatchOutcome, OutgoingEmail, ProviderLimit, SendOutcome, Transport } from './transport.ts';

/**
 * Delivery through Resend's official SDK. The email's own id is the Idempotency-Key, so a send
 * repeated after a timeout, a crash or a lost lease is delivered once; a batch's key is derived
 * from its members, for the same reason. Batches go out in Resend's permissive validation
 * mode: an email Resend refuses comes back in `errors` by its index, and the others are sent.
 * The SDK reads RESEND_BASE_URL itself; `baseUrl` (from the same variable, via the config)
 * makes it explicit.
 */

export interface ResendTransportOptions {
  apiKey: string;
  from: string;
  baseUrl?: string | undefined;
}

/**
 * Every email carries its own id in this tag, which Resend echoes in its webhook events: an event
 * finds its email even when it arrives before the send call has returned the provider's id.
 */
export const EMAIL_ID_TAG = 'activation_mail_id';

/** Statuses a later try may get past; any other 4xx is the request's fault and fails the email at once. */
const RETRYABLE_STATUS = new Set([408, 425]);

/** Resend's error names for its own limits (https://resend.com/docs/api-reference/errors). */
const LIMIT_BY_ERROR: Partial<Record<ErrorResponse['name'], ProviderLimit>> = {
  rate_limit_exceeded: 'rate',
  concurrent_idempotent_requests: 'concurrent',
  daily_quota_exceeded: 'daily-quota',
  monthly_quota_exceeded: 'monthly-quota',
};

export function resendTransport({ apiKey, from, baseUrl }: ResendTransportOptions): Transport {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  const payload = (email: OutgoingEmail) =>
    ({
      from,
      to: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      ...(email.cc ? { cc: email.cc } : {}),
      ...(email.bcc ? { bcc: email.bcc } : {}),
      ...(email.replyTo ? { replyTo: email.replyTo } : {}),
      tags: Object.entries({ ...email.tags, [EMAIL_ID_TAG]: email.id }).map(([name, value]) => ({ name, value })),
    }) satisfies CreateEmailOptions;

  return {
    name: 'resend',
    async send(email, signal) {
      let result: Awaited<ReturnType<typeof resend.emails.send>>;
      try {
        result = await resend.emails.send(payload(email), { idempotencyKey: email.id, signal });
      } catch (err) {
        return networkFailure(signal, err instanceof Error ? err.message : String(err));
      }
      if (result.error) {
        if (result.error.statusCode === null) return networkFailure(signal, result.error.message);
        return providerFailure(result.error, result.headers);
      }
      return { ok: true, providerId: result.data.id };
    },

    async sendBatch(emails, key, signal): Promise<BatchOutcome> {
      let result: Awaited<ReturnType<typeof resend.batch.send<{ batchValidation: 'permissive' }>>>;
      try {
        result = await resend.batch.send(emails.map(payload), {
          idempotencyKey: key,
          batchValidation: 'permissive',
          signal,
        });
      } catch (err) {
        return { kind: 'whole', outcome: networkFailure(signal, err instanceof Error ? err.message : String(err)) };
      }
      if (result.error) {
        const outcome =
          result.error.statusCode === null
            ? networkFailure(signal, result.error.message)
            : providerFailure(result.error, result.headers);
        return { kind: 'whole', outcome };
      }
      return { kind: 'each', outcomes: eachOutcome(emails.length, result.data.data, result.data.errors ?? []) };
    },
  };
}

/**
 * Resend lists the emails it created in `data`, in the order sent, and those it refused in
 * `errors` by their index in the request: the created ones are the others, in order.
 */
export function eachOutcome(
  count: number,
  created: readonly { id: string }[],
  refused: readonly { index: number; message: string }[],
): SendOutcome[] {
  const why = new Map(refused.map((error) => [error.index, error.message]));
  const ids = created.length === count - why.size ? created.map((c) => c.id) : [];
  let next = 0;
  return Array.from({ length: count }, (_, index): SendOutcome => {
    const message = why.get(index);
    if (message !== undefined) {
      return { ok: false, retryable: false, reason: `Resend refused this email in its batch: ${message}` };
    }
    return { ok: true, providerId: ids[next++] };
  });
}

function networkFailure(signal: AbortSignal, message: string): SendOutcome {
  if (signal.aborted) return { ok: false, retryable: true, reason: 'no answer from Resend in time' };
  return { ok: false, retryable: true, reason: `could not reach Resend: ${message}` };
}

function providerFailure(error: ErrorResponse, headers: Record<string, string> | null): SendOutcome {
  const status = error.statusCode ?? 0;
  const reason = `Resend answered ${status} ${error.name}: ${error.message}`;
  const limit = LIMIT_BY_ERROR[error.name] ?? (status === 429 ? 'rate' : undefined);
  const retryAfterMs =
    parseRetryAfter(headers?.['retry-after']) ??
    (status === 429 ? parseRetryAfter(headers?.['ratelimit-reset']) : undefined);
  if (limit) return { ok: false, retryable: true, reason, retryAfterMs, limit };
  const retryable = status >= 500 || RETRYABLE_STATUS.has(status);
  return { ok: false, retryable, reason, retryAfterMs };
}
