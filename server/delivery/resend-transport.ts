import { z } from 'zod';
import { parseRetryAfter } from './retry-policy.ts';
import type { BatchOutcome, OutgoingEmail, ProviderLimit, SendOutcome, Transport } from './transport.ts';

/**
 * Delivery through Resend's HTTP API: `POST /emails` and `POST /emails/batch`, nothing else.
 * The email's own id is the Idempotency-Key, so a send repeated after a timeout, a crash or a
 * lost lease is delivered once; a batch's key is derived from its members, for the same reason.
 * Batches go out in Resend's permissive validation mode: an email Resend refuses comes back in
 * `errors` by its index, and the others are sent.
 *
 * Why our own `fetch` and not Resend's SDK: the SDK (6.38, `fetchRequest`) reads a 2xx's body
 * inside the same `try` that catches network errors, and answers both with the same error
 * (`statusCode: null`); it takes no `fetch` of ours. An email Resend had accepted, its answer
 * cut off or garbled, was retried as if it had never arrived, and could end `failed`. Here the
 * status line decides: any 2xx means Resend accepted the request, whatever its body; the body
 * only adds the provider's id, which nothing depends on (webhook events find their email by
 * EMAIL_ID_TAG), and for a batch, which members Resend refused.
 * The requests are what the SDK sent, but for the User-Agent (`activation-mail`): the same
 * body fields in the same order (a test holds the bytes), so a retry across the upgrade still
 * matched its idempotency record.
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

const DEFAULT_BASE_URL = 'https://api.resend.com';
const USER_AGENT = 'activation-mail';

/** How long the one replay of a batch whose answer could not be read may take. */
const REPLAY_TIMEOUT_MS = 5_000;

/** Statuses a later try may get past; any other 4xx is the request's fault and fails the email at once. */
const RETRYABLE_STATUS = new Set([408, 425]);

/** Resend's error names for its own limits (https://resend.com/docs/api-reference/errors). */
const LIMIT_BY_ERROR = new Map<string, ProviderLimit>([
  ['rate_limit_exceeded', 'rate'],
  ['concurrent_idempotent_requests', 'concurrent'],
  ['daily_quota_exceeded', 'daily-quota'],
  ['monthly_quota_exceeded', 'monthly-quota'],
]);

const sentAnswer = z.object({ id: z.string() });
const batchAnswer = z.object({
  data: z.array(z.object({ id: z.string() })),
  errors: z.array(z.object({ index: z.number().int(), message: z.string().default('no reason given') })).optional(),
});
const readBatch = (count: number, answer: z.infer<typeof batchAnswer>) =>
  eachOutcome(count, answer.data, answer.errors ?? []);
const errorAnswer = z.object({ name: z.string().optional(), message: z.string().optional() });

/** How a request ended: no answer at all, or a status line (with the body, when it could be read). */
type Answer = { kind: 'none'; reason: string } | { kind: 'accepted'; body: unknown } | ({ kind: 'refused' } & Refusal);
interface Refusal {
  status: number;
  name: string;
  message: string;
  headers: Headers;
}

export function resendTransport({ apiKey, from, baseUrl }: ResendTransportOptions): Transport {
  const base = (baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  // Resend's field names, in the order the SDK wrote them (`undefined` fields are left out).
  const payload = (email: OutgoingEmail) => ({
    bcc: email.bcc ?? undefined,
    cc: email.cc ?? undefined,
    from,
    html: email.html,
    reply_to: email.replyTo ?? undefined,
    subject: email.subject,
    tags: Object.entries({ ...email.tags, [EMAIL_ID_TAG]: email.id }).map(([name, value]) => ({ name, value })),
    text: email.text,
    to: email.to,
  });

  async function post(
    path: string,
    body: unknown,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Answer> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${apiKey}`,
          'User-Agent': USER_AGENT,
          'Content-Type': 'application/json',
          ...headers,
        },
        body: JSON.stringify(body),
        signal,
      });
    } catch (err) {
      return { kind: 'none', reason: messageOf(err) };
    }
    // The status is the answer: a body that cannot be read changes nothing about it.
    const read = await response.text().then(
      (text) => ({ text, failure: undefined }),
      (err: unknown) => ({ text: undefined, failure: err }),
    );
    let json: unknown;
    try {
      json = read.text === undefined ? undefined : JSON.parse(read.text);
    } catch {
      // Not JSON: the status alone decides.
    }
    if (response.ok) return { kind: 'accepted', body: json };
    // An error body cut off by our own timeout: no answer in time, as when no status came.
    if (read.failure !== undefined && signal.aborted) return { kind: 'none', reason: messageOf(read.failure) };
    const error = errorAnswer.safeParse(json).data;
    return {
      kind: 'refused',
      status: response.status,
      // The SDK's words for an error body that is not Resend's JSON (a proxy's page, say).
      name: error?.name ?? 'application_error',
      message:
        error?.message ??
        (read.failure === undefined
          ? 'Internal server error. We are unable to process your request right now, please try again later.'
          : messageOf(read.failure)),
      headers: response.headers,
    };
  }

  /** Never throws, as a transport must: `post` catches what it expects, this the unforeseen. */
  const request = (path: string, body: unknown, headers: Record<string, string>, signal: AbortSignal) =>
    post(path, body, headers, signal).catch((err: unknown): Answer => ({ kind: 'none', reason: messageOf(err) }));

  return {
    name: 'resend',
    async send(email, signal) {
      const answer = await request('/emails', payload(email), { 'Idempotency-Key': email.id }, signal);
      if (answer.kind === 'none') return networkFailure(signal, answer.reason);
      if (answer.kind === 'refused') return providerFailure(answer);
      return { ok: true, providerId: sentAnswer.safeParse(answer.body).data?.id };
    },

    async sendBatch(emails, key, signal): Promise<BatchOutcome> {
      const postBatch = (within: AbortSignal) =>
        request(
          '/emails/batch',
          emails.map(payload),
          { 'x-batch-validation': 'permissive', 'Idempotency-Key': key },
          within,
        );
      const answer = await postBatch(signal);
      if (answer.kind === 'none') return { kind: 'whole', outcome: networkFailure(signal, answer.reason) };
      if (answer.kind === 'refused') return { kind: 'whole', outcome: providerFailure(answer) };
      const read = batchAnswer.safeParse(answer.body);
      if (read.success) return { kind: 'each', outcomes: readBatch(emails.length, read.data) };
      // A 2xx we cannot read: Resend took the batch, but in permissive mode it may have refused
      // some members, and only the answer says which. Resend documents that the same request
      // under the same key gets the same response, from its record of the first (that the
      // record keeps `errors` is its documentation's word, not something tested against it), so
      // it is asked once more: one request outside the send budget, in a case that should be
      // rare. With a deadline of its own, since the first one may be what cut the answer short.
      const replayed = await postBatch(AbortSignal.timeout(REPLAY_TIMEOUT_MS));
      const replay = batchAnswer.safeParse(replayed.kind === 'accepted' ? replayed.body : undefined);
      if (replay.success) return { kind: 'each', outcomes: readBatch(emails.length, replay.data) };
      // Still unreadable: each is counted sent, its provider id unknown (a member Resend refused
      // would then never see a delivery event).
      return { kind: 'each', outcomes: emails.map(() => ({ ok: true, providerId: undefined })) };
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

const messageOf = (err: unknown) => {
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return err instanceof Error ? `${err.message}${cause}` : String(err);
};

function networkFailure(signal: AbortSignal, message: string): SendOutcome {
  if (signal.aborted) return { ok: false, retryable: true, reason: 'no answer from Resend in time' };
  return { ok: false, retryable: true, reason: `could not reach Resend: ${message}` };
}

function providerFailure({ status, name, message, headers }: Refusal): SendOutcome {
  const reason = `Resend answered ${status} ${name}: ${message}`;
  const limit = LIMIT_BY_ERROR.get(name) ?? (status === 429 ? 'rate' : undefined);
  const retryAfterMs =
    parseRetryAfter(headers.get('retry-after')) ??
    (status === 429 ? parseRetryAfter(headers.get('ratelimit-reset')) : undefined);
  if (limit) return { ok: false, retryable: true, reason, retryAfterMs, limit };
  const retryable = status >= 500 || RETRYABLE_STATUS.has(status);
  return { ok: false, retryable, reason, retryAfterMs };
}
