import { and, desc, eq, gte, lt, or, type SQL, sql } from 'drizzle-orm';
import type { ScenarioId } from '../../../emails/_domain/activation.ts';
import type { ActivationRecord, ActivationState } from '../../activations/model.ts';
import type { EmailStatus } from '../../delivery/email-status.ts';
import { activations, emails } from '../schema.ts';
import { recordOf } from './activations.ts';
import type { EmailSummary } from './reads.ts';
import { summaryColumns } from './reads.ts';
import { type Db, rowsOf } from './rows.ts';

/**
 * The searches people run (the console's lists): activations and emails, newest first, by any
 * mix of filters, one page at a time. Each filter has an index that answers it at volume (10⁵
 * activations, 10⁶ emails; see migration 0007 and `npm run bench -- console`):
 * - an id is a UUID v7, so "accepted between" is a range of ids, read on the primary key;
 * - a search names an enrollment number (exact), an organization (word prefixes, full-text
 *   index) or an address (exact, whatever its case).
 */

export interface ActivationSearch {
  /** An enrollment number, words of the organization's name, or the recipient's address. */
  text?: string | undefined;
  state?: ActivationState | undefined;
  scenario?: ScenarioId | undefined;
  needsAttention?: boolean | undefined;
  /** Created at or after this time. */
  from?: Date | undefined;
  /** Created before this time. */
  until?: Date | undefined;
  limit: number;
  /** Only activations older than this id (the previous page's last). */
  before?: string | undefined;
}

export interface EmailSearch {
  status?: EmailStatus | undefined;
  template?: string | undefined;
  /** Any of the email's `to` addresses, whatever its case. */
  recipient?: string | undefined;
  locale?: string | undefined;
  from?: Date | undefined;
  until?: Date | undefined;
  limit: number;
  before?: string | undefined;
}

/** An activation in the needs-attention queue, with what went wrong last. */
export interface AttentionItem extends ActivationRecord {
  reason?: { emailId: string; purpose: string | null; status: string; detail: string | null; at: Date } | undefined;
}

/** The smallest UUID v7 of a millisecond: ids at or after it were minted at or after `at`. */
export function uuidAt(at: Date): string {
  const ms = Math.min(Math.max(0, Math.floor(at.getTime())), 2 ** 48 - 1);
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

/** Letters and digits of each word, so that no text is read as tsquery syntax. */
const words = (text: string) =>
  text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);

const defined = (conditions: (SQL | undefined)[]) => conditions.filter((c): c is SQL => c !== undefined);

const ENROLLMENT_NUMBER = /^[0-9A-Za-z-]{1,40}$/;

/**
 * What `text` finds: the address, else the enrollment number or the organization's words. `match`
 * tests a row; `indexed` reads each match on its own index, first and whole (materialized): left
 * to the planner, an "or", or a rare word, was read by walking every activation newest first
 * (0.9 s at 10⁵). `words` says whether the organization's words are part of it.
 */
function activationText(text: string): { match: SQL; indexed: SQL; words: boolean } | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  if (trimmed.includes('@')) {
    const match = sql`lower(${activations.recipientEmail}) = lower(${trimmed})`;
    return { match, indexed: match, words: false };
  }
  const prefixes = words(trimmed).map((w) => `${w}:*`);
  const organization =
    prefixes.length > 0
      ? sql`to_tsvector('simple', ${activations.enrollment}->>'organizationName') @@ to_tsquery('simple', ${prefixes.join(' & ')})`
      : undefined;
  const number = ENROLLMENT_NUMBER.test(trimmed) ? eq(activations.enrollmentNumber, trimmed) : undefined;
  const matches = defined([number, organization]);
  if (matches.length === 0) return { match: sql`false`, indexed: sql`false`, words: false };
  const found = sql.join(
    matches.map((match) => sql`select id from activations where ${match}`),
    sql` union `,
  );
  return {
    match: matches.length === 1 ? (matches[0] as SQL) : sql`(${or(...matches)})`,
    indexed: sql`${activations.id} in (with found as materialized (${found}) select id from found)`,
    words: organization !== undefined,
  };
}

/**
 * How many of the newest activations a search by words reads first. A common word matches
 * thousands, which the indexed read collects whole before it sorts them (60–280 ms at 10⁵): among
 * the newest few, a page of them is found in a few milliseconds. Too few there, and the indexed
 * read answers.
 */
const NEWEST_FIRST = 1_000;

export async function findActivations(db: Db, search: ActivationSearch): Promise<ActivationRecord[]> {
  const upTo = defined([
    search.until ? lt(activations.id, uuidAt(search.until)) : undefined,
    search.before ? lt(activations.id, search.before) : undefined,
  ]);
  const others = defined([
    search.state ? eq(activations.state, search.state) : undefined,
    search.scenario ? eq(activations.scenario, search.scenario) : undefined,
    search.needsAttention !== undefined ? eq(activations.needsAttention, search.needsAttention) : undefined,
    search.from ? gte(activations.id, uuidAt(search.from)) : undefined,
    ...upTo,
  ]);
  const page = async (conditions: SQL[]) =>
    (
      await db
        .select()
        .from(activations)
        .where(conditions.length ? and(...conditions) : undefined)
        .orderBy(desc(activations.id))
        .limit(search.limit)
    ).map(recordOf);
  const text = search.text !== undefined ? activationText(search.text) : undefined;
  if (text?.words) {
    // The NEWEST_FIRST-th newest id in range, from the primary key alone; none: fewer in all.
    const [bound] = await db
      .select({ id: activations.id })
      .from(activations)
      .where(upTo.length ? and(...upTo) : undefined)
      .orderBy(desc(activations.id))
      .offset(NEWEST_FIRST - 1)
      .limit(1);
    const newest = await page([...others, text.match, ...(bound ? [gte(activations.id, bound.id)] : [])]);
    if (newest.length === search.limit || !bound) return newest;
  }
  return page(text ? [...others, text.indexed] : others);
}

/**
 * Activations that need attention, newest first, each with the bounce, complaint or failure
 * that raised it (the latest among its emails), and how many there are in all.
 */
export async function attentionQueue(db: Db, limit: number): Promise<{ total: number; items: AttentionItem[] }> {
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(activations)
      .where(eq(activations.needsAttention, true))
      .orderBy(desc(activations.id))
      .limit(limit),
    rowsOf<{ n: number }>(db, sql`select count(*)::int as n from activations where needs_attention`),
  ]);
  if (rows.length === 0) return { total: Number(count?.n ?? 0), items: [] };
  const ids = rows.map((r) => r.id);
  const reasons = await rowsOf<{
    activation_id: string;
    email_id: string;
    purpose: string | null;
    type: string;
    detail: string | null;
    at: string | Date;
  }>(
    db,
    sql`
    select a.id as activation_id, last.* from unnest(${`{${ids.join(',')}}`}::uuid[]) as a(id)
    cross join lateral (
      select e.id as email_id, e.purpose, ee.type, ee.detail, ee.at
      from emails e join email_events ee on ee.email_id = e.id
      where e.activation_id = a.id and ee.type in ('bounced', 'complained', 'failed')
      order by ee.id desc limit 1
    ) last`,
  );
  const reasonOf = new Map(reasons.map((r) => [r.activation_id, r]));
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((row) => {
      const r = reasonOf.get(row.id);
      return {
        ...recordOf(row),
        ...(r
          ? {
              reason: { emailId: r.email_id, purpose: r.purpose, status: r.type, detail: r.detail, at: new Date(r.at) },
            }
          : {}),
      };
    }),
  };
}

export async function findEmails(db: Db, search: EmailSearch): Promise<EmailSummary[]> {
  const recipient = search.recipient?.trim().toLowerCase();
  const conditions = defined([
    search.status ? eq(emails.status, search.status) : undefined,
    search.template ? eq(emails.template, search.template) : undefined,
    recipient ? sql`lower(${emails.to}::text)::jsonb @> ${JSON.stringify([recipient])}::jsonb` : undefined,
    search.locale ? eq(emails.locale, search.locale) : undefined,
    search.from ? gte(emails.id, uuidAt(search.from)) : undefined,
    search.until ? lt(emails.id, uuidAt(search.until)) : undefined,
    search.before ? lt(emails.id, search.before) : undefined,
  ]);
  return db
    .select(summaryColumns)
    .from(emails)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(emails.id))
    .limit(search.limit);
}
