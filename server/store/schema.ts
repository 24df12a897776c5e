import { sql } from 'drizzle-orm';
import {
  bigserial,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { type BodyKind, packBody, unpackBody } from './body-codec.ts';

/**
 * The outbox: one row per accepted email, its events, and the idempotency records of the
 * requests that created them. Changing this file means `npx drizzle-kit generate` and
 * committing the migration it writes into `server/store/migrations/`.
 */

export const emailStatuses = [
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'delivery_delayed',
  'bounced',
  'complained',
  'failed',
  'canceled',
] as const;
export type EmailStatus = (typeof emailStatuses)[number];

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** An email body: a string to the code, packed bytes in the database (see body-codec.ts). */
const body = (kind: BodyKind) =>
  customType<{ data: string; driverData: Uint8Array }>({
    dataType: () => 'bytea',
    toDriver: (value) => packBody(kind, value),
    fromDriver: (value) => unpackBody(kind, value),
  })(kind);

export const emails = pgTable(
  'emails',
  {
    /** UUID v7: ids sort by creation time, which the newest-first listing relies on. */
    id: uuid('id').primaryKey(),
    template: text('template').notNull(),
    data: jsonb('data').notNull(),
    to: jsonb('to').$type<string[]>().notNull(),
    cc: jsonb('cc').$type<string[]>(),
    bcc: jsonb('bcc').$type<string[]>(),
    replyTo: jsonb('reply_to').$type<string[]>(),
    recipientRole: text('recipient_role'),
    subject: text('subject').notNull(),
    // Stored packed, and never compressed again by the database (STORAGE EXTERNAL, set by
    // migration 0002, which this schema cannot express).
    html: body('html').notNull(),
    text: body('text').notNull(),
    tags: jsonb('tags').$type<Record<string, string>>(),
    status: text('status').$type<EmailStatus>().notNull(),
    /** Sends tried so far; counted when a worker claims the email. */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    providerId: text('provider_id'),
    scheduledAt: at('scheduled_at'),
    /** When a worker may next claim it (the schedule, or the end of a retry's backoff). */
    nextAttemptAt: at('next_attempt_at').notNull(),
    /** While `sending`: until when the claiming worker owns it; after that another may reclaim it. */
    leaseUntil: at('lease_until'),
    leaseOwner: text('lease_owner'),
    /**
     * Set when the email is claimed into a batch of several: the batch's Idempotency-Key,
     * derived from its members. It stays until the email's send ends, so every retry of the
     * batch (after a timeout, a lost lease, a crash) has the same members and the same key.
     */
    batchKey: text('batch_key'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // What workers claim: only emails still waiting for a send.
    index('emails_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('queued', 'scheduled')`),
    index('emails_leased_idx').on(t.leaseUntil).where(sql`${t.status} = 'sending'`),
    index('emails_status_id_idx').on(t.status, t.id),
    index('emails_template_id_idx').on(t.template, t.id),
    index('emails_provider_id_idx').on(t.providerId),
    index('emails_batch_key_idx').on(t.batchKey).where(sql`${t.batchKey} is not null`),
  ],
);

export const emailEvents = pgTable(
  'email_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    emailId: uuid('email_id')
      .notNull()
      .references(() => emails.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    at: at('at').notNull().defaultNow(),
    detail: text('detail'),
    /** The provider's id for a webhook event (`svix-id`): the same event delivered twice is kept once. */
    providerEventId: text('provider_event_id'),
  },
  (t) => [
    index('email_events_email_idx').on(t.emailId, t.id),
    uniqueIndex('email_events_provider_event_idx').on(t.providerEventId),
  ],
);

export const idempotencyStates = ['in_flight', 'done'] as const;
export type IdempotencyState = (typeof idempotencyStates)[number];

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** SHA-256 of the API key that sent the request: two clients never share a key space. */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of the route and the canonical JSON body: a different body under the same key is refused. */
    requestHash: text('request_hash').notNull(),
    state: text('state').$type<IdempotencyState>().notNull(),
    /** The request that holds the key while it is in flight. */
    owner: text('owner').notNull(),
    /** An in-flight record whose request died is taken over after this. */
    lockedUntil: at('locked_until').notNull(),
    responseStatus: integer('response_status'),
    /** The answer's JSON text, kept as text so that a replay is the same bytes. */
    responseBody: text('response_body'),
    createdAt: at('created_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_keys_expires_idx').on(t.expiresAt)],
);

/**
 * The provider's request budget shared by every instance on one PostgreSQL (see
 * `server/delivery/rate-limiter.ts`): one row per provider, times in epoch ms of the database's clock.
 */
export const sendBudget = pgTable('send_budget', {
  provider: text('provider').primaryKey(),
  /** No request starts before this. */
  nextAt: doublePrecision('next_at').notNull().default(0),
  /** The provider asked for a pause (Retry-After, a spent quota) until this. */
  pausedUntil: doublePrecision('paused_until').notNull().default(0),
});

export const schema = { emails, emailEvents, idempotencyKeys, sendBudget };

export type EmailRow = typeof emails.$inferSelect;
export type NewEmailRow = typeof emails.$inferInsert;
export type EmailEventRow = typeof emailEvents.$inferSelect;
