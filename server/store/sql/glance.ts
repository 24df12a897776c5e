import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from './rows.ts';

/**
 * Delivery at a glance, read from the store: how many emails were accepted, sent, delivered,
 * bounced and failed in each slice of the last hour, day and week (counted from their events,
 * on the events' time index); the queue and its oldest waiting email; the provider's shared
 * budget; and the events-out backlog. Windows end at the database's clock, which stamps most
 * events.
 */

/** The email events a chart counts; `queued` and `scheduled` together are "accepted". */
export const glanceEventTypes = [
  'accepted',
  'sent',
  'delivered',
  'bounced',
  'complained',
  'failed',
  'throttled',
  'parked',
] as const;
export type GlanceEventType = (typeof glanceEventTypes)[number];

export interface GlanceSeries {
  /** When the first slice starts; each lasts `sliceMs`. */
  start: Date;
  sliceMs: number;
  slices: number;
  counts: Record<GlanceEventType, number[]>;
}

export interface DeliveryGlance {
  /** The database's clock when it answered. */
  now: Date;
  /** 12 slices of 5 minutes. */
  hour: GlanceSeries;
  /** 24 slices of an hour. */
  day: GlanceSeries;
  /** 7 slices of 24 hours. */
  week: GlanceSeries;
  /** Each count stops at QUEUE_COUNT_CAP + 1. */
  queue: { queued: number; scheduled: number; sending: number; oldestDueAt?: Date | undefined };
  /** The budget shared on PostgreSQL (absent on PGlite, where it lives in the process). */
  budget?: { nextAt: Date; pausedUntil: Date } | undefined;
  eventsOut: { pending: number; delivering: number; failed: number; oldestPendingAt?: Date | undefined };
}

/**
 * The most emails of one status the glance counts: past it, the page says "more than" (the
 * exact depth is `emails_queue_depth` in /metrics, read at each scrape).
 */
export const QUEUE_COUNT_CAP = 10_000;

const HOUR_MS = 3_600_000;
const FIVE_MINUTES_MS = 300_000;

const at = (value: string | Date | null | undefined) => (value == null ? undefined : new Date(value));

function emptyCounts(slices: number): Record<GlanceEventType, number[]> {
  return Object.fromEntries(glanceEventTypes.map((t) => [t, new Array<number>(slices).fill(0)])) as Record<
    GlanceEventType,
    number[]
  >;
}

/** Counts per type and slice, from `start` for `slices` slices of `sliceMs`. */
async function series(db: Db, start: Date, sliceMs: number, slices: number): Promise<GlanceSeries> {
  const end = new Date(start.getTime() + sliceMs * slices);
  const rows = await rowsOf<{ type: string; slice: number; n: number }>(
    db,
    sql`
    select case when type in ('queued', 'scheduled') then 'accepted' else type end as type,
      floor(extract(epoch from (at - ${start.toISOString()}::timestamptz)) * 1000 / ${sliceMs})::int as slice,
      count(*)::int as n
    from email_events
    where at >= ${start.toISOString()}::timestamptz and at < ${end.toISOString()}::timestamptz
      and type in ('queued', 'scheduled', 'sent', 'delivered', 'bounced', 'complained', 'failed', 'throttled', 'parked')
    group by 1, 2`,
  );
  const counts = emptyCounts(slices);
  for (const { type, slice, n } of rows) {
    const list = counts[type as GlanceEventType];
    if (list && slice >= 0 && slice < slices) list[slice] = (list[slice] ?? 0) + Number(n);
  }
  return { start, sliceMs, slices, counts };
}

/** The week's hourly counts, summed into `size`-hour slices. */
function coarser(hourly: GlanceSeries, size: number, from: number): GlanceSeries {
  const slices = Math.floor((hourly.slices - from) / size);
  const counts = emptyCounts(slices);
  for (const type of glanceEventTypes) {
    hourly.counts[type].forEach((n, i) => {
      const slice = Math.floor((i - from) / size);
      const list = counts[type];
      if (i >= from && slice < slices) list[slice] = (list[slice] ?? 0) + n;
    });
  }
  return {
    start: new Date(hourly.start.getTime() + from * hourly.sliceMs),
    sliceMs: hourly.sliceMs * size,
    slices,
    counts,
  };
}

export async function deliveryGlance(db: Db): Promise<DeliveryGlance> {
  const [clock] = await rowsOf<{ now: string | Date }>(db, sql`select now() as now`);
  const now = new Date(clock?.now ?? Date.now());
  // Slices end at the next boundary after now: the last one is the one under way.
  const hourEnd = Math.ceil((now.getTime() + 1) / FIVE_MINUTES_MS) * FIVE_MINUTES_MS;
  const weekEnd = Math.ceil((now.getTime() + 1) / HOUR_MS) * HOUR_MS;
  const [hour, week, queue, budget, eventsOut] = await Promise.all([
    series(db, new Date(hourEnd - 12 * FIVE_MINUTES_MS), FIVE_MINUTES_MS, 12),
    series(db, new Date(weekEnd - 168 * HOUR_MS), HOUR_MS, 168),
    rowsOf<{ queued: number; scheduled: number; sending: number; oldest: string | Date | null }>(
      db,
      // Counted up to QUEUE_COUNT_CAP each, so that a queue of 10⁵ costs what one of 10⁴ does; the
      // oldest in two parts, each the first entry of its own partial index (as countDue reads them).
      sql`select
        (select count(*)::int from (select from emails where status = 'queued' limit ${QUEUE_COUNT_CAP + 1}) q) as queued,
        (select count(*)::int from (select from emails where status = 'scheduled' limit ${QUEUE_COUNT_CAP + 1}) s) as scheduled,
        (select count(*)::int from (select from emails where status = 'sending' limit ${QUEUE_COUNT_CAP + 1}) l) as sending,
        least(
          (select min(next_attempt_at) from emails
            where status in ('queued', 'scheduled') and next_attempt_at <= now() and batch_key is null),
          (select min(next_attempt_at) from emails
            where batch_key is not null and status in ('queued', 'scheduled') and next_attempt_at <= now())
        ) as oldest`,
    ),
    rowsOf<{ next_at: number; paused_until: number }>(
      db,
      sql`select next_at, paused_until from send_budget where provider = 'resend'`,
    ),
    rowsOf<{ pending: number; delivering: number; failed: number; oldest: string | Date | null }>(
      db,
      sql`select
        (select count(*)::int from event_deliveries where status = 'pending') as pending,
        (select count(*)::int from event_deliveries where status = 'delivering') as delivering,
        (select count(*)::int from event_deliveries where status = 'failed') as failed,
        (select min(next_attempt_at) from event_deliveries where status = 'pending') as oldest`,
    ),
  ]);
  const q = queue[0];
  const b = budget[0];
  const e = eventsOut[0];
  return {
    now,
    hour,
    day: coarser(week, 1, 168 - 24),
    week: coarser(week, 24, 0),
    queue: {
      queued: q?.queued ?? 0,
      scheduled: q?.scheduled ?? 0,
      sending: q?.sending ?? 0,
      oldestDueAt: at(q?.oldest),
    },
    budget: b ? { nextAt: new Date(Number(b.next_at)), pausedUntil: new Date(Number(b.paused_until)) } : undefined,
    eventsOut: {
      pending: e?.pending ?? 0,
      delivering: e?.delivering ?? 0,
      failed: e?.failed ?? 0,
      oldestPendingAt: at(e?.oldest),
    },
  };
}
