import { setTimeout as sleep } from 'node:timers/promises';

/** A delivery under way: settles when it ends; aborting it hands its work back. */
export interface InFlight {
  abort: AbortController;
  done: Promise<void>;
}

/**
 * How the delivery worker and the events dispatcher stop: waits up to `drainMs` for what is in
 * flight, then aborts what is left and waits for it to settle. Resolves with how many it aborted.
 */
export async function drainInFlight(inFlight: Map<string, InFlight>, drainMs: number): Promise<number> {
  if (inFlight.size === 0) return 0;
  const all = () => Promise.allSettled([...inFlight.values()].map((d) => d.done));
  const drained = await Promise.race([
    all().then(() => true),
    sleep(drainMs, undefined, { ref: false }).then(() => false),
  ]);
  if (drained) return 0;
  const left = inFlight.size;
  for (const delivery of inFlight.values()) delivery.abort.abort();
  await all();
  return left;
}
