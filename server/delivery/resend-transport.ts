import { type CreateEmailOptions, type ErrorResponse, Resend } from 'resend';
import { z } from 'zod';
import { unpackBody } from '../store/body-codec.ts';
import { parseRetryAfter } from './retry-policy.ts';
import type { BatchOutcome, OutgoingEmail, ProviderLimit, SendOutcome, Transport } from './transport.ts';

/**
 * Delivery through Resend's official SDK (`resend`, 6.x): `emails.send` and `batch.send`, nothing
 * else. The email's own id is the Idempotency-Key, so a send repeated after a timeout, a crash or
 * a lost lease is delivered once; a batch's key is derived from its members, for the same reason.
 * Batches go out in Resend's permissive validation mode: an email Resend refuses comes back in
 * `errors` by its index, and the others are sent.
 *
 * What the SDK (6.38) answers, read from its source: it never throws; an HTTP answer comes with
 * its headers (lower-case names), an error body as `error` with Resend's `name` and `statusCode`
 * (a body that is not JSON becomes `application_error` with the HTTP status). When it has no
 * answer it can read it says `statusCode: null` and `headers: null`: the request failed on the
 * network, our deadline cut it, or Resend answered 2xx with a body that is not JSON. The SDK does
 * not tell these apart, and in all three Resend may have accepted the email. So that outcome is
 * `unanswered`: the worker asks again under the same key, and Resend, which keeps each key's
 * answer for 24 hours, replays the first answer instead of sending again. When the last try
 * (MAX_ATTEMPTS) still gets no readable answer, the email ends `outcome_unknown` (retry-policy.ts).
 */

export interface ResendTransportOptions {
  apiKey: string;
  from: string;
  /** Resend's API (RESEND_BASE_URL, via the config); a fake on loopback in the tests. */
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
const LIMIT_BY_ERROR = new Map<string, ProviderLimit>([
  ['rate_limit_exceeded', 'rate'],
  ['concurrent_idempotent_requests', 'concurrent'],
  ['daily_quota_exceeded', 'daily-quota'],
  ['monthly_quota_exceeded', 'monthly-quota'],
] satisfies [ErrorResponse['name'], ProviderLimit][]);

const sentAnswer = z.object({ id: z.string() });
const batchAnswer = z.object({
  data: z.array(z.object({ id: z.string() })),
  errors: z.array(z.object({ index: z.number().int(), message: z.string().default('no reason given') })).optional(),
});
/** An error body as the SDK hands it over: Resend's JSON, or whatever JSON stood in its place. */
const errorAnswer = z.object({
  statusCode: z.number().int().nullish(),
  name: z.string().optional(),
  message: z.string().optional(),
});

/** The SDK's answer to one request, for any endpoint. */
interface SdkResult {
  data: unknown;
  error: unknown;
  headers: Record<string, string> | null;
}

export function resendTransport({ apiKey, from, baseUrl }: ResendTransportOptions): Transport {
  // The SDK joins base and path as they are: no trailing slash.
  const resend = new Resend(apiKey, baseUrl ? { baseUrl: baseUrl.replace(/\/+$/, '') } : undefined);
  const payload = (email: OutgoingEmail) =>
    ({
      from,
      to: email.to,
      subject: email.subject,
      html: unpackBody('html', email.html),
      text: unpackBody('text', email.text),
      cc: email.cc ?? undefined,
      bcc: email.bcc ?? undefined,
      replyTo: email.replyTo ?? undefined,
      tags: Object.entries({ ...email.tags, [EMAIL_ID_TAG]: email.id }).map(([name, value]) => ({ name, value })),
    }) satisfies CreateEmailOptions;

  return {
    name: 'resend',
    async send(email, signal) {
      const result = await settled(resend.emails.send(payload(email), { idempotencyKey: email.id, signal }));
      const failure = refusalOrSilence(result, signal);
      if (failure) return failure;
      // A 2xx is Resend's acceptance: its body only adds the provider's id, which nothing depends
      // on (webhook events find their email by EMAIL_ID_TAG).
      if (result.data !== null) return { ok: true, providerId: sentAnswer.safeParse(result.data).data?.id };
      return unreadable(signal);
    },

    async sendBatch(emails, key, signal): Promise<BatchOutcome> {
      const result = await settled(
        resend.batch.send(emails.map(payload), { idempotencyKey: key, batchValidation: 'permissive', signal }),
      );
      const failure = refusalOrSilence(result, signal);
      if (failure) return { kind: 'whole', outcome: failure };
      // Only the answer says which members Resend refused: one it cannot read is no answer.
      const answer = batchAnswer.safeParse(result.data);
      if (!answer.success) return { kind: 'whole', outcome: unreadable(signal) };
      return { kind: 'each', outcomes: eachOutcome(emails.length, answer.data.data, answer.data.errors ?? []) };
    },
  };
}

/** The SDK does not throw; should a later version do so, that is no answer either, never a throw of ours. */
const settled = (request: Promise<SdkResult>): Promise<SdkResult> =>
  request.catch((err: unknown) => ({
    data: null,
    error: { statusCode: null, message: err instanceof Error ? err.message : String(err) },
    headers: null,
  }));

/** The outcome when Resend refused the request or no answer could be read; undefined when it accepted it. */
function refusalOrSilence({ error, headers }: SdkResult, signal: AbortSignal): SendOutcome | undefined {
  if (headers === null) {
    return unanswered(signal, errorAnswer.safeParse(error).data?.message ?? 'no answer');
  }
  if (error === null || error === undefined) return undefined;
  const { statusCode, name = 'application_error', message = 'no message' } = errorAnswer.safeParse(error).data ?? {};
  return refusal(statusCode ?? undefined, name, message, headers);
}

/**
 * No answer that says what happened: Resend may have accepted the request, so it is asked again
 * under the same key (`unanswered`), and its replay settles it.
 */
function unanswered(signal: AbortSignal, message: string): SendOutcome {
  const reason = signal.aborted ? 'no answer from Resend in time' : `no readable answer from Resend: ${message}`;
  return { ok: false, retryable: true, unanswered: true, reason };
}

/** An answer with a status but a body that is not what Resend sends (JSON `null`, say). */
const unreadable = (signal: AbortSignal) => unanswered(signal, 'its answer could not be read');

function refusal(
  status: number | undefined,
  name: string,
  message: string,
  headers: Record<string, string>,
): SendOutcome {
  const reason = `Resend answered ${status === undefined ? '' : `${status} `}${name}: ${message}`;
  const limit = LIMIT_BY_ERROR.get(name) ?? (status === 429 ? 'rate' : undefined);
  const retryAfterMs =
    parseRetryAfter(headers['retry-after']) ??
    (status === 429 ? parseRetryAfter(headers['ratelimit-reset']) : undefined);
  if (limit) return { ok: false, retryable: true, reason, retryAfterMs, limit };
  // An error body that does not say its status (not Resend's JSON): worth another try.
  const retryable = status === undefined || status >= 500 || RETRYABLE_STATUS.has(status);
  return { ok: false, retryable, reason, retryAfterMs };
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
