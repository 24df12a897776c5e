import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The real server as `npm start` runs it (the compiled dist/server/main.js, built first if a
 * source changed since the last build, started by the same launcher with the same flags and
 * environment), in a child process that a test can signal or kill.
 */

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'node_modules', '.bin');

/** What `npm start` ends in, after its build check, and what the image runs: server/ship/production.sh serve. */
const launcher = join(root, 'server', 'ship', 'production.sh');

/**
 * A clock shifted for the whole run (`faketime`, as .ci/run does: its LD_PRELOAD and FAKETIME*
 * variables) shifts the server's too, so a test and the server it starts share one clock.
 */
const shiftedClock = Object.fromEntries(
  Object.entries(process.env).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined && (entry[0] === 'LD_PRELOAD' || entry[0].startsWith('FAKETIME')),
  ),
);

let built = false;
/** `npm run build` when dist/server is older than the sources; vitest's global setup has usually done it already. */
export function buildServerIfStale(): void {
  if (built) return;
  const result = spawnSync(join(bin, 'node'), ['server/build.ts', '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`building the server failed (exit ${result.status})`);
  built = true;
}

export interface ServerProcess {
  child: ChildProcess;
  /** Where it listens, once it does. */
  listening: Promise<string>;
  exited: Promise<number | null>;
  output(): string;
  /** SIGKILL to the server's process group, as a crash would; nothing runs on after it. */
  kill(): void;
}

export interface ServerProcessOptions {
  /**
   * Where the server's output goes instead of a pipe to this process. Benchmarks need it: their
   * load generator runs in this process, and while it is busy a pipe it drains fills up, and
   * the server's next log line waits for room (pino writes synchronously), which throttles the
   * server being measured. A file takes every line at once, as a log collector would.
   */
  logFile?: string;
  /** What node runs instead of dist/server/main.js (benches: a variant of it, from source). */
  entry?: string[];
}

export function startServerProcess(
  env: Record<string, string>,
  { logFile, entry }: ServerProcessOptions = {},
): ServerProcess {
  buildServerIfStale();
  const log = logFile === undefined ? 'pipe' : openSync(logFile, 'w');
  // sh execs node, so the child is the server's own process: signals reach it as they would in production.
  const child = spawn('sh', [launcher, 'serve', ...(entry ?? [])], {
    cwd: root,
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: process.env.HOME ?? tmpdir(),
      ...shiftedClock,
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', log, log],
    // A process group of its own, so that kill() reaches anything it starts.
    detached: true,
  });
  if (typeof log === 'number') closeSync(log);
  let piped = '';
  const collect = (chunk: Buffer) => {
    piped += chunk;
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // A bench server's log file is removed once it exits: its output is empty then.
  const output = () => (logFile === undefined ? piped : existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output()}`)), 60_000);
    const look = () => {
      const url = /listening on (http:\/\/\S+?)"/.exec(output())?.[1];
      if (url) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve(url);
      }
    };
    child.stdout?.on('data', look);
    const poll = logFile === undefined ? undefined : setInterval(look, 20);
    exited.then(() => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`server exited before listening:\n${output()}`));
    });
  });
  listening.catch(() => undefined);
  return {
    child,
    listening,
    exited,
    output,
    kill: () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
  };
}

/** The server as benchmarks start it: its output to a file of its own (see `logFile`), removed once it exits. */
export function startBenchServer(env: Record<string, string>, entry?: string[]): ServerProcess {
  const dir = mkdtempSync(join(tmpdir(), 'activation-mail-bench-log-'));
  const server = startServerProcess(env, { logFile: join(dir, 'server.log'), entry });
  server.exited.then(() => rmSync(dir, { recursive: true, force: true }));
  return server;
}
