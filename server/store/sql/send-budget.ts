import { eq, sql } from 'drizzle-orm';
import { type BudgetRule, type BudgetState, giveBack, pause, reserve } from '../../delivery/pacing-rule.ts';
import { sendBudget } from '../schema.ts';
import { type Db, rowsOf } from './rows.ts';

/**
 * The provider's request budget shared by every instance on one PostgreSQL: one row, locked
 * while the pure rule (delivery/pacing-rule.ts) changes it, in the database's clock so that
 * instances whose clocks differ still space their requests on one time line.
 */

/** The shared send budget as the store answers it, in the database's clock (epoch ms). */
export interface StoredSlots {
  slots: number[];
  waitMs: number;
  pausedUntil: number;
  /** The database's clock when it answered. */
  now: number;
}

const PROVIDER = 'resend';

/** The budget's row, locked for this transaction (created on first use), changed by `change`. */
function withBudget<T>(db: Db, change: (state: BudgetState, atMs: number) => { state: BudgetState; result: T }) {
  return db.transaction(async (tx) => {
    const locked = async () =>
      (
        await rowsOf<{ nextAt: number; pausedUntil: number; atMs: number }>(
          tx as unknown as Db,
          sql`select next_at as "nextAt", paused_until as "pausedUntil",
            extract(epoch from clock_timestamp()) * 1000 as "atMs"
          from send_budget where provider = ${PROVIDER} for update`,
        )
      )[0];
    let row = await locked();
    if (!row) {
      await tx.insert(sendBudget).values({ provider: PROVIDER }).onConflictDoNothing();
      row = await locked();
    }
    if (!row) throw new Error('the send budget row is missing');
    const atMs = Number(row.atMs);
    const before = { nextAt: Number(row.nextAt), pausedUntil: Number(row.pausedUntil) };
    const { state, result } = change(before, atMs);
    if (state.nextAt !== before.nextAt || state.pausedUntil !== before.pausedUntil) {
      await tx
        .update(sendBudget)
        .set({ nextAt: state.nextAt, pausedUntil: state.pausedUntil })
        .where(eq(sendBudget.provider, PROVIDER));
    }
    return { result, atMs, state };
  });
}

/** Takes up to `want` slots from the shared send budget (`want` 0 only reads it). */
export async function reserveSendSlots(db: Db, rule: BudgetRule, want: number): Promise<StoredSlots> {
  const { result, atMs, state } = await withBudget(db, (budget, at) => {
    if (want <= 0) return { state: budget, result: { slots: [] as number[], waitMs: 0 } };
    const granted = reserve(budget, rule, at, want);
    return { state: granted.state, result: { slots: granted.slots, waitMs: granted.waitMs } };
  });
  return { ...result, now: atMs, pausedUntil: state.pausedUntil };
}

/** Returns unused slots (in the database's clock, as `reserveSendSlots` gave them). */
export async function giveBackSendSlots(db: Db, rule: BudgetRule, slots: number[]): Promise<void> {
  if (slots.length === 0) return;
  await withBudget(db, (budget) => ({ state: giveBack(budget, rule, slots), result: undefined }));
}

/** No slot of the shared budget starts before `ms` from now. */
export async function pauseSending(db: Db, ms: number): Promise<void> {
  await withBudget(db, (budget, at) => ({ state: pause(budget, at + Math.max(0, ms)), result: undefined }));
}
