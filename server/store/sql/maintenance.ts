import { getTableName, sql } from 'drizzle-orm';
import { schema } from '../schema.ts';
import type { Db } from './rows.ts';

/** Housekeeping the worker runs now and then. */

const tables = sql.raw(
  Object.values(schema)
    .map((table) => getTableName(table))
    .join(', '),
);

/**
 * PGlite has no autovacuum: this reclaims the space of old row versions and refreshes the
 * planner's statistics. PostgreSQL's autovacuum does it there.
 */
export async function vacuum(db: Db): Promise<void> {
  await db.execute(sql`vacuum (analyze) ${tables}`);
}
