import { parentPort } from 'node:worker_threads';

/** A render thread that answers every email with the same text, and stops (exit 3) when given the data "stop". */
parentPort?.on('message', ({ id, data }: { id: number; data: unknown }) => {
  if (data === 'stop') process.exit(3);
  parentPort?.postMessage({ id, ok: true, email: { subject: 'Subject', html: '<p>Hi</p>', text: 'Hi' } });
});
