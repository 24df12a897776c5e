import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ClaimedEvent, Store } from '../store/index.ts';
import { createAlarm } from './alarm.ts';
import { decideEvent, type EventSender } from './event-sender.ts';
import { drainInFlight, type InFlight } from './in-flight.ts';
import type { RetryPolicy } from './retry-policy.ts';

/**
 * Delivers the events the store holds for the caller's endpoint, at least once: claims due
 * events under a lease (several instances never send one at the same time; a dead instance's
 * events are claimed again when its lease ends), sends up to `concurrency` at once, and records
 * each outcome. Built without I/O; `start()` begins the loop.
 */

export interface EventDispatcherOptions {
  store: Store;
  sender: EventSender;
  logger: Logger;
  retry: RetryPolicy;
  /** An event still undelivered this long after it happened is given up (`failed`). Default 3 days. */
  giveUpAfterMs?: number;
  concurrency?: number;
  leaseMs?: number;
  pollIntervalMs?: number;
  owner?: string;
}

export interface EventDispatcher {
  start(): void;
  /** Looks for due events now (one was just stored). */
  wake(): void;
  /** Stops claiming, waits up to `drainMs` for tries in flight, then hands the rest back. */
  stop(drainMs?: number): Promise<void>;
}

const DAY_MS = 24 * 60 * 60_000;
/** Tries in flight at once: enough to hide a receiver's latency, few enough not to flood it. */
export const DEFAULT_EVENT_CONCURRENCY = 8;
const GATHER_MS = 5;

export function createEventDispatcher(options: EventDispatcherOptions): EventDispatcher {
  const { store, sender, retry } = options;
  const concurrency = options.concurrency ?? DEFAULT_EVENT_CONCURRENCY;
  const giveUpAfterMs = options.giveUpAfterMs ?? 3 * DAY_MS;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const owner = options.owner ?? `${hostname()}:${process.pid}:events:${Math.random().toString(36).slice(2, 10)}`;
  const log = options.logger.child({ component: 'events' });

  const inFlight = new Map<string, InFlight>();
  let running = false;
  let loop: Promise<void> | undefined;
  // Tries that end together free their slots together, and one claim refills them all.
  const alarm = createAlarm(() => !running);

  async function deliver(event: ClaimedEvent, abort: AbortController): Promise<void> {
    const outcome = await sender.send(event, abort.signal);
    try {
      if (abort.signal.aborted) {
        await store.settleEvent(event.id, owner, { kind: 'released' });
        return;
      }
      const decision = decideEvent(
        retry,
        giveUpAfterMs,
        event.attempts,
        Date.now() - event.createdAt.getTime(),
        outcome,
      );
      switch (decision.action) {
        case 'delivered':
          await store.settleEvent(event.id, owner, { kind: 'delivered' });
          break;
        case 'retry':
          log.warn(
            {
              eventId: event.id,
              type: event.type,
              attempt: event.attempts,
              delayMs: decision.delayMs,
              reason: decision.reason,
            },
            'event will be retried',
          );
          await store.settleEvent(event.id, owner, {
            kind: 'retry',
            delayMs: decision.delayMs,
            error: decision.reason,
          });
          break;
        case 'fail':
          log.error({ eventId: event.id, type: event.type, reason: decision.reason }, 'event given up');
          await store.settleEvent(event.id, owner, { kind: 'failed', error: decision.reason });
          break;
      }
    } catch (err) {
      // The lease runs out and the event is tried again; receivers dedupe on webhook-id.
      log.error({ err, eventId: event.id }, 'could not record the outcome of an event delivery');
    }
  }

  function launch(event: ClaimedEvent) {
    const abort = new AbortController();
    const done = deliver(event, abort).finally(() => {
      inFlight.delete(event.id);
      if (inFlight.size === concurrency - 1) alarm.wake();
    });
    inFlight.set(event.id, { abort, done });
  }

  async function run() {
    while (running) {
      const free = concurrency - inFlight.size;
      if (free <= 0) {
        await alarm.wait(pollIntervalMs, GATHER_MS);
        continue;
      }
      let claimed: ClaimedEvent[];
      try {
        claimed = await store.claimEvents(owner, free, leaseMs);
      } catch (err) {
        log.error({ err }, 'could not claim due events');
        await sleep(pollIntervalMs * 4, undefined, { ref: false });
        continue;
      }
      for (const event of claimed) launch(event);
      if (claimed.length < free && running) await alarm.wait(pollIntervalMs, GATHER_MS);
    }
  }

  return {
    wake: alarm.wake,
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop(drainMs = 10_000) {
      running = false;
      alarm.wake();
      await loop;
      await drainInFlight(inFlight, drainMs);
    },
  };
}
