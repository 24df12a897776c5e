import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * The load generator of every bench: autocannon in a process of its own (so it competes with
 * neither the server nor anything the bench process serves, like the fake Resend), and figures
 * that count only what succeeded. A run in which anything but a 2xx came back where none was
 * expected is invalid, and says so beside its figures.
 */

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections?: number;
  seconds: number;
}

export interface LoadResult {
  /** Answers with a 2xx status: the only work counted. */
  ok: number;
  okPerSecond: number;
  non2xx: number;
  /** Connections that failed or timed out. */
  errors: number;
  /** Latency percentiles in ms, over every answer (a run with non-2xx is invalid anyway). */
  p50: number;
  p99: number;
  seconds: number;
}

const autocannonBin = join(import.meta.dirname, '..', '..', 'node_modules', 'autocannon', 'autocannon.js');

interface AutocannonJson {
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  latency: { p50: number; p99: number };
}

export async function runLoad({
  url,
  method = 'POST',
  headers = {},
  body,
  connections = 10,
  seconds,
}: LoadOptions): Promise<LoadResult> {
  const args = [autocannonBin, '--json', '-c', String(connections), '-d', String(seconds), '-m', method];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}=${value}`);
  if (body !== undefined) args.push('-b', body);
  args.push(url);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`autocannon exited with ${code}: ${err}`);
  const result = JSON.parse(out) as AutocannonJson;
  return {
    ok: result['2xx'],
    okPerSecond: result['2xx'] / result.duration,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    seconds: result.duration,
  };
}

/** `valid`, or why the run's figures do not count. */
export const validity = (runs: LoadResult[]): string => {
  const non2xx = runs.reduce((n, r) => n + r.non2xx, 0);
  const errors = runs.reduce((n, r) => n + r.errors, 0);
  return non2xx === 0 && errors === 0 ? 'valid' : `INVALID: ${non2xx} non-2xx and ${errors} errors`;
};

/** Turns off the per-key limit (RATE_LIMIT_PER_SECOND=0), which would refuse most of a load from one key. */
export const noCallerLimit = { RATE_LIMIT_PER_SECOND: '0' };
