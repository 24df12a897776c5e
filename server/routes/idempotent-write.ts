import type { Context } from 'hono';
import { type IdempotencyCaller, idempotencyCallerOf, REPLAYED_HEADER, startIdempotent } from '../idempotency.ts';
import { unsafeJson } from '../json-guard.ts';
import { ProblemError, problem, validationProblem } from '../problem.ts';
import { IdempotencyLostError, type IdempotencyRequest, type Store } from '../store/index.ts';

/**
 * The shell of every write that takes an Idempotency-Key (sending emails, each activation step,
 * the console's actions):
 * the key is claimed before any work, so a replay answers with the first response at once; a
 * write that stores nothing (refused, or failed) frees the key for the corrected request; a
 * write whose key a later request took over meanwhile stored nothing and is a 409.
 */

export interface WriteOptions<T, S extends 200 | 201 | 202> {
  store: Store;
  /** Names the operation in the request's hash: one key never answers for another route. */
  route: string;
  /** The answer's status, the same on a replay. */
  status: S;
  /** The raw body as sent (hashed with the route), null for a write without one. */
  body: unknown;
  /** Whether the server runs without API keys (every caller shares one key space). */
  open: boolean;
  /** A `Location` for the answer, when it creates something. */
  location?: (body: T) => string;
}

/** What the work did: the answer, and whether it stored anything (else the key is freed). */
export interface Written<T> {
  body: T;
  stored: boolean;
}

/** How the work went: done now, or answered from the first request with the same key. */
export interface IdempotentOutcome<T> {
  body: T;
  replayed: boolean;
}

/**
 * The idempotent part of a write, for any caller (the API, the console): claims the caller's
 * key, replays the first answer, runs the work, frees the key when nothing was stored. Throws
 * the problem to answer with.
 */
export async function runIdempotent<T extends object>(
  store: Store,
  caller: IdempotencyCaller,
  { route, body }: { route: string; body: unknown },
  work: (key: IdempotencyRequest | undefined) => Promise<Written<T>>,
): Promise<IdempotentOutcome<T>> {
  // Before the body is hashed: no nesting that exhausts the stack, no text the store refuses.
  const unsafe = unsafeJson(body);
  if (unsafe.length > 0) throw new ProblemError(validationProblem(unsafe));
  const idempotency = await startIdempotent(store, caller, { route, body });
  // Only work that stored something is kept with its key, so the first answer had the same status.
  if (idempotency.kind === 'replay') return { body: idempotency.response.body as T, replayed: true };
  const key = idempotency.kind === 'claimed' ? idempotency.request : undefined;
  try {
    const written = await work(key);
    if (!written.stored && key) await store.releaseIdempotencyKey(key);
    return { body: written.body, replayed: false };
  } catch (err) {
    if (key) await store.releaseIdempotencyKey(key).catch(() => undefined);
    if (err instanceof IdempotencyLostError) {
      throw new ProblemError(
        problem(
          'idempotency-key-in-use',
          'Another request took over this Idempotency-Key while this one ran; nothing was stored.',
        ),
      );
    }
    throw err;
  }
}

/** `runIdempotent` for an API request: the caller from its headers, the outcome as its answer. */
export async function idempotentWrite<T extends object, S extends 200 | 201 | 202>(
  c: Context,
  { store, route, status, body, open, location }: WriteOptions<T, S>,
  work: (key: IdempotencyRequest | undefined) => Promise<Written<T>>,
) {
  const outcome = await runIdempotent(store, idempotencyCallerOf(c, open), { route, body }, work);
  if (outcome.replayed) c.header(REPLAYED_HEADER, 'true');
  if (location) c.header('Location', location(outcome.body));
  return c.json(outcome.body, status);
}
