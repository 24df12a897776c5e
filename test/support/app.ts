import { Writable } from 'node:stream';
import { type AppDeps, createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { createMetrics } from '../../server/metrics.ts';
import { renderHere } from '../../server/render/threads.ts';
import { withContractChecks } from '../support/contract.ts';

export const API_KEY = 'test-key-0123456789abcdef';
export const PROBLEM_JSON = 'application/problem+json';

/** Collects what the logger writes, one parsed JSON object per line. */
export function logSink() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line));
      }
      done();
    },
  });
  return { stream, lines, raw };
}

/**
 * Suites fire hundreds of requests a second through one key: the per-key limit stays on (its
 * headers are in every answer) with a bucket no suite empties. The limiter's own tests set theirs.
 */
const suiteLimits = { RATE_LIMIT_BURST: '1000000' };

/** An app over a configuration made from `env`, with its log lines kept for inspection. */
export function testApp(env: Record<string, string> = {}, extra: Partial<AppDeps> = {}) {
  const log = logSink();
  const config = loadConfig({ ...suiteLimits, ...env });
  const metrics = createMetrics({ processMetrics: false });
  const app = withContractChecks(
    createApp({
      config,
      logger: createLogger({ level: 'info', destination: log.stream }),
      metrics,
      renderer: renderHere(config.brand),
      clock: () => new Date(),
      ...extra,
    }),
  );
  return { app, config, log, metrics };
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

export const newCustomer = {
  scenario: 'new-customer',
  organizationName: 'Contoso Ltd',
  signUpUrl: 'https://activation.example.com/sign-up?token=1',
};
