import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { type ErrorData, errorFrom } from '../thread-errors.ts';
import { IdempotencyLostError } from './sql/idempotency.ts';
import type { Store } from './store.ts';
import type { Call, Ready, Reply } from './thread-worker.ts';

/**
 * PGlite in a worker thread of its own. PGlite runs the database on the thread that calls it,
 * so in the main thread every query would stop HTTP and rendering while it ran; here the two
 * run side by side, and calls that arrive while a commit runs are grouped into the next one.
 * The Store interface is already asynchronous, so each call is forwarded as it is.
 */

const methods = [
  'ping',
  'claimIdempotencyKey',
  'releaseIdempotencyKey',
  'purgeExpiredIdempotencyKeys',
  'eraseExpired',
  'deleteOldActivations',
  'eraseAddress',
  'acceptEmails',
  'getEmail',
  'getEmailHtml',
  'listEmails',
  'cancelEmail',
  'claimDue',
  'claimBatches',
  'markWaiting',
  'leaveBatch',
  'countDue',
  'reserveSendSlots',
  'giveBackSendSlots',
  'pauseSending',
  'markSent',
  'markCaptured',
  'markRetry',
  'markFailed',
  'markOutcomeUnknown',
  'release',
  'releaseAllLeases',
  'recordWebhookEvent',
  'queueDepth',
  'maintain',
  'createActivation',
  'getActivation',
  'listActivations',
  'changeActivation',
  'claimEvents',
  'settleEvent',
  'eventDepth',
  'findActivations',
  'attentionQueue',
  'findEmails',
  'activationTimeline',
  'deliveryGlance',
] as const satisfies readonly Exclude<keyof Store, 'dialect' | 'close'>[];
// Fails to compile when the Store gains a method this list does not forward.
type Unforwarded = Exclude<keyof Store, (typeof methods)[number] | 'dialect' | 'close'>;
const everyMethodForwarded: [Unforwarded] extends [never] ? true : Unforwarded = true;
void everyMethodForwarded;

/** The kinds of error callers tell apart become themselves again. */
const rebuild = (data: ErrorData): Error =>
  errorFrom(data, ({ name, message }) =>
    name === 'IdempotencyLostError' ? new IdempotencyLostError(message) : undefined,
  );

/**
 * thread-worker beside this module, with its extension: the .ts file when running from source,
 * the .js file that `npm run build` writes beside the server's bundle when running compiled.
 */
const defaultScript = new URL(`./thread-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

export interface ThreadOptions {
  dataDir: string;
  /** Whether events go out (the store queues them only then). */
  eventsOut?: boolean | undefined;
  /** Called once if the thread stops while the store is open (not on close): no call will be answered again. */
  onLost?: ((err: Error) => void) | undefined;
  /** The thread's script; tests substitute one that fails. */
  script?: URL;
}

export async function openStoreInThread({
  dataDir,
  eventsOut = false,
  onLost,
  script = defaultScript,
}: ThreadOptions): Promise<Store> {
  const worker = new Worker(script, { workerData: { dataDir, eventsOut }, execArgv: [] });
  const [ready] = (await Promise.race([
    once(worker, 'message'),
    once(worker, 'exit').then(([code]) => {
      throw new Error(`the store's thread stopped before it was ready (exit code ${code})`);
    }),
  ])) as [Ready];
  if (!ready.ready) {
    await worker.terminate();
    throw rebuild(ready.error);
  }

  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  let nextId = 0;
  /** Set when the thread is gone: every call after that fails with it. */
  let stopped: Error | undefined;
  let closing = false;

  worker.on('message', (reply: Reply) => {
    const call = pending.get(reply.id);
    if (!call) return;
    pending.delete(reply.id);
    if (reply.ok) call.resolve(reply.value);
    else call.reject(rebuild(reply.error));
  });
  const stop = (err: Error) => {
    if (!stopped && !closing) onLost?.(err);
    stopped ??= err;
    for (const call of pending.values()) call.reject(stopped);
    pending.clear();
  };
  worker.on('error', (err) => stop(new Error(`the store's thread failed: ${err.message}`)));
  worker.on('exit', (code) => stop(new Error(`the store's thread stopped (exit code ${code})`)));

  const forward = (method: Call['method'], args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      if (stopped) return reject(stopped);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, method, args } satisfies Call);
    });

  const store = Object.fromEntries(
    methods.map((method) => [method, (...args: unknown[]) => forward(method, args)]),
  ) as unknown as Omit<Store, 'dialect' | 'close'>;

  return {
    ...store,
    dialect: 'pglite',
    async ping() {
      return stopped ? false : ((await forward('ping', [])) as boolean);
    },
    async close() {
      if (stopped) return;
      closing = true;
      try {
        await forward('close', []);
      } finally {
        await worker.terminate();
      }
    },
  };
}
