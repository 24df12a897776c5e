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

export interface RetentionOptions {
  /** Days an email's personal data is kept after its sending is over; 0 keeps it forever. */
  days: number;
  /** Days a provisioned or canceled activation is kept after its last change; 0 (or absent) keeps it forever. */
  activationDays?: number | undefined;
  batch?: number;
  now?: () => number;
}

export interface RetentionRound {
  emails: number;
  eventDeliveries: number;
  activations: number;
  batches: number;
}

/** Erases everything past its retention period, batch after batch, until a batch comes back short. */
export async function eraseExpired(store: Store, options: RetentionOptions): Promise<RetentionRound> {
  const round = { emails: 0, eventDeliveries: 0, activations: 0, batches: 0 };
  const batch = options.batch ?? RETENTION_BATCH;
  const ahead = options.now ? options.now() - Date.now() : 0;
  const ageOf = (days: number) => days * DAY_MS - ahead;
  const activationDays = options.activationDays ?? 0;
  for (let more = activationDays > 0; more; ) {
    const deleted = await store.deleteOldActivations(ageOf(activationDays), batch);
    round.activations += deleted;
    round.batches++;
    more = deleted === batch;
  }
  for (let more = options.days > 0; more; ) {
    const erased = await store.eraseExpired(ageOf(options.days), batch);
    round.emails += erased.emails;
    round.eventDeliveries += erased.eventDeliveries;
    round.batches++;
    more = erased.emails === batch || erased.eventDeliveries === batch;
  }
  return round;
}

/** Runs one round and logs what it erased (counts only). */
export async function retentionRound(store: Store, options: RetentionOptions, log: Logger): Promise<void> {
  const round = await eraseExpired(store, options);
  if (round.emails > 0 || round.eventDeliveries > 0 || round.activations > 0) {
    log.info(
      { ...round, retentionDays: options.days, activationRetentionDays: options.activationDays },
      'retention: old emails erased, old events out and finished activations deleted',
    );
  }
}
