import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ActivationState, EmailPurpose } from '../activations/model.ts';
import type { EmailStatus } from '../delivery/email-status.ts';
import type { TraceCarrier } from '../tracing/carrier.ts';

/**
 * The outbox: one row per accepted email, its events, and the idempotency records of the
 * requests that created them. Changing this file means `npx drizzle-kit generate` and
 * committing the migration it writes into `server/store/migrations/`.
 */

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * An email body, packed (see body-codec.ts): packed where it is rendered, unpacked where it is
 * read, never on the store's own thread, which is the embedded database's.
 */
const body = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

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
    /** The activation the email belongs to, and why it was sent (see `emailPurposes`); null for single sends. */
    activationId: uuid('activation_id').references(() => activations.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<EmailPurpose>(),
    /** The language it was rendered in; null on emails stored before it was kept. */
    locale: text('locale'),
    /**
     * When retention (RETENTION_DAYS) erased its addresses, bodies, subject, data and tags; the
     * row stays, with its status and events, for counts and the activation's timeline.
     */
    erasedAt: at('erased_at'),
    /**
     * When what the email says stops being true (a follow-up that offers to keep a trial: the
     * trial's end). Not claimed from then on, however late the queue runs: canceled instead.
     */
    sendBefore: at('send_before'),
    /**
     * The W3C trace context (`traceparent`, `tracestate`) of the request that caused the email,
     * when traces are on (OTEL_EXPORTER_OTLP_ENDPOINT): its provider call, the webhook that
     * settles it and its events out join that request's trace.
     */
    traceContext: jsonb('trace_context').$type<TraceCarrier>(),
  },
  (t) => [
    index('emails_activation_idx').on(t.activationId, t.id).where(sql`${t.activationId} is not null`),
    // What workers claim: only emails still waiting for a send.
    // Emails in no batch, as the claim picks them: ordered by due time, so a claim under a backlog
    // reads its first rows instead of sorting the whole backlog.
    index('emails_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('queued', 'scheduled') and ${t.batchKey} is null`),
    index('emails_leased_idx').on(t.leaseUntil).where(sql`${t.status} = 'sending'`),
    // Waiting emails with a deadline: the claim cancels those past it without reading the backlog.
    index('emails_send_before_idx')
      .on(t.sendBefore)
      .where(sql`${t.sendBefore} is not null and ${t.status} in ('queued', 'scheduled') and ${t.batchKey} is null`),
    index('emails_status_id_idx').on(t.status, t.id),
    index('emails_template_id_idx').on(t.template, t.id),
    index('emails_provider_id_idx').on(t.providerId),
    index('emails_batch_key_idx').on(t.batchKey).where(sql`${t.batchKey} is not null`),
    // The console's searches (server/store/sql/lists.ts): any recipient, whatever its case.
    index('emails_to_lower_idx').using('gin', sql`(lower(${t.to}::text)::jsonb) jsonb_path_ops`),
    index('emails_locale_id_idx').on(t.locale, t.id),
    // Retention takes the oldest settled emails not yet erased, a batch at a time, without a scan.
    index('emails_retention_idx')
      .on(t.updatedAt)
      .where(sql`${t.erasedAt} is null and ${t.status} not in ('queued', 'scheduled', 'sending')`),
  ],
);

/**
 * One sequence numbers the events of both tables, in the order they are written: an
 * activation's timeline (its own steps and its emails' events) is read in this order, never
 * by timestamps, which come from several clocks (the app's, the database's, the provider's).
 */
export const eventSequence = pgSequence('event_seq');
const eventId = () => bigint('id', { mode: 'number' }).primaryKey().default(sql`nextval('event_seq')`);

export const emailEvents = pgTable(
  'email_events',
  {
    id: eventId(),
    emailId: uuid('email_id')
      .notNull()
      .references(() => emails.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    at: at('at').notNull().defaultNow(),
    detail: text('detail'),
    /** The provider's id for a webhook event (`svix-id`): the same event delivered twice is kept once. */
    providerEventId: text('provider_event_id'),
    /** The name of the API key whose request made this change (never the key); null for the service's own steps. */
    keyName: text('key_name'),
  },
  (t) => [
    index('email_events_email_idx').on(t.emailId, t.id),
    // Delivery at a glance counts the events of the last hour, day and week.
    index('email_events_at_idx').on(t.at),
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
 * `server/delivery/pacing-rule.ts`): one row per provider, times in epoch ms of the database's clock.
 */
export const sendBudget = pgTable('send_budget', {
  provider: text('provider').primaryKey(),
  /** No request starts before this. */
  nextAt: doublePrecision('next_at').notNull().default(0),
  /** The provider asked for a pause (Retry-After, a spent quota) until this. */
  pausedUntil: doublePrecision('paused_until').notNull().default(0),
});

// Activations: one row per enrollment going through the guide's process.

export const activations = pgTable(
  'activations',
  {
    /** UUID v7, like emails: newest first by id. */
    id: uuid('id').primaryKey(),
    enrollmentNumber: text('enrollment_number').notNull(),
    scenario: text('scenario').notNull(),
    state: text('state').$type<ActivationState>().notNull(),
    /** The enrollment as given (number, organization, contacts), kept current by contact changes. */
    enrollment: jsonb('enrollment').notNull(),
    /** The request's other fields (links, services, names, trial end, locale, tags). */
    details: jsonb('details').notNull(),
    recipientEmail: text('recipient_email').notNull(),
    recipientRole: text('recipient_role').notNull(),
    choice: jsonb('choice'),
    needsAttention: boolean('needs_attention').notNull().default(false),
    /** Failures of emails accepted before this (a resend, a contact change) no longer need attention. */
    attentionSince: at('attention_since').notNull(),
    /** Bumped by every write: a change computed from an older read is refused and recomputed. */
    version: integer('version').notNull().default(1),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    // One live activation per enrollment number: a canceled one frees the number.
    uniqueIndex('activations_live_enrollment_idx').on(t.enrollmentNumber).where(sql`${t.state} <> 'canceled'`),
    index('activations_enrollment_idx').on(t.enrollmentNumber, t.id),
    index('activations_state_id_idx').on(t.state, t.id),
    index('activations_attention_idx').on(t.id).where(sql`${t.needsAttention}`),
    // The console's searches (server/store/sql/lists.ts).
    index('activations_scenario_id_idx').on(t.scenario, t.id),
    index('activations_recipient_idx').on(sql`lower(${t.recipientEmail})`, t.id),
    index('activations_organization_idx').using(
      'gin',
      sql`to_tsvector('simple', ${t.enrollment}->>'organizationName')`,
    ),
  ],
);

/** The activation's own steps; its emails' events join them on the timeline. */
export const activationEvents = pgTable(
  'activation_events',
  {
    id: eventId(),
    activationId: uuid('activation_id')
      .notNull()
      .references(() => activations.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    at: at('at').notNull().defaultNow(),
    detail: text('detail'),
    /** The name of the API key whose request made this change (never the key); null for the service's own steps. */
    keyName: text('key_name'),
  },
  (t) => [index('activation_events_activation_idx').on(t.activationId, t.id)],
);

export const eventDeliveryStatuses = ['pending', 'delivering', 'delivered', 'failed'] as const;
export type EventDeliveryStatus = (typeof eventDeliveryStatuses)[number];

/** Events going out to EVENTS_WEBHOOK_URL: an outbox of their own, claimed under a lease like emails. */
export const eventDeliveries = pgTable(
  'event_deliveries',
  {
    /** UUID v7; sent as `webhook-id`, the same on every try. */
    id: uuid('id').primaryKey(),
    type: text('type').notNull(),
    /** The exact JSON body, kept as text so every try signs and sends the same bytes. */
    payload: text('payload').notNull(),
    status: text('status').$type<EventDeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
    leaseUntil: at('lease_until'),
    leaseOwner: text('lease_owner'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    /** The activation the event is about, if any: its timeline shows the event with its attempts. */
    activationId: uuid('activation_id').references(() => activations.id, { onDelete: 'cascade' }),
    /** Its place among the timeline's events (the one sequence of both event tables). */
    seq: bigint('seq', { mode: 'number' }).notNull().default(sql`nextval('event_seq')`),
    /** The trace context of what caused the event (its email's, or the request's): sent as `traceparent`. */
    traceContext: jsonb('trace_context').$type<TraceCarrier>(),
  },
  (t) => [
    index('event_deliveries_activation_idx').on(t.activationId, t.seq).where(sql`${t.activationId} is not null`),
    index('event_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('event_deliveries_leased_idx').on(t.leaseUntil).where(sql`${t.status} = 'delivering'`),
    // Delivery at a glance counts the events that gave up.
    index('event_deliveries_failed_idx').on(t.createdAt).where(sql`${t.status} = 'failed'`),
    // Retention deletes the oldest events that are over, a batch at a time.
    index('event_deliveries_settled_idx').on(t.updatedAt).where(sql`${t.status} in ('delivered', 'failed')`),
  ],
);

/** Each try to deliver an event out, and how it ended (the answer, or why it will be tried again). */
export const eventAttempts = pgTable(
  'event_attempts',
  {
    id: eventId(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => eventDeliveries.id, { onDelete: 'cascade' }),
    at: at('at').notNull().defaultNow(),
    /** `delivered`, `retry` or `failed`. */
    outcome: text('outcome').notNull(),
    detail: text('detail'),
  },
  (t) => [index('event_attempts_delivery_idx').on(t.deliveryId, t.id)],
);

/**
 * Erasures by address (`POST /v1/erasures`): that one happened, who asked and how much it
 * erased. Never the address: keeping it would keep what was erased.
 */
export const erasures = pgTable('erasures', {
  /** UUID v7. */
  id: uuid('id').primaryKey(),
  /** The name of the API key that asked (never the key). */
  keyName: text('key_name').notNull(),
  at: at('at').notNull(),
  /** How many rows of each kind it erased or deleted. */
  counts: jsonb('counts')
    .$type<{ emails: number; activations: number; eventDeliveries: number; idempotencyKeys: number }>()
    .notNull(),
});

export const schema = {
  emails,
  emailEvents,
  idempotencyKeys,
  sendBudget,
  activations,
  activationEvents,
  eventDeliveries,
  eventAttempts,
  erasures,
};

export type EmailRow = typeof emails.$inferSelect;
export type NewEmailRow = typeof emails.$inferInsert;
export type EmailEventRow = typeof emailEvents.$inferSelect;
export type ActivationRow = typeof activations.$inferSelect;
export type ActivationEventRow = typeof activationEvents.$inferSelect;
