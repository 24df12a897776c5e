import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { FieldError } from './problem.ts';
import { ProblemError, problem } from './problem.ts';
import type { IdempotencyRequest, IdempotentResponse, Store } from './store/index.ts';

/**
 * `Idempotency-Key` on the sending routes: a retried request gets the first answer again
 * (with `Idempotent-Replayed: true`) instead of sending twice. Keys live 24 hours, in a space
 * of their own per API key; a different body under a used key is refused, and a request
 * still running under the key answers 409.
 */

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
/** A request holding a key longer than this is taken to have died, and the key is free again. */
const IN_FLIGHT_LOCK_MS = 60_000;

const KEY = /^[\x20-\x7e]{1,255}$/;
const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** JSON with object keys sorted, so that key order and spacing do not make a body "different". */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The header's problem, if it is present but malformed. */
export function idempotencyKeyError(c: Context): FieldError | undefined {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  if (key === undefined || KEY.test(key)) return undefined;
  return { path: IDEMPOTENCY_HEADER, message: 'must be 1 to 255 printable ASCII characters' };
}

/** Who asks, as the idempotency records see it: their key space, and the key they sent (if any). */
export interface IdempotencyCaller {
  /** Keys of different callers never meet. */
  scope: string;
  key: string | undefined;
}

/** The caller of an API request: its Idempotency-Key header, in the space of its API key (kept only as a digest). */
export function idempotencyCallerOf(c: Context, open: boolean): IdempotencyCaller {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  if (open) return { scope: 'open', key };
  const token = /^Bearer[ \t]+(\S+)/i.exec(c.req.header('Authorization') ?? '')?.[1] ?? '';
  return { scope: sha256(token), key };
}

export type IdempotencyStart =
  | { kind: 'none' }
  | { kind: 'claimed'; request: IdempotencyRequest }
  | { kind: 'replay'; response: IdempotentResponse };

/**
 * Before the work: takes the caller's key, or answers for it (replay, 409 in flight, 422
 * different body). Throws the problem to answer with.
 */
export async function startIdempotent(
  store: Store,
  { scope, key }: IdempotencyCaller,
  { route, body }: { route: string; body: unknown },
): Promise<IdempotencyStart> {
  if (key === undefined) return { kind: 'none' };
  const request: IdempotencyRequest = {
    scope,
    key,
    requestHash: sha256(`${route}\n${canonicalJson(body)}`),
    owner: randomUUID(),
  };
  const claim = await store.claimIdempotencyKey(request, IDEMPOTENCY_TTL_MS, IN_FLIGHT_LOCK_MS);
  switch (claim.kind) {
    case 'claimed':
      return { kind: 'claimed', request };
    case 'replay':
      return { kind: 'replay', response: { status: claim.status, body: claim.body } };
    case 'mismatch':
      throw new ProblemError(
        problem(
          'idempotency-key-reused',
          'This Idempotency-Key was already used with a different request; use a new key for a new request.',
          [
            {
              path: IDEMPOTENCY_HEADER,
              message: 'was already used with a different request body; use a new key for a new request',
            },
          ],
        ),
      );
    case 'in-flight':
      throw new ProblemError(
        problem(
          'idempotency-key-in-use',
          'A request with this Idempotency-Key is still being processed; retry once it has finished.',
        ),
        { 'Retry-After': '1' },
      );
  }
}
