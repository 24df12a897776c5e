import { sql } from 'drizzle-orm';
import type { EventDeliveryStatus } from '../schema.ts';
import { type Db, rowsOf } from './rows.ts';

/**
 * One activation's whole story in one order: its steps (with who made them), every event of
 * its emails (the provider's answers included), and every event sent out about it with each
 * try to deliver it. All three are numbered by one sequence as they are written (`event_seq`),
 * so the order is the order things happened in the store, whatever clock stamped them.
 */

export interface EventAttempt {
  at: Date;
  /** `delivered`, `retry` or `failed`. */
  outcome: string;
  detail?: string | undefined;
}

export type TimelineEntry =
  | { kind: 'step'; seq: number; type: string; at: Date; detail?: string | undefined; actor?: string | undefined }
  | {
      kind: 'email';
      seq: number;
      /** The email event's own type: queued, scheduled, sent, retry, throttled, delivered, bounced… */
      type: string;
      at: Date;
      detail?: string | undefined;
      emailId: string;
      purpose?: string | undefined;
    }
  | {
      kind: 'out';
      seq: number;
      type: string;
      at: Date;
      deliveryId: string;
      status: EventDeliveryStatus;
      attempts: EventAttempt[];
    };

/** The most entries one timeline shows: the latest ones, should an activation ever have more. */
export const TIMELINE_LIMIT = 1000;

interface Row {
  kind: TimelineEntry['kind'];
  seq: string | number;
  type: string;
  at: string | Date;
  detail: string | null;
  actor: string | null;
  ref: string | null;
  purpose: string | null;
  status: string | null;
}

const optional = <K extends string>(key: K, value: string | null) =>
  (value === null ? {} : { [key]: value }) as Partial<Record<K, string>>;

/** The timeline of activation `id`, oldest first (empty when it has none or does not exist). */
export async function activationTimeline(db: Db, id: string): Promise<TimelineEntry[]> {
  const rows = await rowsOf<Row>(
    db,
    sql`
    select * from (
      select 'step' as kind, id as seq, type, at, detail, actor, null::text as ref, null::text as purpose,
        null::text as status
      from activation_events where activation_id = ${id}
      union all
      select 'email', ee.id, ee.type, ee.at, ee.detail, null, e.id::text, e.purpose, null
      from emails e join email_events ee on ee.email_id = e.id
      where e.activation_id = ${id}
      union all
      select 'out', d.seq, d.type, d.created_at, null, null, d.id::text, null, d.status
      from event_deliveries d where d.activation_id = ${id}
    ) timeline order by seq desc limit ${TIMELINE_LIMIT}`,
  );
  const outIds = rows.filter((r) => r.kind === 'out').map((r) => r.ref as string);
  const attempts = new Map<string, EventAttempt[]>();
  if (outIds.length > 0) {
    const tries = await rowsOf<{ delivery_id: string; at: string | Date; outcome: string; detail: string | null }>(
      db,
      sql`select delivery_id, at, outcome, detail from event_attempts
        where delivery_id = any(${`{${outIds.join(',')}}`}::uuid[]) order by id`,
    );
    for (const t of tries) {
      const list = attempts.get(t.delivery_id) ?? [];
      list.push({ at: new Date(t.at), outcome: t.outcome, ...optional('detail', t.detail) });
      attempts.set(t.delivery_id, list);
    }
  }
  return rows.reverse().map((r) => entryOf(r, attempts.get(r.ref as string) ?? []));
}

function entryOf(r: Row, attempts: EventAttempt[]): TimelineEntry {
  const base = { seq: Number(r.seq), type: r.type, at: new Date(r.at) };
  switch (r.kind) {
    case 'step':
      return { kind: 'step', ...base, ...optional('detail', r.detail), ...optional('actor', r.actor) };
    case 'email':
      return {
        kind: 'email',
        ...base,
        ...optional('detail', r.detail),
        emailId: r.ref as string,
        ...optional('purpose', r.purpose),
      };
    case 'out':
      return {
        kind: 'out',
        ...base,
        deliveryId: r.ref as string,
        status: r.status as EventDeliveryStatus,
        attempts,
      };
  }
}
