import pg from 'pg';
import { openStore, type Store } from '../../server/store/index.ts';
import { openTestStore, TRUNCATE_ALL } from './outbox.ts';
import { createTestDatabase, postgresUrl } from './postgres.ts';

/**
 * The stores a suite runs on with `describe.each(storeDrivers)`: embedded PGlite always, and a
 * fresh database on PostgreSQL when TEST_DATABASE_URL is set, so every store part runs on both.
 */

export type Opened = {
  store: Store;
  reset: () => Promise<void>;
  close: () => Promise<void>;
  /** The rows of a statement run on the store's database directly (to look at what it holds). */
  query: <T = Record<string, unknown>>(text: string) => Promise<T[]>;
};

export interface OpenOptions {
  /** Whether events go out (EVENTS_WEBHOOK_URL set): only then are they stored. */
  eventsOut?: boolean;
}

async function openPostgresStore({ eventsOut }: OpenOptions = {}): Promise<Opened> {
  const db = await createTestDatabase();
  const opened = await openStore({ databaseUrl: db.url, dataDir: 'unused', eventsOut });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return {
    store: opened,
    reset: async () => {
      await client.query(TRUNCATE_ALL);
    },
    query: async <T>(text: string) => (await client.query(text)).rows as T[],
    close: async () => {
      await client.end();
      await opened.close();
      await db.drop();
    },
  };
}

export const storeDrivers: { name: string; open: (options?: OpenOptions) => Promise<Opened> }[] = [
  {
    name: 'PGlite',
    open: async (options) => {
      const opened = await openTestStore(options);
      return {
        ...opened,
        close: () => opened.store.close(),
        query: async <T>(text: string) => (await opened.pglite.query<T>(text)).rows,
      };
    },
  },
  ...(postgresUrl ? [{ name: 'PostgreSQL', open: openPostgresStore }] : []),
];
