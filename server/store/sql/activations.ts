import { and, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { RecipientRole, ScenarioId } from '../../../emails/_domain/activation.ts';
import type {
  ActivationChoice,
  ActivationDetails,
  ActivationEnrollment,
  ActivationRecord,
  ActivationState,
  ActivationWithHistory,
  EmailPurpose,
} from '../../activations/model.ts';
import type { EmailStatus } from '../../delivery/email-status.ts';
import type { TraceCarrier } from '../../tracing/carrier.ts';
import { type ActivationRow, activationEvents, activations, emailEvents, emails, eventDeliveries } from '../schema.ts';
import { insertAccepted, type NewEmail } from './accept.ts';
import { completeOrRollBack, type IdempotentCompletion } from './idempotency.ts';
import { type Db, dbNow, rowsOf, type Tx } from './rows.ts';

/**
 * Activations: each step of one (created, chosen, provisioned, contacts changed, resent,
 * canceled) is one transaction holding the row, its timeline events, the emails it sends or
 * cancels, the events going out and the idempotent response. What a step does is decided
 * outside (server/activations); a step computed from an older read of the row is refused as
 * `stale` (optimistic concurrency on `version`), and the caller decides again from a fresh read.
 */

/** An event for the caller's systems, its body already serialized (it is signed as these bytes). */
export interface OutgoingEvent {
  id: string;
  type: string;
  payload: string;
}

export interface ActivationStep {
  /** The name of the API key whose request this step is: on its events and the emails it cancels. */
  keyName: string;
  events: { type: string; at: Date; detail?: string | undefined }[];
  emails: NewEmail[];
  outgoing: OutgoingEvent[];
  idempotency?: IdempotentCompletion | undefined;
  /** The trace context of the request that made the step, when traces are on: its events out carry it. */
  traceContext?: TraceCarrier | undefined;
}

export interface NewActivation extends ActivationStep {
  activation: Omit<ActivationRecord, 'version'>;
}

export interface ActivationChange extends ActivationStep {
  id: string;
  /** The version the change was computed from. */
  version: number;
  set: Partial<
    Pick<
      ActivationRecord,
      'state' | 'enrollment' | 'recipient' | 'choice' | 'needsAttention' | 'attentionSince' | 'updatedAt'
    >
  >;
  /** Pending emails to cancel; if any of them is no longer pending, the change is stale. */
  cancel: { ids: string[]; detail: string; at: Date };
}

export type CreateResult = { kind: 'created' } | { kind: 'enrollment-taken'; activationId: string };
export type ChangeResult = 'applied' | 'stale';

export interface ActivationQuery {
  state?: ActivationState | undefined;
  enrollmentNumber?: string | undefined;
  needsAttention?: boolean | undefined;
  limit: number;
  /** Only activations older than this id. */
  before?: string | undefined;
}

/** Rolls a transaction back when a change turns out stale inside it. */
class Stale extends Error {}

const PENDING: EmailStatus[] = ['queued', 'scheduled'];

export function recordOf(row: ActivationRow): ActivationRecord {
  return {
    id: row.id,
    scenario: row.scenario as ScenarioId,
    state: row.state,
    enrollment: row.enrollment as ActivationEnrollment,
    details: row.details as ActivationDetails,
    recipient: { email: row.recipientEmail, role: row.recipientRole as RecipientRole },
    ...(row.choice ? { choice: row.choice as ActivationChoice } : {}),
    needsAttention: row.needsAttention,
    attentionSince: row.attentionSince,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The email statuses that are steps of the activation; `queued`/`scheduled` read as "accepted". */
const TIMELINE_EMAIL_EVENTS = sql.raw(
  `'queued', 'scheduled', 'sent', 'captured', 'delivered', 'delivery_delayed', 'bounced', 'complained', 'failed', 'outcome_unknown', 'canceled'`,
);

/**
 * The parts every step stores: the idempotent response, the timeline, emails and events out.
 * Events are numbered as written (one sequence for both tables), so they go in the order the
 * timeline shows them: the step, then the emails it cancels, then the emails it accepts.
 */
async function storeStep(
  tx: Tx,
  eventsOut: boolean,
  activationId: string,
  step: ActivationStep,
  canceled?: ActivationChange['cancel'],
): Promise<void> {
  await completeOrRollBack(tx, step.idempotency);
  if (step.events.length > 0) {
    await tx.insert(activationEvents).values(
      step.events.map((e) => ({
        activationId,
        type: e.type,
        at: e.at,
        detail: e.detail ?? null,
        keyName: step.keyName,
      })),
    );
  }
  if (canceled && canceled.ids.length > 0) {
    await tx.insert(emailEvents).values(
      canceled.ids.map((emailId) => ({
        emailId,
        type: 'canceled',
        at: canceled.at,
        detail: canceled.detail,
        keyName: step.keyName,
      })),
    );
  }
  if (step.emails.length > 0) await tx.execute(insertAccepted(step.emails));
  if (eventsOut && step.outgoing.length > 0) {
    await tx.insert(eventDeliveries).values(
      step.outgoing.map((e) => ({
        id: e.id,
        type: e.type,
        activationId,
        payload: e.payload,
        traceContext: step.traceContext ?? null,
      })),
    );
  }
}

/** Stores the activation with its emails, events and idempotent response, or says who holds the enrollment. */
export async function createActivation(
  db: Db,
  eventsOut: boolean,
  { activation: a, ...step }: NewActivation,
): Promise<CreateResult> {
  const created = await db.transaction(async (tx) => {
    // The partial unique index settles a race between two creations for one enrollment number.
    const inserted = await tx
      .insert(activations)
      .values({
        id: a.id,
        enrollmentNumber: a.enrollment.number,
        scenario: a.scenario,
        state: a.state,
        enrollment: a.enrollment,
        details: a.details,
        recipientEmail: a.recipient.email,
        recipientRole: a.recipient.role,
        choice: a.choice ?? null,
        needsAttention: a.needsAttention,
        attentionSince: a.attentionSince,
        createdAt: a.createdAt,
        updatedAt: a.updatedAt,
      })
      .onConflictDoNothing({ target: activations.enrollmentNumber, where: sql`${activations.state} <> 'canceled'` })
      .returning({ id: activations.id });
    if (inserted.length === 0) return false;
    await storeStep(tx, eventsOut, a.id, step);
    return true;
  });
  if (created) return { kind: 'created' };
  const [holder] = await db
    .select({ id: activations.id })
    .from(activations)
    .where(and(eq(activations.enrollmentNumber, a.enrollment.number), sql`${activations.state} <> 'canceled'`))
    .limit(1);
  // Canceled between the insert and this read: the number is free again.
  return holder
    ? { kind: 'enrollment-taken', activationId: holder.id }
    : createActivation(db, eventsOut, { activation: a, ...step });
}

export async function getActivation(db: Db, id: string): Promise<ActivationWithHistory | undefined> {
  const [row] = await db.select().from(activations).where(eq(activations.id, id));
  if (!row) return undefined;
  const [mails, timeline] = await Promise.all([
    db
      .select({
        id: emails.id,
        purpose: emails.purpose,
        template: emails.template,
        data: emails.data,
        to: emails.to,
        status: emails.status,
        attempts: emails.attempts,
        scheduledAt: emails.scheduledAt,
        createdAt: emails.createdAt,
      })
      .from(emails)
      .where(eq(emails.activationId, id))
      .orderBy(emails.id),
    // In the order written (one sequence numbers both tables), whatever clock stamped `at`.
    rowsOf<{ type: string; at: string | Date; detail: string | null; emailId: string | null; keyName: string | null }>(
      db,
      sql`
      select type, at, detail, email_id as "emailId", key_name as "keyName" from (
        select type, at, detail, null::uuid as email_id, key_name, id
        from ${activationEvents} where activation_id = ${id}
        union all
        select 'email.' || case when ee.type in ('queued', 'scheduled') then 'accepted' else ee.type end,
          ee.at, e.purpose || coalesce(': ' || ee.detail, ''), e.id, ee.key_name, ee.id
        from ${emailEvents} ee join ${emails} e on e.id = ee.email_id
        where e.activation_id = ${id} and ee.type in (${TIMELINE_EMAIL_EVENTS})
      ) steps order by id`,
    ),
  ]);
  return {
    ...recordOf(row),
    emails: mails.map((m) => ({ ...m, purpose: m.purpose as EmailPurpose, scheduledAt: m.scheduledAt ?? undefined })),
    events: timeline.map((e) => ({
      type: e.type,
      at: new Date(e.at),
      ...(e.detail ? { detail: e.detail } : {}),
      ...(e.emailId ? { emailId: e.emailId } : {}),
      ...(e.keyName ? { keyName: e.keyName } : {}),
    })),
  };
}

export async function changeActivation(db: Db, eventsOut: boolean, change: ActivationChange): Promise<ChangeResult> {
  try {
    await db.transaction(async (tx) => {
      const { set } = change;
      const updated = await tx
        .update(activations)
        .set({
          ...(set.state ? { state: set.state } : {}),
          ...(set.enrollment ? { enrollment: set.enrollment } : {}),
          ...(set.recipient ? { recipientEmail: set.recipient.email, recipientRole: set.recipient.role } : {}),
          ...(set.choice ? { choice: set.choice } : {}),
          ...(set.needsAttention !== undefined ? { needsAttention: set.needsAttention } : {}),
          ...(set.attentionSince ? { attentionSince: set.attentionSince } : {}),
          ...(set.updatedAt ? { updatedAt: set.updatedAt } : {}),
          version: sql`${activations.version} + 1`,
        })
        .where(and(eq(activations.id, change.id), eq(activations.version, change.version)))
        .returning({ id: activations.id });
      if (updated.length === 0) throw new Stale();
      if (change.cancel.ids.length > 0) {
        // Only emails no worker has tried yet; one claimed meanwhile makes the whole change stale.
        const canceled = await tx
          .update(emails)
          .set({ status: 'canceled', updatedAt: dbNow })
          .where(
            and(
              inArray(emails.id, change.cancel.ids),
              inArray(emails.status, PENDING),
              eq(emails.attempts, 0),
              eq(emails.activationId, change.id),
            ),
          )
          .returning({ id: emails.id });
        if (canceled.length !== change.cancel.ids.length) throw new Stale();
      }
      await storeStep(tx, eventsOut, change.id, change, change.cancel);
    });
    return 'applied';
  } catch (err) {
    if (err instanceof Stale) return 'stale';
    throw err;
  }
}

/** Newest first, without emails and timeline. */
export async function listActivations(
  db: Db,
  { state, enrollmentNumber, needsAttention, limit, before }: ActivationQuery,
): Promise<ActivationRecord[]> {
  const conditions = [
    state ? eq(activations.state, state) : undefined,
    enrollmentNumber ? eq(activations.enrollmentNumber, enrollmentNumber) : undefined,
    needsAttention !== undefined ? eq(activations.needsAttention, needsAttention) : undefined,
    before ? lt(activations.id, before) : undefined,
  ].filter((c): c is SQL => c !== undefined);
  const rows = await db
    .select()
    .from(activations)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(activations.id))
    .limit(limit);
  return rows.map(recordOf);
}
