import { type SQL, sql } from 'drizzle-orm';

/**
 * What follows when an email's status moves, written as extra clauses of the statement that
 * moves it, so both are stored together or not at all:
 * - the event out to the caller's systems (`email.sent`, `email.captured` from the local mailbox,
 *   `email.bounced`…), when events go out
 *   (`email.outcome_unknown` too: the caller hears that the email left the queue without a
 *   result, and a provider event may follow);
 * - on an activation's latest activation email or reminder to its current recipient, a bounce,
 *   complaint or failure sets the activation's `needsAttention`, logs it on the timeline and
 *   sends `activation.needs_attention`. Emails accepted before the last resend or contact change
 *   (`attention_since`) no longer count.
 * Events out carry the moved email's trace context, so their delivery joins its trace.
 * `moved` names a CTE with the moved emails' id, status, detail, activation_id, purpose,
 * template, "to", created_at and trace_context.
 */

export const emailEventTypesOut = [
  'sent',
  'captured',
  'delivered',
  'delivery_delayed',
  'bounced',
  'complained',
  'failed',
  'outcome_unknown',
] as const;

const ATTENTION_STATUSES = sql.raw(`'bounced', 'complained', 'failed'`);
const OUT_STATUSES = sql.raw(emailEventTypesOut.map((t) => `'${t}'`).join(', '));

/** RFC 3339 UTC with milliseconds, as every time in the API. */
export const rfc3339Now = sql.raw(`to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

export function emailStatusEffects(moved: string, eventsOut: boolean): SQL {
  const m = sql.raw(moved);
  const emailOut = eventsOut
    ? sql`, email_out as (
        insert into event_deliveries (id, type, activation_id, trace_context, payload)
        select gen_random_uuid(), 'email.' || m.status, m.activation_id, m.trace_context, jsonb_build_object(
          'type', 'email.' || m.status,
          'timestamp', ${rfc3339Now},
          'data', jsonb_strip_nulls(jsonb_build_object('emailId', m.id, 'template', m.template, 'to', m."to",
            'activationId', m.activation_id, 'purpose', m.purpose, 'detail', m.detail)))::text
        from ${m} m where m.status in (${OUT_STATUSES})
      )`
    : sql``;
  const attentionOut = eventsOut
    ? sql`, attention_out as (
        insert into event_deliveries (id, type, activation_id, trace_context, payload)
        select gen_random_uuid(), 'activation.needs_attention', a.id, a.trace_context, jsonb_build_object(
          'type', 'activation.needs_attention',
          'timestamp', ${rfc3339Now},
          'data', jsonb_build_object('activationId', a.id, 'enrollmentNumber', a.enrollment_number, 'state', a.state,
            'emailId', a.email_id, 'emailStatus', a.status))::text
        from attention a
      )`
    : sql``;
  return sql`${emailOut}, attention as (
      update activations a set needs_attention = true, version = a.version + 1, updated_at = now()
      from ${m} m
      where m.activation_id = a.id and m.status in (${ATTENTION_STATUSES}) and m.purpose in ('activation', 'reminder')
        and a.state <> 'canceled' and not a.needs_attention
        and m."to" = jsonb_build_array(a.recipient_email) and m.created_at >= a.attention_since
      returning a.id, a.enrollment_number, a.state, m.id as email_id, m.status, m.trace_context
    ), attention_logged as (
      insert into activation_events (activation_id, type, detail)
      select id, 'activation.needs_attention', 'email ' || email_id || ' ' || status from attention
    )${attentionOut}`;
}
