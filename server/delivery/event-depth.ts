import { Gauge, type Registry } from 'prom-client';
import type { Store } from '../store/index.ts';

/** `events_out{status}`: events for EVENTS_WEBHOOK_URL by status, read from the store at each scrape. */
export function registerEventDepth(registry: Registry, store: Store): Gauge<'status'> {
  return new Gauge({
    name: 'events_out',
    help: 'Events for the callers’ endpoint, by status: pending, delivering, delivered, failed (gave up)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      try {
        const depth = await store.eventDepth();
        for (const [status, n] of Object.entries(depth)) this.set({ status }, n);
      } catch {
        // The store does not answer: leave the last values; /readyz reports the outage.
      }
    },
  });
}
