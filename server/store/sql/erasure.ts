import { type SQL, sql } from 'drizzle-orm';
import { erasures } from '../schema.ts';
import { eraseEmailRows } from './retention.ts';
import { type Db, rowsOf } from './rows.ts';

/**
 * Erasure by address: one person's data removed everywhere, and a record that it happened
 * without the address. Matching is on the whole address, whatever its case: an email whose
 * recipients (to, cc, bcc, reply-to) or template data name it; an activation whose recipient,
 * contact or Online Services ID it is; an event sent out or a stored idempotent answer whose
 * JSON holds it as a value; an event detail that mentions it.
 *
 * Nothing still in flight is touched: an activation not yet provisioned or canceled, or an email
 * queued, scheduled or sending, refuses the erasure (`blockers`), since erasing half of a
 * running activation would invent a path the process does not have. Each statement changes at
 * most `BATCH` rows and is repeated until a batch comes back short, so the store is never held
 * for long (PGlite runs one statement at a time).
 */

export const BATCH = 500;

export type ErasureCounts = (typeof erasures.$inferSelect)['counts'];

export interface Erasure {
  id: string;
  keyName: string;
  at: Date;
  erased: ErasureCounts;
}

/** The work in flight that names the address: at most `limit` ids of each, and how many in all. */
export interface Blockers {
  activationIds: string[];
  activationCount: number;
  emailIds: string[];
  emailCount: number;
}

export type EraseResult = { kind: 'erased'; erasure: Erasure } | { kind: 'blocked'; blockers: Blockers };

const IN_FLIGHT_EMAIL = sql.raw(`('queued', 'scheduled', 'sending')`);
const FINISHED_ACTIVATION = sql.raw(`('provisioned', 'canceled')`);
const CONTACTS = ['onlineServicesManager', 'vlscAdministrator', 'noticesContact'] as const;

/** The address as a JSON string value (`"dana@contoso.com"`): found in JSON text as a whole value only. */
const asJsonValue = (address: string) => JSON.stringify(address);

/** Whether an email names `address` (lower-cased) among its recipients or in its template data. */
const emailNames = (address: string): SQL => {
  const list = JSON.stringify([address]);
  const value = asJsonValue(address);
  // `to` through the lower-cased GIN index the console's search uses (emails_to_lower_idx).
  return sql`(lower("to"::text)::jsonb @> ${list}::jsonb
    or lower(coalesce(cc, '[]'::jsonb)::text)::jsonb @> ${list}::jsonb
    or lower(coalesce(bcc, '[]'::jsonb)::text)::jsonb @> ${list}::jsonb
    or lower(coalesce(reply_to, '[]'::jsonb)::text)::jsonb @> ${list}::jsonb
    or strpos(lower(data::text), ${value}) > 0)`;
};

const contactIs = (contact: string, address: string): SQL => sql`lower(enrollment->${contact}->>'email') = ${address}`;

/** Whether an activation names `address` (lower-cased) as its recipient, a contact or its Online Services ID. */
const activationNames = (address: string): SQL =>
  sql`(lower(recipient_email) = ${address} or lower(choice->>'onlineServicesId') = ${address} or ${sql.join(
    CONTACTS.map((c) => contactIs(c, address)),
    sql` or `,
  )})`;

/** How many rows a data-changing statement written as `with changed as (…) select count(*)` touched. */
async function counted(db: Db, query: SQL): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(db, query);
  return Number(row?.n ?? 0);
}

/** Runs `batch` until it changes fewer than BATCH rows; the rows changed in all. */
async function untilShort(batch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await batch();
    total += n;
    if (n < BATCH) return total;
  }
}

/** The activations and emails still in flight that name the address, `limit` ids of each at most. */
export async function erasureBlockers(db: Db, address: string, limit: number): Promise<Blockers> {
  const a = address.toLowerCase();
  const [row] = await rowsOf<{ aids: string[] | null; an: number; eids: string[] | null; en: number }>(
    db,
    sql`
    with live as (
      select id from activations where state not in ${FINISHED_ACTIVATION} and ${activationNames(a)}
    ), sending as (
      select id from emails where status in ${IN_FLIGHT_EMAIL} and ${emailNames(a)}
    )
    select
      (select array_agg(id::text order by id) from (select id from live order by id limit ${limit}) l) as aids,
      (select count(*) from live)::int as an,
      (select array_agg(id::text order by id) from (select id from sending order by id limit ${limit}) s) as eids,
      (select count(*) from sending)::int as en`,
  );
  return {
    activationIds: row?.aids ?? [],
    activationCount: Number(row?.an ?? 0),
    emailIds: row?.eids ?? [],
    emailCount: Number(row?.en ?? 0),
  };
}

/** The finished activations naming the address, a batch of them with the address and its names removed. */
const eraseActivationBatch = (db: Db, a: string) =>
  counted(
    db,
    sql`
    with due as (
      select id from activations
      where state in ${FINISHED_ACTIVATION} and ${activationNames(a)}
      order by id limit ${BATCH} for update
    ), changed as (
      update activations t set
        enrollment = t.enrollment ${sql.join(
          CONTACTS.map((c) => sql`- (case when ${contactIs(c, a)} then ${c} else '' end)`),
          sql` `,
        )},
        recipient_email = case when lower(t.recipient_email) = ${a} then '' else t.recipient_email end,
        details = case when lower(t.recipient_email) = ${a} then t.details - 'recipientName' else t.details end,
        choice = case when lower(t.choice->>'onlineServicesId') = ${a}
          then jsonb_set(t.choice, '{onlineServicesId}', '""'::jsonb) else t.choice end,
        version = t.version + 1
      from due where t.id = due.id
      returning t.id
    )
    select count(*)::int as n from changed`,
  );

/** Event details (both tables) that mention the address, a batch of each cleared. */
const clearDetails = (db: Db, table: 'activation_events' | 'email_events', a: string) =>
  counted(
    db,
    sql`
    with due as (
      select id from ${sql.identifier(table)} where strpos(lower(detail), ${a}) > 0
      order by id limit ${BATCH} for update
    ), changed as (
      update ${sql.identifier(table)} t set detail = null from due where t.id = due.id returning t.id
    )
    select count(*)::int as n from changed`,
  );

const deleteEventDeliveries = (db: Db, a: string) =>
  counted(
    db,
    sql`
    with due as (
      select id from event_deliveries where strpos(lower(payload), ${asJsonValue(a)}) > 0
      order by id limit ${BATCH} for update
    ), deleted as (
      delete from event_deliveries d using due where d.id = due.id returning d.id
    )
    select count(*)::int as n from deleted`,
  );

const deleteIdempotencyKeys = (db: Db, a: string) =>
  counted(
    db,
    sql`
    with due as (
      select scope, key from idempotency_keys where strpos(lower(response_body), ${asJsonValue(a)}) > 0
      order by scope, key limit ${BATCH} for update
    ), deleted as (
      delete from idempotency_keys k using due where k.scope = due.scope and k.key = due.key returning k.key
    )
    select count(*)::int as n from deleted`,
  );

/**
 * Erases every trace of `address` not in flight, in batches, and records the erasure; refuses
 * (erasing nothing) while work in flight names it. `blockerLimit` bounds the ids a refusal lists.
 */
export async function eraseAddress(
  db: Db,
  request: { id: string; address: string; keyName: string; at: Date },
  blockerLimit = 20,
): Promise<EraseResult> {
  const a = request.address.toLowerCase();
  const blockers = await erasureBlockers(db, a, blockerLimit);
  if (blockers.activationCount > 0 || blockers.emailCount > 0) return { kind: 'blocked', blockers };

  const emails = await untilShort(() =>
    eraseEmailRows(
      db,
      sql`select id from emails where status not in ${IN_FLIGHT_EMAIL} and ${emailNames(a)}
          order by id limit ${BATCH} for update`,
    ),
  );
  const activations = await untilShort(() => eraseActivationBatch(db, a));
  await untilShort(() => clearDetails(db, 'activation_events', a));
  await untilShort(() => clearDetails(db, 'email_events', a));
  const eventDeliveries = await untilShort(() => deleteEventDeliveries(db, a));
  const idempotencyKeys = await untilShort(() => deleteIdempotencyKeys(db, a));

  const erasure: Erasure = {
    id: request.id,
    keyName: request.keyName,
    at: request.at,
    erased: { emails, activations, eventDeliveries, idempotencyKeys },
  };
  await db
    .insert(erasures)
    .values({ id: erasure.id, keyName: erasure.keyName, at: erasure.at, counts: erasure.erased });
  return { kind: 'erased', erasure };
}
