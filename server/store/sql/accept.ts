import { type SQL, sql } from 'drizzle-orm';
import type { EmailPurpose } from '../../activations/model.ts';
import type { TraceCarrier } from '../../tracing/carrier.ts';
import { completeIdempotency, IdempotencyLostError, type IdempotentCompletion } from './idempotency.ts';
import { type Db, jsonb } from './rows.ts';

/**
 * Accepting emails: each rendered email and its first event (queued, or scheduled) in one
 * statement, with the idempotent response of the request that sent them in the same transaction.
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
  /** The bodies packed (body-codec.ts): the renderer packs them. */
  html: Uint8Array;
  text: Uint8Array;
  tags?: Record<string, string> | undefined;
  /** `scheduled` waits for `scheduledAt`; `queued` is due at once. */
  status: 'queued' | 'scheduled';
  scheduledAt?: Date | undefined;
  createdAt: Date;
  /** Set on the emails of an activation: which one, and why the email is sent. */
  activationId?: string | undefined;
  purpose?: EmailPurpose | undefined;
  /** The name of the API key that asked for it, on its first event. */
  keyName?: string | undefined;
  /** The language it was rendered in. */
  locale?: string | undefined;
  /** Canceled, never sent, if not claimed by then (schema.ts, `sendBefore`). */
  sendBefore?: Date | undefined;
  /** The trace context of the request that caused it, when traces are on. */
  traceContext?: TraceCarrier | undefined;
}

/** One request's emails, and its idempotent response when it has a key. */
export interface Accept {
  batch: NewEmail[];
  idempotency?: IdempotentCompletion | undefined;
}

/** Bytes as both drivers take them (node-postgres wants a Buffer, and a Uint8Array is what crosses threads). */
const bytes = (u8: Uint8Array): Buffer =>
  Buffer.isBuffer(u8) ? u8 : Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);

/**
 * Inserts accepted emails with their first event in one statement (atomic on its own, so a
 * group with no idempotency record to settle needs no transaction around it).
 */
export const insertAccepted = (batch: NewEmail[]): SQL => {
  const rows = batch.map(
    (e) =>
      sql`(${e.id}::uuid, ${e.template}::text, ${jsonb(e.data)}, ${jsonb(e.to)}, ${jsonb(e.cc)}, ${jsonb(e.bcc)}, ${jsonb(e.replyTo)}, ${e.recipientRole ?? null}::text, ${e.subject}::text, ${bytes(e.html)}::bytea, ${bytes(e.text)}::bytea, ${jsonb(e.tags)}, ${e.status}::text, ${e.scheduledAt?.toISOString() ?? null}::timestamptz, ${e.createdAt.toISOString()}::timestamptz, ${e.status === 'scheduled' ? `due at ${e.scheduledAt?.toISOString()}` : null}::text, ${e.activationId ?? null}::uuid, ${e.purpose ?? null}::text, ${e.keyName ?? null}::text, ${e.locale ?? null}::text, ${e.sendBefore?.toISOString() ?? null}::timestamptz, ${jsonb(e.traceContext)})`,
  );
  return sql`
    with accepted (id, template, data, "to", cc, bcc, reply_to, recipient_role, subject, html, text, tags, status, scheduled_at, created_at, detail, activation_id, purpose, key_name, locale, send_before, trace_context) as (
      values ${sql.join(rows, sql`, `)}
    ), inserted as (
      insert into emails (id, template, data, "to", cc, bcc, reply_to, recipient_role, subject, html, text, tags, status,
        scheduled_at, next_attempt_at, created_at, updated_at, activation_id, purpose, locale, send_before, trace_context)
      select id, template, data, "to", cc, bcc, reply_to, recipient_role, subject, html, text, tags, status,
        scheduled_at, case when status = 'scheduled' then scheduled_at else now() end, created_at, created_at,
        activation_id, purpose, locale, send_before, trace_context
      from accepted
    )
    insert into email_events (email_id, type, at, detail, key_name)
    select id, status, created_at, detail, key_name from accepted`;
};

/**
 * Stores accepted requests in one transaction: for each, its idempotent response (a request
 * whose key was taken over stores nothing: its slot holds the error), then every email and its
 * first event.
 */
export async function commitAccepted(db: Db, accepts: Accept[]): Promise<(IdempotencyLostError | undefined)[]> {
  if (accepts.every((accept) => !accept.idempotency)) {
    await db.execute(insertAccepted(accepts.flatMap((accept) => accept.batch)));
    return accepts.map(() => undefined);
  }
  return db.transaction(async (tx) => {
    const outcomes: (IdempotencyLostError | undefined)[] = [];
    for (const { idempotency } of accepts) {
      const lost = idempotency && !(await completeIdempotency(tx, idempotency));
      outcomes.push(
        lost ? new IdempotencyLostError('the Idempotency-Key was taken over by a later request') : undefined,
      );
    }
    const kept = accepts.flatMap(({ batch }, i) => (outcomes[i] ? [] : batch));
    if (kept.length > 0) await tx.execute(insertAccepted(kept));
    return outcomes;
  });
}
