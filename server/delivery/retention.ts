import type { Logger } from 'pino';
import type { Store } from '../store/index.ts';

/**
 * Retention (RETENTION_DAYS): the worker's idle moments erase what has been kept long enough,
 * in batches of `batch` rows, each its own short statement, so sends and requests go on
 * between them. Ages are measured on the store's clock, which wrote the times; `now` moves this
 * process's view of it (tests move it forward: `now() - Date.now()` is added to every age).
 */

export const DAY_MS = 86_400_000;
export const RETENTION_BATCH = 500;
/** Batches in one round: a backlog (the first round after an upgrade) is erased over many idle moments, never holding the worker for long. */
export const RETENTION_MAX_BATCHES = 20;

export interface RetentionOptions {
  /** Days an email's personal data is kept after its sending is over; 0 keeps it forever. */
  days: number;
  /** Days a provisioned or canceled activation is kept after its last change; 0 (or absent) keeps it forever. */
  activationDays?: number | undefined;
  batch?: number;
  /** Most batches in one round (default RETENTION_MAX_BATCHES). */
  maxBatches?: number;
  now?: () => number;
}

export interface RetentionRound {
  emails: number;
  eventDeliveries: number;
  activations: number;
  batches: number;
  /** Whether the round stopped at its batch limit with more to erase. */
  more: boolean;
}

/**
 * Erases what is past its retention period, batch after batch, until a batch comes back short
 * or the round has run `maxBatches`; then `more` says whether to come back soon.
 */
export async function eraseExpired(store: Store, options: RetentionOptions): Promise<RetentionRound> {
  const round = { emails: 0, eventDeliveries: 0, activations: 0, batches: 0, more: false };
  const batch = options.batch ?? RETENTION_BATCH;
  const maxBatches = options.maxBatches ?? RETENTION_MAX_BATCHES;
  const ahead = options.now ? options.now() - Date.now() : 0;
  const ageOf = (days: number) => days * DAY_MS - ahead;
  const activationDays = options.activationDays ?? 0;
  for (let full = activationDays > 0; full; ) {
    if (round.batches >= maxBatches) return { ...round, more: true };
    const deleted = await store.deleteOldActivations(ageOf(activationDays), batch);
    round.activations += deleted;
    round.batches++;
    full = deleted === batch;
  }
  for (let full = options.days > 0; full; ) {
    if (round.batches >= maxBatches) return { ...round, more: true };
    const erased = await store.eraseExpired(ageOf(options.days), batch);
    round.emails += erased.emails;
    round.eventDeliveries += erased.eventDeliveries;
    round.batches++;
    full = erased.emails === batch || erased.eventDeliveries === batch;
  }
  return round;
}

/** Runs one round and logs what it erased (counts only); true when more is left for the next idle moment. */
export async function retentionRound(store: Store, options: RetentionOptions, log: Logger): Promise<boolean> {
  const round = await eraseExpired(store, options);
  if (round.emails > 0 || round.eventDeliveries > 0 || round.activations > 0) {
    log.info(
      { ...round, retentionDays: options.days, activationRetentionDays: options.activationDays },
      'retention: old emails erased, old events out and finished activations deleted',
    );
  }
  return round.more;
}
