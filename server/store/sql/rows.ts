import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../open.ts';

/** What every family of statements shares: the handles they run on, and how raw SQL answers. */

export type { Db };
/** A transaction's handle, as `db.transaction` passes it. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Rows of a statement written in SQL; both drivers answer with `rows`. */
export const rowsOf = async <T>(db: Pick<Db, 'execute'>, query: SQL): Promise<T[]> =>
  ((await db.execute(query)) as unknown as { rows: T[] }).rows;

/** The database's clock, for times the database compares (leases, due times, expiries). */
export const dbNow = sql`now()`;

/** The database's clock `ms` milliseconds on (never in the past). */
export const dbNowPlus = (ms: number): SQL => sql`now() + ${Math.max(0, Math.round(ms))} * interval '1 millisecond'`;

/** A value as a jsonb parameter (undefined as SQL null). */
export const jsonb = (value: unknown): SQL => sql`${value === undefined ? null : JSON.stringify(value)}::jsonb`;
