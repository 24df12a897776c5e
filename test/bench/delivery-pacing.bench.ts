/**
 * Delivery at the provider's pace: the real server (a child process, as `npm start` runs it)
 * delivers a wave of accepted emails to a fake Resend on loopback (in this process) that
 * enforces 5 requests/s as Resend does. While the wave is accepted, the fake refuses every
 * request with 429 and `Retry-After: 1` (the wave queues up, as on a quarter-end day, and no
 * attempt is spent); then it lets them through, and the figure is the pace of the requests it
 * accepted from then on, as a ratio of the provider's ceiling (requests/s × emails a
 * request), measured in the same run. One email a request (RESEND_BATCH_SIZE=1) and batches
 * of 100, on PGlite and, when BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL
 * server, on PostgreSQL. Target: ≥ 95% of the ceiling, 0 failed, ≤ 1% of requests refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFakeResend } from '../support/fake-resend.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { startBenchServer } from '../support/server-process.ts';

const RATE_LIMIT = 5;
const TARGET_SHARE = 0.95;
const API_KEY = 'bench-key';

const entry = (i: number) => ({
  template: 'activation',
  data: {
    scenario: 'trial-customer',
    organizationName: 'Contoso Ltd',
    recipientName: 'Dana Whitfield',
    signInUrl: 'https://activation.example.com/sign-in?token=1',
    signUpUrl: 'https://activation.example.com/sign-up?token=1',
  },
  enrollment: { onlineServicesManager: { name: 'Dana Whitfield', email: `osm${i}@contoso.com` } },
});

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${API_KEY}` } })).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

async function benchWave(database: string, env: Record<string, string>, batchSize: number, emails: number) {
  const fake = await startFakeResend({}, { limits: { rateLimit: RATE_LIMIT } });
  const server = startBenchServer({
    ...env,
    API_KEYS: API_KEY,
    RESEND_API_KEY: fake.apiKey,
    RESEND_BASE_URL: fake.url,
    EMAIL_FROM: 'Bench <bench@example.com>',
    RESEND_RATE_LIMIT: String(RATE_LIMIT),
    RESEND_BATCH_SIZE: String(batchSize),
    LOG_LEVEL: 'info',
  });
  const label = `${database}, ${batchSize === 1 ? 'one email a request' : `batches of ${batchSize}`}`;
  try {
    const url = await server.listening;
    fake.setFaults({ rateLimitRate: 1, retryAfterSeconds: 1 });
    for (let i = 0; i < emails; i += 100) {
      const res = await fetch(`${url}/v1/emails/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
        body: JSON.stringify({ emails: Array.from({ length: Math.min(100, emails - i) }, (_, j) => entry(i + j)) }),
      });
      if (res.status !== 202) throw new Error(`accepting the wave: ${res.status} ${await res.text()}`);
    }
    fake.setFaults({});
    const refusedBefore = fake.counts.overLimit;
    const requestsBefore = fake.counts.requests;
    const deadline = Date.now() + 120_000;
    while (fake.delivered.length < emails && Date.now() < deadline) await sleep(50);
    await sleep(300);

    // Each request the fake accepted, by arrival: its time and how many emails it carried.
    const requests = new Map<string, { at: number; emails: number }>();
    for (const m of fake.delivered) {
      const key = m.idempotencyKey ?? m.id;
      const request = requests.get(key) ?? { at: m.receivedAt, emails: 0 };
      request.emails++;
      requests.set(key, request);
    }
    const byTime = [...requests.values()].sort((a, b) => a.at - b.at);
    const first = byTime[0]?.at ?? 0;
    const last = byTime.at(-1)?.at ?? 0;
    const emailsBeforeLast = byTime.slice(0, -1).reduce((sum, r) => sum + r.emails, 0);
    const perSecond = (emailsBeforeLast * 1000) / Math.max(1, last - first);
    const ceiling = RATE_LIMIT * batchSize;
    const ratio = perSecond / ceiling;
    const sent = await metric(url, 'emails_sent_total');
    const failed = await metric(url, 'emails_failed_total');
    const refused = fake.counts.overLimit - refusedBefore;
    const asked = fake.counts.requests - requestsBefore;
    const met = ratio >= TARGET_SHARE && failed === 0 && refused <= asked / 100 && sent === emails;
    console.log(
      `${label.padEnd(36)} ${String(emails).padStart(6)} ${perSecond.toFixed(1).padStart(10)} ${String(ceiling).padStart(8)} ${(ratio * 100).toFixed(1).padStart(6)}% ${String(failed).padStart(7)} ${`${refused}/${asked}`.padStart(9)}   ${met ? 'met' : 'NOT met'}`,
    );
  } finally {
    if (server.child.pid) process.kill(-server.child.pid, 'SIGTERM');
    await server.exited;
    await fake.close();
  }
}

async function onPglite(batchSize: number, emails: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'activation-mail-bench-'));
  try {
    await benchWave('PGlite', { DATA_DIR: dataDir }, batchSize, emails);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function onPostgres(serverUrl: string, batchSize: number, emails: number) {
  const db = await createTestDatabase(serverUrl);
  try {
    await benchWave('PostgreSQL', { DATABASE_URL: db.url, DATA_DIR: 'unused' }, batchSize, emails);
  } finally {
    await db.drop();
  }
}

export default async function benchDeliveryPacing() {
  console.log(
    `delivery to a fake Resend at ${RATE_LIMIT} requests/s   emails  emails/s  ceiling  of ceiling  failed  429s/asked   target ≥ ${TARGET_SHARE * 100}%`,
  );
  // About five seconds of the limit each: 25 requests.
  await onPglite(1, 25);
  await onPglite(100, 2500);
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
    return;
  }
  await onPostgres(serverUrl, 1, 25);
  await onPostgres(serverUrl, 100, 2500);
}

if (import.meta.main) await benchDeliveryPacing();
