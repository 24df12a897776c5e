/**
 * The per-key rate limiter's cost on the render endpoint: the same server with the limits on
 * (set so high that no request is refused, so every request pays the full check) and off
 * (RATE_LIMIT_PER_SECOND=0, AUTH_FAILURES_PER_MINUTE=0). autocannon runs in a process of its
 * own; the two servers take turns, BENCH_ROUNDS rounds of BENCH_SECONDS each (4 × 3 s by
 * default), and the ratio of their request rates is printed. Goal: within noise of 1.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { variants } from '../../emails/_catalog/index.ts';
import { createApp } from '../../server/app.ts';
import { keyedLimiter } from '../../server/caller-limits.ts';
import { loadConfig } from '../../server/config.ts';
import { listen } from '../../server/listen.ts';
import { createLogger } from '../../server/logger.ts';
import { createMetrics } from '../../server/metrics.ts';
import { renderHere } from '../../server/render/threads.ts';

const run = promisify(execFile);
const autocannonBin = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'autocannon');
const KEY = 'bench-key-0123456789abcdef';

async function serveWith(env: Record<string, string>) {
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  const config = loadConfig({ API_KEYS: KEY, ...env });
  const app = createApp({
    config,
    logger: createLogger({ destination: discard }),
    metrics: createMetrics(),
    renderer: renderHere(config.brand),
    clock: () => new Date(),
  });
  return listen(app, { host: '127.0.0.1', port: 0, requestTimeoutMs: 10_000 });
}

async function load(port: number, seconds: number, body: string) {
  const { stdout } = await run(
    autocannonBin,
    [
      '--json',
      '-c',
      '10',
      '-d',
      String(seconds),
      '-m',
      'POST',
      '-H',
      'content-type=application/json',
      '-H',
      `authorization=Bearer ${KEY}`,
      '-b',
      body,
      `http://127.0.0.1:${port}/v1/templates/activation/render`,
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const result = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number };
    non2xx: number;
  };
  return result;
}

/** The limiter's own work per request (check and headers), timed in this process: noise-proof. */
function limiterMicroseconds(): number {
  const limiter = keyedLimiter({ name: 'per-key', perSecond: 1_000_000, burst: 1_000_000 });
  const n = 200_000;
  let sink = 0;
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const decision = limiter.check(KEY);
    sink += Object.keys(limiter.headers(decision)).length;
  }
  const micros = ((performance.now() - started) * 1000) / n;
  return sink > 0 ? micros : Number.NaN;
}

export default async function benchRateLimit() {
  const seconds = Number(process.env.BENCH_SECONDS ?? 3);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
  const body = JSON.stringify({ data: variants.find((v) => v.template === 'activation')?.data });
  const limited = await serveWith({ RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '1000000' });
  const unlimited = await serveWith({ RATE_LIMIT_PER_SECOND: '0', AUTH_FAILURES_PER_MINUTE: '0' });
  const totals = { on: { requests: 0, p50: 0, non2xx: 0 }, off: { requests: 0, p50: 0, non2xx: 0 } };
  try {
    for (let round = 0; round < rounds; round++) {
      // Each round swaps who goes first, so a drift in the machine's load falls on both alike.
      const order = [
        ['off', unlimited],
        ['on', limited],
      ] as const;
      for (const [name, server] of round % 2 === 0 ? order : [...order].reverse()) {
        const result = await load(server.address.port, seconds, body);
        totals[name].requests += result.requests.average;
        totals[name].p50 += result.latency.p50;
        totals[name].non2xx += result.non2xx;
      }
    }
  } finally {
    await Promise.all([limited, unlimited].map(({ server }) => new Promise((resolve) => server.close(resolve))));
  }
  const on = totals.on.requests / rounds;
  const off = totals.off.requests / rounds;
  console.log('render endpoint                      req/s   p50 ms   non-2xx');
  console.log(
    `rate limits off (floor)         ${off.toFixed(0).padStart(9)} ${(totals.off.p50 / rounds).toFixed(1).padStart(8)} ${String(totals.off.non2xx).padStart(9)}`,
  );
  console.log(
    `rate limits on                  ${on.toFixed(0).padStart(9)} ${(totals.on.p50 / rounds).toFixed(1).padStart(8)} ${String(totals.on.non2xx).padStart(9)}`,
  );
  console.log(`ratio on/off: ${(on / off).toFixed(3)} (${rounds} alternating rounds of ${seconds} s; 1.000 = no cost)`);
  const micros = limiterMicroseconds();
  const share = (micros / (1e6 / off)) * 100;
  console.log(
    `limiter work per request: ${micros.toFixed(2)} µs, ${share.toFixed(3)}% of a request at the floor's rate`,
  );
}

if (import.meta.main) await benchRateLimit();
