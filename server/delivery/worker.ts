import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ClaimedEmail, Store } from '../store/index.ts';
import { decide, defaultRetryPolicy, type RetryPolicy } from './retry-policy.ts';
import type { SendOutcome, Transport } from './transport.ts';

/**
 * The delivery worker of one server process: claims due emails under a lease (several
 * processes on one PostgreSQL never claim the same email), sends up to `concurrency` at once,
 * and records each outcome. A process that dies leaves leases that run out, and its emails are
 * claimed again; the provider's idempotency key keeps a repeated send from arriving twice.
 */

export interface Counter {
  inc(): void;
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
  counters?: { sent?: Counter; failed?: Counter; retried?: Counter };
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
}

export const DEFAULT_SEND_TIMEOUT_MS = 30_000;
/** How often an idle moment is used to purge expired idempotency keys and maintain the store. */
const HOUSEKEEPING_INTERVAL_MS = 10 * 60_000;

export { defaultRetryPolicy };

export function createWorker(options: WorkerOptions): Worker {
  const { store, transport, logger, concurrency, retry, counters = {} } = options;
  const sendTimeoutMs = options.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const leaseMs = options.leaseMs ?? sendTimeoutMs * 2 + 10_000;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const gatherMs = Math.min(options.gatherMs ?? 10, pollIntervalMs);
  const owner = options.owner ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 10)}`;
  const log = logger.child({ component: 'worker' });

  const inFlight = new Map<string, { abort: AbortController; done: Promise<void> }>();
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  /** A wake() that came while the loop was busy: the next pause ends after its gather time. */
  let woken = false;
  let lastHousekeeping = 0;

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

  async function record(email: ClaimedEmail, outcome: SendOutcome, shutdown: AbortSignal): Promise<void> {
    if (shutdown.aborted) {
      // Stopped mid-send: whether or not the provider got it, the next try carries the same key.
      await store.release(email.id, owner, 'the server shut down during the send');
      return;
    }
    const decision = decide(retry, email.attempts, outcome);
    let held: boolean;
    switch (decision.action) {
      case 'sent':
        held = await store.markSent(email.id, owner, decision.providerId);
        if (held) counters.sent?.inc();
        break;
      case 'retry':
        held = await store.markRetry(email.id, owner, decision.delayMs, decision.reason);
        if (held) counters.retried?.inc();
        log.warn(
          { emailId: email.id, attempt: email.attempts, delayMs: decision.delayMs, reason: decision.reason },
          'send will be retried',
        );
        break;
      case 'fail':
        held = await store.markFailed(email.id, owner, decision.reason);
        if (held) counters.failed?.inc();
        log.error({ emailId: email.id, attempt: email.attempts, reason: decision.reason }, 'email failed');
        break;
    }
    if (!held)
      log.warn({ emailId: email.id }, 'lease lost before the outcome was recorded; another worker has the email');
  }

  async function deliver(email: ClaimedEmail, shutdown: AbortController): Promise<void> {
    const signal = AbortSignal.any([shutdown.signal, AbortSignal.timeout(sendTimeoutMs)]);
    let outcome: SendOutcome;
    try {
      outcome = await transport.send(email, signal);
    } catch (err) {
      outcome = { ok: false, retryable: true, reason: err instanceof Error ? err.message : String(err) };
    }
    try {
      await record(email, outcome, shutdown.signal);
    } catch (err) {
      // The lease runs out and the email is claimed again; the idempotency key makes that safe.
      log.error({ err, emailId: email.id }, 'could not record the outcome of a send');
    }
  }

  function launch(email: ClaimedEmail) {
    const abort = new AbortController();
    const done = deliver(email, abort).finally(() => {
      inFlight.delete(email.id);
      // A slot came free while all were taken: the loop is waiting for it.
      if (inFlight.size === concurrency - 1) wake();
    });
    inFlight.set(email.id, { abort, done });
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

  async function run() {
    while (running) {
      const free = concurrency - inFlight.size;
      if (free <= 0) {
        // Due emails are waiting for a slot: take one as soon as a send ends.
        await pause(pollIntervalMs, 0);
        continue;
      }
      let claimed: ClaimedEmail[];
      try {
        claimed = await store.claimDue(owner, free, leaseMs);
      } catch (err) {
        log.error({ err }, 'could not claim due emails');
        await sleep(pollIntervalMs * 4, undefined, { ref: false });
        continue;
      }
      for (const email of claimed) launch(email);
      // A full batch means more may be due: claim again as soon as a slot is free.
      if (claimed.length < free) {
        await housekeeping();
        if (running) await pause(pollIntervalMs, gatherMs);
      }
    }
  }

  return {
    owner,
    wake,
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop(drainMs = 10_000) {
      running = false;
      wake();
      await loop;
      if (inFlight.size === 0) return;
      const all = () => Promise.allSettled([...inFlight.values()].map((s) => s.done));
      const drained = await Promise.race([
        all().then(() => true),
        sleep(drainMs, undefined, { ref: false }).then(() => false),
      ]);
      if (drained) return;
      log.warn({ sends: inFlight.size }, 'sends still in flight at shutdown: handing their emails back');
      for (const send of inFlight.values()) send.abort.abort();
      await all();
    },
  };
}
