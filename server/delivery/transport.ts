/** What the worker hands a transport, and what a transport answers. */

export interface OutgoingEmail {
  /** Our id: also the provider's idempotency key, so a repeated send is delivered once. */
  id: string;
  to: string[];
  cc: string[] | null;
  bcc: string[] | null;
  replyTo: string[] | null;
  subject: string;
  /** The bodies as the store keeps them, packed (store/body-codec.ts): a transport that sends them unpacks them. */
  html: Uint8Array;
  text: Uint8Array;
  tags: Record<string, string> | null;
}

/**
 * The provider refused a request for a limit of its own, not for anything in it: `rate` (too
 * many requests this second), `concurrent` (the same key is still being processed), or a spent
 * `daily-quota` / `monthly-quota`. None of them is the email's fault or counts as an attempt.
 */
export const providerLimits = ['rate', 'concurrent', 'daily-quota', 'monthly-quota'] as const;
export type ProviderLimit = (typeof providerLimits)[number];

export type SendOutcome =
  | { ok: true; providerId?: string | undefined }
  | {
      ok: false;
      /** 5xx, timeouts and network errors are worth another try; a request the provider refuses is not. */
      retryable: boolean;
      /** Why, in words fit for the email's `lastError` (no credentials). */
      reason: string;
      /** The provider's `Retry-After` (or `ratelimit-reset` on a 429), when it sent one. */
      retryAfterMs?: number | undefined;
      /** Set when the provider refused the request for one of its limits: wait, do not count it. */
      limit?: ProviderLimit | undefined;
      /**
       * No answer could be read (no status, our deadline, or a 2xx whose body is unreadable): the
       * provider may have accepted the request. Asked again under the same key, it replays its
       * first answer; if no try gets a readable one, the outcome stays unknown.
       */
      unanswered?: boolean | undefined;
    };

/**
 * A batch's answer: either one outcome per email (same order as sent; the provider accepted
 * some and may have refused others one by one), or one outcome for the whole request.
 */
export type BatchOutcome = { kind: 'each'; outcomes: SendOutcome[] } | { kind: 'whole'; outcome: SendOutcome };

export interface Transport {
  name: 'resend' | 'mailbox';
  /** Never throws: every failure is an outcome. Gives up when `signal` aborts. */
  send(email: OutgoingEmail, signal: AbortSignal): Promise<SendOutcome>;
  /**
   * Sends several emails in one request under one Idempotency-Key (`key`, derived from the
   * members: the same members always come with the same key). Never throws.
   */
  sendBatch(emails: OutgoingEmail[], key: string, signal: AbortSignal): Promise<BatchOutcome>;
}

/** A `sendBatch` for a transport with no batch endpoint: each email in a request of its own. */
export const eachOnItsOwn =
  (send: Transport['send']): Transport['sendBatch'] =>
  async (emails, _key, signal) => ({
    kind: 'each',
    outcomes: await Promise.all(emails.map((email) => send(email, signal))),
  });
