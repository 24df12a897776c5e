import { copyFileSync, cpSync, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { schema } from './schema.ts';
import { releaseAllEventLeases } from './sql/event-deliveries.ts';
import { createStore, type Store } from './store.ts';
import { openStoreInThread } from './thread.ts';

/**
 * Opens the store and brings its schema up to date: PostgreSQL when a URL is given (several
 * server instances can share it), else PGlite, embedded, in `dataDir`, on a thread of its own.
 * Each driver is imported only when it is opened, so a process loads one of them.
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

/**
 * Postgres settings for the embedded store, passed at every start. PGlite's defaults are
 * initdb's (128 MB of shared buffers, 100 connections' worth of shared memory), all of it
 * inside its WebAssembly memory, which never shrinks. One process with one connection needs
 * far less: the outbox's working set is small (bodies are packed, see body-codec.ts) and what
 * does not fit is read from the operating system's file cache. Sending 2,000 emails, these
 * settings cost the same CPU per email as PGlite's defaults (3.3–4.0 ms against 3.4–4.1 ms, all
 * threads, on a loaded machine) for about 110 MB less resident memory.
 */
export const pgliteSettings: Record<string, string> = {
  shared_buffers: '16MB',
  // Shared memory (locks, snapshots, buffers' bookkeeping) is sized by the connections possible.
  max_connections: '4',
  // VACUUM's memory for dead rows; the worker's housekeeping vacuums a small queue.
  maintenance_work_mem: '16MB',
  // Checkpoint (and recycle the WAL) before 1 GB of WAL piles up on disk, PGlite's default.
  max_wal_size: '64MB',
  min_wal_size: '32MB',
};

/**
 * The DATA_DIR that `npm run build` makes beside the compiled store (initdb and every
 * migration, see build.ts): a new data directory starts as a copy of its `pglite` folder,
 * which takes a fraction of the seconds initdb takes. From source there is none: initdb runs.
 */
export const pgliteSeedDataDir = join(import.meta.dirname, '..', 'pglite-seed');
/** Written once the seed is complete (build.ts). */
export const pgliteSeedStamp = join(pgliteSeedDataDir, 'built');

/** PGlite's options, for the server and for the build's seed alike. */
export async function pgliteOptions(): Promise<PGliteOptions> {
  const { PGlite } = await import('@electric-sql/pglite');
  return {
    startParams: [
      ...PGlite.defaultStartParams,
      ...Object.entries(pgliteSettings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    ],
  };
}

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

export async function newPglite(dataDir: string): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  const options = await pgliteOptions();
  if (dataDir === 'memory://') return new PGlite(options);
  const dir = join(dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  // PGlite takes a directory with PG_VERSION for a database, so that file is copied last: a copy
  // cut short (a crash, a full disk) is copied again at the next start, never opened. The seed
  // counts once its build finished (its stamp), not while a rebuild is under way.
  // Synchronous: this runs on the store's own thread, and Node's synchronous copy is native,
  // two to three times faster than fs/promises' cp over the seed's few hundred small files.
  const seed = join(pgliteSeedDataDir, 'pglite');
  const version = join(seed, 'PG_VERSION');
  if (!existsSync(join(dir, 'PG_VERSION')) && existsSync(pgliteSeedStamp)) {
    cpSync(seed, dir, { recursive: true, filter: (source) => source !== version });
    copyFileSync(version, join(dir, 'PG_VERSION'));
  }
  return new PGlite(dir, options);
}

async function openPglite(client: PGlite, { eventsOut }: Pick<StoreOptions, 'eventsOut'>): Promise<Store> {
  await client.waitReady;
  try {
    const { drizzle } = await import('drizzle-orm/pglite');
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    const db = drizzle({ client, schema });
    await migrate(db, { migrationsFolder });
    const store = createStore(db as unknown as Db, {
      dialect: 'pglite',
      close: () => client.close(),
      eventsOut,
    });
    // One process at a time can open a PGlite directory, so any email still marked as being
    // sent was left by a process that died: it is due again now, not when its lease ends.
    await store.releaseAllLeases('the process that was sending it stopped');
    await releaseAllEventLeases(db as unknown as Db);
    return store;
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
}

async function openPostgres(databaseUrl: string, options: StoreOptions): Promise<Store> {
  const { default: pg } = await import('pg');
  const { drizzle: drizzleNodePg } = await import('drizzle-orm/node-postgres');
  const { migrate: migrateNodePg } = await import('drizzle-orm/node-postgres/migrator');
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
