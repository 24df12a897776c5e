/**
 * POST /v1/emails against the real server, started as `npm start` starts it (a child process, its
 * delivery worker running, logging at the default level), with the load generator in a process
 * of its own (load.ts): 10 connections for BENCH_SECONDS (default 10) after WARMUP_SECONDS of
 * warm-up. Only 202s count as accepted; anything else makes the run invalid. Per store and
 * transport: accepted/s, p50/p99, the peak RSS of the server's processes, then how long until
 * every accepted email was sent. Delivering to the local mailbox (`npm start`'s default, the
 * figure the goal is for), then to a fake Resend on loopback over real HTTP, so that the same
 * two cores also make every provider call while they accept. On PGlite in a temporary DATA_DIR
 * and, when BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL server, on a fresh
 * database there.
 * The floor, measured in the same run before and after: the same server answering 202 without
 * storing (send-floor.ts). Goal: ≥ 1,000 accepted/s with p99 ≤ 25 ms on both stores, delivering
 * to the mailbox, and ≤ 350 MB RSS on PGlite meanwhile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bundle } from '../../server/build.ts';
import { startFakeResend } from '../support/fake-resend.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { startBenchServer } from '../support/server-process.ts';
import { type LoadResult, noCallerLimit, runLoad, validity } from './load.ts';
import { treeRssMb } from './proc.ts';

const GOAL_PER_SECOND = 1000;
const GOAL_P99_MS = 25;
const GOAL_RSS_MB = 350;
const API_KEY = 'bench-key';
const WORKER_CONCURRENCY = 16;
const WARMUP_SECONDS = 3;
let floorEntry: Promise<string> | undefined;

export const sendBody = JSON.stringify({
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

const seconds = () => Number(process.env.BENCH_SECONDS ?? 10);

/** Warm-up (not counted), then the measured load, sampling the server's RSS meanwhile. */
async function measure(url: string, pid: number): Promise<{ load: LoadResult; peakMb: number }> {
  const load = {
    url: `${url}/v1/emails`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: sendBody,
  };
  await runLoad({ ...load, seconds: WARMUP_SECONDS });
  let peakMb = 0;
  const sampler = setInterval(() => {
    peakMb = Math.max(peakMb, treeRssMb(pid));
  }, 200);
  try {
    return { load: await runLoad({ ...load, seconds: seconds() }), peakMb };
  } finally {
    clearInterval(sampler);
  }
}

/** A counter or gauge from the server's /metrics, summed over its labels. */
async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${API_KEY}` } })).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/**
 * The floor, bundled as the server is (server/build.ts), with the render thread beside it and
 * what the bodies are packed with: run from source, it rendered and packed every email on its
 * main thread, since Node reads no .tsx in a thread, so it was a floor slower than the server.
 */
async function buildFloor(): Promise<string> {
  const outdir = join(import.meta.dirname, '..', '..', '.xdg', 'bench-floor');
  await rm(outdir, { recursive: true, force: true });
  await bundle({ floor: 'test/bench/send-floor.ts', 'render-thread': 'server/render/render-thread.ts' }, outdir);
  await cp(join(import.meta.dirname, '..', '..', 'server/store/body-dictionaries'), join(outdir, 'body-dictionaries'), {
    recursive: true,
  });
  return join(outdir, 'floor.js');
}

/** The floor: the same server over a store that keeps nothing, in a process of its own. */
async function measureFloor(): Promise<LoadResult> {
  floorEntry ??= buildFloor();
  const floor = startBenchServer({ ...noCallerLimit, API_KEYS: API_KEY }, [await floorEntry]);
  try {
    return (await measure(await floor.listening, floor.child.pid as number)).load;
  } finally {
    if (floor.child.pid) process.kill(-floor.child.pid, 'SIGTERM');
    await floor.exited;
  }
}

interface Row {
  label: string;
  load: LoadResult;
  peakMb: number;
}

async function benchServer(database: string, env: Record<string, string>, transport: 'mailbox' | 'resend') {
  const fake = await startFakeResend();
  const resend = {
    RESEND_API_KEY: fake.apiKey,
    RESEND_BASE_URL: fake.url,
    EMAIL_FROM: 'Bench <bench@example.com>',
    WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
  };
  const server = startBenchServer({
    ...env,
    ...noCallerLimit,
    API_KEYS: API_KEY,
    ...(transport === 'resend' ? resend : {}),
  });
  const label = `${database}, ${transport === 'resend' ? 'to fake Resend' : 'to mailbox'}`;
  try {
    const url = await server.listening;
    const started = performance.now();
    const { load, peakMb } = await measure(url, server.child.pid as number);
    // The mailbox captures (emails_captured_total); only a provider sends.
    const delivered = transport === 'resend' ? 'emails_sent_total' : 'emails_captured_total';
    const sentDuringLoad = await metric(url, delivered);
    while ((await metric(url, 'emails_queue_depth')) > 0) await sleep(100);
    const drainedAfter = (performance.now() - started) / 1000;
    const accepted = await metric(url, 'emails_accepted_total');
    const sent = await metric(url, delivered);
    const received = transport === 'resend' ? `, the fake Resend received ${fake.delivered.length}` : '';
    return {
      row: { label, load, peakMb } satisfies Row,
      delivery:
        `  delivery: ${sent} of ${accepted} accepted ${transport === 'resend' ? 'sent' : 'captured'}${received}; ${sentDuringLoad} during the ${WARMUP_SECONDS} + ${load.seconds} s of load, ` +
        `the rest ${(drainedAfter - load.seconds - WARMUP_SECONDS).toFixed(1)} s later = ${(sent / drainedAfter).toFixed(0)} emails/s` +
        (transport === 'resend' ? ` (WORKER_CONCURRENCY=${WORKER_CONCURRENCY})` : ''),
    };
  } finally {
    if (server.child.pid) process.kill(-server.child.pid, 'SIGTERM');
    await server.exited;
    await fake.close();
  }
}

async function onPglite(transport: 'mailbox' | 'resend') {
  const dataDir = mkdtempSync(join(tmpdir(), 'activation-mail-bench-'));
  try {
    return await benchServer('PGlite', { DATA_DIR: dataDir }, transport);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function onPostgres(serverUrl: string, transport: 'mailbox' | 'resend') {
  const db = await createTestDatabase(serverUrl);
  try {
    return await benchServer('PostgreSQL', { DATABASE_URL: db.url }, transport);
  } finally {
    await db.drop();
  }
}

export default async function benchSend() {
  const floorBefore = await measureFloor();
  const results = [await onPglite('mailbox'), await onPglite('resend')];
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (serverUrl) results.push(await onPostgres(serverUrl, 'mailbox'), await onPostgres(serverUrl, 'resend'));
  const floorAfter = await measureFloor();
  const floor = (floorBefore.okPerSecond + floorAfter.okPerSecond) / 2;

  console.log(
    `POST /v1/emails, delivering  accepted/s  /floor   p50 ms   p99 ms   peak RSS MB   non-2xx   errors   goal ≥ ${GOAL_PER_SECOND}/s, p99 ≤ ${GOAL_P99_MS} ms`,
  );
  const line = ({ label, load, peakMb }: Row, verdict: string) =>
    console.log(
      `${label.padEnd(28)} ${load.okPerSecond.toFixed(0).padStart(10)} ${(load.okPerSecond / floor).toFixed(2).padStart(7)} ${load.p50.toFixed(1).padStart(8)} ${load.p99.toFixed(1).padStart(8)} ${peakMb.toFixed(0).padStart(13)} ${String(load.non2xx).padStart(9)} ${String(load.errors).padStart(8)}   ${verdict}`,
    );
  for (const floorRun of [floorBefore, floorAfter]) {
    line({ label: 'floor: 202, nothing stored', load: floorRun, peakMb: 0 }, validity([floorRun]));
  }
  for (const { row, delivery } of results) {
    const valid = validity([row.load]);
    const goal =
      row.label.endsWith('mailbox') && valid === 'valid'
        ? row.load.okPerSecond >= GOAL_PER_SECOND &&
          row.load.p99 <= GOAL_P99_MS &&
          (!row.label.startsWith('PGlite') || row.peakMb <= GOAL_RSS_MB)
          ? 'goal met'
          : 'goal NOT met'
        : '';
    line(row, valid === 'valid' ? goal : valid);
    console.log(delivery);
  }
  if (!serverUrl) console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
}

if (import.meta.main) await benchSend();
