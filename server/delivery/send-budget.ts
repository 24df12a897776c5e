import type { Store } from '../store/index.ts';
import { type BudgetRule, type BudgetState, emptyBudget, giveBack, pause, reserve } from './pacing-rule.ts';

/**
 * Where the provider's request budget lives: in this process (PGlite: one process sends), or in
 * the store (PostgreSQL: every instance takes its slots from one row, because the provider's
 * limit is per team, not per process). Both run the same rule (`pacing-rule.ts`) and answer
 * in this process's clock.
 */

export interface Slots {
  /** Epoch ms (this process's clock) at which each granted request may start. */
  slots: number[];
  /** When no slot was granted: how long until one may be. */
  waitMs: number;
  /** Epoch ms until which the provider asked us to pause (0: no pause). */
  pausedUntil: number;
  /** The slots in the budget's own clock, for giving back. */
  raw: number[];
}

export interface SendBudget {
  readonly shared: boolean;
  /** The least time between two requests from this process. */
  readonly intervalMs: number;
  reserve(want: number): Promise<Slots>;
  /** Hands back the last `unused` slots of a grant (fewer emails were due than slots taken). */
  giveBack(grant: Slots, unused: number): Promise<void>;
  /** Nobody sends before `untilMs` (this process's clock). */
  pauseUntil(untilMs: number): Promise<void>;
}

export function localBudget(rule: BudgetRule, clock: () => number = Date.now): SendBudget {
  let state: BudgetState = emptyBudget;
  return {
    shared: false,
    intervalMs: rule.intervalMs,
    async reserve(want) {
      const granted = reserve(state, rule, clock(), want);
      state = granted.state;
      return { slots: granted.slots, raw: granted.slots, waitMs: granted.waitMs, pausedUntil: state.pausedUntil };
    },
    async giveBack(grant, unused) {
      if (unused > 0) state = giveBack(state, rule, grant.raw.slice(-unused));
    },
    async pauseUntil(untilMs) {
      state = pause(state, untilMs);
    },
  };
}

/**
 * The budget in the store's `send_budget` row. The store answers in the database's clock, so
 * instances whose clocks differ still space their requests on one time line; each answer is
 * moved into this process's clock by the offset seen in that answer.
 */
export function storeBudget(store: Store, rule: BudgetRule, clock: () => number = Date.now): SendBudget {
  return {
    shared: true,
    intervalMs: rule.intervalMs,
    async reserve(want) {
      const asked = clock();
      const granted = await store.reserveSendSlots(rule, want);
      const offset = granted.now - (asked + clock()) / 2;
      return {
        slots: granted.slots.map((slot) => slot - offset),
        raw: granted.slots,
        waitMs: granted.waitMs,
        pausedUntil: granted.pausedUntil ? granted.pausedUntil - offset : 0,
      };
    },
    async giveBack(grant, unused) {
      if (unused > 0) await store.giveBackSendSlots(rule, grant.raw.slice(-unused));
    },
    async pauseUntil(untilMs) {
      await store.pauseSending(untilMs - clock());
    },
  };
}
