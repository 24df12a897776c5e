import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A real PostgreSQL for the tests that need one: TEST_DATABASE_URL names a server, and each
 * test gets a database of its own there. With REQUIRE_POSTGRES=1 (CI) those tests must run:
 * a missing URL or an unreachable server fails them instead of skipping them.
 */

export const postgresUrl: string | undefined = process.env.TEST_DATABASE_URL || undefined;
export const postgresRequired = process.env.REQUIRE_POSTGRES === '1';

/** Fails when PostgreSQL is required but not configured; call from a test so the failure is reported. */
export function assertPostgresAvailable(): void {
  if (postgresRequired && !postgresUrl) {
    throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the PostgreSQL tests cannot run');
  }
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the TEST_DATABASE_URL server. */
export async function createTestDatabase(adminUrl: string = postgresUrl ?? ''): Promise<TestDatabase> {
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `activation_mail_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
