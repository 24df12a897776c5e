import type { BudgetRule } from '../delivery/pacing-rule.ts';
import { groupCommit } from './group-commit.ts';
import { type Accept, commitAccepted, type NewEmail } from './sql/accept.ts';
import * as activations from './sql/activations.ts';
import { type BatchClaim, claimBatches, claimFreshBatches } from './sql/claim.ts';
import { eraseAddress } from './sql/erasure.ts';
import * as events from './sql/event-deliveries.ts';
import { deliveryGlance } from './sql/glance.ts';
import * as idempotency from './sql/idempotency.ts';
import * as lists from './sql/lists.ts';
import { vacuum } from './sql/maintenance.ts';
import { type ProviderEvent, recordProviderEvent } from './sql/provider-events.ts';
import * as reads from './sql/reads.ts';
import { deleteOldActivations, eraseExpired } from './sql/retention.ts';
import type { Db } from './sql/rows.ts';
import * as budget from './sql/send-budget.ts';
import { cancelEmail, releaseAllLeases, type Settlement, settleMany, settlements } from './sql/settle.ts';
import { activationTimeline } from './sql/timeline.ts';

/**
 * The store: the statements of server/store/sql/, bound to one database. Each change of an
 * email's status writes an event in the same statement or transaction, so an email's events
 * tell its whole story. Calls that arrive together are grouped where the database gains from
 * it (sends settling at once; on PGlite, requests accepted at once).
 */

export interface StoreSettings {
  dialect: 'pglite' | 'postgres';
  close: () => Promise<void>;
  /** Whether events go out (EVENTS_WEBHOOK_URL is set): without, none is queued. */
  eventsOut?: boolean | undefined;
}

export function createStore(db: Db, { dialect, close, eventsOut = false }: StoreSettings) {
  /** Sends finish together (a worker claims many at once): their outcomes are stored together. */
  const settle = groupCommit((items: Settlement[]) => settleMany(db, eventsOut, items));
  const settleNow = (items: Settlement[]) => settleMany(db, eventsOut, items);
  /** PGlite runs one transaction at a time: requests that arrive during a commit share the next. */
  const acceptTogether = groupCommit((accepts: Accept[]) => commitAccepted(db, accepts));
  const settleEvent = groupCommit((items: events.EventSettlementOf[]) => events.settleEvents(db, items));

  return {
    dialect,
    close,
    ping: () => reads.ping(db),

    claimIdempotencyKey: (request: idempotency.IdempotencyRequest, ttlMs: number, lockMs: number) =>
      idempotency.claimIdempotencyKey(db, request, ttlMs, lockMs),
    releaseIdempotencyKey: (request: idempotency.IdempotencyRequest) => idempotency.releaseIdempotencyKey(db, request),
    purgeExpiredIdempotencyKeys: () => idempotency.purgeExpiredIdempotencyKeys(db),

    /** Stores the emails, their first events and (when given) the idempotent response, in one transaction. */
    async acceptEmails(batch: NewEmail[], completion?: idempotency.IdempotentCompletion): Promise<void> {
      const accept = { batch, idempotency: completion };
      const lost = dialect === 'pglite' ? await acceptTogether(accept) : (await commitAccepted(db, [accept]))[0];
      if (lost) throw lost;
    },
    getEmail: (id: string) => reads.getEmail(db, id),
    getEmailHtml: (id: string) => reads.getEmailHtml(db, id),
    listEmails: (query: reads.ListQuery) => reads.listEmails(db, query),
    cancelEmail: (id: string, keyName: string) => cancelEmail(db, id, keyName),
    queueDepth: () => reads.queueDepth(db),
    countDue: () => reads.countDue(db),

    claimBatches: (claim: BatchClaim) => claimBatches(db, settleNow, claim),
    /** Claims up to `limit` due emails, each to be sent on its own. */
    claimDue: async (owner: string, limit: number, leaseMs: number) =>
      (await claimFreshBatches(db, owner, limit, 1, leaseMs)).flatMap((batch) => batch.emails),
    // Each of these answers false when `owner` no longer holds the email (its lease ran out).
    markSent: (id: string, owner: string, providerId: string | undefined) =>
      settle(settlements.sent(id, owner, providerId)),
    markCaptured: (id: string, owner: string) => settle(settlements.captured(id, owner)),
    markRetry: (id: string, owner: string, delayMs: number, error: string) =>
      settle(settlements.retry(id, owner, delayMs, error)),
    markFailed: (id: string, owner: string, error: string) => settle(settlements.failed(id, owner, error)),
    markOutcomeUnknown: (id: string, owner: string, error: string) =>
      settle(settlements.outcomeUnknown(id, owner, error)),
    markWaiting: (id: string, owner: string, delayMs: number, event: 'throttled' | 'parked', reason: string) =>
      settle(settlements.waiting(id, owner, delayMs, event, reason)),
    leaveBatch: (id: string, owner: string, reason: string) => settle(settlements.unbatched(id, owner, reason)),
    release: (id: string, owner: string, reason: string, untried = false) =>
      settle(settlements.released(id, owner, reason, untried)),
    releaseAllLeases: (reason: string) => releaseAllLeases(db, reason),

    recordWebhookEvent: (event: ProviderEvent) => recordProviderEvent(db, eventsOut, event),

    reserveSendSlots: (rule: BudgetRule, want: number) => budget.reserveSendSlots(db, rule, want),
    giveBackSendSlots: (rule: BudgetRule, slots: number[]) => budget.giveBackSendSlots(db, rule, slots),
    pauseSending: (ms: number) => budget.pauseSending(db, ms),

    createActivation: (activation: activations.NewActivation) =>
      activations.createActivation(db, eventsOut, activation),
    getActivation: (id: string) => activations.getActivation(db, id),
    listActivations: (query: activations.ActivationQuery) => activations.listActivations(db, query),
    changeActivation: (change: activations.ActivationChange) => activations.changeActivation(db, eventsOut, change),

    // What people search and look at (the console).
    findActivations: (search: lists.ActivationSearch) => lists.findActivations(db, search),
    attentionQueue: (limit: number) => lists.attentionQueue(db, limit),
    findEmails: (search: lists.EmailSearch) => lists.findEmails(db, search),
    activationTimeline: (id: string) => activationTimeline(db, id),
    deliveryGlance: () => deliveryGlance(db),

    claimEvents: (owner: string, limit: number, leaseMs: number) => events.claimEvents(db, owner, limit, leaseMs),
    /** False when `owner` no longer holds the event. */
    settleEvent: (id: string, owner: string, settlement: events.EventSettlement) =>
      settleEvent({ id, owner, settlement }),
    eventDepth: () => events.eventDepth(db),

    /** Retention: erases at most `limit` emails and deletes as many events out, untouched for `ageMs`. */
    eraseExpired: (ageMs: number, limit: number) => eraseExpired(db, ageMs, limit),
    /** Retention: deletes at most `limit` finished activations untouched for `ageMs`, with their emails. */
    deleteOldActivations: (ageMs: number, limit: number) => deleteOldActivations(db, ageMs, limit),

    /** Erasure by address: one person's data everywhere, unless work in flight names them; recorded without the address. */
    eraseAddress: (request: { id: string; address: string; keyName: string; at: Date }) => eraseAddress(db, request),

    /** Housekeeping: PGlite has no autovacuum; PostgreSQL's does this there. */
    maintain: async () => {
      if (dialect === 'pglite') await vacuum(db);
    },
  };
}

/** The store as the rest of the server sees it, whichever thread or driver answers. */
export type Store = ReturnType<typeof createStore>;
