import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Logger } from './logger.ts';

/**
 * Hands the memory a connection flood took back to the system once the flood is over.
 *
 * A flood is a cap refusing a connection, or `floodAt` connections open at once; it is over when
 * neither has happened for `calmMs` and fewer than `floodAt` are open. Then, once per flood, one
 * `release()` (by default V8's last-resort GC, a pause of 0.1–0.3 s on this heap), and a log line
 * with the RSS before and after. Without a flood nothing is done, so steady traffic never pauses.
 *
 * Why: V8 keeps the heap pages a GC frees in a pool for reuse, and empties the pool only at the
 * end of a GC that is asked to reduce memory. Its memory reducer runs such GCs a few seconds after
 * a burst, but the pages freed after them (the young generation shrinking, sweeping that ends
 * later) stay pooled, resident, for as long as the process is quiet: 60–100 MB after 15,000 slow
 * connections (`npm run bench -- connections`). A last-resort GC empties the pool at its end.
 */

export interface FloodWatchOptions {
  /** Connections open at once that make a flood. */
  floodAt: number;
  /** How long without a refusal or `floodAt` open connections before the flood counts as over. */
  calmMs: number;
  /** What hands the memory back; undefined: nothing (see `lastResortGc`). */
  release: (() => void) | undefined;
  logger?: Pick<Logger, 'info'>;
  /** Milliseconds, monotonic; `performance.now` unless a test gives its own. */
  now?: () => number;
}

export interface FloodWatch {
  /** A connection was accepted. */
  opened(): void;
  /** An accepted connection closed. */
  closed(): void;
  /** A cap closed a connection at once. */
  refused(): void;
  /** The server closed: no release is pending after it. */
  stop(): void;
}

export type FloodCheck = { kind: 'none' } | { kind: 'wait'; ms: number } | { kind: 'release' };

/** What to do when the timer set for a flood fires: nothing (no flood), wait on, or release. */
export function checkFlood(
  { open, floodSeenAt, now }: { open: number; floodSeenAt: number | undefined; now: number },
  { floodAt, calmMs }: Pick<FloodWatchOptions, 'floodAt' | 'calmMs'>,
): FloodCheck {
  if (floodSeenAt === undefined) return { kind: 'none' };
  if (open >= floodAt) return { kind: 'wait', ms: calmMs };
  const calm = now - floodSeenAt;
  return calm >= calmMs ? { kind: 'release' } : { kind: 'wait', ms: calmMs - calm };
}

export function watchFloods({
  floodAt,
  calmMs,
  release,
  logger,
  now = () => performance.now(),
}: FloodWatchOptions): FloodWatch {
  let open = 0;
  let floodSeenAt: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number) => {
    timer = setTimeout(check, ms);
    timer.unref();
  };
  const check = () => {
    timer = undefined;
    const decision = checkFlood({ open, floodSeenAt, now: now() }, { floodAt, calmMs });
    switch (decision.kind) {
      case 'none':
        return;
      case 'wait':
        arm(decision.ms);
        return;
      case 'release': {
        floodSeenAt = undefined;
        if (!release) return;
        const before = process.memoryUsage.rss();
        const started = now();
        release();
        const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
        logger?.info(
          { rssMb: { before: mb(before), after: mb(process.memoryUsage.rss()) }, pauseMs: Math.round(now() - started) },
          'a connection flood is over: a full garbage collection handed its memory back',
        );
        return;
      }
    }
  };
  const flood = () => {
    floodSeenAt = now();
    if (!timer) arm(calmMs);
  };
  return {
    opened: () => {
      open++;
      if (open >= floodAt) flood();
    },
    closed: () => {
      // The last moment of a flood that held floodAt connections: its calm starts here.
      if (open-- === floodAt && floodSeenAt !== undefined) floodSeenAt = now();
    },
    refused: flood,
    stop: () => {
      clearTimeout(timer);
      timer = undefined;
      floodSeenAt = undefined;
    },
  };
}

/**
 * V8's last-resort GC (what it runs before giving up for lack of memory: full collections until
 * nothing more is freed, memory-reducing, which empties the page pool), or undefined if this V8
 * does not offer it. `gc` is made available to one new context only while it is created, so the
 * process's own global object never gets a `gc` that any library could call.
 */
export function lastResortGc(): (() => void) | undefined {
  const own = (globalThis as { gc?: (options: object) => unknown }).gc;
  let gc = own;
  if (!gc) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as typeof own;
    } catch {
      gc = undefined;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  if (typeof gc !== 'function') return undefined;
  const collect = gc;
  return () => void collect({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}
