import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { schema } from './schema.ts';
import { createStore, type Store } from './store.ts';
import { openStoreInThread } from './thread.ts';

/**
 * Opens the store and brings its schema up to date: PostgreSQL when a URL is given (several
 * server instances can share it), else PGlite, embedded, in `dataDir`, on a thread of its own.
 */

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface StoreOptions {
  /** `postgres://…`: use that server. Absent: PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files (in a `pglite` folder); `memory://` keeps nothing on disk. */
  dataDir: string;
  /** A PGlite instance to use instead of opening one in `dataDir` (tests share one: starting PGlite takes seconds). */
  pglite?: PGlite | undefined;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
  /** Called when an idle PostgreSQL connection fails (the pool replaces it). */
  onConnectionError?: (err: Error) => void;
  /**
   * Called if the embedded store's thread stops while open (a crash of PGlite, say): the store
   * will answer nothing again, so the process should exit and be restarted on the same data.
   */
  onLost?: (err: Error) => void;
  /** Whether events go out to EVENTS_WEBHOOK_URL: the store queues them only then. */
  eventsOut?: boolean | undefined;
}

const migrationsFolder = join(import.meta.dirname, 'migrations');

/** Any number: it only has to be the same in every instance that migrates the same database. */
const MIGRATION_LOCK = 7_341_220_119;

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  if (options.pglite) return openPglite(options.pglite, options);
  return openStoreInThread({ dataDir: options.dataDir, eventsOut: options.eventsOut, onLost: options.onLost });
}

/** PGlite in `dataDir`, on the calling thread (the store's thread calls this). */
export async function openEmbeddedStore(
  dataDir: string,
  options: Pick<StoreOptions, 'eventsOut'> = {},
): Promise<Store> {
  return openPglite(await newPglite(dataDir), options);
}

async function newPglite(dataDir: string): Promise<PGlite> {
  if (dataDir === 'memory://') return new PGlite();
  const dir = join(dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  return new PGlite(dir);
}

async function openPglite(client: PGlite, { eventsOut }: Pick<StoreOptions, 'eventsOut'>): Promise<Store> {
  await client.waitReady;
  try {
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder });
    const store = createStore(db as unknown as Db, {
      dialect: 'pglite',
      close: () => client.close(),
      eventsOut,
    });
    // One process at a time can open a PGlite directory, so any email still marked as being
    // sent was left by a process that died: it is due again now, not when its lease ends.
    await store.releaseAllLeases('the process that was sending it stopped');
    await db.execute(
      sql`update event_deliveries set status = 'pending', next_attempt_at = now(), lease_owner = null, lease_until = null where status = 'delivering'`,
    );
    return store;
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
}

async function openPostgres(databaseUrl: string, options: StoreOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
  pool.on('error', (err) => options.onConnectionError?.(err));
  try {
    // Instances starting together take turns, so each migration is applied once.
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await migrateNodePg(drizzleNodePg({ client, schema }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } finally {
      client.release();
    }
    const db = drizzleNodePg({ client: pool, schema });
    await db.execute(sql`select 1`);
    return createStore(db as unknown as Db, {
      dialect: 'postgres',
      close: () => pool.end(),
      eventsOut: options.eventsOut,
    });
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}
