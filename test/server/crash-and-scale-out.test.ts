import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newCustomer } from '../support/app.ts';
import { type FakeResend, startFakeResend } from '../support/fake-resend.ts';
import { assertPostgresAvailable, createTestDatabase, postgresUrl, type TestDatabase } from '../support/postgres.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { until } from '../support/until.ts';

/**
 * Servers as real processes against a fake Resend: one killed mid-batch and restarted on its
 * data loses nothing and sends nothing twice; two sharing one PostgreSQL send each email once,
 * and together never go past the provider's rate limit.
 */

let fake: FakeResend;
const servers: ServerProcess[] = [];
beforeAll(async () => {
  fake = await startFakeResend();
});
afterAll(() => fake?.close());
afterEach(() => {
  for (const server of servers.splice(0)) server.kill();
});

const serverEnv = (extra: Record<string, string>) => ({
  RESEND_API_KEY: fake.apiKey,
  RESEND_BASE_URL: fake.url,
  EMAIL_FROM: 'Activation <activation@example.com>',
  WORKER_CONCURRENCY: '8',
  LOG_LEVEL: 'info',
  ...extra,
});

function start(env: Record<string, string>) {
  const server = startServerProcess(serverEnv(env));
  servers.push(server);
  return server;
}

/** Sends `count` emails in batches of 100 to the given servers in turn; returns their ids. */
async function sendEmails(urls: string[], count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i * 100 < count; i++) {
    const emails = Array.from({ length: Math.min(100, count - i * 100) }, (_, j) => ({
      template: 'activation',
      data: newCustomer,
      to: `osm${i * 100 + j}@contoso.com`,
    }));
    const res = await fetch(`${urls[i % urls.length]}/v1/emails/batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ emails }),
    });
    expect(res.status).toBe(202);
    ids.push(...((await res.json()) as { data: { id: string }[] }).data.map((e) => e.id));
  }
  return ids;
}

async function statuses(url: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const res = await fetch(`${url}/v1/emails?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    const page = (await res.json()) as { data: { id: string; status: string }[]; nextCursor: string | null };
    for (const email of page.data) seen.set(email.id, email.status);
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

/** Every accepted id delivered by the fake exactly once, and nothing else. */
function expectEachDeliveredOnce(ids: string[]) {
  const delivered = fake.delivered.map((m) => m.emailId);
  expect(delivered).toHaveLength(ids.length);
  expect(new Set(delivered)).toEqual(new Set(ids));
}

const metric = async (url: string, name: string) =>
  Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(await (await fetch(`${url}/metrics`)).text())?.[1] ?? 0);

describe('a server killed mid-batch', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'activation-mail-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loses nothing it accepted and sends nothing twice after a restart on the same data', {
    timeout: 120_000,
  }, async () => {
    fake.delivered.length = 0;
    fake.byKey.clear();
    fake.setLimits({ rateLimit: 5 });
    // Resend takes each batch, but its answer never comes: the server is killed while it waits.
    fake.setFaults({ hangRate: 1 });
    const replaysBefore = fake.counts.replays;
    const first = start({ DATA_DIR: dataDir, RESEND_BATCH_SIZE: '25' });
    const ids = await sendEmails([await first.listening], 200);
    await until(() => fake.delivered.length >= 50, 30_000, 'two batches to reach the provider');
    first.kill();
    await first.exited;
    const requestsAtKill = fake.counts.requests;
    const batchKeysAtKill = new Set(fake.delivered.map((m) => m.idempotencyKey));
    expect(fake.delivered.length).toBeLessThan(ids.length);
    expect(fake.delivered.every((m) => m.batch)).toBe(true);

    await sleep(300);
    expect(fake.counts.requests).toBe(requestsAtKill);
    fake.setFaults({});
    const second = start({ DATA_DIR: dataDir, RESEND_BATCH_SIZE: '25' });
    const url = await second.listening;
    await until(async () => [...(await statuses(url)).values()].every((s) => s === 'sent'), 60_000, 'every email sent');
    const final = await statuses(url);
    expect([...final.keys()].sort()).toEqual([...ids].sort());
    expectEachDeliveredOnce(ids);
    // The batches cut off by the kill were sent again with the same members and key, and the
    // provider answered them from its idempotency record.
    expect(fake.counts.replays - replaysBefore).toBeGreaterThanOrEqual(batchKeysAtKill.size);
    for (const key of batchKeysAtKill) expect(fake.keys.get(key ?? '')).toBeGreaterThanOrEqual(2);
    fake.setLimits({});
  });
});

describe.skipIf(!postgresUrl)('two servers on one PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const server of servers.splice(0)) server.kill();
    await db?.drop();
  });

  it('share the work and send each of 500 emails exactly once', { timeout: 120_000 }, async () => {
    fake.delivered.length = 0;
    fake.byKey.clear();
    fake.setFaults({ latencyMs: 10 });
    const replaysBefore = fake.counts.replays;
    // One email a request, at a pace far above what 500 emails need: this is about sharing.
    const env = { DATABASE_URL: db.url, DATA_DIR: 'unused', RESEND_BATCH_SIZE: '1', RESEND_RATE_LIMIT: '1000' };
    const a = start(env);
    const b = start(env);
    const urls = await Promise.all([a.listening, b.listening]);
    const ids = await sendEmails(urls, 500);
    await until(
      async () => [...(await statuses(urls[0] ?? '')).values()].every((s) => s === 'sent'),
      60_000,
      'every email sent',
    );

    expectEachDeliveredOnce(ids);
    // Never even asked twice: no email was claimed by both.
    expect(fake.counts.replays).toBe(replaysBefore);
    const sentBy = await Promise.all(urls.map((url) => metric(url, 'emails_sent_total')));
    expect(sentBy[0]).toBeGreaterThan(0);
    expect(sentBy[1]).toBeGreaterThan(0);
    expect((sentBy[0] ?? 0) + (sentBy[1] ?? 0)).toBe(500);
    for (const server of servers.splice(0)) server.kill();
  });

  it('stay together under the provider’s rate limit, in every second', { timeout: 120_000 }, async () => {
    fake.delivered.length = 0;
    fake.perSecond.clear();
    fake.setFaults({ latencyMs: 10 });
    fake.setLimits({ rateLimit: 5 });
    const overBefore = fake.counts.overLimit;
    // Small batches, so that 120 emails take 30 requests: six seconds of the limit.
    const env = { DATABASE_URL: db.url, DATA_DIR: 'unused', RESEND_BATCH_SIZE: '4', RESEND_RATE_LIMIT: '5' };
    const a = start(env);
    const b = start(env);
    const urls = await Promise.all([a.listening, b.listening]);
    const requestsBefore = fake.counts.requests;
    const ids = await sendEmails(urls, 120);
    await until(() => fake.delivered.length === ids.length, 60_000, 'every email delivered');
    // Let any send still settling finish, then check that nothing more arrives.
    await until(
      async () =>
        (await Promise.all(urls.map((url) => metric(url, 'emails_sent_total')))).reduce((a, b) => a + b) === 120,
      10_000,
      'every outcome recorded',
    );

    expectEachDeliveredOnce(ids);
    expect(fake.busiestSecond()).toBeLessThanOrEqual(5);
    expect(fake.counts.overLimit).toBe(overBefore);
    expect(fake.counts.requests - requestsBefore).toBe(30);
    fake.setLimits({});
  });
});

it('runs the scale-out test when CI requires PostgreSQL', () => {
  assertPostgresAvailable();
});
