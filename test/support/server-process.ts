import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The real server as `npm start` runs it (the compiled dist/server/main.js, built first if a
 * source changed since the last build), in a child process that a test can signal or kill.
 */

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'node_modules', '.bin');

/** The environment and node's arguments as the `start` script in package.json gives them. */
function startCommand(): { env: Record<string, string>; args: string[] } {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const found = /&& ((?:\w+=\S+ )*)exec node (.+)$/.exec(scripts.start);
  if (!found)
    throw new Error('the start script no longer ends with "VAR=value exec node <args>": update server-process.ts');
  const env = Object.fromEntries(
    (found[1] ?? '')
      .trim()
      .split(' ')
      .filter(Boolean)
      .map((kv) => kv.split('=', 2)),
  );
  return { env, args: (found[2] ?? '').split(' ') };
}

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

export function startServerProcess(env: Record<string, string>): ServerProcess {
  buildServerIfStale();
  const start = startCommand();
  const child = spawn(join(bin, 'node'), start.args, {
    cwd: root,
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: process.env.HOME ?? tmpdir(),
      ...start.env,
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, so that kill() reaches anything it starts.
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk;
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    child.stdout?.on('data', () => {
      const url = /listening on (http:\/\/\S+?)"/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening:\n${output}`));
    });
  });
  listening.catch(() => undefined);
  return {
    child,
    listening,
    exited,
    output: () => output,
    kill: () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
  };
}
