import { type ErrorResponse, Resend } from 'resend';
import { parseRetryAfter } from './retry-policy.ts';
import type { SendOutcome, Transport } from './transport.ts';

/**
 * Delivery through Resend's official SDK. The email's own id is the Idempotency-Key, so a send
 * repeated after a timeout, a crash or a lost lease is delivered once. The SDK reads
 * RESEND_BASE_URL itself; `baseUrl` (from the same variable, via the config) makes it explicit.
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
const RETRYABLE_STATUS = new Set([408, 425, 429]);
/** Resend answers 409 with this while the same key is still being processed elsewhere: try again later. */
const CONCURRENT_IDEMPOTENT_REQUEST = 'concurrent_idempotent_requests';

export function resendTransport({ apiKey, from, baseUrl }: ResendTransportOptions): Transport {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: 'resend',
    async send(email, signal) {
      let result: Awaited<ReturnType<typeof resend.emails.send>>;
      try {
        result = await resend.emails.send(
          {
            from,
            to: email.to,
            subject: email.subject,
            html: email.html,
            text: email.text,
            ...(email.cc ? { cc: email.cc } : {}),
            ...(email.bcc ? { bcc: email.bcc } : {}),
            ...(email.replyTo ? { replyTo: email.replyTo } : {}),
            tags: Object.entries({ ...email.tags, [EMAIL_ID_TAG]: email.id }).map(([name, value]) => ({ name, value })),
          },
          { idempotencyKey: email.id, signal },
        );
      } catch (err) {
        return networkFailure(signal, err instanceof Error ? err.message : String(err));
      }
      if (result.error) {
        if (result.error.statusCode === null) return networkFailure(signal, result.error.message);
        return providerFailure(result.error, result.headers);
      }
      return { ok: true, providerId: result.data.id };
    },
  };
}

function networkFailure(signal: AbortSignal, message: string): SendOutcome {
  if (signal.aborted) return { ok: false, retryable: true, reason: 'no answer from Resend in time' };
  return { ok: false, retryable: true, reason: `could not reach Resend: ${message}` };
}

function providerFailure(error: ErrorResponse, headers: Record<string, string> | null): SendOutcome {
  const status = error.statusCode ?? 0;
  const reason = `Resend answered ${status} ${error.name}: ${error.message}`;
  const retryable =
    status >= 500 || RETRYABLE_STATUS.has(status) || (status === 409 && error.name === CONCURRENT_IDEMPOTENT_REQUEST);
  return { ok: false, retryable, reason, retryAfterMs: parseRetryAfter(headers?.['retry-after']) };
}
