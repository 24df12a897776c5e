import { and, asc, count, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { EmailStatus } from '../../delivery/email-status.ts';
import { unpackBody } from '../body-codec.ts';
import { type EmailEventRow, type EmailRow, emailEvents, emails } from '../schema.ts';
import { type Db, rowsOf } from './rows.ts';

/** What callers read: one email with its events, its HTML, pages of emails, and the queue's depth. */

/** An email as callers read it: its bodies as text again, and its events. */
export interface EmailWithEvents extends Omit<EmailRow, 'html' | 'text'> {
  html: string;
  text: string;
  events: Pick<EmailEventRow, 'type' | 'at' | 'detail' | 'keyName'>[];
}

/** A listing row: the email without its body and data. */
export type EmailSummary = Omit<
  EmailRow,
  | 'data'
  | 'html'
  | 'text'
  | 'leaseUntil'
  | 'leaseOwner'
  | 'nextAttemptAt'
  | 'batchKey'
  | 'activationId'
  | 'purpose'
  | 'sendBefore'
  | 'traceContext'
>;

export interface ListQuery {
  status?: EmailStatus | undefined;
  template?: string | undefined;
  limit: number;
  /** Only emails older than this id (the previous page's last). */
  before?: string | undefined;
}

export const summaryColumns = {
  id: emails.id,
  template: emails.template,
  to: emails.to,
  cc: emails.cc,
  bcc: emails.bcc,
  replyTo: emails.replyTo,
  recipientRole: emails.recipientRole,
  subject: emails.subject,
  tags: emails.tags,
  status: emails.status,
  attempts: emails.attempts,
  lastError: emails.lastError,
  providerId: emails.providerId,
  scheduledAt: emails.scheduledAt,
  createdAt: emails.createdAt,
  updatedAt: emails.updatedAt,
  erasedAt: emails.erasedAt,
  locale: emails.locale,
};

/** Whether the database answers. */
export async function ping(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

export async function getEmail(db: Db, id: string): Promise<EmailWithEvents | undefined> {
  const [email] = await db.select().from(emails).where(eq(emails.id, id));
  if (!email) return undefined;
  const events = await db
    .select({ type: emailEvents.type, at: emailEvents.at, detail: emailEvents.detail, keyName: emailEvents.keyName })
    .from(emailEvents)
    .where(eq(emailEvents.emailId, id))
    .orderBy(asc(emailEvents.id));
  return { ...email, html: unpackBody('html', email.html), text: unpackBody('text', email.text), events };
}

/** The stored HTML; null once retention erased it; undefined for no such email. */
export async function getEmailHtml(db: Db, id: string): Promise<string | null | undefined> {
  const [row] = await db.select({ html: emails.html, erasedAt: emails.erasedAt }).from(emails).where(eq(emails.id, id));
  if (!row) return undefined;
  return row.erasedAt ? null : unpackBody('html', row.html);
}

/** Newest first. */
export async function listEmails(db: Db, { status, template, limit, before }: ListQuery): Promise<EmailSummary[]> {
  const conditions = [
    status ? eq(emails.status, status) : undefined,
    template ? eq(emails.template, template) : undefined,
    before ? lt(emails.id, before) : undefined,
  ].filter((c): c is SQL => c !== undefined);
  return db
    .select(summaryColumns)
    .from(emails)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(emails.id))
    .limit(limit);
}

/** Emails waiting or being sent, by status. */
export async function queueDepth(db: Db): Promise<Record<'queued' | 'scheduled' | 'sending', number>> {
  const rows = await db
    .select({ status: emails.status, n: count() })
    .from(emails)
    .where(inArray(emails.status, ['queued', 'scheduled', 'sending']))
    .groupBy(emails.status);
  const depth = { queued: 0, scheduled: 0, sending: 0 };
  for (const { status, n } of rows) depth[status as keyof typeof depth] = Number(n);
  return depth;
}

/** Queued emails due now that no worker has claimed yet (waiting for the send budget). */
export async function countDue(db: Db): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    db,
    // In two parts, each read from its own partial index (emails_due_idx, emails_batch_key_idx).
    sql`select
      (select count(*) from emails where status in ('queued', 'scheduled') and next_attempt_at <= now() and batch_key is null)
      + (select count(*) from emails where batch_key is not null and status in ('queued', 'scheduled') and next_attempt_at <= now())
      as n`,
  );
  return Number(row?.n ?? 0);
}
