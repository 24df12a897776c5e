/**
 * The provider's request budget as a pure rule, its clock passed in: no I/O, no timers.
 *
 * It is a token bucket of one token in the form of the generic cell rate algorithm: the state
 * is the earliest moment the next request may start (`nextAt`), and each request granted
 * pushes it one `intervalMs` later. Requests are granted as **slots**, moments in the near
 * future (up to `horizonMs` ahead) at which they may start, so a worker can claim and prepare
 * the emails of a slot before its moment comes, and sends leave evenly spaced rather than in
 * bursts that the provider's per-second window would refuse. A provider's "stop until"
 * (`Retry-After`, a spent quota) pauses every slot until then.
 *
 * The same rule runs in-process on PGlite and over one shared row on PostgreSQL, where every
 * instance of the server takes its slots from one budget: the limit belongs to the team.
 */

export interface BudgetState {
  /** Epoch ms: no slot starts before this. */
  nextAt: number;
  /** Epoch ms: the provider asked us to send nothing before this (0: no pause). */
  pausedUntil: number;
}

export interface BudgetRule {
  /** Time between two requests: 1000 / the requests per second we allow ourselves. */
  intervalMs: number;
  /** How far ahead slots may be handed out. */
  horizonMs: number;
}

export const emptyBudget: BudgetState = { nextAt: 0, pausedUntil: 0 };

/**
 * Our pace is a little under the provider's limit, so that the jitter of timers and of the
 * network (two sends a few ms closer than planned) never puts one request too many into one
 * of the provider's seconds.
 */
export const PACE_SHARE_OF_LIMIT = 0.97;

export function ruleFor(requestsPerSecond: number, horizonMs = 1000): BudgetRule {
  return { intervalMs: 1000 / (requestsPerSecond * PACE_SHARE_OF_LIMIT), horizonMs };
}

export interface Reservation {
  state: BudgetState;
  /** Epoch ms at which each granted request may start, earliest first; empty when none is free. */
  slots: number[];
  /** When `slots` is empty: how long until one could be granted. */
  waitMs: number;
}

/** Grants up to `want` slots starting no earlier than `now`, none further ahead than the horizon. */
export function reserve(state: BudgetState, rule: BudgetRule, now: number, want: number): Reservation {
  let next = Math.max(state.nextAt, state.pausedUntil, now);
  const slots: number[] = [];
  while (slots.length < want && next - now <= rule.horizonMs) {
    slots.push(next);
    next += rule.intervalMs;
  }
  if (slots.length === 0) return { state, slots, waitMs: Math.max(0, next - now - rule.horizonMs) };
  return { state: { ...state, nextAt: next }, slots, waitMs: 0 };
}

/**
 * Gives back slots granted but not used (fewer emails were due than slots taken). Only the
 * latest slots can come back: an earlier one has later ones granted after it.
 */
export function giveBack(state: BudgetState, rule: BudgetRule, slots: readonly number[]): BudgetState {
  let nextAt = state.nextAt;
  for (const slot of [...slots].sort((a, b) => b - a)) {
    if (Math.abs(nextAt - (slot + rule.intervalMs)) > 0.5) break;
    nextAt = slot;
  }
  return { ...state, nextAt };
}

/** The provider said to wait until `until`: no slot is granted before it, however many were free. */
export function pause(state: BudgetState, until: number): BudgetState {
  return until > state.pausedUntil ? { ...state, pausedUntil: until } : state;
}
