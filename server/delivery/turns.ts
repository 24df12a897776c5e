import { setTimeout as sleep } from 'node:timers/promises';

/**
 * When this process may send its next request: at its slot from the budget, and never more than
 * a window's worth of requests in any window. When slots fall behind (a busy event loop, a slow
 * claim) the late ones catch up, but never so fast that one of the provider's seconds gets a
 * request too many.
 */
export function createTurns(intervalMs: number) {
  const perWindow = Math.max(1, Math.round(1000 / intervalMs));
  const windowMs = perWindow * intervalMs;
  /** When this process sent its latest requests, oldest first (as many as one window holds). */
  const recent: number[] = [];
  return {
    async wait(slotAt: number, signal: AbortSignal): Promise<void> {
      for (;;) {
        const oldest = recent.length >= perWindow ? (recent.at(-perWindow) ?? 0) : 0;
        const waitMs = Math.ceil(Math.max(slotAt, oldest + windowMs) - Date.now());
        if (waitMs <= 0 || signal.aborted) break;
        await sleep(waitMs, undefined, { signal }).catch(() => undefined);
      }
      recent.push(Date.now());
      if (recent.length > perWindow) recent.splice(0, recent.length - perWindow);
    },
  };
}
