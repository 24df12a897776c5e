import { and, eq, inArray, sql } from 'drizzle-orm';
import type { EmailStatus } from '../../delivery/email-status.ts';
import { emailEvents, emails } from '../schema.ts';
import { type EmailWithEvents, getEmail } from './reads.ts';
import { type Db, dbNow, rowsOf } from './rows.ts';
import { emailStatusEffects } from './status-effects.ts';

/**
 * How sends end: a claimed email moves out of `sending` (sent, retried, failed, handed back),
 * each move only by the worker that holds the email, with its event and what follows from it
 * (events out, an activation's attention) in the same statement. Also the moves callers and
 * restarts make: a cancel, and every lease handed back at once.
 */

/** How a send ended for one email: its next status and event, and the fields that change. */
export interface Settlement {
  id: string;
  owner: string;
  to: EmailStatus;
  /** `undefined` keeps the stored value. */
  providerId?: string | null;
  lastError?: string | null;
  /** Due again this many milliseconds from now; `undefined` keeps the time. */
  dueInMs?: number;
  /** The try does not count toward the email's attempts (the provider refused it for its own limit). */
  refundAttempt?: boolean;
  /** Leaves the batch: the email may be sent alone or in another batch next time. */
  leaveBatch?: boolean;
  event: { type: string; detail?: string | undefined };
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** The settlements the worker stores, by how the send ended. */
export const settlements = {
  sent: (id: string, owner: string, providerId: string | undefined): Settlement => ({
    id,
    owner,
    to: 'sent',
    providerId: providerId ?? null,
    lastError: null,
    event: { type: 'sent', detail: providerId ? `provider id ${providerId}` : undefined },
  }),
  /** Kept by the local mailbox: nothing was sent, and the status says so. */
  captured: (id: string, owner: string): Settlement => ({
    id,
    owner,
    to: 'captured',
    lastError: null,
    event: { type: 'captured', detail: 'kept in the local mailbox (MAIL_TRANSPORT=mailbox); nothing was sent' },
  }),
  retry: (id: string, owner: string, delayMs: number, error: string): Settlement => ({
    id,
    owner,
    to: 'queued',
    lastError: error,
    dueInMs: delayMs,
    event: { type: 'retry', detail: `${error}; next attempt in ${seconds(delayMs)} s` },
  }),
  failed: (id: string, owner: string, error: string): Settlement => ({
    id,
    owner,
    to: 'failed',
    lastError: error,
    event: { type: 'failed', detail: error },
  }),
  /** The last try got no readable answer: ends `outcome_unknown`, for the provider's webhook events to settle. */
  outcomeUnknown: (id: string, owner: string, error: string): Settlement => ({
    id,
    owner,
    to: 'outcome_unknown',
    lastError: error,
    event: { type: 'outcome_unknown', detail: error },
  }),
  /** The provider refused the request for its own limit (rate, concurrency, quota): not counted. */
  waiting: (id: string, owner: string, delayMs: number, event: 'throttled' | 'parked', reason: string): Settlement => ({
    id,
    owner,
    to: 'queued',
    lastError: reason,
    dueInMs: delayMs,
    refundAttempt: true,
    event: { type: event, detail: `${reason}; not counted as an attempt; next try in ${seconds(delayMs)} s` },
  }),
  /**
   * The batch was refused as a whole for something in it: the email leaves it, due again at
   * once. The try counts (the provider answered it), which is what sends the email on its own
   * next time, so the one at fault fails alone.
   */
  unbatched: (id: string, owner: string, reason: string): Settlement => ({
    id,
    owner,
    to: 'queued',
    dueInMs: 0,
    leaveBatch: true,
    event: { type: 'unbatched', detail: `${reason}; tried again on its own` },
  }),
  /** Handed back (shutdown, a batch another worker split): due at once; `untried` refunds the attempt. */
  released: (id: string, owner: string, reason: string, untried = false): Settlement => ({
    id,
    owner,
    to: 'queued',
    dueInMs: 0,
    refundAttempt: untried,
    event: { type: 'released', detail: reason },
  }),
};

/**
 * Moves emails out of `sending`, each only if `owner` still holds it, and logs each event, in
 * one statement (atomic on its own). A provider event may have moved an email on meanwhile
 * (delivered before the send call returned): that status stays. Answers, per settlement,
 * whether the owner still held the email.
 */
export async function settleMany(db: Db, eventsOut: boolean, items: Settlement[]): Promise<boolean[]> {
  const values = items.map(
    (s, i) =>
      sql`(${i}::int, ${s.id}::uuid, ${s.owner}::text, ${s.to}::text, ${s.providerId !== undefined}::boolean, ${s.providerId ?? null}::text, ${s.lastError !== undefined}::boolean, ${s.lastError ?? null}::text, ${s.dueInMs === undefined ? null : Math.max(0, Math.round(s.dueInMs))}::int, ${s.refundAttempt ?? false}::boolean, ${s.leaveBatch ?? false}::boolean, ${s.event.type}::text, ${s.event.detail ?? null}::text)`,
  );
  const logged = await rowsOf<{ n: number }>(
    db,
    sql`
    with outcome (n, id, owner, status, set_provider, provider_id, set_error, last_error, due_in_ms, refund, leave_batch, type, detail) as (
      values ${sql.join(values, sql`, `)}
    ), before as (
      select emails.id, emails.status from emails join outcome on emails.id = outcome.id
    ), settled as (
      update emails set
        status = case when emails.status = 'sending' then outcome.status else emails.status end,
        provider_id = case when outcome.set_provider then outcome.provider_id else emails.provider_id end,
        last_error = case when outcome.set_error then outcome.last_error else emails.last_error end,
        next_attempt_at = case when outcome.due_in_ms is null then emails.next_attempt_at
          else now() + outcome.due_in_ms * interval '1 millisecond' end,
        attempts = case when outcome.refund then greatest(0, emails.attempts - 1) else emails.attempts end,
        -- A refund back to no try at all: the provider never had the batch, so its members go
        -- back to the fresh claim (which cancels any past its send_before) instead of being
        -- re-sent together for ever.
        batch_key = case when outcome.leave_batch or (outcome.refund and emails.attempts <= 1) then null
          else emails.batch_key end,
        lease_owner = null,
        lease_until = null,
        updated_at = now()
      from outcome
      where emails.id = outcome.id and emails.lease_owner = outcome.owner
      returning outcome.n, emails.id, emails.status, outcome.detail, emails.activation_id, emails.purpose,
        emails.template, emails."to", emails.created_at, emails.trace_context
    ), logged as (
      insert into email_events (email_id, type, detail)
      select outcome.id, outcome.type, outcome.detail from outcome join settled using (n)
      returning email_id
    ), moved as (
      -- Read through logged, so each email's event is numbered before what follows from it.
      select settled.* from settled join before using (id) join logged on logged.email_id = settled.id
      where before.status = 'sending' and settled.status <> 'sending'
    )${emailStatusEffects('moved', eventsOut)}
    select n from settled`,
  );
  const held = new Set(logged.map((row) => row.n));
  return items.map((_, i) => held.has(i));
}

export type CancelResult =
  | { kind: 'canceled'; email: EmailWithEvents }
  | { kind: 'not-found' }
  | { kind: 'conflict'; status: EmailStatus };

/**
 * Cancels an email no worker has tried yet, for the key named `keyName`. A claim holds its row
 * locked, so a cancel racing a claim waits for it and then sees that sending began.
 */
export async function cancelEmail(db: Db, id: string, keyName: string): Promise<CancelResult> {
  const canceled = await db.transaction(async (tx) => {
    const rows = await tx
      .update(emails)
      .set({ status: 'canceled', updatedAt: dbNow })
      .where(and(eq(emails.id, id), inArray(emails.status, ['queued', 'scheduled']), eq(emails.attempts, 0)))
      .returning({ id: emails.id });
    if (rows.length === 0) return false;
    await tx.insert(emailEvents).values({ emailId: id, type: 'canceled', keyName });
    return true;
  });
  const email = await getEmail(db, id);
  if (!email) return { kind: 'not-found' };
  if (canceled || email.status === 'canceled') return { kind: 'canceled', email };
  return { kind: 'conflict', status: email.status };
}

/** Hands back every email being sent (a restart of the one process PGlite allows): due again at once. */
export async function releaseAllLeases(db: Db, reason: string): Promise<number> {
  return db.transaction(async (tx) => {
    const released = await tx
      .update(emails)
      .set({ status: 'queued', nextAttemptAt: dbNow, leaseOwner: null, leaseUntil: null, updatedAt: dbNow })
      .where(eq(emails.status, 'sending'))
      .returning({ id: emails.id });
    if (released.length > 0) {
      await tx.insert(emailEvents).values(released.map((e) => ({ emailId: e.id, type: 'released', detail: reason })));
    }
    return released.length;
  });
}
