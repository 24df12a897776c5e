import { and, eq, lte, sql } from 'drizzle-orm';
import { idempotencyKeys } from '../schema.ts';
import { type Db, dbNow, dbNowPlus, type Tx } from './rows.ts';

/**
 * Idempotency records: a key held while its request runs, then the response it answered with,
 * kept until it expires. The response is completed in the transaction that stores what the
 * request did, so a replay never answers for work that was not stored.
 */

export interface IdempotencyRequest {
  scope: string;
  key: string;
  requestHash: string;
  /** Identifies the request holding the key while it runs. */
  owner: string;
}

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in-flight' };

/** The response an idempotent request answered with, kept with its key. */
export interface IdempotentResponse {
  status: number;
  body: unknown;
}

/** A request's key and the answer to keep with it, stored with the request's work. */
export interface IdempotentCompletion {
  request: IdempotencyRequest;
  response: IdempotentResponse;
}

/** The first request's claim on its key was lost (it ran past the in-flight lock): nothing was stored. */
export class IdempotencyLostError extends Error {
  override name = 'IdempotencyLostError';
}

/** Takes the key for this request, or says what the earlier request with it got. */
export async function claimIdempotencyKey(
  db: Db,
  request: IdempotencyRequest,
  ttlMs: number,
  lockMs: number,
): Promise<IdempotencyClaim> {
  const { scope, key, requestHash, owner } = request;
  // The unique (scope, key) makes concurrent requests with one key race safely: one inserts,
  // the others wait for it and then find its row. An expired record, or an in-flight one whose
  // request died, is taken over.
  const taken = await db
    .insert(idempotencyKeys)
    .values({
      scope,
      key,
      requestHash,
      owner,
      state: 'in_flight',
      lockedUntil: dbNowPlus(lockMs),
      expiresAt: dbNowPlus(ttlMs),
    })
    .onConflictDoUpdate({
      target: [idempotencyKeys.scope, idempotencyKeys.key],
      set: {
        requestHash,
        owner,
        state: 'in_flight',
        lockedUntil: dbNowPlus(lockMs),
        expiresAt: dbNowPlus(ttlMs),
        responseStatus: null,
        responseBody: null,
        createdAt: dbNow,
      },
      setWhere: sql`${idempotencyKeys.expiresAt} <= now() or (${idempotencyKeys.state} = 'in_flight' and ${idempotencyKeys.lockedUntil} <= now())`,
    })
    .returning({ key: idempotencyKeys.key });
  if (taken.length > 0) return { kind: 'claimed' };
  const [existing] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  // Gone between the two statements (its request gave it up): it is free again.
  if (!existing) return claimIdempotencyKey(db, request, ttlMs, lockMs);
  if (existing.requestHash !== requestHash) return { kind: 'mismatch' };
  if (existing.state === 'done' && existing.responseStatus !== null) {
    return { kind: 'replay', status: existing.responseStatus, body: JSON.parse(existing.responseBody ?? 'null') };
  }
  return { kind: 'in-flight' };
}

/** Gives the key up after a request that stored nothing (refused, or failed). */
export async function releaseIdempotencyKey(db: Db, { scope, key, owner }: IdempotencyRequest): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.scope, scope),
        eq(idempotencyKeys.key, key),
        eq(idempotencyKeys.owner, owner),
        eq(idempotencyKeys.state, 'in_flight'),
      ),
    );
}

export async function purgeExpiredIdempotencyKeys(db: Db): Promise<number> {
  const purged = await db
    .delete(idempotencyKeys)
    .where(lte(idempotencyKeys.expiresAt, dbNow))
    .returning({ key: idempotencyKeys.key });
  return purged.length;
}

/**
 * Keeps the response with its key, inside the transaction that stores what the request did.
 * False when the key was taken over meanwhile (the request then stores nothing).
 */
export async function completeIdempotency(
  tx: Pick<Tx, 'update'>,
  { request, response }: IdempotentCompletion,
): Promise<boolean> {
  const done = await tx
    .update(idempotencyKeys)
    .set({
      state: 'done',
      responseStatus: response.status,
      responseBody: JSON.stringify(response.body),
      lockedUntil: dbNow,
    })
    .where(
      and(
        eq(idempotencyKeys.scope, request.scope),
        eq(idempotencyKeys.key, request.key),
        eq(idempotencyKeys.owner, request.owner),
        eq(idempotencyKeys.state, 'in_flight'),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return done.length > 0;
}

/** Completes the response in `tx`, or throws IdempotencyLostError so the transaction stores nothing. */
export async function completeOrRollBack(tx: Pick<Tx, 'update'>, completion: IdempotentCompletion | undefined) {
  if (completion && !(await completeIdempotency(tx, completion))) {
    throw new IdempotencyLostError('the Idempotency-Key was taken over by a later request');
  }
}
