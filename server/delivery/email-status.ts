/**
 * An email's statuses, and what a provider's event does to them: pure, no store. Events move an
 * email only forward, so events arriving out of order never move it back (a late "delivery
 * delayed" after "delivered" is recorded, not applied). Opened and clicked prove delivery. A
 * provider's evidence also overrides our own `failed`, which a send that timed out but did go
 * through can leave behind.
 */

export const emailStatuses = [
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'delivery_delayed',
  'bounced',
  'complained',
  'failed',
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

const moves: Record<ProviderEventType, { to: EmailStatus; from: readonly EmailStatus[] }> = {
  sent: { to: 'sent', from: ['sending', 'failed'] },
  delivery_delayed: { to: 'delivery_delayed', from: ['sending', 'sent', 'failed'] },
  delivered: { to: 'delivered', from: ['sending', 'sent', 'delivery_delayed', 'failed'] },
  opened: { to: 'delivered', from: ['sending', 'sent', 'delivery_delayed', 'failed'] },
  clicked: { to: 'delivered', from: ['sending', 'sent', 'delivery_delayed', 'failed'] },
  bounced: { to: 'bounced', from: ['sending', 'sent', 'delivery_delayed', 'delivered', 'failed'] },
  complained: { to: 'complained', from: ['sending', 'sent', 'delivery_delayed', 'delivered', 'bounced', 'failed'] },
  failed: { to: 'failed', from: ['sending', 'sent', 'delivery_delayed'] },
};

/** The status a provider's event moves an email to, or undefined when it is only recorded. */
export function statusAfterEvent(current: EmailStatus, event: ProviderEventType): EmailStatus | undefined {
  const move = moves[event];
  return move.to !== current && move.from.includes(current) ? move.to : undefined;
}
