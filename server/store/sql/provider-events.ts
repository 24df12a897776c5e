import { eq, sql } from 'drizzle-orm';
import { type ProviderEventType, statusAfterEvent } from '../../delivery/email-status.ts';
import type { TraceCarrier } from '../../tracing/carrier.ts';
import { emailEvents, emails } from '../schema.ts';
import type { Db } from './rows.ts';
import { emailStatusEffects } from './status-effects.ts';

/**
 * The provider's events (webhooks): each recorded once on the email it names, moving the
 * email's status as `statusAfterEvent` decides, with what follows from the move (events out,
 * an activation's attention) in the same transaction. An email already erased (by retention or
 * an erasure) still moves, but its events keep no detail.
 */

export interface ProviderEvent {
  /** The provider's event id (`svix-id`); an event already recorded is ignored. */
  providerEventId: string;
  /** Our id, when the event carries it; else the email is found by `providerId`. */
  emailId?: string | undefined;
  providerId?: string | undefined;
  type: ProviderEventType;
  at: Date;
  detail?: string | undefined;
}

/** What recording did, and to which email; its trace context, for the span of the settlement. */
export type ProviderEventResult =
  | { kind: 'recorded' | 'duplicate'; emailId: string; traceContext: TraceCarrier | null }
  | { kind: 'unknown-email' };

const unknownEmail: ProviderEventResult = { kind: 'unknown-email' };

export async function recordProviderEvent(
  db: Db,
  eventsOut: boolean,
  event: ProviderEvent,
): Promise<ProviderEventResult> {
  const match = event.emailId
    ? eq(emails.id, event.emailId)
    : event.providerId
      ? eq(emails.providerId, event.providerId)
      : undefined;
  if (!match) return unknownEmail;
  return db.transaction(async (tx) => {
    const [email] = await tx
      .select({ id: emails.id, status: emails.status, erasedAt: emails.erasedAt, traceContext: emails.traceContext })
      .from(emails)
      .where(match)
      .limit(1)
      .for('update');
    if (!email) return unknownEmail;
    const about = { emailId: email.id, traceContext: email.traceContext };
    // An erased email keeps no text that could name its recipient: a late bounce's message
    // (`550 <dana@contoso.com>: …`) is dropped, from the event and from the event out alike.
    const detail = email.erasedAt ? null : (event.detail ?? null);
    const inserted = await tx
      .insert(emailEvents)
      .values({
        emailId: email.id,
        type: event.type,
        at: event.at,
        detail,
        providerEventId: event.providerEventId,
      })
      .onConflictDoNothing({ target: emailEvents.providerEventId })
      .returning({ id: emailEvents.id });
    if (inserted.length === 0) return { kind: 'duplicate', ...about };
    const next = statusAfterEvent(email.status, event.type);
    if (next) {
      await tx.execute(sql`
        with moved as (
          update emails set status = ${next}, updated_at = now()
          where id = ${email.id}
          returning id, status, ${detail}::text as detail, activation_id, purpose, template, "to", created_at, trace_context
        )${emailStatusEffects('moved', eventsOut)}
        select 1`);
    }
    return { kind: 'recorded', ...about };
  });
}
