/**
 * POST /v1/templates/activation/render over real HTTP against the real server, started as
 * `npm start` starts it (logging at the default level, metrics on), with autocannon in this
 * process: 10 connections, ROUNDS rounds of BENCH_ROUND_SECONDS (default 3) each, alternating
 * with the floor: a bare Hono server in a process of its own answering the same route with the
 * same bytes, pre-rendered. Measured side by side because the machine's load changes from one
 * second to the next: the ratio of the two is the figure that holds.
 * Prints requests/s and p50/p99 of both and the ratio. Target: ≥ 2,500 requests/s.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerProcess, startBenchServer } from '../support/server-process.ts';
import { noCallerLimit, runLoad } from './load.ts';
import { treeCpuMs } from './proc.ts';
import { percentile } from './stats.ts';

const TARGET_PER_SECOND = 2500;
const ROUNDS = 3;
const API_KEY = 'bench-key';
const PATH = '/v1/templates/activation/render';

export const renderRequest = JSON.stringify({
  data: {
    scenario: 'trial-customer',
    organizationName: 'Fabrikam, Inc.',
    recipientName: 'Dana Whitfield',
    signInUrl: 'https://activation.example.com/sign-in?token=1',
    signUpUrl: 'https://activation.example.com/sign-up?token=1',
  },
});

interface Run {
  perSecond: number;
  /** CPU time the server's process spent per request (all its threads), in ms: what the load on the machine does not change. */
  cpuMsPerRequest: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, pid: number, seconds: number): Promise<Run> {
  const cpuBefore = treeCpuMs(pid);
  const result = await runLoad({
    url: `${url}${PATH}`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: renderRequest,
    connections: 10,
    seconds,
  });
  return {
    perSecond: result.okPerSecond,
    cpuMsPerRequest: (treeCpuMs(pid) - cpuBefore) / Math.max(1, result.ok),
    p50: result.p50,
    p99: result.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** A bare Hono server answering POST PATH with `body`, in a process of its own. */
async function startFloor(body: string): Promise<{ url: string; pid: number; stop: () => void }> {
  const script = `
    import { serve } from '@hono/node-server';
    import { Hono } from 'hono';
    const body = process.env.FLOOR_BODY;
    const app = new Hono().post('/v1/templates/:name/render', (c) => c.body(body, 200, { 'Content-Type': 'application/json' }));
    serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => console.log('port', info.port));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: join(import.meta.dirname, '..', '..'),
    env: { ...process.env, FLOOR_BODY: body },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => resolve(Number(/port (\d+)/.exec(String(chunk))?.[1]))),
  );
  return { url: `http://127.0.0.1:${port}`, pid: child.pid as number, stop: () => child.kill() };
}

export interface RenderFigures {
  server: Run[];
  floor: Run[];
  /** Per round, server over floor; its median is the figure to quote. */
  ratios: number[];
}

/** The server started by `start`, against the floor, round by round. */
export async function measureRender(
  start: (env: Record<string, string>) => ServerProcess,
  roundSeconds = Number(process.env.BENCH_ROUND_SECONDS ?? 3),
): Promise<RenderFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'activation-mail-render-bench-'));
  // The per-key limit off: one key floods here on purpose.
  const server = start({
    DATA_DIR: dataDir,
    API_KEYS: API_KEY,
    ...noCallerLimit,
  });
  let floor: Awaited<ReturnType<typeof startFloor>> | undefined;
  try {
    const url = await server.listening;
    const answer = await fetch(`${url}${PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: renderRequest,
    });
    if (answer.status !== 200) throw new Error(`the server answered ${answer.status}: ${await answer.text()}`);
    floor = await startFloor(await answer.text());
    // Warm-up: JIT-compiled code on both sides before anything is counted.
    const pid = server.child.pid as number;
    await load(url, pid, 1);
    await load(floor.url, floor.pid, 1);
    const figures: RenderFigures = { server: [], floor: [], ratios: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const s = await load(url, pid, roundSeconds);
      const f = await load(floor.url, floor.pid, roundSeconds);
      figures.server.push(s);
      figures.floor.push(f);
      figures.ratios.push(s.perSecond / f.perSecond);
    }
    return figures;
  } finally {
    floor?.stop();
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const row = (name: string, runs: Run[]) => {
  const median = (pick: (r: Run) => number) => percentile(runs.map(pick), 50);
  return `${name.padEnd(38)} ${median((r) => r.perSecond)
    .toFixed(0)
    .padStart(7)} ${median((r) => r.cpuMsPerRequest)
    .toFixed(3)
    .padStart(11)} ${median((r) => r.p50)
    .toFixed(1)
    .padStart(8)} ${median((r) => r.p99)
    .toFixed(1)
    .padStart(
      8,
    )} ${String(runs.reduce((n, r) => n + r.non2xx, 0)).padStart(9)} ${String(runs.reduce((n, r) => n + r.errors, 0)).padStart(8)}`;
};

export default async function benchRenderEndpoint() {
  const figures = await measureRender(startBenchServer);
  const perSecond = percentile(
    figures.server.map((r) => r.perSecond),
    50,
  );
  const ratio = percentile(figures.ratios, 50);
  console.log(`POST ${PATH}, ${ROUNDS} rounds   req/s  CPU ms/req   p50 ms   p99 ms   non-2xx   errors   (medians)`);
  console.log(row('the server (npm start)', figures.server));
  console.log(row('floor: bare Hono, same bytes', figures.floor));
  const cpu = (runs: Run[]) =>
    percentile(
      runs.map((r) => r.cpuMsPerRequest),
      50,
    );
  console.log(
    `ratio to the floor: ${ratio.toFixed(2)} of its requests/s (rounds: ${figures.ratios.map((r) => r.toFixed(2)).join(', ')}), ` +
      `${(cpu(figures.server) / cpu(figures.floor)).toFixed(1)}x its CPU per request; ` +
      `target ≥ ${TARGET_PER_SECOND} req/s: ${perSecond >= TARGET_PER_SECOND && figures.server.every((r) => r.non2xx === 0) ? 'met' : 'NOT met'}`,
  );
}

if (import.meta.main) await benchRenderEndpoint();
