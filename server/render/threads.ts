import { Worker } from 'node:worker_threads';
import {
  type Brand,
  type Locale,
  type RenderedEmail,
  renderEmail,
  type TemplateName,
} from '../../emails/_catalog/index.ts';
import { packBody } from '../store/body-codec.ts';
import { errorFrom } from '../thread-errors.ts';
import type { RenderReply } from './render-thread.ts';

/**
 * Rendering emails beside the main thread. React's render and the text version are most of
 * what a render request costs; on the main thread they leave a second core idle while HTTP
 * waits behind them. Render threads take them, and the main thread keeps the HTTP work.
 *
 * A thread starts with the first email it is given (an idle server holds none: each costs
 * ~30 MB once loaded) and lives as long as the server. Each email goes to the thread with the
 * fewest in hand. A thread that stops fails only the emails it held, and the next email starts
 * another.
 */

/** An email as the store keeps it: its subject, and its bodies packed (store/body-codec.ts). */
export interface StoredEmail {
  subject: string;
  html: Uint8Array;
  text: Uint8Array;
}

/**
 * Renders data that already passed the template's schema, for the configured brand: as strings
 * (the render endpoint), or as the store keeps it, packed where it was rendered, so that neither
 * the main thread nor the store's carries the bodies or spends time packing them.
 */
export interface Renderer {
  render(name: TemplateName, data: unknown, locale?: Locale): Promise<RenderedEmail>;
  renderForStore(name: TemplateName, data: unknown, locale?: Locale): Promise<StoredEmail>;
}

export type RenderTask = {
  id: number;
  name: TemplateName;
  data: unknown;
  locale: Locale | undefined;
  forStore: boolean;
};

/** Packs a rendered email's bodies as the store keeps them. */
export const forStore = ({ subject, html, text }: RenderedEmail): StoredEmail => ({
  subject,
  html: packBody('html', html),
  text: packBody('text', text),
});

/** On the calling thread. */
export const renderHere = (brand: Brand): Renderer => ({
  render: (name, data, locale) => renderEmail(name, data, brand, locale),
  renderForStore: async (name, data, locale) => forStore(await renderEmail(name, data, brand, locale)),
});

export interface RenderThreads extends Renderer {
  /** Stops every thread; emails still in hand fail. */
  close(): Promise<void>;
}

/**
 * render-thread beside this module, compiled: threads run the server's bundle. From source
 * (tests in process) there is none to run, since Node's type stripping reads no .tsx.
 */
const compiledScript = import.meta.url.endsWith('.ts') ? undefined : new URL('./render-thread.js', import.meta.url);

/**
 * Emails a thread may hold before the next one is rendered on the calling thread instead.
 * Rendering there slows the main thread's reading of new requests, as when it rendered
 * everything: load holds itself back instead of queueing without end, and a thread that hangs
 * costs speed, not every render.
 */
export const MAX_IN_HAND = 64;

/**
 * How long a thread may take to answer an email before it is taken for hung and stopped (its
 * emails fail, the next email starts another). A render takes well under a millisecond, and 64
 * in hand well under a second.
 */
export const RENDER_DEADLINE_MS = 10_000;

export function startRenderThreads({
  threads,
  brand,
  script = compiledScript,
  onStop,
  deadlineMs = RENDER_DEADLINE_MS,
}: {
  threads: number;
  brand: Brand;
  /** The thread's script; tests substitute one. */
  script?: URL | undefined;
  /** Told when a thread stops on its own or is stopped for a deadline (not on close), with why. */
  onStop?: ((err: Error) => void) | undefined;
  deadlineMs?: number;
}): RenderThreads {
  if (threads === 0 || !script) return { ...renderHere(brand), close: async () => {} };
  const thread = script;
  const here = renderHere(brand);
  // Stack traces from the thread name our TypeScript too, as the main thread's do.
  const execArgv = process.sourceMapsEnabled ? ['--enable-source-maps'] : [];

  interface Slot {
    worker: Worker | undefined;
    /** In the order given, so the first is the one that has waited longest. */
    /** Each call's own resolve: a thread answers with the form it was asked for. */
    pending: Map<
      number,
      { resolve: (email: RenderedEmail | StoredEmail) => void; reject: (err: Error) => void; since: number }
    >;
  }
  const slots: Slot[] = Array.from({ length: threads }, () => ({ worker: undefined, pending: new Map() }));
  let nextId = 0;
  let closed = false;

  /** The thread is gone (or given up on): its emails fail, and the next email starts another. */
  function stopped(slot: Slot, worker: Worker, err: Error): void {
    if (slot.worker !== worker) return;
    slot.worker = undefined;
    if (!closed) onStop?.(err);
    for (const call of slot.pending.values()) call.reject(err);
    slot.pending.clear();
  }

  const watchdog = setInterval(
    () => {
      const now = performance.now();
      for (const slot of slots) {
        const oldest = slot.pending.values().next().value;
        if (!slot.worker || !oldest || now - oldest.since <= deadlineMs) continue;
        const hung = slot.worker;
        stopped(slot, hung, new Error(`a render thread gave no answer in ${deadlineMs} ms: stopped`));
        void hung.terminate();
      }
    },
    Math.min(1000, deadlineMs / 2),
  );
  watchdog.unref();

  function start(slot: Slot): Worker {
    const worker = new Worker(thread, { workerData: { brand }, execArgv });
    // The HTTP server keeps the process alive; a thread never should.
    worker.unref();
    worker.on('message', (reply: RenderReply) => {
      const call = slot.pending.get(reply.id);
      if (!call) return;
      slot.pending.delete(reply.id);
      if (reply.ok) call.resolve(reply.email);
      else call.reject(errorFrom(reply.error));
    });
    worker.on('error', (err) => stopped(slot, worker, new Error(`a render thread failed: ${err.message}`)));
    worker.on('exit', (code) => stopped(slot, worker, new Error(`a render thread stopped (exit code ${code})`)));
    return worker;
  }

  /** To the thread with the fewest in hand; on this thread when every one holds MAX_IN_HAND. */
  function dispatch<E>(task: Omit<RenderTask, 'id'>, here: () => Promise<E>): Promise<E> {
    if (closed) return Promise.reject(new Error('the render threads are closed'));
    let slot = slots[0] as Slot;
    for (const other of slots) if (other.pending.size < slot.pending.size) slot = other;
    if (slot.pending.size >= MAX_IN_HAND) return here();
    return new Promise((resolve, reject) => {
      const worker = slot.worker ?? start(slot);
      slot.worker = worker;
      const id = nextId++;
      // Posted first: data that cannot be cloned throws here and is held nowhere.
      worker.postMessage({ id, ...task } satisfies RenderTask);
      slot.pending.set(id, { resolve: (email) => resolve(email as E), reject, since: performance.now() });
    });
  }

  return {
    render: (name, data, locale) =>
      dispatch({ name, data, locale, forStore: false }, () => here.render(name, data, locale)),
    renderForStore: (name, data, locale) =>
      dispatch({ name, data, locale, forStore: true }, () => here.renderForStore(name, data, locale)),
    async close() {
      closed = true;
      clearInterval(watchdog);
      await Promise.all(slots.map((slot) => slot.worker?.terminate()));
    },
  };
}
