import { parentPort } from 'node:worker_threads';

/**
 * A render thread that answers every email with the same text; given the data "stop" it stops
 * (exit 3), and given "hold" it never answers, as a hung thread would.
 */
parentPort?.on('message', ({ id, data }: { id: number; data: unknown }) => {
  if (data === 'stop') process.exit(3);
  if (data === 'hold') return;
  parentPort?.postMessage({ id, ok: true, email: { subject: 'Subject', html: '<p>Hi</p>', text: 'Hi' } });
});
