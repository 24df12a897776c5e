/**
 * What traces cost (`npm run bench -- tracing`): the render and send endpoints of two servers
 * started as `npm start` starts them, one with traces off and one exporting every span
 * (OTEL_EXPORTER_OTLP_ENDPOINT, the SDK's default batching) to an OTLP/HTTP receiver in this
 * process, measured in turns, ROUNDS rounds of BENCH_ROUND_SECONDS (default 3) each, the order
 * swapped every round, because the machine's load changes from one second to the next: the
 * ratio on/off is the figure that holds, with the CPU per request beside it, which the load moves
 * less. Render: POST /v1/templates/activation/render (a request span). Send: POST /v1/emails delivering to a fake Resend (a request span, the
 * provider calls, the trace context stored with each email). Only 2xx count as work done; the
 * refusals are printed beside each figure, and the spans received show that the traces went out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeResend } from '../support/fake-resend.ts';
import { SpanKinds, startOtlpReceiver } from '../support/otlp-receiver.ts';
import { type ServerProcess, startBenchServer } from '../support/server-process.ts';
import { type LoadResult, noCallerLimit, runLoad } from './load.ts';
import { treeCpuMs } from './proc.ts';
import { renderRequest } from './render-endpoint.bench.ts';
import { sendBody } from './send.bench.ts';
import { percentile } from './stats.ts';

const ROUNDS = 6;
const API_KEY = 'bench-key';
const roundSeconds = () => Number(process.env.BENCH_ROUND_SECONDS ?? 3);

interface Endpoint {
  name: string;
  path: string;
  body: string;
  /** What the server needs beside the store and the key. */
  env: Record<string, string>;
}

interface Run extends LoadResult {
  cpuMsPerRequest: number;
}

async function load(url: string, pid: number, { path, body }: Endpoint, seconds: number): Promise<Run> {
  const cpuBefore = treeCpuMs(pid);
  const result = await runLoad({
    url: `${url}${path}`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body,
    connections: 10,
    seconds,
  });
  return { ...result, cpuMsPerRequest: (treeCpuMs(pid) - cpuBefore) / Math.max(1, result.ok) };
}

interface Side {
  label: 'off' | 'on';
  server: ServerProcess;
  url: string;
  runs: Run[];
}

async function compare(endpoint: Endpoint, otlpUrl: string) {
  const dirs: string[] = [];
  const start = (tracing: Record<string, string>) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'activation-mail-tracing-bench-'));
    dirs.push(dataDir);
    return startBenchServer({ DATA_DIR: dataDir, API_KEYS: API_KEY, ...noCallerLimit, ...endpoint.env, ...tracing });
  };
  const servers = [start({}), start({ OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl })] as const;
  try {
    const sides: Side[] = [];
    for (const [i, server] of servers.entries()) {
      sides.push({ label: i === 0 ? 'off' : 'on', server, url: await server.listening, runs: [] });
    }
    // Warm-up: JIT-compiled code on both sides before anything is counted.
    for (const side of sides) await load(side.url, side.server.child.pid as number, endpoint, 1);
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        side.runs.push(await load(side.url, side.server.child.pid as number, endpoint, roundSeconds()));
      }
      const [off, on] = sides.map((side) => side.runs[round] as Run);
      ratios.push((on as Run).okPerSecond / (off as Run).okPerSecond);
    }
    return { sides, ratios };
  } finally {
    for (const server of servers) server.child.kill('SIGTERM');
    await Promise.all(servers.map((server) => server.exited));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

const median = (runs: Run[], pick: (r: Run) => number) => percentile(runs.map(pick), 50);

export default async function benchTracing() {
  const otlp = await startOtlpReceiver();
  const fake = await startFakeResend();
  const endpoints: Endpoint[] = [
    { name: 'render', path: '/v1/templates/activation/render', body: renderRequest, env: {} },
    {
      name: 'send',
      path: '/v1/emails',
      body: sendBody,
      env: {
        RESEND_API_KEY: fake.apiKey,
        RESEND_BASE_URL: fake.url,
        EMAIL_FROM: 'Bench <bench@example.com>',
        WORKER_CONCURRENCY: '16',
      },
    },
  ];
  try {
    console.log(
      `traces off/on, ${ROUNDS} rounds of ${roundSeconds()} s   req/s  CPU ms/req   p50 ms   p99 ms   non-2xx   errors   (medians)`,
    );
    for (const endpoint of endpoints) {
      const spansBefore = otlp.spans.length;
      const { sides, ratios } = await compare(endpoint, otlp.url);
      for (const { label, runs } of sides) {
        console.log(
          `${`${endpoint.name} (POST ${endpoint.path}), traces ${label}`.padEnd(52)} ${median(
            runs,
            (r) => r.okPerSecond,
          )
            .toFixed(0)
            .padStart(6)} ${median(runs, (r) => r.cpuMsPerRequest)
            .toFixed(3)
            .padStart(11)} ${median(runs, (r) => r.p50)
            .toFixed(1)
            .padStart(8)} ${median(runs, (r) => r.p99)
            .toFixed(1)
            .padStart(
              8,
            )} ${String(runs.reduce((n, r) => n + r.non2xx, 0)).padStart(9)} ${String(runs.reduce((n, r) => n + r.errors, 0)).padStart(8)}`,
        );
      }
      const [off, on] = sides as [Side, Side];
      const spans = otlp.spans.slice(spansBefore);
      const requestSpans = spans.filter((s) => s.kind === SpanKinds.server).length;
      console.log(
        `  ${endpoint.name}: on/off ${percentile(ratios, 50).toFixed(2)} of the requests/s (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}), ` +
          `${(median(on.runs, (r) => r.cpuMsPerRequest) / median(off.runs, (r) => r.cpuMsPerRequest)).toFixed(2)}x the CPU per request; ` +
          `spans received: ${spans.length} (${requestSpans} request spans for ${on.runs.reduce((n, r) => n + r.ok, 0)} 2xx measured, warm-up included)`,
      );
    }
  } finally {
    await fake.close();
    await otlp.close();
  }
}

if (import.meta.main) await benchTracing();
