/** What the worker hands a transport, and what a transport answers. */

export interface OutgoingEmail {
  /** Our id: also the provider's idempotency key, so a repeated send is delivered once. */
  id: string;
  to: string[];
  cc: string[] | null;
  bcc: string[] | null;
  replyTo: string[] | null;
  subject: string;
  html: string;
  text: string;
  tags: Record<string, string> | null;
}

export type SendOutcome =
  | { ok: true; providerId?: string | undefined }
  | {
      ok: false;
      /** 429, 5xx, timeouts and network errors are worth another try; a request the provider refuses is not. */
      retryable: boolean;
      /** Why, in words fit for the email's `lastError` (no credentials). */
      reason: string;
      /** The provider's `Retry-After`, when it sent one. */
      retryAfterMs?: number | undefined;
    };

export interface Transport {
  name: 'resend' | 'mailbox';
  /** Never throws: every failure is an outcome. Gives up when `signal` aborts. */
  send(email: OutgoingEmail, signal: AbortSignal): Promise<SendOutcome>;
}
