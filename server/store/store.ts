import { and, asc, count, desc, eq, inArray, lt, lte, type SQL, sql } from 'drizzle-orm';
import { type BudgetRule, type BudgetState, giveBack, pause, reserve } from '../delivery/rate-limiter.ts';
import { type ActivationStore, createActivationStore } from './activations.ts';
import { unpackBody } from './body-codec.ts';
import { emailStatusEffects } from './email-status-effects.ts';
import { createEventDeliveryStore, type EventDeliveryStore } from './event-deliveries.ts';
import { groupCommit } from './group-commit.ts';
import type { Db } from './open.ts';
import {
  type EmailEventRow,
  type EmailPurpose,
  type EmailRow,
  type EmailStatus,
  emailEvents,
  emails,
  idempotencyKeys,
  sendBudget,
} from './schema.ts';

/**
 * Every query the service makes, over either driver. Each change of an email's status writes
 * an event in the same transaction, so an email's events tell its whole story.
 */

export interface NewEmail {
  id: string;
  template: string;
  data: unknown;
  to: string[];
  cc?: string[] | undefined;
  bcc?: string[] | undefined;
  replyTo?: string[] | undefined;
  recipientRole?: string | undefined;
  subject: string;
  html: string;
  text: string;
  tags?: Record<string, string> | undefined;
  /** `scheduled` waits for `scheduledAt`; `queued` is due at once. */
  status: 'queued' | 'scheduled';
  scheduledAt?: Date | undefined;
  createdAt: Date;
  /** Set on the emails of an activation: which one, and why the email is sent. */
  activationId?: string | undefined;
  purpose?: EmailPurpose | undefined;
}

export interface EmailWithEvents extends EmailRow {
  events: Pick<EmailEventRow, 'type' | 'at' | 'detail'>[];
}

/** A listing row: the email without its body and data. */
export type EmailSummary = Omit<
  EmailRow,
  'data' | 'html' | 'text' | 'leaseUntil' | 'leaseOwner' | 'nextAttemptAt' | 'batchKey' | 'activationId' | 'purpose'
>;

export interface ListQuery {
  status?: EmailStatus | undefined;
  template?: string | undefined;
  limit: number;
  /** Only emails older than this id (the previous page's last). */
  before?: string | undefined;
}

export type CancelResult =
  | { kind: 'canceled'; email: EmailWithEvents }
  | { kind: 'not-found' }
  | { kind: 'conflict'; status: EmailStatus };

/** What a claimed email carries to the transport. */
export type ClaimedEmail = Pick<
  EmailRow,
  'id' | 'template' | 'to' | 'cc' | 'bcc' | 'replyTo' | 'subject' | 'html' | 'text' | 'tags' | 'attempts'
>;

/**
 * One request's worth of claimed emails. A batch (`key` set) has fixed members: claimed again
 * after a failure, a lost lease or a crash, it comes back with the same members and key, so the
 * provider sees the same request and delivers it once.
 */
export interface ClaimedBatch {
  /** The batch's Idempotency-Key; absent for an email sent on its own (its id is its key). */
  key: string | undefined;
  /** Every member, in the order sent. */
  emails: ClaimedEmail[];
  /**
   * The members this claim holds. A member can be missing here only when a provider event
   * moved it on already (it was delivered): it is sent again with the others, so the request is
   * the same, and the provider answers from its record of the first.
   */
  held: string[];
}

/** The shared send budget as the store answers it, in the database's clock (epoch ms). */
export interface StoredSlots {
  slots: number[];
  waitMs: number;
  pausedUntil: number;
  /** The database's clock when it answered. */
  now: number;
}

export interface IdempotencyRequest {
  scope: string;
  key: string;
  requestHash: string;
  /** Identifies the request holding the key while it runs. */
  owner: string;
}

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in-flight' };

/** The response an idempotent request answered with, kept with its key. */
export interface IdempotentResponse {
  status: number;
  body: unknown;
}

/** The first request's claim on its key was lost (it ran past the in-flight lock): nothing was stored. */
export class IdempotencyLostError extends Error {
  override name = 'IdempotencyLostError';
}

export const webhookEventTypes = [
  'sent',
  'delivered',
  'delivery_delayed',
  'bounced',
  'complained',
  'opened',
  'clicked',
  'failed',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export interface WebhookEvent {
  /** The provider's event id (`svix-id`); an event already recorded is ignored. */
  providerEventId: string;
  /** Our id, when the event carries it; else the email is found by `providerId`. */
  emailId?: string | undefined;
  providerId?: string | undefined;
  type: WebhookEventType;
  at: Date;
  detail?: string | undefined;
}

export type WebhookResult = 'recorded' | 'duplicate' | 'unknown-email';

export interface Store extends ActivationStore, EventDeliveryStore {
  dialect: 'pglite' | 'postgres';
  /** Whether the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;

  /** Takes the key for this request, or says what the earlier request with it got. */
  claimIdempotencyKey(request: IdempotencyRequest, ttlMs: number, lockMs: number): Promise<IdempotencyClaim>;
  /** Gives the key up after a request that stored nothing (refused, or failed). */
  releaseIdempotencyKey(request: IdempotencyRequest): Promise<void>;
  purgeExpiredIdempotencyKeys(): Promise<number>;

  /** Stores the emails, their first events and (when given) the idempotent response, in one transaction. */
  acceptEmails(
    batch: NewEmail[],
    idempotency?: { request: IdempotencyRequest; response: IdempotentResponse },
  ): Promise<void>;
  getEmail(id: string): Promise<EmailWithEvents | undefined>;
  getEmailHtml(id: string): Promise<string | undefined>;
  listEmails(query: ListQuery): Promise<EmailSummary[]>;
  cancelEmail(id: string): Promise<CancelResult>;

  /** Claims up to `limit` due emails (and emails whose lease expired) for `owner`, marking them `sending`. */
  claimDue(owner: string, limit: number, leaseMs: number): Promise<ClaimedEmail[]>;
  /**
   * Claims up to `requests` requests' worth of due emails: batches that must be sent again
   * first (with their members as they were; skipped when `repeats` is false, to spare a
   * statement in a burst), then fresh emails in batches of up to `batchSize`, each batch of
   * several keyed by its members.
   */
  claimBatches(
    owner: string,
    requests: number,
    batchSize: number,
    leaseMs: number,
    repeats?: boolean,
  ): Promise<ClaimedBatch[]>;
  /** Each `mark…` returns false when `owner` no longer holds the email (its lease expired and it was reclaimed). */
  markSent(id: string, owner: string, providerId: string | undefined): Promise<boolean>;
  markRetry(id: string, owner: string, delayMs: number, error: string): Promise<boolean>;
  markFailed(id: string, owner: string, error: string): Promise<boolean>;
  /** The last try got no readable answer: the email ends `outcome_unknown`, for the provider's webhook events to settle. */
  markOutcomeUnknown(id: string, owner: string, error: string): Promise<boolean>;
  /**
   * The provider refused the request for its own limit (rate, concurrency, quota), not for the
   * email: due again after `delayMs`, and the attempt is not counted.
   */
  markWaiting(
    id: string,
    owner: string,
    delayMs: number,
    event: 'throttled' | 'parked',
    reason: string,
  ): Promise<boolean>;
  /**
   * The provider refused the email's batch as a whole for something in it, so nothing was sent:
   * the email leaves its batch and is due again at once. The try counts (the provider answered
   * it), which is what sends the email on its own next time, so the one at fault fails alone.
   */
  leaveBatch(id: string, owner: string, reason: string): Promise<boolean>;
  /**
   * Hands a claimed email back (shutdown): due again at once. `untried`: it never reached the
   * provider (it was waiting for its slot), so the attempt is not counted.
   */
  release(id: string, owner: string, reason: string, untried?: boolean): Promise<boolean>;
  releaseAllLeases(reason: string): Promise<number>;

  recordWebhookEvent(event: WebhookEvent): Promise<WebhookResult>;
  /** Emails waiting or being sent, by status. */
  queueDepth(): Promise<Record<'queued' | 'scheduled' | 'sending', number>>;
  /** Queued emails due now that no worker has claimed yet (waiting for the send budget). */
  countDue(): Promise<number>;

  /** Takes up to `want` slots from the shared send budget (`want` 0 only reads it). */
  reserveSendSlots(rule: BudgetRule, want: number): Promise<StoredSlots>;
  /** Returns unused slots (in the database's clock, as `reserveSendSlots` gave them). */
  giveBackSendSlots(rule: BudgetRule, slots: number[]): Promise<void>;
  /** No slot of the shared budget starts before `ms` from now. */
  pauseSending(ms: number): Promise<void>;
  /**
   * PGlite has no autovacuum: this reclaims the space of old row versions and refreshes the
   * planner's statistics. PostgreSQL's autovacuum does it there, so this does nothing.
   */
  maintain(): Promise<void>;
}

/** How a send ended for one email: its next status and event, and the fields that change. */
interface Settlement {
  id: string;
  owner: string;
  to: EmailStatus;
  /** `undefined` keeps the stored value. */
  providerId?: string | null;
  lastError?: string | null;
  /** Due again this many milliseconds from now; `undefined` keeps the time. */
  dueInMs?: number;
  /** The try does not count toward the email's attempts (the provider refused it for its own limit). */
  refundAttempt?: boolean;
  /** Leaves the batch: the email may be sent alone or in another batch next time. */
  leaveBatch?: boolean;
  event: { type: string; detail?: string | undefined };
}

const afterMs = (ms: number): SQL => sql`now() + ${Math.max(0, Math.round(ms))} * interval '1 millisecond'`;
const now = sql`now()`;

/**
 * Where a provider event may move an email from: only forward, so events arriving out of
 * order never move it back (a late "delivery delayed" after "delivered" is recorded, not applied).
 * Opened and clicked prove delivery. A provider's evidence also overrides our own `failed`,
 * which a send that timed out but did go through can leave behind, and settles
 * `outcome_unknown`, which says we could not tell.
 */
const webhookStatus: Record<WebhookEventType, { to: EmailStatus; from: EmailStatus[] }> = {
  sent: { to: 'sent', from: ['sending', 'failed', 'outcome_unknown'] },
  delivery_delayed: { to: 'delivery_delayed', from: ['sending', 'sent', 'failed', 'outcome_unknown'] },
  delivered: { to: 'delivered', from: ['sending', 'sent', 'delivery_delayed', 'failed', 'outcome_unknown'] },
  opened: { to: 'delivered', from: ['sending', 'sent', 'delivery_delayed', 'failed', 'outcome_unknown'] },
  clicked: { to: 'delivered', from: ['sending', 'sent', 'delivery_delayed', 'failed', 'outcome_unknown'] },
  bounced: { to: 'bounced', from: ['sending', 'sent', 'delivery_delayed', 'delivered', 'failed', 'outcome_unknown'] },
  complained: {
    to: 'complained',
    from: ['sending', 'sent', 'delivery_delayed', 'delivered', 'bounced', 'failed', 'outcome_unknown'],
  },
  failed: { to: 'failed', from: ['sending', 'sent', 'delivery_delayed', 'outcome_unknown'] },
};

const summaryColumns = {
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
};

const jsonb = (value: unknown): SQL => sql`${value === undefined ? null : JSON.stringify(value)}::jsonb`;

/**
 * Inserts accepted emails with their first event in one statement (atomic on its own, so a
 * group with no idempotency record to settle needs no transaction around it).
 */
export const insertAccepted = (batch: NewEmail[]): SQL => {
  const rows = batch.map(
    (e) =>
      sql`(${e.id}::uuid, ${e.template}::text, ${jsonb(e.data)}, ${jsonb(e.to)}, ${jsonb(e.cc)}, ${jsonb(e.bcc)}, ${jsonb(e.replyTo)}, ${e.recipientRole ?? null}::text, ${e.subject}::text, ${sql.param(e.html, emails.html)}::bytea, ${sql.param(e.text, emails.text)}::bytea, ${jsonb(e.tags)}, ${e.status}::text, ${e.scheduledAt?.toISOString() ?? null}::timestamptz, ${e.createdAt.toISOString()}::timestamptz, ${e.status === 'scheduled' ? `due at ${e.scheduledAt?.toISOString()}` : null}::text, ${e.activationId ?? null}::uuid, ${e.purpose ?? null}::text)`,
  );
  return sql`
    with accepted (id, template, data, "to", cc, bcc, reply_to, recipient_role, subject, html, text, tags, status, scheduled_at, created_at, detail, activation_id, purpose) as (
      values ${sql.join(rows, sql`, `)}
    ), inserted as (
      insert into emails (id, template, data, "to", cc, bcc, reply_to, recipient_role, subject, html, text, tags, status,
        scheduled_at, next_attempt_at, created_at, updated_at, activation_id, purpose)
      select id, template, data, "to", cc, bcc, reply_to, recipient_role, subject, html, text, tags, status,
        scheduled_at, case when status = 'scheduled' then scheduled_at else now() end, created_at, created_at,
        activation_id, purpose
      from accepted
    )
    insert into email_events (email_id, type, at, detail)
    select id, status, created_at, detail from accepted`;
};

/**
 * Keeps the response with its key, inside the transaction that stores what the request did.
 * False when the key was taken over meanwhile (the request then stores nothing).
 */
export async function completeIdempotency(
  tx: Pick<Db, 'update'>,
  { request, response }: { request: IdempotencyRequest; response: IdempotentResponse },
): Promise<boolean> {
  const done = await tx
    .update(idempotencyKeys)
    .set({
      state: 'done',
      responseStatus: response.status,
      responseBody: JSON.stringify(response.body),
      lockedUntil: now,
    })
    .where(
      and(
        eq(idempotencyKeys.scope, request.scope),
        eq(idempotencyKeys.key, request.key),
        eq(idempotencyKeys.owner, request.owner),
        eq(idempotencyKeys.state, 'in_flight'),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return done.length > 0;
}

export interface StoreSettings {
  dialect: Store['dialect'];
  close: () => Promise<void>;
  /** Whether events go out (EVENTS_WEBHOOK_URL is set): without, none is queued. */
  eventsOut?: boolean | undefined;
}

export function createStore(db: Db, { dialect, close, eventsOut = false }: StoreSettings): Store {
  /** Rows of a statement written in SQL; both drivers answer with `rows`. */
  const rowsOf = async <T>(query: SQL): Promise<T[]> => ((await db.execute(query)) as unknown as { rows: T[] }).rows;

  /**
   * Moves emails out of `sending`, each only if `owner` still holds it, and logs each event, in
   * one statement (atomic on its own). A provider event may have moved an email on meanwhile
   * (delivered before the send call returned): that status stays. Answers, per settlement,
   * whether the owner still held the email.
   */
  const settleMany = async (settlements: Settlement[]): Promise<boolean[]> => {
    const values = settlements.map(
      (s, i) =>
        sql`(${i}::int, ${s.id}::uuid, ${s.owner}::text, ${s.to}::text, ${s.providerId !== undefined}::boolean, ${s.providerId ?? null}::text, ${s.lastError !== undefined}::boolean, ${s.lastError ?? null}::text, ${s.dueInMs ?? null}::int, ${s.refundAttempt ?? false}::boolean, ${s.leaveBatch ?? false}::boolean, ${s.event.type}::text, ${s.event.detail ?? null}::text)`,
    );
    const logged = await rowsOf<{ n: number }>(sql`
      with outcome (n, id, owner, status, set_provider, provider_id, set_error, last_error, due_in_ms, refund, leave_batch, type, detail) as (
        values ${sql.join(values, sql`, `)}
      ), before as (
        select emails.id, emails.status from emails join outcome on emails.id = outcome.id
      ), settled as (
        update emails set
          status = case when emails.status = 'sending' then outcome.status else emails.status end,
          provider_id = case when outcome.set_provider then outcome.provider_id else emails.provider_id end,
          last_error = case when outcome.set_error then outcome.last_error else emails.last_error end,
          next_attempt_at = case when outcome.due_in_ms is null then emails.next_attempt_at
            else now() + outcome.due_in_ms * interval '1 millisecond' end,
          attempts = case when outcome.refund then greatest(0, emails.attempts - 1) else emails.attempts end,
          batch_key = case when outcome.leave_batch then null else emails.batch_key end,
          lease_owner = null,
          lease_until = null,
          updated_at = now()
        from outcome
        where emails.id = outcome.id and emails.lease_owner = outcome.owner
        returning outcome.n, emails.id, emails.status, outcome.detail, emails.activation_id, emails.purpose,
          emails.template, emails."to", emails.created_at
      ), logged as (
        insert into email_events (email_id, type, detail)
        select outcome.id, outcome.type, outcome.detail from outcome join settled using (n)
      ), moved as (
        select settled.* from settled join before using (id) where before.status = 'sending' and settled.status <> 'sending'
      )${emailStatusEffects('moved', eventsOut)}
      select n from settled`);
    const held = new Set(logged.map((row) => row.n));
    return settlements.map((_, i) => held.has(i));
  };
  /** Sends finish together (a worker claims many at once): their outcomes are stored together. */
  const settle = groupCommit(settleMany);

  const claimIdempotencyKey = async (
    request: IdempotencyRequest,
    ttlMs: number,
    lockMs: number,
  ): Promise<IdempotencyClaim> => {
    const { scope, key, requestHash, owner } = request;
    // The unique (scope, key) makes concurrent requests with one key race safely: one inserts,
    // the others wait for it and then find its row. An expired record, or an in-flight one whose
    // request died, is taken over.
    const taken = await db
      .insert(idempotencyKeys)
      .values({
        scope,
        key,
        requestHash,
        owner,
        state: 'in_flight',
        lockedUntil: afterMs(lockMs),
        expiresAt: afterMs(ttlMs),
      })
      .onConflictDoUpdate({
        target: [idempotencyKeys.scope, idempotencyKeys.key],
        set: {
          requestHash,
          owner,
          state: 'in_flight',
          lockedUntil: afterMs(lockMs),
          expiresAt: afterMs(ttlMs),
          responseStatus: null,
          responseBody: null,
          createdAt: now,
        },
        setWhere: sql`${idempotencyKeys.expiresAt} <= now() or (${idempotencyKeys.state} = 'in_flight' and ${idempotencyKeys.lockedUntil} <= now())`,
      })
      .returning({ key: idempotencyKeys.key });
    if (taken.length > 0) return { kind: 'claimed' };
    const [existing] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    // Gone between the two statements (its request gave it up): it is free again.
    if (!existing) return claimIdempotencyKey(request, ttlMs, lockMs);
    if (existing.requestHash !== requestHash) return { kind: 'mismatch' };
    if (existing.state === 'done' && existing.responseStatus !== null) {
      return { kind: 'replay', status: existing.responseStatus, body: JSON.parse(existing.responseBody ?? 'null') };
    }
    return { kind: 'in-flight' };
  };

  type Accept = {
    batch: NewEmail[];
    idempotency?: { request: IdempotencyRequest; response: IdempotentResponse } | undefined;
  };

  /**
   * Stores accepted requests in one transaction: for each, its idempotent response (a request
   * whose key was taken over stores nothing), then every email and its first event.
   */
  const commitAccepted = async (accepts: Accept[]): Promise<(IdempotencyLostError | undefined)[]> => {
    if (accepts.every((accept) => !accept.idempotency)) {
      await db.execute(insertAccepted(accepts.flatMap((accept) => accept.batch)));
      return accepts.map(() => undefined);
    }
    return db.transaction(async (tx) => {
      const outcomes: (IdempotencyLostError | undefined)[] = [];
      for (const { idempotency } of accepts) {
        if (!idempotency) {
          outcomes.push(undefined);
          continue;
        }
        const done = await completeIdempotency(tx, idempotency);
        outcomes.push(
          done ? undefined : new IdempotencyLostError('the Idempotency-Key was taken over by a later request'),
        );
      }
      const kept = accepts.flatMap(({ batch }, i) => (outcomes[i] ? [] : batch));
      if (kept.length > 0) await tx.execute(insertAccepted(kept));
      return outcomes;
    });
  };

  /**
   * On PGlite, whose one connection runs one transaction at a time, requests that arrive while
   * a commit runs are stored together in the next one, each answered once its emails are stored.
   */
  const acceptTogether = groupCommit(commitAccepted);

  const getEmail = async (id: string): Promise<EmailWithEvents | undefined> => {
    const [email] = await db.select().from(emails).where(eq(emails.id, id));
    if (!email) return undefined;
    const events = await db
      .select({ type: emailEvents.type, at: emailEvents.at, detail: emailEvents.detail })
      .from(emailEvents)
      .where(eq(emailEvents.emailId, id))
      .orderBy(asc(emailEvents.id));
    return { ...email, events };
  };

  type ClaimedRow = Omit<ClaimedEmail, 'html' | 'text'> & { html: Uint8Array; text: Uint8Array };
  const unpacked = (email: ClaimedRow): ClaimedEmail => ({
    ...email,
    html: unpackBody('html', email.html),
    text: unpackBody('text', email.text),
  });
  /** Statuses a member of a batch can be in without this claim holding it: the provider took it already. */
  const settledStatuses = new Set<EmailStatus>(['sent', 'delivered', 'delivery_delayed', 'bounced', 'complained']);

  /** Batches that were tried and must be tried again with the same members and key. */
  const claimKeyedBatches = async (owner: string, requests: number, leaseMs: number): Promise<ClaimedBatch[]> => {
    const rows = await rowsOf<ClaimedRow & { batchKey: string; held: boolean; status: EmailStatus }>(sql`
      with keys as (
        select batch_key from emails
        where batch_key is not null
          and ((status in ('queued', 'scheduled') and next_attempt_at <= now()) or (status = 'sending' and lease_until < now()))
        group by batch_key
        order by min(next_attempt_at)
        limit ${requests}
      ), claimed as (
        update emails set
          status = 'sending',
          attempts = emails.attempts + 1,
          lease_owner = ${owner},
          lease_until = ${afterMs(leaseMs)},
          updated_at = now()
        from keys
        where emails.batch_key = keys.batch_key
          and ((emails.status in ('queued', 'scheduled') and emails.next_attempt_at <= now())
            or (emails.status = 'sending' and emails.lease_until < now()))
        returning emails.id, emails.attempts, emails.status as was
      ), logged as (
        insert into email_events (email_id, type, detail)
        select id, 'sending', 'attempt ' || attempts || ', the same batch again'
          || case when was = 'sending' then ', reclaimed after the previous worker’s lease expired' else '' end
        from claimed
      )
      select e.id, e.template, e."to", e.cc, e.bcc, e.reply_to as "replyTo", e.subject, e.html, e.text, e.tags,
        coalesce(claimed.attempts, e.attempts) as attempts, e.batch_key as "batchKey", e.status,
        claimed.id is not null as held
      from emails e join keys on e.batch_key = keys.batch_key left join claimed on claimed.id = e.id
      order by e.batch_key, e.id`);
    const byKey = new Map<string, typeof rows>();
    for (const row of rows) byKey.set(row.batchKey, [...(byKey.get(row.batchKey) ?? []), row]);
    const batches: ClaimedBatch[] = [];
    for (const [key, members] of byKey) {
      const held = members.filter((m) => m.held).map((m) => m.id);
      if (held.length === 0) continue;
      // Another worker claimed part of this batch at the same moment: hand ours back untried.
      if (members.some((m) => !m.held && !settledStatuses.has(m.status))) {
        await settleMany(
          held.map((id) => ({
            id,
            owner,
            to: 'queued' as const,
            dueInMs: 0,
            refundAttempt: true,
            event: { type: 'released', detail: 'another worker claimed part of its batch at the same moment' },
          })),
        );
        continue;
      }
      batches.push({
        key,
        emails: members.map(({ batchKey: _k, held: _h, status: _s, ...email }) => unpacked(email)),
        held,
      });
    }
    return batches;
  };

  /**
   * Due emails that belong to no batch, in batches of up to `batchSize`. An email with a counted
   * try behind it goes alone. Sent alone before (its answer lost or unreadable, a 5xx, a lease
   * that ran out), Resend may hold that try under the email's own id as key, and only the same
   * request under the same key is answered from it: in a new batch under a new key it would be
   * sent again. Out of a batch Resend refused as a whole, alone is how the one at fault fails
   * alone. Those go first, one request each; new emails fill the other requests.
   */
  const claimFreshBatches = async (
    owner: string,
    requests: number,
    batchSize: number,
    leaseMs: number,
  ): Promise<ClaimedBatch[]> => {
    const limit = requests * batchSize;
    const rows = await rowsOf<ClaimedRow & { batchKey: string | null; n: number }>(sql`
      with due as (
        select id, false as reclaimed, next_attempt_at as since, attempts > 0 as alone from emails
        where status in ('queued', 'scheduled') and next_attempt_at <= now() and batch_key is null
        order by next_attempt_at limit ${limit}
        for update skip locked
      ), expired as (
        select id, true as reclaimed, lease_until as since, true as alone from emails
        where status = 'sending' and lease_until < now() and batch_key is null
        order by lease_until limit ${limit}
        for update skip locked
      ), picked as (
        (select * from due union all select * from expired) limit ${limit}
      ), numbered as (
        select id, reclaimed, alone, row_number() over (partition by alone order by since, id) - 1 as i,
          sum(case when alone then 1 else 0 end) over () as alone_count
        from picked
      ), grouped as (
        select id, reclaimed, n from (
          select id, reclaimed, case when alone then i else alone_count + i / ${batchSize} end as n from numbered
        ) requests where n < ${requests}
      ), keyed as (
        select n, case when count(*) > 1 then 'batch-' || md5(string_agg(id::text, ',' order by id)) end as key
        from grouped group by n
      ), claimed as (
        update emails set
          status = 'sending',
          attempts = emails.attempts + 1,
          lease_owner = ${owner},
          lease_until = ${afterMs(leaseMs)},
          batch_key = keyed.key,
          updated_at = now()
        from grouped join keyed using (n)
        where emails.id = grouped.id
        returning emails.id, emails.template, emails."to", emails.cc, emails.bcc, emails.reply_to, emails.subject,
          emails.html, emails.text, emails.tags, emails.attempts, emails.batch_key, grouped.reclaimed, grouped.n
      ), logged as (
        insert into email_events (email_id, type, detail)
        select id, 'sending', 'attempt ' || attempts
          || case when batch_key is not null then ', in a batch' else '' end
          || case when reclaimed then ', reclaimed after the previous worker’s lease expired' else '' end
        from claimed
      )
      select id, template, "to", cc, bcc, reply_to as "replyTo", subject, html, text, tags, attempts,
        batch_key as "batchKey", n
      from claimed order by n, id`);
    const byGroup = new Map<number, ClaimedBatch>();
    for (const { batchKey, n, ...email } of rows) {
      const batch = byGroup.get(n) ?? { key: batchKey ?? undefined, emails: [], held: [] };
      batch.emails.push(unpacked(email));
      batch.held.push(email.id);
      byGroup.set(n, batch);
    }
    return [...byGroup.values()];
  };

  /** The shared budget's row, locked for this transaction; created on first use. */
  const PROVIDER = 'resend';
  const withBudget = <T>(change: (state: BudgetState, now: number) => { state: BudgetState; result: T }) =>
    db.transaction(async (tx) => {
      const locked = () =>
        (tx as unknown as Db)
          .execute(sql`select next_at as "nextAt", paused_until as "pausedUntil",
              extract(epoch from clock_timestamp()) * 1000 as now
            from send_budget where provider = ${PROVIDER} for update`)
          .then((r) => (r as unknown as { rows: { nextAt: number; pausedUntil: number; now: number }[] }).rows[0]);
      let row = await locked();
      if (!row) {
        await tx.insert(sendBudget).values({ provider: PROVIDER }).onConflictDoNothing();
        row = await locked();
      }
      if (!row) throw new Error('the send budget row is missing');
      const now = Number(row.now);
      const before = { nextAt: Number(row.nextAt), pausedUntil: Number(row.pausedUntil) };
      const { state, result } = change(before, now);
      if (state.nextAt !== before.nextAt || state.pausedUntil !== before.pausedUntil) {
        await tx
          .update(sendBudget)
          .set({ nextAt: state.nextAt, pausedUntil: state.pausedUntil })
          .where(eq(sendBudget.provider, PROVIDER));
      }
      return { result, now, state };
    });

  return {
    dialect,
    close,
    ...createActivationStore(db, { eventsOut }),
    ...createEventDeliveryStore(db),

    async ping() {
      try {
        await db.execute(sql`select 1`);
        return true;
      } catch {
        return false;
      }
    },

    claimIdempotencyKey,

    async releaseIdempotencyKey({ scope, key, owner }) {
      await db
        .delete(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.scope, scope),
            eq(idempotencyKeys.key, key),
            eq(idempotencyKeys.owner, owner),
            eq(idempotencyKeys.state, 'in_flight'),
          ),
        );
    },

    async purgeExpiredIdempotencyKeys() {
      const purged = await db
        .delete(idempotencyKeys)
        .where(lte(idempotencyKeys.expiresAt, now))
        .returning({ key: idempotencyKeys.key });
      return purged.length;
    },

    async acceptEmails(batch, idempotency) {
      const lost =
        dialect === 'pglite'
          ? await acceptTogether({ batch, idempotency })
          : (await commitAccepted([{ batch, idempotency }]))[0];
      if (lost) throw lost;
    },

    getEmail,

    async getEmailHtml(id) {
      const [row] = await db.select({ html: emails.html }).from(emails).where(eq(emails.id, id));
      return row?.html;
    },

    async listEmails({ status, template, limit, before }) {
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
    },

    async cancelEmail(id) {
      // Only an email no worker has tried yet can be canceled; a claim holds its row locked, so
      // a cancel racing a claim waits for it and then sees that sending began.
      const canceled = await db.transaction(async (tx) => {
        const rows = await tx
          .update(emails)
          .set({ status: 'canceled', updatedAt: now })
          .where(and(eq(emails.id, id), inArray(emails.status, ['queued', 'scheduled']), eq(emails.attempts, 0)))
          .returning({ id: emails.id });
        if (rows.length === 0) return false;
        await tx.insert(emailEvents).values({ emailId: id, type: 'canceled' });
        return true;
      });
      const email = await getEmail(id);
      if (!email) return { kind: 'not-found' };
      if (canceled || email.status === 'canceled') return { kind: 'canceled', email };
      return { kind: 'conflict', status: email.status };
    },

    async claimDue(owner, limit, leaseMs) {
      // One statement: pick due emails and emails whose lease ran out (rows another worker has
      // locked are skipped), mark them sending under this owner's lease, and log the attempt.
      // The two picks are separate so each is a plain scan of its own partial index.
      const claimed = await rowsOf<Omit<ClaimedEmail, 'html' | 'text'> & { html: Uint8Array; text: Uint8Array }>(sql`
        with due as (
          select id, false as reclaimed from emails
          where status in ('queued', 'scheduled') and next_attempt_at <= now() and batch_key is null
          order by next_attempt_at limit ${limit}
          for update skip locked
        ), expired as (
          select id, true as reclaimed from emails
          where status = 'sending' and lease_until < now() and batch_key is null
          order by lease_until limit ${limit}
          for update skip locked
        ), picked as (
          (select * from due union all select * from expired) limit ${limit}
        ), claimed as (
          update emails set
            status = 'sending',
            attempts = emails.attempts + 1,
            lease_owner = ${owner},
            lease_until = ${afterMs(leaseMs)},
            updated_at = now()
          from picked where emails.id = picked.id
          returning emails.id, emails.template, emails."to", emails.cc, emails.bcc, emails.reply_to, emails.subject,
            emails.html, emails.text, emails.tags, emails.attempts, picked.reclaimed
        ), logged as (
          insert into email_events (email_id, type, detail)
          select id, 'sending', 'attempt ' || attempts
            || case when reclaimed then ', reclaimed after the previous worker’s lease expired' else '' end
          from claimed
        )
        select id, template, "to", cc, bcc, reply_to as "replyTo", subject, html, text, tags, attempts from claimed`);
      return claimed.map((email) => ({
        ...email,
        html: unpackBody('html', email.html),
        text: unpackBody('text', email.text),
      }));
    },

    async claimBatches(owner, requests, batchSize, leaseMs, repeats = true) {
      if (requests <= 0) return [];
      const again = repeats ? await claimKeyedBatches(owner, requests, leaseMs) : [];
      const fresh =
        requests > again.length ? await claimFreshBatches(owner, requests - again.length, batchSize, leaseMs) : [];
      return [...again, ...fresh];
    },

    markWaiting(id, owner, delayMs, event, reason) {
      return settle({
        id,
        owner,
        to: 'queued',
        lastError: reason,
        dueInMs: Math.max(0, Math.round(delayMs)),
        refundAttempt: true,
        event: {
          type: event,
          detail: `${reason}; not counted as an attempt; next try in ${(delayMs / 1000).toFixed(1)} s`,
        },
      });
    },

    leaveBatch(id, owner, reason) {
      return settle({
        id,
        owner,
        to: 'queued',
        dueInMs: 0,
        leaveBatch: true,
        event: { type: 'unbatched', detail: `${reason}; tried again on its own` },
      });
    },

    async countDue() {
      const [row] = await rowsOf<{ n: number }>(
        sql`select count(*)::int as n from emails where status in ('queued', 'scheduled') and next_attempt_at <= now()`,
      );
      return Number(row?.n ?? 0);
    },

    async reserveSendSlots(rule, want) {
      const { result, now, state } = await withBudget((budget, at) => {
        if (want <= 0) return { state: budget, result: { slots: [] as number[], waitMs: 0 } };
        const granted = reserve(budget, rule, at, want);
        return { state: granted.state, result: { slots: granted.slots, waitMs: granted.waitMs } };
      });
      return { ...result, now, pausedUntil: state.pausedUntil };
    },

    async giveBackSendSlots(rule, slots) {
      if (slots.length === 0) return;
      await withBudget((budget) => ({ state: giveBack(budget, rule, slots), result: undefined }));
    },

    async pauseSending(ms) {
      await withBudget((budget, at) => ({ state: pause(budget, at + Math.max(0, ms)), result: undefined }));
    },

    markSent(id, owner, providerId) {
      return settle({
        id,
        owner,
        to: 'sent',
        providerId: providerId ?? null,
        lastError: null,
        event: { type: 'sent', detail: providerId ? `provider id ${providerId}` : undefined },
      });
    },

    markRetry(id, owner, delayMs, error) {
      return settle({
        id,
        owner,
        to: 'queued',
        lastError: error,
        dueInMs: Math.max(0, Math.round(delayMs)),
        event: { type: 'retry', detail: `${error}; next attempt in ${(delayMs / 1000).toFixed(1)} s` },
      });
    },

    markFailed(id, owner, error) {
      return settle({ id, owner, to: 'failed', lastError: error, event: { type: 'failed', detail: error } });
    },

    markOutcomeUnknown(id, owner, error) {
      return settle({
        id,
        owner,
        to: 'outcome_unknown',
        lastError: error,
        event: { type: 'outcome_unknown', detail: error },
      });
    },

    release(id, owner, reason, untried = false) {
      return settle({
        id,
        owner,
        to: 'queued',
        dueInMs: 0,
        refundAttempt: untried,
        event: { type: 'released', detail: reason },
      });
    },

    async releaseAllLeases(reason) {
      return db.transaction(async (tx) => {
        const released = await tx
          .update(emails)
          .set({ status: 'queued', nextAttemptAt: now, leaseOwner: null, leaseUntil: null, updatedAt: now })
          .where(eq(emails.status, 'sending'))
          .returning({ id: emails.id });
        if (released.length > 0) {
          await tx
            .insert(emailEvents)
            .values(released.map((e) => ({ emailId: e.id, type: 'released', detail: reason })));
        }
        return released.length;
      });
    },

    async recordWebhookEvent(event) {
      return db.transaction(async (tx) => {
        const match = event.emailId
          ? eq(emails.id, event.emailId)
          : event.providerId
            ? eq(emails.providerId, event.providerId)
            : undefined;
        if (!match) return 'unknown-email';
        const [email] = await tx.select({ id: emails.id }).from(emails).where(match).limit(1).for('update');
        if (!email) return 'unknown-email';
        const inserted = await tx
          .insert(emailEvents)
          .values({
            emailId: email.id,
            type: event.type,
            at: event.at,
            detail: event.detail ?? null,
            providerEventId: event.providerEventId,
          })
          .onConflictDoNothing({ target: emailEvents.providerEventId })
          .returning({ id: emailEvents.id });
        if (inserted.length === 0) return 'duplicate';
        const move = webhookStatus[event.type];
        await tx.execute(sql`
          with moved as (
            update emails set status = ${move.to}, updated_at = now()
            where id = ${email.id} and status in (${sql.join(
              move.from.map((from) => sql`${from}`),
              sql`, `,
            )}) and status <> ${move.to}
            returning id, status, ${event.detail ?? null}::text as detail, activation_id, purpose, template, "to", created_at
          )${emailStatusEffects('moved', eventsOut)}
          select 1`);
        return 'recorded';
      });
    },

    async maintain() {
      if (dialect === 'pglite') {
        await db.execute(
          sql`vacuum (analyze) emails, email_events, idempotency_keys, activations, activation_events, event_deliveries`,
        );
      }
    },

    async queueDepth() {
      const rows = await db
        .select({ status: emails.status, n: count() })
        .from(emails)
        .where(inArray(emails.status, ['queued', 'scheduled', 'sending']))
        .groupBy(emails.status);
      const depth = { queued: 0, scheduled: 0, sending: 0 };
      for (const { status, n } of rows) depth[status as keyof typeof depth] = Number(n);
      return depth;
    },
  };
}
