import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ClaimedBatch, Store } from '../store/index.ts';
import { createAlarm } from './alarm.ts';
import { type Counter, createDeliverer, type DeliveryObserver } from './deliver.ts';
import { drainInFlight, type InFlight } from './in-flight.ts';
import { type RetentionOptions, retentionRound } from './retention.ts';
import { defaultRetryPolicy, type RetryPolicy } from './retry-policy.ts';
import type { SendBudget, Slots } from './send-budget.ts';
import type { Transport } from './transport.ts';

export type { Counter, DeliveryObserver };

/**
 * The delivery worker of one server process: takes request slots from the provider's budget,
 * claims as many requests' worth of due emails under a lease (several processes on one
 * PostgreSQL never claim the same email), sends each request at its slot, up to
 * `concurrency` requests at once, and records each email's outcome. Several due emails go
 * in one batch request, whose members and key are fixed at the claim. A process that dies
 * leaves leases that run out, and its emails are claimed again, a batch with the same members;
 * the provider's idempotency key keeps a repeated request from arriving twice.
 */

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
  /** RETENTION_DAYS: idle moments erase what is older; absent or 0 days: nothing is erased. */
  retention?: RetentionOptions | undefined;
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

export function createWorker(options: WorkerOptions): Worker {
  const { store, logger, concurrency, counters = {}, budget, observer = {} } = options;
  const batchSize = Math.max(1, Math.min(100, options.batchSize ?? 1));
  const sendTimeoutMs = options.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const leaseMs = options.leaseMs ?? sendTimeoutMs * 2 + 10_000;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const gatherMs = Math.min(options.gatherMs ?? 10, pollIntervalMs);
  const owner = options.owner ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 10)}`;
  const log = logger.child({ component: 'worker' });
  const deliverer = createDeliverer({ ...options, owner, sendTimeoutMs, log, counters, observer });

  /** Requests claimed and not yet settled (waiting for their turn, or being sent), by their first email's id. */
  const inFlight = new Map<string, InFlight>();
  let running = false;
  let loop: Promise<void> | undefined;
  const alarm = createAlarm(() => !running);
  const housekeeping = housekeeper(store, log, options.retention);
  /** When the worker last looked for batches to send again (they are due only after a failure or a crash). */
  let lastRepeatsCheck = 0;

  function launch(batch: ClaimedBatch, slotAt: number | undefined) {
    const abort = new AbortController();
    const id = batch.held[0] ?? batch.emails[0]?.id ?? '';
    const done = deliverer
      .deliver(batch, slotAt, abort.signal)
      .catch((err: unknown) => {
        // The lease runs out and the emails are claimed again; the idempotency key makes that safe.
        log.error({ err, emails: batch.held }, 'could not record the outcome of a send');
      })
      .finally(() => {
        inFlight.delete(id);
        // A slot came free while all were taken: the loop is waiting for it.
        if (inFlight.size - deliverer.awaitingTurn() === concurrency - 1) alarm.wake();
      });
    inFlight.set(id, { abort, done });
  }

  /** Slots from the budget, or none to wait for when there is no budget (the local mailbox). */
  async function slotsFor(free: number): Promise<Slots | undefined> {
    if (!budget) return undefined;
    const grant = await budget.reserve(free);
    deliverer.notePause(grant.pausedUntil);
    return grant;
  }

  /** Claims what the free requests can carry and launches each request; how many requests were free. */
  async function claimAndLaunch(free: number): Promise<'filled' | 'drained' | 'no-slot'> {
    const grant = await slotsFor(free);
    if (grant && grant.slots.length === 0) {
      // The budget is spent for now (or the provider asked for a pause): a wake() cannot help.
      await sleep(Math.max(1, Math.min(grant.waitMs, pollIntervalMs)), undefined, { ref: false });
      return 'no-slot';
    }
    const requests = grant?.slots.length ?? free;
    // Batches to send again are looked for at most once a poll interval during a burst.
    const repeats = Date.now() - lastRepeatsCheck >= pollIntervalMs;
    if (repeats) lastRepeatsCheck = Date.now();
    const claimed = await store.claimBatches({ owner, requests, batchSize, leaseMs, repeats });
    if (grant && claimed.length < requests) await budget?.giveBack(grant, requests - claimed.length);
    for (const [i, batch] of claimed.entries()) launch(batch, grant?.slots[i]);
    // All requests filled means more may be due: claim again as soon as a slot is free.
    return claimed.length < requests ? 'drained' : 'filled';
  }

  async function run() {
    while (running) {
      const free = concurrency - (inFlight.size - deliverer.awaitingTurn());
      if (free <= 0) {
        // Due emails are waiting for a slot: take one as soon as a send ends.
        await alarm.wait(pollIntervalMs, 0);
        continue;
      }
      try {
        if ((await claimAndLaunch(free)) !== 'drained') continue;
      } catch (err) {
        log.error({ err }, 'could not claim due emails');
        await sleep(pollIntervalMs * 4, undefined, { ref: false });
        continue;
      }
      await housekeeping();
      if (running) await alarm.wait(pollIntervalMs, gatherMs);
    }
  }

  return {
    owner,
    wake: alarm.wake,
    pausedUntil: deliverer.pausedUntil,
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop(drainMs = 10_000) {
      running = false;
      alarm.wake();
      await loop;
      const handedBack = await drainInFlight(inFlight, drainMs);
      if (handedBack > 0)
        log.warn({ sends: handedBack }, 'sends still in flight at shutdown: handed their emails back');
    },
  };
}

/**
 * Now and then, an idle moment purges expired idempotency keys, erases what retention says is
 * kept long enough, and maintains the store (after the erasure, so its space is reclaimed).
 */
function housekeeper(store: Store, log: Logger, retention: RetentionOptions | undefined) {
  let last = 0;
  return async () => {
    if (Date.now() - last < HOUSEKEEPING_INTERVAL_MS) return;
    last = Date.now();
    try {
      const purged = await store.purgeExpiredIdempotencyKeys();
      if (purged > 0) log.info({ purged }, 'expired idempotency keys removed');
      if (retention && (await retentionRound(store, retention, log))) {
        // A backlog goes on at the next idle moment; the store is maintained once it is gone.
        last = 0;
        return;
      }
      await store.maintain();
    } catch (err) {
      log.warn({ err }, 'store housekeeping failed; it is tried again later');
    }
  };
}
