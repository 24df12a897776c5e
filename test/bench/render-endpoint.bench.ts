/**
 * POST /v1/templates/activation/render over real HTTP: 10 connections for ~10 s (BENCH_SECONDS
 * changes it). Prints requests/s and p50/p99 latency. Target: over 500 requests/s.
 */
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { variants } from '../../emails/_catalog/index.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { createMetrics } from '../../server/metrics.ts';

const TARGET_PER_SECOND = 500;

export default async function benchRenderEndpoint() {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  // The log lines are formatted as in production but thrown away, so the figures include their cost.
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  const app = createApp({
    // The per-key limit raised out of reach (its cost stays in): one key floods here on purpose.
    config: loadConfig({ API_KEYS: 'bench-key', RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '1000000' }),
    logger: createLogger({ destination: discard }),
    metrics: createMetrics(),
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;

  const preview = variants.find((v) => v.template === 'activation' && v.variant === 'trial-customer');
  try {
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/v1/templates/activation/render`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench-key' },
      body: JSON.stringify({ data: preview?.data }),
      connections: 10,
      duration: seconds,
    });
    const perSecond = result.requests.average;
    console.log('endpoint                               req/s   p50 ms   p99 ms   non-2xx   errors');
    console.log(
      `${'POST /v1/templates/activation/render'.padEnd(36)} ${perSecond.toFixed(0).padStart(7)} ${result.latency.p50.toFixed(1).padStart(8)} ${result.latency.p99.toFixed(1).padStart(8)} ${String(result.non2xx).padStart(9)} ${String(result.errors).padStart(8)}`,
    );
    console.log(
      `${result.requests.total} requests in ${result.duration.toFixed(1)} s; target > ${TARGET_PER_SECOND} req/s: ${perSecond > TARGET_PER_SECOND && result.non2xx === 0 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

if (import.meta.main) await benchRenderEndpoint();
