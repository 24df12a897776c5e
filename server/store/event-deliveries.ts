import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './open.ts';
import { eventDeliveries } from './schema.ts';

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
}

export type EventSettlement =
  | { kind: 'delivered' }
  | { kind: 'retry'; delayMs: number; error: string }
  | { kind: 'failed'; error: string }
  /** Handed back unsent (shutdown): due again at once, the try not counted. */
  | { kind: 'released' };

export interface EventDeliveryStore {
  claimEvents(owner: string, limit: number, leaseMs: number): Promise<ClaimedEvent[]>;
  /** False when `owner` no longer holds the event. */
  settleEvent(id: string, owner: string, settlement: EventSettlement): Promise<boolean>;
  /** Events by status: what waits, what is out, what gave up. */
  eventDepth(): Promise<Record<'pending' | 'delivering' | 'delivered' | 'failed', number>>;
}

export function createEventDeliveryStore(db: Db): EventDeliveryStore {
  const rowsOf = async <T>(query: ReturnType<typeof sql>): Promise<T[]> =>
    ((await db.execute(query)) as unknown as { rows: T[] }).rows;

  return {
    async claimEvents(owner, limit, leaseMs) {
      const rows = await rowsOf<{
        id: string;
        type: string;
        payload: string;
        attempts: number;
        created_at: string | Date;
      }>(sql`
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
          event_deliveries.created_at`);
      return rows
        .map((r) => ({
          id: r.id,
          type: r.type,
          payload: r.payload,
          attempts: r.attempts,
          createdAt: new Date(r.created_at),
        }))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },

    async settleEvent(id, owner, settlement) {
      const held = and(eq(eventDeliveries.id, id), eq(eventDeliveries.leaseOwner, owner));
      const release = { leaseOwner: null, leaseUntil: null, updatedAt: sql`now()` };
      const set = (() => {
        switch (settlement.kind) {
          case 'delivered':
            return { ...release, status: 'delivered' as const, lastError: null };
          case 'retry':
            return {
              ...release,
              status: 'pending' as const,
              lastError: settlement.error,
              nextAttemptAt: sql`now() + ${Math.max(0, Math.round(settlement.delayMs))} * interval '1 millisecond'`,
            };
          case 'failed':
            return { ...release, status: 'failed' as const, lastError: settlement.error };
          case 'released':
            return {
              ...release,
              status: 'pending' as const,
              nextAttemptAt: sql`now()`,
              attempts: sql`greatest(${eventDeliveries.attempts} - 1, 0)`,
            };
        }
      })();
      const rows = await db.update(eventDeliveries).set(set).where(held).returning({ id: eventDeliveries.id });
      return rows.length > 0;
    },

    async eventDepth() {
      const rows = await rowsOf<{ status: string; n: string | number }>(
        sql`select status, count(*) as n from event_deliveries group by status`,
      );
      const depth = { pending: 0, delivering: 0, delivered: 0, failed: 0 };
      for (const { status, n } of rows) if (status in depth) depth[status as keyof typeof depth] = Number(n);
      return depth;
    },
  };
}
