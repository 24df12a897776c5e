import { z } from '@hono/zod-openapi';
import { IDEMPOTENCY_HEADER, REPLAYED_HEADER } from '../idempotency.ts';
import { ProblemError, validationProblem } from '../problem.ts';

/**
 * What several resources' routes share, owned by none of them: the Idempotency-Key header, path
 * ids, and paging (`limit`, and an opaque cursor naming the last row of the previous page).
 */

export const idempotencyHeader = z.object({
  [IDEMPOTENCY_HEADER]: z
    .string()
    .regex(/^[\x20-\x7e]{1,255}$/, { error: 'must be 1 to 255 printable ASCII characters' })
    .optional()
    .openapi({
      param: { name: IDEMPOTENCY_HEADER, in: 'header' },
      description:
        'Up to 255 printable ASCII characters. Kept 24 hours: the same key and body again answer the first response (with `Idempotent-Replayed: true`); another body is a 422; while the first request runs, 409.',
      example: 'order-4711-activation',
    }),
});

export const idParam = z.object({
  id: z.string().openapi({
    param: { name: 'id', in: 'path', description: 'The id the resource was created with (a UUID)' },
    format: 'uuid',
    example: '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f',
  }),
});

/** The headers of a keyed write's success: a replay says so (every answer's own are added by createApp). */
export const writeHeaders = {
  [REPLAYED_HEADER]: {
    description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key',
    required: false,
    schema: { type: 'string' as const, enum: ['true'] },
  },
};

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that cannot be a row's is not found without asking the store; ids are stored lower-case. */
export function pathId(id: string, notFound: (id: string) => Error): string {
  if (!UUID.test(id)) throw notFound(id);
  return id.toLowerCase();
}

/** The paging parameters every list takes: `limit` (1–100, default 20) and the previous page's cursor. */
export const pageQuery = {
  limit: z.coerce
    .number({ error: 'must be a whole number from 1 to 100' })
    .int({ error: 'must be a whole number from 1 to 100' })
    .min(1, { error: 'must be a whole number from 1 to 100' })
    .max(100, { error: 'must be a whole number from 1 to 100' })
    .default(20)
    .openapi({
      param: { name: 'limit', in: 'query', description: 'How many to list on a page: 1 to 100 (default 20)' },
      example: 20,
    }),
  cursor: z
    .string()
    .optional()
    .openapi({
      param: {
        name: 'cursor',
        in: 'query',
        description:
          'The previous page’s `nextCursor`, to read the next page. Opaque: pass it as given, with the same filters as the first page (a cursor names where a page ended, not the query).',
      },
    }),
};

/** Opaque to clients: the id of the last row on the page. */
export const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string | undefined {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  return UUID.test(id) ? id.toLowerCase() : undefined;
}

/** The row id a cursor names, or a 422 for a cursor this API did not give out. */
export function cursorBefore(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const before = decodeCursor(cursor);
  if (!before)
    throw new ProblemError(validationProblem([{ path: 'cursor', message: 'is not a cursor this API gave out' }]));
  return before;
}

/**
 * One page of a list read with `limit + 1` rows: the rows shown, and the cursor of the next page
 * when the extra row says there is one.
 */
export function pageOf<Row extends { id: string }, View>(rows: Row[], limit: number, view: (row: Row) => View) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { data: page.map(view), nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

/** The schema of a page of `item`s, as the document names it. */
export const pageSchema = <T extends z.ZodType>(item: T, name: string, what: string) =>
  z
    .object({
      data: z.array(item).openapi({ description: `The ${what} on this page, newest first` }),
      nextCursor: z.string().nullable().openapi({
        description: 'Pass as `cursor`, with the same filters, for the next page; null on the last',
        example: 'MDE5NmEwYjQtMmMxZS03ZDNhLTlmMTAtNmE1YjRjM2QyZTFm',
      }),
    })
    .openapi(name, { description: `A page of ${what}, newest first` });
