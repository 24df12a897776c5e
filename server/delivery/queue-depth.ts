import { Gauge, type Registry } from 'prom-client';
import type { Store } from '../store/index.ts';

/** `emails_queue_depth{status}`: emails waiting (queued, scheduled) or being sent, read from the store at each scrape. */
export function registerQueueDepth(registry: Registry, store: Store): Gauge<'status'> {
  return new Gauge({
    name: 'emails_queue_depth',
    help: 'Emails not yet sent, by status: queued (due), scheduled (due later) and sending',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      try {
        const depth = await store.queueDepth();
        for (const [status, n] of Object.entries(depth)) this.set({ status }, n);
      } catch {
        // The store does not answer: leave the last values; /readyz reports the outage.
      }
    },
  });
}
