import { sql } from 'drizzle-orm';
import type { EmailStatus } from '../../delivery/email-status.ts';
import type { EmailRow } from '../schema.ts';
import { type Db, dbNowPlus, rowsOf } from './rows.ts';
import { type Settlement, settlements } from './settle.ts';

/**
 * Claiming due emails for a worker: each claim marks them `sending` under the worker's lease
 * (rows another worker has locked are skipped), counts the attempt and logs it, in one
 * statement. Emails whose lease ran out (their worker died) are claimed again.
 */

/** What a claimed email carries to the transport; its bodies packed (body-codec.ts), unpacked by whoever sends them. */
export type ClaimedEmail = Pick<
  EmailRow,
  | 'id'
  | 'template'
  | 'to'
  | 'cc'
  | 'bcc'
  | 'replyTo'
  | 'subject'
  | 'html'
  | 'text'
  | 'tags'
  | 'attempts'
  | 'traceContext'
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

type ClaimedRow = ClaimedEmail;

/** Statuses a member of a batch can be in without this claim holding it: the provider took it already. */
const settledStatuses = new Set<EmailStatus>(['sent', 'delivered', 'delivery_delayed', 'bounced', 'complained']);

/**
 * Claims up to `requests` requests' worth of due emails: batches that must be sent again first
 * (with their members as they were; skipped when `repeats` is false, to spare a statement in a
 * burst), then fresh emails in batches of up to `batchSize`, each batch of several keyed by its
 * members. `settle` hands back a batch another worker claimed part of at the same moment.
 */
export async function claimBatches(
  db: Db,
  settle: (items: Settlement[]) => Promise<boolean[]>,
  { owner, requests, batchSize, leaseMs, repeats = true }: BatchClaim,
): Promise<ClaimedBatch[]> {
  if (requests <= 0) return [];
  const again = repeats ? await claimKeyedBatches(db, settle, owner, requests, leaseMs) : [];
  const fresh =
    requests > again.length ? await claimFreshBatches(db, owner, requests - again.length, batchSize, leaseMs) : [];
  return [...again, ...fresh];
}

export interface BatchClaim {
  owner: string;
  requests: number;
  batchSize: number;
  leaseMs: number;
  repeats?: boolean | undefined;
}

/** Why an email past its `sendBefore` was canceled, as its timeline says. */
export const LAPSED = 'not sent: the trial ended before it could go out';

/**
 * Due emails that belong to no batch, in batches of up to `batchSize`. Those past their
 * `sendBefore` and never tried are canceled instead, in the same statement (one tried already
 * may be at the provider: it is tried again under its own key, as any other). An email with a counted
 * try behind it goes alone. Sent alone before (its answer lost or unreadable, a 5xx, a lease
 * that ran out), Resend may hold that try under the email's own id as key, and only the same
 * request under the same key is answered from it: in a new batch under a new key it would be
 * sent again. Out of a batch Resend refused as a whole, alone is how the one at fault fails
 * alone. Those go first, one request each; new emails fill the other requests.
 */
export async function claimFreshBatches(
  db: Db,
  owner: string,
  requests: number,
  batchSize: number,
  leaseMs: number,
): Promise<ClaimedBatch[]> {
  const limit = requests * batchSize;
  // The two picks are separate so each is a plain scan of its own partial index.
  const rows = await rowsOf<ClaimedRow & { batchKey: string | null; n: number }>(
    db,
    sql`
    with lapsed as (
      update emails set status = 'canceled', updated_at = now()
      where id in (
        select id from emails
        where send_before <= now() and status in ('queued', 'scheduled') and batch_key is null and attempts = 0
        limit ${limit}
        for update skip locked
      )
      returning id
    ), lapsed_logged as (
      insert into email_events (email_id, type, detail)
      select id, 'canceled', ${LAPSED} from lapsed
    ), due as (
      select id, false as reclaimed, next_attempt_at as since, attempts > 0 as alone from emails
      where status in ('queued', 'scheduled') and next_attempt_at <= now() and batch_key is null
        and (send_before is null or send_before > now() or attempts > 0)
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
        lease_until = ${dbNowPlus(leaseMs)},
        batch_key = keyed.key,
        updated_at = now()
      from grouped join keyed using (n)
      where emails.id = grouped.id
      returning emails.id, emails.template, emails."to", emails.cc, emails.bcc, emails.reply_to, emails.subject,
        emails.html, emails.text, emails.tags, emails.attempts, emails.batch_key, emails.trace_context,
        grouped.reclaimed, grouped.n
    ), logged as (
      insert into email_events (email_id, type, detail)
      select id, 'sending', 'attempt ' || attempts
        || case when batch_key is not null then ', in a batch' else '' end
        || case when reclaimed then ', reclaimed after the previous worker’s lease expired' else '' end
      from claimed
    )
    select id, template, "to", cc, bcc, reply_to as "replyTo", subject, html, text, tags, attempts,
      trace_context as "traceContext", batch_key as "batchKey", n
    from claimed order by n, id`,
  );
  const byGroup = new Map<number, ClaimedBatch>();
  for (const { batchKey, n, ...email } of rows) {
    const batch = byGroup.get(n) ?? { key: batchKey ?? undefined, emails: [], held: [] };
    batch.emails.push(email);
    batch.held.push(email.id);
    byGroup.set(n, batch);
  }
  return [...byGroup.values()];
}

/** Batches that were tried and must be tried again with the same members and key. */
async function claimKeyedBatches(
  db: Db,
  settle: (items: Settlement[]) => Promise<boolean[]>,
  owner: string,
  requests: number,
  leaseMs: number,
): Promise<ClaimedBatch[]> {
  const rows = await rowsOf<ClaimedRow & { batchKey: string; held: boolean; status: EmailStatus }>(
    db,
    sql`
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
        lease_until = ${dbNowPlus(leaseMs)},
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
      coalesce(claimed.attempts, e.attempts) as attempts, e.trace_context as "traceContext",
      e.batch_key as "batchKey", e.status,
      claimed.id is not null as held
    from emails e join keys on e.batch_key = keys.batch_key left join claimed on claimed.id = e.id
    order by e.batch_key, e.id`,
  );
  const byKey = new Map<string, typeof rows>();
  for (const row of rows) byKey.set(row.batchKey, [...(byKey.get(row.batchKey) ?? []), row]);
  const batches: ClaimedBatch[] = [];
  for (const [key, members] of byKey) {
    const held = members.filter((m) => m.held).map((m) => m.id);
    if (held.length === 0) continue;
    // Another worker claimed part of this batch at the same moment: hand ours back untried.
    if (members.some((m) => !m.held && !settledStatuses.has(m.status))) {
      await settle(
        held.map((id) =>
          settlements.released(id, owner, 'another worker claimed part of its batch at the same moment', true),
        ),
      );
      continue;
    }
    batches.push({
      key,
      emails: members.map(({ batchKey: _k, held: _h, status: _s, ...email }) => email),
      held,
    });
  }
  return batches;
}
