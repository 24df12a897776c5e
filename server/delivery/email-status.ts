/**
 * An email's statuses, and what a provider's event does to them: pure, no store. Events move an
 * email only forward, so events arriving out of order never move it back (a late "delivery
 * delayed" after "delivered" is recorded, not applied). Opened and clicked prove delivery. A
 * provider's evidence also overrides our own `failed`, which a send that timed out but did go
 * through can leave behind, and settles `outcome_unknown`, which says we could not tell.
 */

export const emailStatuses = [
  'scheduled',
  'queued',
  'sending',
  'sent',
  /** Kept by the local mailbox (MAIL_TRANSPORT=mailbox) instead of sent: nothing left the machine. Final. */
  'captured',
  'delivered',
  'delivery_delayed',
  'bounced',
  'complained',
  'failed',
  /** The last try got no readable answer from the provider: it may or may not have the email; its webhook events settle it. */
  'outcome_unknown',
  'canceled',
] as const;
export type EmailStatus = (typeof emailStatuses)[number];

/** The provider's email events the service reads (Resend's `email.*` without the prefix). */
export const providerEventTypes = [
  'sent',
  'delivered',
  'delivery_delayed',
  'bounced',
  'complained',
  'opened',
  'clicked',
  'failed',
] as const;
export type ProviderEventType = (typeof providerEventTypes)[number];

/** Every event an email's history can hold: its own steps, then the provider's events. */
export const emailEventTypes = [
  'queued',
  'scheduled',
  'sending',
  'sent',
  /** Kept by the local mailbox instead of sent (see `captured` above). */
  'captured',
  'retry',
  /** The provider refused for its rate or concurrency limit: waiting, not counted as an attempt. */
  'throttled',
  /** The provider's quota is spent: waiting for it to reset, not counted as an attempt. */
  'parked',
  /** Its batch was refused as a whole: tried again on its own. */
  'unbatched',
  /** Its worker stopped before sending: queued again. */
  'released',
  'failed',
  'outcome_unknown',
  'canceled',
  'delivered',
  'delivery_delayed',
  'bounced',
  'complained',
  'opened',
  'clicked',
] as const;
export type EmailEventType = (typeof emailEventTypes)[number];

const moves: Record<ProviderEventType, { to: EmailStatus; from: readonly EmailStatus[] }> = {
  sent: { to: 'sent', from: ['sending', 'failed', 'outcome_unknown'] },
  delivery_delayed: { to: 'delivery_delayed', from: ['sending', 'sent', 'failed', 'outcome_unknown'] },
  delivered: { to: 'delivered', from: ['sending', 'sent', 'delivery_delayed', 'failed', 'outcome_unknown'] },
  opened: { to: 'delivered', from: ['sending', 'sent', 'delivery_delayed', 'failed', 'outcome_unknown'] },
  clicked: { to: 'delivered', from: ['sending', 'sent', 'delivery_delayed', 'failed', 'outcome_unknown'] },
  bounced: { to: 'bounced', from: ['sending', 'sent', 'delivery_delayed', 'delivered', 'failed', 'outcome_unknown'] },
  complained: {
    to: 'complained',
    from: ['sending', 'sent', 'delivery_delayed', 'delivered', 'bounced', 'failed', 'outcome_unknown'],
  },
  failed: { to: 'failed', from: ['sending', 'sent', 'delivery_delayed', 'outcome_unknown'] },
};

/** The status a provider's event moves an email to, or undefined when it is only recorded. */
export function statusAfterEvent(current: EmailStatus, event: ProviderEventType): EmailStatus | undefined {
  const move = moves[event];
  return move.to !== current && move.from.includes(current) ? move.to : undefined;
}
