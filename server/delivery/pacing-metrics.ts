import { Gauge } from 'prom-client';
import type { Metrics } from '../metrics.ts';
import type { Store } from '../store/index.ts';

/**
 * Gauges read at each scrape: `emails_waiting_for_budget`, the emails due now that no worker
 * has claimed yet (during a burst, the ones waiting for the provider's budget), and
 * `delivery_paused_seconds`, how long the provider asked delivery to pause (a spent quota, a
 * `Retry-After`), 0 when it did not.
 */
export function registerPacingGauges(metrics: Metrics, store: Store, pausedUntil: () => number): void {
  new Gauge({
    name: 'emails_waiting_for_budget',
    help: 'Emails due now and not yet claimed: during a burst, those waiting for the provider request budget',
    registers: [metrics.registry],
    async collect() {
      try {
        this.set(await store.countDue());
      } catch {
        // The store does not answer: leave the last value; /readyz reports the outage.
      }
    },
  });
  new Gauge({
    name: 'delivery_paused_seconds',
    help: 'Seconds until delivery resumes after the provider asked for a pause (quota spent, Retry-After); 0 if none',
    registers: [metrics.registry],
    collect() {
      this.set(Math.max(0, (pausedUntil() - Date.now()) / 1000));
    },
  });
}
