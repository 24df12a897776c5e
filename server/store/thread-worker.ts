import { parentPort, workerData } from 'node:worker_threads';
import { type ErrorData, errorData } from '../thread-errors.ts';
import { openEmbeddedStore } from './open.ts';
import type { Store } from './store.ts';

/**
 * The store's own thread: opens PGlite here and answers the calls the main thread forwards
 * (see thread.ts). Plain Node runs this file (type stripping), so it needs no loader.
 */

export type Call = { id: number; method: keyof Store; args: unknown[] };
export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ErrorData };
export type Ready = { ready: true } | { ready: false; error: ErrorData };

const port = parentPort;
if (!port) throw new Error('thread-worker.ts runs as a worker thread');

try {
  const { dataDir, eventsOut } = workerData as { dataDir: string; eventsOut?: boolean };
  const store = await openEmbeddedStore(dataDir, { eventsOut });
  port.on('message', async ({ id, method, args }: Call) => {
    try {
      const call = store[method] as (...a: unknown[]) => Promise<unknown>;
      port.postMessage({ id, ok: true, value: await call(...args) } satisfies Reply);
    } catch (err) {
      port.postMessage({ id, ok: false, error: errorData(err) } satisfies Reply);
    }
  });
  port.postMessage({ ready: true } satisfies Ready);
} catch (err) {
  port.postMessage({ ready: false, error: errorData(err) } satisfies Ready);
}
