import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ClaimedBatch, ClaimedEmail, Store } from '../store/index.ts';
import { drainInFlight, type InFlight } from './in-flight.ts';
import { type Decision, decide, defaultRetryPolicy, type RetryPolicy } from './retry-policy.ts';
import type { SendBudget, Slots } from './send-budget.ts';
import type { ProviderLimit, SendOutcome, Transport } from './transport.ts';

/**
 * The delivery worker of one server process: takes request slots from the provider's budget,
 * claims as many requests' worth of due emails under a lease (several processes on one
 * PostgreSQL never claim the same email), sends each request at its slot, up to
 * `concurrency` requests at once, and records each email's outcome. Several due emails go
 * in one batch request, whose members and key are fixed at the claim. A process that dies
 * leaves leases that run out, and its emails are claimed again, a batch with the same members;
 * the provider's idempotency key keeps a repeated request from arriving twice.
 */

export interface Counter {
  inc(by?: number): void;
}

/** What the worker reports for `/metrics`, beside the sent/failed/retried counters. */
export interface DeliveryObserver {
  /** The provider refused a request for one of its limits. */
  refused?(limit: ProviderLimit): void;
  /** Emails parked because a quota is spent. */
  parked?(limit: 'daily-quota' | 'monthly-quota', emails: number): void;
  /** Emails in one request sent. */
  requestSize?(emails: number): void;
}

export interface WorkerOptions {
  store: Store;
  transport: Transport;
  logger: Logger;
  concurrency: number;
  retry: RetryPolicy;
  /** A send with no answer by then is abandoned and retried. */
  sendTimeoutMs?: number;
  /** How long a claim holds an email; longer than a send may take, so no live send loses it. */
  leaseMs?: number;
  /** How often to look for due emails when idle. */
  pollIntervalMs?: number;
  /**
   * After a wake(), how long to wait before claiming, so that emails accepted in a burst are
   * claimed together in one statement instead of one claim each.
   */
  gatherMs?: number;
  /** Identifies this worker in leases. */
  owner?: string;
  counters?: { sent?: Counter; captured?: Counter; failed?: Counter; retried?: Counter; outcomeUnknown?: Counter };
  /** The provider's request budget; absent: as fast as `concurrency` allows (the local mailbox). */
  budget?: SendBudget | undefined;
  /** Most emails in one request: 1 sends each on its own; up to 100 with Resend's batch endpoint. */
  batchSize?: number;
  observer?: DeliveryObserver;
}

export interface Worker {
  readonly owner: string;
  start(): void;
  /** Looks for due emails now, instead of at the next poll (an email was just accepted). */
  wake(): void;
  /**
   * Stops claiming, waits up to `drainMs` for sends in flight, then aborts the rest and hands
   * their emails back (due again at once, for this or another instance).
   */
  stop(drainMs?: number): Promise<void>;
  /** Epoch ms until which the provider asked this worker to pause (a spent quota, a 429); 0 if not. */
  pausedUntil(): number;
}

export const DEFAULT_SEND_TIMEOUT_MS = 30_000;
/** How often an idle moment is used to purge expired idempotency keys and maintain the store. */
const HOUSEKEEPING_INTERVAL_MS = 10 * 60_000;

export { defaultRetryPolicy };

/** Stands in for an outcome the provider's answer did not give (it listed fewer emails than sent). */
const lost: SendOutcome = { ok: false, retryable: true, reason: 'the provider did not answer for this email' };

/** A refusal of the request itself (not of a limit, not worth retrying as it is). */
const isRequestFault = (outcome: SendOutcome) => !outcome.ok && !outcome.retryable && outcome.limit === undefined;

export function createWorker(options: WorkerOptions): Worker {
  const { store, transport, logger, concurrency, retry, counters = {}, budget, observer = {} } = options;
  const batchSize = Math.max(1, Math.min(100, options.batchSize ?? 1));
  const sendTimeoutMs = options.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const leaseMs = options.leaseMs ?? sendTimeoutMs * 2 + 10_000;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const gatherMs = Math.min(options.gatherMs ?? 10, pollIntervalMs);
  const owner = options.owner ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 10)}`;
  const log = logger.child({ component: 'worker' });

  /** Requests claimed and not yet settled (waiting for their slot, or being sent), by their first email's id. */
  const inFlight = new Map<string, InFlight>();
  /** The provider's latest "stop until" that this worker knows of. */
  let pausedUntil = 0;
  /** When this process sent its latest requests, oldest first (as many as one window holds). */
  const recentDispatches: number[] = [];

  /**
   * Requests claimed and waiting for their slot: they do not count toward `concurrency`, so
   * the next slots are claimed while these wait (the budget's horizon bounds how many).
   */
  let awaitingSlot = 0;
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  /** A wake() that came while the loop was busy: the next pause ends after its gather time. */
  let woken = false;
  let lastHousekeeping = 0;
  /** When the worker last looked for batches to send again (they are due only after a failure or a crash). */
  let lastRepeatsCheck = 0;

  /**
   * Waits for the slot, and then until this process has sent fewer than a window's worth of
   * requests in the last window: when slots fall behind (a busy event loop, a slow claim) the
   * late ones catch up, but never so fast that one of the provider's seconds gets a request too many.
   */
  async function waitForTurn(slotAt: number | undefined, signal: AbortSignal): Promise<void> {
    if (slotAt === undefined || !budget) return;
    const perWindow = Math.max(1, Math.round(1000 / budget.intervalMs));
    const windowMs = perWindow * budget.intervalMs;
    for (;;) {
      const oldest = recentDispatches.length >= perWindow ? (recentDispatches.at(-perWindow) ?? 0) : 0;
      const waitMs = Math.ceil(Math.max(slotAt, oldest + windowMs) - Date.now());
      if (waitMs <= 0 || signal.aborted) break;
      await sleep(waitMs, undefined, { signal }).catch(() => undefined);
    }
    recentDispatches.push(Date.now());
    if (recentDispatches.length > perWindow) recentDispatches.splice(0, recentDispatches.length - perWindow);
  }

  const wake = () => {
    if (wakeUp) wakeUp();
    else woken = true;
  };

  /** Resolves after `ms`, or `gather` ms after a wake(). */
  const pause = (ms: number, gather: number) =>
    new Promise<void>((resolve) => {
      let timer = setTimeout(done, woken ? gather : ms);
      woken = false;
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = () => {
        wakeUp = undefined;
        if (!running) return done();
        clearTimeout(timer);
        timer = setTimeout(done, gather);
      };
    });

  /**
   * Stores what happened to one email. Every outcome of a send passes here once, as a
   * `Decision`, so that whatever follows a status change can hook in at one place.
   */
  async function record(email: ClaimedEmail, decision: Decision): Promise<void> {
    let held: boolean;
    switch (decision.action) {
      case 'sent':
        held = await store.markSent(email.id, owner, decision.providerId);
        if (held) counters.sent?.inc();
        break;
      case 'captured':
        held = await store.markCaptured(email.id, owner);
        if (held) counters.captured?.inc();
        break;
      case 'retry':
        held = await store.markRetry(email.id, owner, decision.delayMs, decision.reason);
        if (held) counters.retried?.inc();
        log.warn(
          { emailId: email.id, attempt: email.attempts, delayMs: decision.delayMs, reason: decision.reason },
          'send will be retried',
        );
        break;
      case 'wait':
        held = await store.markWaiting(email.id, owner, decision.delayMs, 'throttled', decision.reason);
        break;
      case 'park':
        held = await store.markWaiting(email.id, owner, decision.delayMs, 'parked', decision.reason);
        break;
      case 'fail':
        held = await store.markFailed(email.id, owner, decision.reason);
        if (held) counters.failed?.inc();
        log.error({ emailId: email.id, attempt: email.attempts, reason: decision.reason }, 'email failed');
        break;
      case 'unknown':
        held = await store.markOutcomeUnknown(email.id, owner, decision.reason);
        if (held) counters.outcomeUnknown?.inc();
        log.error(
          { emailId: email.id, attempt: email.attempts, reason: decision.reason },
          'no readable answer from the provider on any attempt: whether the email went out is unknown',
        );
        break;
    }
    if (!held)
      log.warn({ emailId: email.id }, 'lease lost before the outcome was recorded; another worker has the email');
  }

  /** A refusal for the provider's own limit holds back every send, here and (shared budget) everywhere. */
  async function heed(decision: Decision, emails: number): Promise<void> {
    if (decision.action !== 'wait' && decision.action !== 'park') return;
    observer.refused?.(decision.limit);
    if (decision.action === 'park') {
      observer.parked?.(decision.limit, emails);
      log.warn(
        { limit: decision.limit, emails, resumeInMs: decision.delayMs },
        'provider quota spent: delivery parked',
      );
    }
    // A key still in progress concerns that key only; rate and quota concern every request
    // that takes from the budget (with none, only the email waits).
    if (decision.limit === 'concurrent' || !budget) return;
    const until = Date.now() + decision.delayMs;
    pausedUntil = Math.max(pausedUntil, until);
    await budget?.pauseUntil(until).catch((err: unknown) => log.warn({ err }, 'could not share the provider pause'));
  }

  const handBack = (batch: ClaimedBatch, reason: string, untried = false) =>
    Promise.all(batch.held.map((id) => store.release(id, owner, reason, untried)));

  async function deliver(batch: ClaimedBatch, slotAt: number | undefined, shutdown: AbortController): Promise<void> {
    const held = new Set(batch.held);
    const mine = batch.emails.filter((email) => held.has(email.id));
    awaitingSlot++;
    try {
      await waitForTurn(slotAt, shutdown.signal);
    } finally {
      awaitingSlot--;
    }
    if (shutdown.signal.aborted) {
      await handBack(batch, 'the server shut down before the send', true);
      return;
    }
    // The provider asked for a pause after this slot was granted: wait, without spending the attempt.
    if (pausedUntil > Date.now()) {
      const delayMs = pausedUntil - Date.now();
      const reason = 'the provider asked to pause sending';
      await Promise.all(mine.map((email) => record(email, { action: 'wait', limit: 'rate', delayMs, reason })));
      return;
    }

    const signal = AbortSignal.any([shutdown.signal, AbortSignal.timeout(sendTimeoutMs)]);
    observer.requestSize?.(batch.emails.length);
    let outcomes: Map<string, SendOutcome>;
    try {
      if (batch.key === undefined && batch.emails.length === 1) {
        const [email] = batch.emails as [ClaimedEmail];
        outcomes = new Map([[email.id, await transport.send(email, signal)]]);
      } else {
        const answer = await transport.sendBatch(batch.emails, batch.key ?? batch.emails[0]?.id ?? '', signal);
        outcomes =
          answer.kind === 'each'
            ? new Map(batch.emails.map((email, i) => [email.id, answer.outcomes[i] ?? answer.outcomes[0] ?? lost]))
            : new Map(batch.emails.map((email) => [email.id, answer.outcome]));
        if (answer.kind === 'whole' && isRequestFault(answer.outcome) && batch.emails.length > 1) {
          // The provider refused the request as a whole, for something in it: nothing was sent, so
          // each email is tried again on its own, and the one at fault fails alone.
          await split(mine, answer.outcome, shutdown.signal);
          return;
        }
      }
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      outcomes = new Map(batch.emails.map((email) => [email.id, { ok: false, retryable: true, reason }]));
    }
    if (shutdown.signal.aborted) {
      // Stopped mid-send: whether or not the provider got it, the next try carries the same key.
      await handBack(batch, 'the server shut down during the send');
      return;
    }
    // A request-wide answer gets one decision, so the batch's members stay due together.
    const decisions = new Map<string, Decision>();
    const shared = new Map<SendOutcome, Decision>();
    for (const email of mine) {
      const outcome = outcomes.get(email.id) ?? lost;
      const decision = shared.get(outcome) ?? decide(retry, email.attempts, outcome);
      shared.set(outcome, decision);
      decisions.set(email.id, decision);
    }
    for (const [outcome, decision] of shared) {
      if (!outcome.ok) await heed(decision, mine.filter((e) => outcomes.get(e.id) === outcome).length);
    }
    await Promise.all(
      mine.map((email) => record(email, decisions.get(email.id) ?? decide(retry, email.attempts, lost))),
    );
  }

  async function split(emails: ClaimedEmail[], outcome: SendOutcome, shutdown: AbortSignal): Promise<void> {
    if (shutdown.aborted) return;
    const reason = outcome.ok ? '' : outcome.reason;
    log.warn(
      { emails: emails.length, reason },
      'the provider refused a batch as a whole: its emails are tried one by one',
    );
    await Promise.all(emails.map((email) => store.leaveBatch(email.id, owner, reason)));
  }

  function launch(batch: ClaimedBatch, slotAt: number | undefined) {
    const abort = new AbortController();
    const id = batch.held[0] ?? batch.emails[0]?.id ?? '';
    const done = deliver(batch, slotAt, abort)
      .catch((err: unknown) => {
        // The lease runs out and the emails are claimed again; the idempotency key makes that safe.
        log.error({ err, emails: batch.held }, 'could not record the outcome of a send');
      })
      .finally(() => {
        inFlight.delete(id);
        // A slot came free while all were taken: the loop is waiting for it.
        if (inFlight.size - awaitingSlot === concurrency - 1) wake();
      });
    inFlight.set(id, { abort, done });
  }

  async function housekeeping() {
    if (Date.now() - lastHousekeeping < HOUSEKEEPING_INTERVAL_MS) return;
    lastHousekeeping = Date.now();
    try {
      const purged = await store.purgeExpiredIdempotencyKeys();
      if (purged > 0) log.info({ purged }, 'expired idempotency keys removed');
      await store.maintain();
    } catch (err) {
      log.warn({ err }, 'store housekeeping failed; it is tried again later');
    }
  }

  /** Slots from the budget, or as many requests as are free when there is no budget. */
  async function slotsFor(free: number): Promise<Slots | undefined> {
    if (!budget) return undefined;
    const grant = await budget.reserve(free);
    pausedUntil = Math.max(pausedUntil, grant.pausedUntil);
    return grant;
  }

  async function run() {
    while (running) {
      const free = concurrency - (inFlight.size - awaitingSlot);
      if (free <= 0) {
        // Due emails are waiting for a slot: take one as soon as a send ends.
        await pause(pollIntervalMs, 0);
        continue;
      }
      let grant: Slots | undefined;
      let claimed: ClaimedBatch[];
      try {
        grant = await slotsFor(free);
        if (grant && grant.slots.length === 0) {
          // The budget is spent for now (or the provider asked for a pause): a wake() cannot help.
          await sleep(Math.max(1, Math.min(grant.waitMs, pollIntervalMs)), undefined, { ref: false });
          continue;
        }
        const requests = grant?.slots.length ?? free;
        // Batches to send again are looked for at most once a poll interval during a burst.
        const repeats = Date.now() - lastRepeatsCheck >= pollIntervalMs;
        if (repeats) lastRepeatsCheck = Date.now();
        claimed = await store.claimBatches({ owner, requests, batchSize, leaseMs, repeats });
        if (grant && claimed.length < requests) await budget?.giveBack(grant, requests - claimed.length);
      } catch (err) {
        log.error({ err }, 'could not claim due emails');
        await sleep(pollIntervalMs * 4, undefined, { ref: false });
        continue;
      }
      for (const [i, batch] of claimed.entries()) launch(batch, grant?.slots[i]);
      // All requests filled means more may be due: claim again as soon as a slot is free.
      if (claimed.length < (grant?.slots.length ?? free)) {
        await housekeeping();
        if (running) await pause(pollIntervalMs, gatherMs);
      }
    }
  }

  return {
    owner,
    wake,
    pausedUntil: () => (pausedUntil > Date.now() ? pausedUntil : 0),
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop(drainMs = 10_000) {
      running = false;
      wake();
      await loop;
      const handedBack = await drainInFlight(inFlight, drainMs);
      if (handedBack > 0)
        log.warn({ sends: handedBack }, 'sends still in flight at shutdown: handed their emails back');
    },
  };
}
