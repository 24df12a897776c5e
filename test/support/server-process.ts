import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The real server as `npm start` runs it, in a child process that a test can signal or kill. */

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

export interface ServerProcess {
  child: ChildProcess;
  /** Where it listens, once it does. */
  listening: Promise<string>;
  exited: Promise<number | null>;
  output(): string;
  /** SIGKILL to the server and its tsx wrapper, as a crash would; nothing runs on after it. */
  kill(): void;
}

export function startServerProcess(env: Record<string, string>): ServerProcess {
  const child = spawn(tsx, ['server/main.ts'], {
    cwd: root,
    env: {
      PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}`,
      HOME: process.env.HOME ?? tmpdir(),
      NODE_ENV: 'production',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // tsx runs the server in a child process of its own: a process group lets kill() reach both.
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
