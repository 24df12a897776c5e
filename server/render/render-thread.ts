import { parentPort, workerData } from 'node:worker_threads';
import { type Brand, renderEmail } from '../../emails/_catalog/index.ts';
import { type ErrorData, errorData } from '../thread-errors.ts';
import { forStore, type RenderTask, type StoredEmail } from './threads.ts';

/**
 * A render thread: renders the emails the main thread hands it (see threads.ts), always for
 * the brand it was started with. One brand object for its life, so that the parts of an email
 * rendered once (emails/_components/prerendered.tsx) are found again.
 */

export type RenderReply =
  | { id: number; ok: true; email: Awaited<ReturnType<typeof renderEmail>> | StoredEmail }
  | { id: number; ok: false; error: ErrorData };

const port = parentPort;
if (!port) throw new Error('render-thread.ts runs as a worker thread');
const { brand } = workerData as { brand: Brand };

port.on('message', async ({ id, name, data, locale, forStore: packed }: RenderTask) => {
  try {
    const email = await renderEmail(name, data, brand, locale);
    port.postMessage({ id, ok: true, email: packed ? forStore(email) : email } satisfies RenderReply);
  } catch (err) {
    port.postMessage({ id, ok: false, error: errorData(err) } satisfies RenderReply);
  }
});
