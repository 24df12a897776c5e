/**
 * The real server, started as `npm start` starts it (a child process, its delivery worker
 * running, logging at the default level), with autocannon in this process posting
 * POST /v1/emails over 10 connections for BENCH_SECONDS (default 10) after 3 s of warm-up:
 * accepted emails per second and p50/p99 latency, then how long until every accepted email
 * was sent. Twice per database: delivering to the local mailbox (`npm start`'s default, the
 * figure the target is for), then to a fake Resend on loopback over real HTTP, so that
 * the same two cores also make every provider call while they accept. On PGlite in a
 * temporary DATA_DIR and, when BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL
 * server, on a fresh database there.
 * Targets: over 500 accepted/s with p99 under 50 ms on PGlite; more on PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { startFakeResend } from '../support/fake-resend.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { startBenchServer } from '../support/server-process.ts';

const TARGET_PER_SECOND = 500;
const TARGET_P99_MS = 50;
const API_KEY = 'bench-key';
const WORKER_CONCURRENCY = 16;
const WARMUP_SECONDS = 3;

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

/** A counter or gauge from the server's /metrics, summed over its labels. */
async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${API_KEY}` } })).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

async function benchServer(database: string, env: Record<string, string>, transport: 'mailbox' | 'resend') {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const fake = await startFakeResend();
  const resend = {
    RESEND_API_KEY: fake.apiKey,
    RESEND_BASE_URL: fake.url,
    EMAIL_FROM: 'Bench <bench@example.com>',
    WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
  };
  // The per-key limit would refuse a flood from one key: raised so the bench measures throughput (its cost stays in).
  const limits = { RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '1000000' };
  const server = startBenchServer({
    ...env,
    ...limits,
    API_KEYS: API_KEY,
    ...(transport === 'resend' ? resend : {}),
  });
  const label = `${database}, ${transport === 'resend' ? 'to fake Resend' : 'to mailbox'}`;
  try {
    const url = await server.listening;
    const started = performance.now();
    // `warmup` is in autocannon 8+, not yet in its type definitions.
    const options: autocannon.Options & { warmup: { connections: number; duration: number } } = {
      url: `${url}/v1/emails`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body,
      connections: 10,
      duration: seconds,
      // Figures for a server that has run a moment: JIT-compiled code, warm database caches.
      warmup: { connections: 10, duration: WARMUP_SECONDS },
    };
    const result = await autocannon(options);
    // The mailbox captures (emails_captured_total); only a provider sends.
    const delivered = transport === 'resend' ? 'emails_sent_total' : 'emails_captured_total';
    const sentDuringLoad = await metric(url, delivered);
    while ((await metric(url, 'emails_queue_depth')) > 0) await sleep(100);
    const drainedAfter = (performance.now() - started) / 1000;
    const accepted = await metric(url, 'emails_accepted_total');
    const sent = await metric(url, delivered);

    const perSecond = result.requests.average;
    const met = perSecond > TARGET_PER_SECOND && result.latency.p99 < TARGET_P99_MS && result.non2xx === 0;
    const verdict = database === 'PGlite' && transport === 'mailbox' ? (met ? 'met' : 'NOT met') : '';
    console.log(
      `${label.padEnd(28)} ${perSecond.toFixed(0).padStart(10)} ${result.latency.p50.toFixed(1).padStart(8)} ${result.latency.p99.toFixed(1).padStart(8)} ${String(result.non2xx).padStart(9)} ${String(result.errors).padStart(8)}   ${verdict}`,
    );
    const received = transport === 'resend' ? `, the fake Resend received ${fake.delivered.length}` : '';
    console.log(
      `  delivery: ${sent} of ${accepted} accepted ${transport === 'resend' ? 'sent' : 'captured'}${received}; ${sentDuringLoad} during the ${WARMUP_SECONDS} + ${seconds} s of load, ` +
        `the rest ${(drainedAfter - seconds - WARMUP_SECONDS).toFixed(1)} s later = ${(sent / drainedAfter).toFixed(0)} emails/s` +
        (transport === 'resend' ? ` (WORKER_CONCURRENCY=${WORKER_CONCURRENCY})` : ''),
    );
  } finally {
    if (server.child.pid) process.kill(-server.child.pid, 'SIGTERM');
    await server.exited;
    await fake.close();
  }
}

async function benchPglite(transport: 'mailbox' | 'resend') {
  const dataDir = mkdtempSync(join(tmpdir(), 'activation-mail-bench-'));
  try {
    await benchServer('PGlite', { DATA_DIR: dataDir }, transport);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres(serverUrl: string, transport: 'mailbox' | 'resend') {
  const db = await createTestDatabase(serverUrl);
  try {
    await benchServer('PostgreSQL', { DATABASE_URL: db.url }, transport);
  } finally {
    await db.drop();
  }
}

export default async function benchSend() {
  console.log(
    `POST /v1/emails, delivering  accepted/s   p50 ms   p99 ms   non-2xx   errors   target > ${TARGET_PER_SECOND}/s, p99 < ${TARGET_P99_MS} ms`,
  );
  await benchPglite('mailbox');
  await benchPglite('resend');

  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
    return;
  }
  await benchPostgres(serverUrl, 'mailbox');
  await benchPostgres(serverUrl, 'resend');
}

if (import.meta.main) await benchSend();
