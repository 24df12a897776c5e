/**
 * A connection flood against the real server (issue 23: 15,000 slow connections once added
 * 135 MB of RSS that never came back). A generator in a process of its own opens
 * FLOOD_CONNECTIONS (default 15,000) connections that send half a request's headers and then
 * nothing, opening another whenever the server closes one, for FLOOD_SECONDS (default 20).
 * Three runs, each on a fresh server (PGlite, default limits otherwise):
 * - no caps (MAX_CONNECTIONS=0, MAX_CONNECTIONS_PER_ADDRESS=0): what the issue found;
 * - the default caps, the flood from one address (127.0.0.2);
 * - the default caps, the flood from 60 addresses (127.0.0.2–61: Linux answers all of 127/8),
 *   each under the per-address cap, so the cap on all connections is what holds.
 * Printed per run: RSS idle, at the flood's peak, and 10 s and 60 s after it ends (the README
 * sizes the embedded default at 512 MB); the most connections established to the server at once (`ss`); and a caller from 127.0.0.1
 * asking `GET /healthz` twice a second meanwhile: answered (2xx) and refused or failed. Then, at
 * the same four moments, what the server itself says of its memory (memory-probe.mjs, preloaded):
 * V8's heap and its spaces, glibc's main arena, file descriptors, which tells the V8 heap from
 * native memory.
 * `npm run bench -- connections`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBenchServer } from '../support/server-process.ts';
import { treeRssMb } from './proc.ts';

const CONNECTIONS = Number(process.env.FLOOD_CONNECTIONS ?? 15_000);
const SECONDS = Number(process.env.FLOOD_SECONDS ?? 20);
const SIZING_MB = 512;
/** Idle is read this long after the server listens: its start-up spike (to 700 MB for a second or two, 2–5 s after listening) is over by then. */
const SETTLE_MS = 15_000;
const PROBE = join(import.meta.dirname, 'memory-probe.mjs');

/** One line of memory-probe.mjs, in MB (see there). */
interface MemorySample {
  t: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rssAnon: number;
  rssFile: number;
  spaces: Record<string, [number, number]>;
  brk: number;
  fds: number;
}

const samplesIn = (output: string): MemorySample[] =>
  output
    .split('\n')
    .filter((line) => line.startsWith('memory-probe '))
    .map((line) => JSON.parse(line.slice('memory-probe '.length)) as MemorySample);

/** The flood, as a script for a process of its own: prints `done` at the end. */
const generator = `
const net = require('node:net');
const [port, total, seconds, ...addresses] = process.argv.slice(1);
let i = 0;
const end = Date.now() + Number(seconds) * 1000;
const sockets = new Set();
function one() {
  if (Date.now() > end) return;
  const socket = net.connect({ port: Number(port), host: '127.0.0.1', localAddress: addresses[i++ % addresses.length] });
  sockets.add(socket);
  socket.on('connect', () => { socket.write('GET /healthz HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nX-Slow: '); });
  socket.on('error', () => {});
  socket.on('close', () => { sockets.delete(socket); setTimeout(one, 1000); });
}
// Opened in steps, as a flood ramps up, so the listen backlog takes them.
let started = 0;
const ramp = setInterval(() => {
  for (let k = 0; k < 500 && started < Number(total); k++, started++) one();
  if (started >= Number(total)) clearInterval(ramp);
}, 50);
setTimeout(() => {
  for (const s of sockets) s.destroy();
  console.log('done');
  setTimeout(() => process.exit(0), 200);
}, Number(seconds) * 1000);
`;

/** Connections the server's port has established, as the kernel counts them. */
const established = (port: string): number =>
  execFileSync('ss', ['-tnH', 'state', 'established', `sport = :${port}`], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.trim()).length;

interface Run {
  label: string;
  idleMb: number;
  peakMb: number;
  after10Mb: number;
  after60Mb: number;
  peakOpen: number;
  answered: number;
  refused: number;
  /** The server's own samples (memory-probe.ts) at idle, at the peak of its RSS, +10 s and +60 s. */
  samples: [MemorySample | undefined, MemorySample | undefined, MemorySample | undefined, MemorySample | undefined];
}

async function flood(label: string, env: Record<string, string>, addresses: string[]): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'activation-mail-flood-'));
  const server = startBenchServer({ DATA_DIR: dataDir, HOST: '127.0.0.1', MEMORY_PROBE: '1', ...env }, [
    '--import',
    PROBE,
    'dist/server/main.js',
  ]);
  const latest = () => samplesIn(server.output()).at(-1);
  try {
    const url = await server.listening;
    const pid = server.child.pid as number;
    await sleep(SETTLE_MS);
    const idleMb = treeRssMb(pid);
    const idle = latest();
    const floodFrom = idle?.t ?? 0;
    const port = new URL(url).port;
    const child = spawn(process.execPath, ['-e', generator, port, String(CONNECTIONS), String(SECONDS), ...addresses], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let done = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (String(chunk).includes('done')) done = true;
    });
    let peakOpen = 0;
    let peakMb = 0;
    let answered = 0;
    let refused = 0;
    while (!done) {
      peakMb = Math.max(peakMb, treeRssMb(pid));
      peakOpen = Math.max(peakOpen, established(port));
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
      if (res?.ok) answered++;
      else refused++;
      await res?.text();
      await sleep(500);
    }
    await exited;
    const during = samplesIn(server.output()).filter((s) => s.t > floodFrom);
    const peak = during.reduce<MemorySample | undefined>((top, s) => (top && top.rss >= s.rss ? top : s), undefined);
    await sleep(10_000);
    const after10Mb = treeRssMb(pid);
    const after10 = latest();
    await sleep(50_000);
    const after60Mb = treeRssMb(pid);
    return {
      label,
      idleMb,
      peakMb,
      after10Mb,
      after60Mb,
      peakOpen,
      answered,
      refused,
      samples: [idle, peak, after10, latest()],
    };
  } finally {
    server.kill();
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function connectionsBench() {
  const many = Array.from({ length: 60 }, (_, i) => `127.0.0.${i + 2}`);
  const runs = [
    await flood('no caps, one address', { MAX_CONNECTIONS: '0', MAX_CONNECTIONS_PER_ADDRESS: '0' }, ['127.0.0.2']),
    await flood('default caps, one address', {}, ['127.0.0.2']),
    await flood('default caps, 60 addresses', {}, many),
  ];
  console.log(
    `\n${CONNECTIONS} slow connections for ${SECONDS} s; RSS in MB (README sizing ${SIZING_MB}); a caller from 127.0.0.1 meanwhile`,
  );
  console.log(
    `${'run'.padEnd(30)}${'idle'.padStart(6)}${'peak'.padStart(7)}${'+10 s'.padStart(7)}${'+60 s'.padStart(7)}${'held'.padStart(8)}   caller: answered / refused or failed`,
  );
  for (const r of runs) {
    console.log(
      `${r.label.padEnd(30)}${r.idleMb.toFixed(0).padStart(6)}${r.peakMb.toFixed(0).padStart(7)}${r.after10Mb.toFixed(0).padStart(7)}${r.after60Mb.toFixed(0).padStart(7)}${String(r.peakOpen).padStart(8)}   ${r.answered} / ${r.refused}${r.peakMb > SIZING_MB ? '  OVER SIZING' : ''}`,
    );
  }
  console.log(
    '\nInside the server (main thread, memory-probe.mjs), MB: rss; V8 heap committed/used; of it old and new space committed; external; glibc main arena ([heap]) resident; fds',
  );
  for (const r of runs) {
    console.log(r.label);
    r.samples.forEach((s, i) => {
      const moment = ['idle', 'peak', '+10 s', '+60 s'][i] as string;
      console.log(`  ${moment.padEnd(7)}${s ? describe(s) : 'no sample'}`);
    });
  }
}

const describe = (s: MemorySample): string => {
  const f = (n: number | undefined) => (n ?? 0).toFixed(0).padStart(4);
  return `rss ${f(s.rss)}  heap ${f(s.heapTotal)}/${f(s.heapUsed)}  old ${f(s.spaces.old?.[0])}  new ${f(s.spaces.new?.[0])}  external ${f(s.external)}  [heap] ${f(s.brk)}  fds ${String(s.fds).padStart(6)}`;
};

if (import.meta.main) await connectionsBench();
