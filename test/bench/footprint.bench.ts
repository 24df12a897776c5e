/**
 * Start-up time and resident memory of the real server, started as `npm start` starts it.
 * Per store (PGlite in a temporary DATA_DIR; PostgreSQL when BENCH_DATABASE_URL or
 * TEST_DATABASE_URL names a server):
 * - start-up: from spawning the process to the first `GET /readyz` 200, on a fresh data
 *   directory and again on the one just made (PGlite; PostgreSQL: an empty and a migrated database);
 * - RSS idle: a few seconds after ready, summed over the server's processes (npm's own process
 *   is not counted: run `node` directly in a container and it is not there either);
 * - RSS under send load: the peak while POST /v1/emails runs over 10 connections for
 *   FOOTPRINT_SECONDS (default 15), the worker delivering to the local mailbox. The per-key
 *   limit is off (it would refuse most of one key's load), so the emails are really accepted:
 *   only 2xx answers count, and a run with any other answer is marked INVALID.
 * The floor printed beside them: a bare Hono server answering a constant, in its own process.
 * Targets: PGlite idle ≤ 250 MB, ≤ 350 MB under load; PostgreSQL idle ≤ 150 MB; start-up
 * ≤ 2 s fresh, ≤ 1 s on existing data.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase } from '../support/postgres.ts';
import { buildServerIfStale, type ServerProcess, startBenchServer } from '../support/server-process.ts';
import { type LoadResult, noCallerLimit, runLoad, validity } from './load.ts';
import { treeCpuMs, treePeakMb, treeRssMb } from './proc.ts';

const API_KEY = 'bench-key';
const IDLE_SETTLE_MS = 3000;

export const footprintTargets = {
  startFreshMs: 2000,
  startExistingMs: 1000,
  pgliteIdleMb: 250,
  pgliteLoadMb: 350,
  postgresIdleMb: 150,
};

const sendBody = JSON.stringify({
  template: 'activation',
  data: {
    scenario: 'trial-customer',
    organizationName: 'Contoso Ltd',
    signInUrl: 'https://activation.example.com/sign-in?token=1',
    signUpUrl: 'https://activation.example.com/sign-up?token=1',
  },
  enrollment: { onlineServicesManager: { name: 'Dana Whitfield', email: 'osm@contoso.com' } },
});

/** Polls `GET /readyz` until it answers 200. */
async function ready(url: string): Promise<void> {
  for (;;) {
    const status = await fetch(`${url}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(10);
  }
}

export type StartServer = (env: Record<string, string>) => ServerProcess;

export interface Footprint {
  startMs: number;
  /** CPU time used to get ready (every process and thread): what other load on the machine does not inflate. */
  startCpuMs: number;
  idleMb: number;
  /** Peak under load; absent when no load was run. */
  loadMb?: number;
  /** The highest RSS since the server started (VmHWM), read last: start-up and load included. */
  peakMb: number;
  load?: LoadResult;
}

/** Starts a server, times it to ready, measures it idle and (when `loadSeconds`) under sending, stops it. */
export async function measureServer(
  start: StartServer,
  env: Record<string, string>,
  loadSeconds = 0,
): Promise<Footprint> {
  const began = performance.now();
  const server = start({ ...env, ...noCallerLimit, API_KEYS: API_KEY });
  try {
    await ready(await server.listening);
    const startMs = performance.now() - began;
    const url = await server.listening;
    const pid = server.child.pid as number;
    const startCpuMs = treeCpuMs(pid);
    await sleep(IDLE_SETTLE_MS);
    const idleMb = treeRssMb(pid);
    if (loadSeconds === 0) return { startMs, startCpuMs, idleMb, peakMb: treePeakMb(pid) };
    let loadMb = 0;
    const sampler = setInterval(() => {
      loadMb = Math.max(loadMb, treeRssMb(pid));
    }, 200);
    const load = await runLoad({
      url: `${url}/v1/emails`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: sendBody,
      connections: 10,
      seconds: loadSeconds,
    });
    clearInterval(sampler);
    return { startMs, startCpuMs, idleMb, loadMb: Math.max(loadMb, treeRssMb(pid)), peakMb: treePeakMb(pid), load };
  } finally {
    if (server.child.pid) {
      try {
        process.kill(-server.child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
    await server.exited;
  }
}

/** A bare Hono server in its own process, answering a constant: the floor for resident memory. */
async function bareHonoRssMb(): Promise<number> {
  const script = `
    import { serve } from '@hono/node-server';
    import { Hono } from 'hono';
    const app = new Hono().get('/', (c) => c.json({ status: 'ok' }));
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => console.log('port', info.port));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: join(import.meta.dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => resolve(Number(/port (\d+)/.exec(String(chunk))?.[1]))),
    );
    await fetch(`http://127.0.0.1:${port}/`);
    await sleep(IDLE_SETTLE_MS);
    return treeRssMb(child.pid as number);
  } finally {
    child.kill();
  }
}

const mb = (n: number | undefined) => (n === undefined ? '—' : n.toFixed(0)).padStart(8);
const ms = (n: number) => n.toFixed(0).padStart(8);
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

export async function measurePglite(start: StartServer, loadSeconds: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'activation-mail-footprint-'));
  try {
    const fresh = await measureServer(start, { DATA_DIR: dataDir }, 0);
    const existing = await measureServer(start, { DATA_DIR: dataDir }, loadSeconds);
    return { fresh, existing };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function measurePostgres(start: StartServer, serverUrl: string, loadSeconds: number) {
  const db = await createTestDatabase(serverUrl);
  try {
    const fresh = await measureServer(start, { DATABASE_URL: db.url }, 0);
    const existing = await measureServer(start, { DATABASE_URL: db.url }, loadSeconds);
    return { fresh, existing };
  } finally {
    await db.drop();
  }
}

export default async function benchFootprint() {
  const seconds = Number(process.env.FOOTPRINT_SECONDS ?? 15);
  const t = footprintTargets;
  buildServerIfStale(); // Not part of any start-up measured below.
  const floor = await bareHonoRssMb();
  console.log(`floor: a bare Hono server idles at ${floor.toFixed(0)} MB RSS`);
  console.log(
    `store        start fresh ms (CPU)  start existing ms (CPU)  idle MB fresh  idle MB  load MB (${seconds} s)  peak MB  accepted/s  non-2xx  idle/floor  run`,
  );
  const row = (name: string, r: { fresh: Footprint; existing: Footprint }) =>
    console.log(
      `${name.padEnd(12)} ${`${ms(r.fresh.startMs).trim()} (${r.fresh.startCpuMs})`.padStart(20)} ${`${ms(r.existing.startMs).trim()} (${r.existing.startCpuMs})`.padStart(24)} ${mb(r.fresh.idleMb).padStart(14)} ${mb(r.existing.idleMb)} ${mb(r.existing.loadMb).padStart(16)} ${mb(Math.max(r.fresh.peakMb, r.existing.peakMb)).padStart(8)} ${(r.existing.load?.okPerSecond ?? 0).toFixed(0).padStart(11)} ${String((r.existing.load?.non2xx ?? 0) + (r.existing.load?.errors ?? 0)).padStart(8)} ${(r.existing.idleMb / floor).toFixed(1).padStart(10)}x  ${r.existing.load ? validity([r.existing.load]) : ''}`,
    );

  const pglite = await measurePglite(startBenchServer, seconds);
  row('PGlite', pglite);
  console.log(
    `  targets: start ≤ ${t.startFreshMs} ms fresh ${verdict(pglite.fresh.startMs <= t.startFreshMs)}, ` +
      `≤ ${t.startExistingMs} ms existing ${verdict(pglite.existing.startMs <= t.startExistingMs)}; ` +
      `idle ≤ ${t.pgliteIdleMb} MB ${verdict(pglite.existing.idleMb <= t.pgliteIdleMb)}, ` +
      `load ≤ ${t.pgliteLoadMb} MB ${verdict((pglite.existing.loadMb ?? 0) <= t.pgliteLoadMb)}, ` +
      `peak since start ≤ ${t.pgliteLoadMb} MB ${verdict(Math.max(pglite.fresh.peakMb, pglite.existing.peakMb) <= t.pgliteLoadMb)}`,
  );

  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
    return;
  }
  const postgres = await measurePostgres(startBenchServer, serverUrl, seconds);
  row('PostgreSQL', postgres);
  console.log(`  target: idle ≤ ${t.postgresIdleMb} MB ${verdict(postgres.existing.idleMb <= t.postgresIdleMb)}`);
}

if (import.meta.main) await benchFootprint();
