/**
 * POST /v1/emails over real HTTP with autocannon (10 connections, BENCH_SECONDS, default 10):
 * accepted emails per second and p50/p99 latency, on PGlite in a temporary DATA_DIR and, when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL server, on a fresh database there.
 * Then the delivery worker's throughput to a fake Resend on loopback, through the real SDK.
 * Targets: over 500 accepted/s with p99 under 50 ms on PGlite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { resendTransport } from '../../server/delivery/resend-transport.ts';
import { defaultRetryPolicy } from '../../server/delivery/retry-policy.ts';
import { createWorker } from '../../server/delivery/worker.ts';
import { createLogger } from '../../server/logger.ts';
import { createMetrics } from '../../server/metrics.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { startFakeResend } from '../support/fake-resend.ts';
import { createTestDatabase } from '../support/postgres.ts';

const TARGET_PER_SECOND = 500;
const TARGET_P99_MS = 50;
/** Delivery is timed over this many emails (or all accepted, if fewer). */
const DELIVERY_SAMPLE = 3000;

// Log lines are formatted as in production but thrown away, so the figures include their cost.
const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
const logger = createLogger({ destination: discard });

const body = JSON.stringify({
  template: 'activation',
  data: {
    scenario: 'trial-customer',
    organizationName: 'Contoso Ltd',
    recipientName: 'Dana Whitfield',
    signInUrl: 'https://activation.example.com/sign-in?token=1',
    signUpUrl: 'https://activation.example.com/sign-up?token=1',
  },
  enrollment: { onlineServicesManager: { name: 'Dana Whitfield', email: 'osm@contoso.com' } },
  tags: { bench: 'send' },
});

async function benchAccept(label: string, store: Store, seconds: number) {
  const app = createApp({ config: loadConfig({ API_KEYS: 'bench-key' }), logger, metrics: createMetrics(), store });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/v1/emails`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench-key' },
      body,
      connections: 10,
      duration: seconds,
    });
    const perSecond = result.requests.average;
    const met = perSecond > TARGET_PER_SECOND && result.latency.p99 < TARGET_P99_MS && result.non2xx === 0;
    console.log(
      `${`POST /v1/emails on ${label}`.padEnd(36)} ${perSecond.toFixed(0).padStart(10)} ${result.latency.p50.toFixed(1).padStart(8)} ${result.latency.p99.toFixed(1).padStart(8)} ${String(result.non2xx).padStart(9)} ${String(result.errors).padStart(8)}   ${label === 'PGlite' ? (met ? 'met' : 'NOT met') : ''}`,
    );
    return result.requests.total - result.non2xx;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

async function benchDelivery(label: string, store: Store, accepted: number) {
  const fake = await startFakeResend();
  const metrics = createMetrics({ processMetrics: false });
  const worker = createWorker({
    store,
    transport: resendTransport({ apiKey: fake.apiKey, from: 'Bench <bench@example.com>', baseUrl: fake.url }),
    logger,
    concurrency: 16,
    retry: defaultRetryPolicy(8),
    pollIntervalMs: 50,
    counters: { sent: metrics.emailsSent },
  });
  const goal = Math.min(accepted, DELIVERY_SAMPLE);
  const started = performance.now();
  worker.start();
  try {
    const sent = async () => (await metrics.emailsSent.get()).values[0]?.value ?? 0;
    while ((await sent()) < goal) await sleep(20);
  } finally {
    await worker.stop();
    await fake.close();
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `delivery to the fake Resend on ${label}: ${goal} emails in ${seconds.toFixed(1)} s = ${(goal / seconds).toFixed(0)} emails/s (16 concurrent sends)`,
  );
}

export default async function benchSend() {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  console.log(
    `endpoint                             accepted/s   p50 ms   p99 ms   non-2xx   errors   target > ${TARGET_PER_SECOND}/s, p99 < ${TARGET_P99_MS} ms`,
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'activation-mail-bench-'));
  const pglite = await openStore({ dataDir });
  try {
    const accepted = await benchAccept('PGlite', pglite, seconds);
    await benchDelivery('PGlite', pglite, accepted);
  } finally {
    await pglite.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
    return;
  }
  const db = await createTestDatabase(serverUrl);
  const postgres = await openStore({ dataDir: 'unused', databaseUrl: db.url, poolSize: 20 });
  try {
    const accepted = await benchAccept('PostgreSQL', postgres, seconds);
    await benchDelivery('PostgreSQL', postgres, accepted);
  } finally {
    await postgres.close();
    await db.drop();
  }
}

if (import.meta.main) await benchSend();
