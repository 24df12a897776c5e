import { sql } from 'drizzle-orm';
import type { TraceCarrier } from '../../tracing/carrier.ts';
import { type Db, rowsOf } from './rows.ts';

/**
 * The outbox of events going out to EVENTS_WEBHOOK_URL, with the emails' discipline: claimed
 * under a lease (`FOR UPDATE SKIP LOCKED`, so several instances never deliver one event at
 * once), settled only by the lease's owner, and claimed again when a lease runs out. The id is
 * the `webhook-id`, the same on every try.
 */

export interface ClaimedEvent {
  id: string;
  type: string;
  payload: string;
  attempts: number;
  createdAt: Date;
  /** The trace context of what caused the event, when traces were on: sent as `traceparent`. */
  traceContext?: TraceCarrier | undefined;
}

export type EventSettlement =
  | { kind: 'delivered' }
  | { kind: 'retry'; delayMs: number; error: string }
  | { kind: 'failed'; error: string }
  /** Handed back unsent (shutdown): due again at once, the try not counted. */
  | { kind: 'released' };

export interface EventSettlementOf {
  id: string;
  owner: string;
  settlement: EventSettlement;
}

const statusAfter: Record<EventSettlement['kind'], string> = {
  delivered: 'delivered',
  retry: 'pending',
  failed: 'failed',
  released: 'pending',
};

/**
 * Tries end together (several are in flight): their outcomes are stored in one statement, each
 * only if its owner still holds the event (false when it does not), each try with its answer in
 * `event_attempts`. A release hands the try back uncounted, and is no attempt.
 */
export async function settleEvents(db: Db, items: EventSettlementOf[]): Promise<boolean[]> {
  const values = items.map(({ id, owner, settlement }, n) => {
    const delayMs =
      settlement.kind === 'retry'
        ? Math.max(0, Math.round(settlement.delayMs))
        : settlement.kind === 'released'
          ? 0
          : null;
    const error = settlement.kind === 'retry' || settlement.kind === 'failed' ? settlement.error : null;
    return sql`(${n}::int, ${id}::uuid, ${owner}::text, ${statusAfter[settlement.kind]}::text, ${delayMs}::int, ${error}::text, ${settlement.kind === 'released'}::boolean)`;
  });
  const held = await rowsOf<{ n: number }>(
    db,
    sql`
    with outcome (n, id, owner, status, delay_ms, error, released) as (values ${sql.join(values, sql`, `)}),
    settled as (
      update event_deliveries set
        status = outcome.status,
        last_error = case when outcome.released then event_deliveries.last_error else outcome.error end,
        next_attempt_at = case when outcome.delay_ms is null then event_deliveries.next_attempt_at
          else now() + outcome.delay_ms * interval '1 millisecond' end,
        attempts = case when outcome.released then greatest(event_deliveries.attempts - 1, 0) else event_deliveries.attempts end,
        lease_owner = null,
        lease_until = null,
        updated_at = now()
      from outcome
      where event_deliveries.id = outcome.id and event_deliveries.lease_owner = outcome.owner
      returning outcome.n, outcome.id, outcome.status, outcome.delay_ms, outcome.error, outcome.released
    ), tried as (
      insert into event_attempts (delivery_id, outcome, detail)
      select id, case when status = 'pending' then 'retry' else status end,
        error || case when status = 'pending' then '; next attempt in ' || round(delay_ms / 1000.0, 1) || ' s' else '' end
      from settled where not released
    )
    select n from settled`,
  );
  const settled = new Set(held.map((row) => row.n));
  return items.map((_, n) => settled.has(n));
}

/** Claims up to `limit` due events (and events whose lease ran out) for `owner`, oldest first. */
export async function claimEvents(db: Db, owner: string, limit: number, leaseMs: number): Promise<ClaimedEvent[]> {
  const rows = await rowsOf<{
    id: string;
    type: string;
    payload: string;
    attempts: number;
    created_at: string | Date;
    trace_context: TraceCarrier | null;
  }>(
    db,
    sql`
    with due as (
      select id from event_deliveries
      where status = 'pending' and next_attempt_at <= now()
      order by next_attempt_at limit ${limit}
      for update skip locked
    ), expired as (
      select id from event_deliveries
      where status = 'delivering' and lease_until < now()
      order by lease_until limit ${limit}
      for update skip locked
    ), picked as (
      (select id from due union all select id from expired) limit ${limit}
    )
    update event_deliveries set
      status = 'delivering',
      attempts = event_deliveries.attempts + 1,
      lease_owner = ${owner},
      lease_until = now() + ${Math.round(leaseMs)} * interval '1 millisecond',
      updated_at = now()
    from picked where event_deliveries.id = picked.id
    returning event_deliveries.id, event_deliveries.type, event_deliveries.payload, event_deliveries.attempts,
      event_deliveries.created_at, event_deliveries.trace_context`,
  );
  return rows
    .map((r) => ({
      id: r.id,
      type: r.type,
      payload: r.payload,
      attempts: r.attempts,
      createdAt: new Date(r.created_at),
      ...(r.trace_context ? { traceContext: r.trace_context } : {}),
    }))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** Events by status: what waits, what is out, what gave up. */
export async function eventDepth(db: Db): Promise<Record<'pending' | 'delivering' | 'delivered' | 'failed', number>> {
  const rows = await rowsOf<{ status: string; n: string | number }>(
    db,
    sql`select status, count(*) as n from event_deliveries group by status`,
  );
  const depth = { pending: 0, delivering: 0, delivered: 0, failed: 0 };
  for (const { status, n } of rows) if (status in depth) depth[status as keyof typeof depth] = Number(n);
  return depth;
}

/** Hands back every event being delivered (a restart of the one process PGlite allows). */
export async function releaseAllEventLeases(db: Db): Promise<void> {
  await db.execute(
    sql`update event_deliveries set status = 'pending', next_attempt_at = now(), lease_owner = null, lease_until = null where status = 'delivering'`,
  );
}
