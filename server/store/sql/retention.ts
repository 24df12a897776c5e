import { type SQL, sql } from 'drizzle-orm';
import { packBody } from '../body-codec.ts';
import { type Db, rowsOf } from './rows.ts';

/**
 * Retention: personal data that does not live forever. An email whose sending is over
 * (any status but queued, scheduled or sending) and that has not changed for `ageMs` loses
 * its addresses, subject, bodies, template data, tags and last error, and the details of its
 * events (a bounce's text can quote an address); its id, template, status, times and event
 * types stay, so counts, the activation's timeline and idempotency still hold. Events sent out
 * (their payloads carry addresses) are deleted once delivered or given up and as old. Ages are
 * measured on the database's clock, which wrote the times they are compared with. Each call erases at most `limit` rows of each table, so the caller runs it in
 * batches that never hold the store for long.
 */

export interface Erased {
  emails: number;
  eventDeliveries: number;
}

const EMPTY_HTML = packBody('html', '');
const EMPTY_TEXT = packBody('text', '');

/** The database's clock, `ms` milliseconds ago (negative: ahead). */
const agoOnDb = (ms: number): SQL => sql`now() - ${Math.round(ms)} * interval '1 millisecond'`;

/**
 * Erases the emails `due` selects (a `select id from emails … limit … for update`): their
 * addresses, subject, bodies, data, tags and last error, and their events' details. The one
 * statement that erases an email, for retention and for an erasure by address alike.
 */
export async function eraseEmailRows(db: Db, due: SQL): Promise<number> {
  const [erased] = await rowsOf<{ n: number }>(
    db,
    sql`
    with due as (${due}), erased as (
      update emails e
      set data = '{}'::jsonb, "to" = '[]'::jsonb, cc = null, bcc = null, reply_to = null,
          subject = '', html = ${EMPTY_HTML}::bytea, text = ${EMPTY_TEXT}::bytea,
          tags = null, last_error = null, erased_at = now()
      from due where e.id = due.id
      returning e.id
    ), details as (
      update email_events ev set detail = null
      from erased where ev.email_id = erased.id and ev.detail is not null
      returning ev.id
    )
    select (select count(*) from erased)::int as n, (select count(*) from details)::int as d`,
  );
  return Number(erased?.n ?? 0);
}

export async function eraseExpired(db: Db, ageMs: number, limit: number): Promise<Erased> {
  const cutoff = agoOnDb(ageMs);
  const emails = await eraseEmailRows(
    db,
    sql`
      select id from emails
      where erased_at is null and status not in ('queued', 'scheduled', 'sending')
        and updated_at < ${cutoff}
      order by updated_at
      limit ${limit}
      for update skip locked`,
  );
  const [deleted] = await rowsOf<{ n: number }>(
    db,
    sql`
    with due as (
      select id from event_deliveries
      where status in ('delivered', 'failed') and updated_at < ${cutoff}
      order by updated_at
      limit ${limit}
      for update skip locked
    ), deleted as (
      delete from event_deliveries d using due where d.id = due.id returning d.id
    )
    select count(*)::int as n from deleted`,
  );
  return { emails, eventDeliveries: Number(deleted?.n ?? 0) };
}

/**
 * Deletes at most `limit` activations that reached their last state (provisioned or canceled),
 * have not changed for `ageMs` and have no email still waiting or being sent; their emails,
 * events and timeline go with them (the foreign keys cascade).
 */
export async function deleteOldActivations(db: Db, ageMs: number, limit: number): Promise<number> {
  const [deleted] = await rowsOf<{ n: number }>(
    db,
    sql`
    with due as (
      select a.id from activations a
      where a.state in ('provisioned', 'canceled') and a.updated_at < ${agoOnDb(ageMs)}
        and not exists (
          select 1 from emails e
          where e.activation_id = a.id and e.status in ('queued', 'scheduled', 'sending')
        )
      order by a.updated_at
      limit ${limit}
      for update skip locked
    ), deleted as (
      delete from activations d using due where d.id = due.id returning d.id
    )
    select count(*)::int as n from deleted`,
  );
  return Number(deleted?.n ?? 0);
}
