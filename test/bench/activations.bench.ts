/**
 * Activations, through the real server started as `npm start` starts it, autocannon in this
 * process over 10 connections:
 * - created per second with their first email and follow-ups (one transaction each), p50/p99,
 *   beside the floor of the same run: single sends (POST /v1/emails) on the same server;
 * - events out: every event those requests caused (activation.created, email.sent) is held by
 *   a loopback receiver that answers nothing until the load is over, then released; the
 *   backlog's drain rate is printed beside the floor of signed POSTs from this process to the
 *   same receiver at the dispatcher's concurrency.
 * On PGlite in a temporary DATA_DIR and, with BENCH_DATABASE_URL or TEST_DATABASE_URL, on PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Webhook } from 'standardwebhooks';
import { DEFAULT_EVENT_CONCURRENCY } from '../../server/delivery/event-dispatcher.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { startBenchServer } from '../support/server-process.ts';
import { noCallerLimit } from './load.ts';

const API_KEY = 'bench-key';
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const WARMUP_SECONDS = 2;
const EVENT_CONCURRENCY = DEFAULT_EVENT_CONCURRENCY;

/** Counts signed events; while held, answers none of them. */
async function startReceiver() {
  const verifier = new Webhook(SECRET);
  let held: (() => void)[] | undefined = [];
  let received = 0;
  const ids = new Set<string>();
  let bad = 0;
  let last = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const answer = () => {
        try {
          verifier.verify(body, req.headers as Record<string, string>);
          received++;
          ids.add(String(req.headers['webhook-id']));
          last = performance.now();
          res.writeHead(204).end();
        } catch {
          bad++;
          res.writeHead(401).end();
        }
      };
      if (held) held.push(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    counts: () => ({ received, unique: ids.size, bad, last }),
    hold: () => {
      held = [];
    },
    release: () => {
      const waiting = held ?? [];
      held = undefined;
      for (const answer of waiting) answer();
    },
    reset: () => {
      received = 0;
      ids.clear();
      bad = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${API_KEY}` } })).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || (!name.includes('{') && line.startsWith(`${name}{`)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

const links = {
  signInUrl: 'https://activation.example.com/sign-in?token=1',
  signUpUrl: 'https://activation.example.com/sign-up?token=1',
};

async function load(url: string, path: string, body: (n: number) => unknown, seconds: number) {
  let n = 0;
  // `warmup` is in autocannon 8+, not yet in its type definitions.
  const options: autocannon.Options & { warmup: { connections: number; duration: number } } = {
    url: `${url}${path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    connections: 10,
    duration: seconds,
    warmup: { connections: 10, duration: WARMUP_SECONDS },
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(body(n++)) }) }],
  };
  return autocannon(options);
}

/** Only 2xx answers count as work done; any other answer or error makes the row INVALID. */
const okPerSecond = (r: autocannon.Result) => r['2xx'] / r.duration;
const row = (label: string, r: autocannon.Result, ratio = '') =>
  console.log(
    `${label.padEnd(36)} ${okPerSecond(r).toFixed(0).padStart(8)} ${r.latency.p50.toFixed(1).padStart(8)} ${r.latency.p99.toFixed(1).padStart(8)} ${String(r.non2xx).padStart(8)} ${String(r.errors + r.timeouts).padStart(7)}   ${ratio}${r.non2xx + r.errors + r.timeouts > 0 ? '  INVALID' : ''}`,
  );

/** Signed POSTs from this process straight to the receiver, EVENT_CONCURRENCY at a time: the events' floor. */
async function eventFloor(receiver: Receiver, count: number): Promise<number> {
  const signer = new Webhook(SECRET);
  const payload = JSON.stringify({ type: 'activation.created', timestamp: new Date().toISOString(), data: {} });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: EVENT_CONCURRENCY }, async () => {
      while (next < count) {
        const id = `msg_${next++}`;
        const at = new Date();
        const res = await fetch(receiver.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
            'webhook-signature': signer.sign(id, at, payload),
          },
          body: payload,
        });
        await res.arrayBuffer();
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

async function benchServer(database: string, env: Record<string, string>) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const receiver = await startReceiver();
  receiver.hold();
  const server = startBenchServer({
    ...env,
    ...noCallerLimit,
    API_KEYS: API_KEY,
    EVENTS_WEBHOOK_URL: receiver.url,
    EVENTS_WEBHOOK_SECRET: SECRET,
  });
  try {
    const url = await server.listening;
    const floor = await load(
      url,
      '/v1/emails',
      (n) => ({
        template: 'activation',
        data: { scenario: 'trial-customer', organizationName: 'Contoso Ltd', ...links },
        to: `osm${n}@contoso.com`,
      }),
      seconds,
    );
    row(`${database}: POST /v1/emails (floor)`, floor);
    const run = randomBytes(2).toString('hex');
    const trialEndsOn = new Date(Date.now() + 20 * 24 * 60 * 60_000).toISOString().slice(0, 10);
    const created = await load(
      url,
      '/v1/activations',
      (n) => ({
        enrollment: {
          number: `${run}-${n}`,
          organizationName: 'Contoso Ltd',
          onlineServicesManager: { name: 'Dana Whitfield', email: `osm${n}@contoso.com` },
        },
        scenario: 'trial-customer',
        ...links,
        trialEndsOn,
      }),
      seconds,
    );
    row(
      `${database}: POST /v1/activations`,
      created,
      `${(okPerSecond(created) / okPerSecond(floor)).toFixed(2)} × the floor; each = 4 emails (activation, 2 reminders, trial notice)`,
    );

    // Every email due goes out (to the mailbox), each sent one an email.sent event.
    while (
      (await metric(url, 'emails_queue_depth{status="queued"}')) +
        (await metric(url, 'emails_queue_depth{status="sending"}')) >
      0
    ) {
      await sleep(100);
    }
    const expected =
      (await metric(url, 'events_out{status="pending"}')) + (await metric(url, 'events_out{status="delivering"}'));
    const released = performance.now();
    receiver.release();
    while ((await metric(url, 'events_out{status="delivered"}')) < expected) await sleep(50);
    const { received, unique, bad, last } = receiver.counts();
    const perSecond = received / ((last - released) / 1000);
    receiver.reset();
    const floorPerSecond = await eventFloor(receiver, Math.min(2000, Math.max(200, received)));
    console.log(
      `${`${database}: events out, backlog drain`.padEnd(36)} ${perSecond.toFixed(0).padStart(8)} events/s   ${unique} of ${expected} events delivered (${received - unique} twice: tries held past the sender's timeout, retried under the same webhook-id), ${bad} refused; floor (signed POSTs ×${EVENT_CONCURRENCY}) ${floorPerSecond.toFixed(0)}/s = ${(perSecond / floorPerSecond).toFixed(2)} × the floor`,
    );
  } finally {
    receiver.release();
    if (server.child.pid) process.kill(-server.child.pid, 'SIGTERM');
    await server.exited;
    await receiver.close();
  }
}

export default async function benchActivations() {
  console.log(
    `${'(other helpers share the CPU: read the ratios)'.padEnd(36)}  2xx/s   p50 ms   p99 ms  non-2xx  errors`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'activation-mail-bench-activations-'));
  try {
    await benchServer('PGlite', { DATA_DIR: dataDir });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
    return;
  }
  const db = await createTestDatabase(serverUrl);
  try {
    await benchServer('PostgreSQL', { DATABASE_URL: db.url });
  } finally {
    await db.drop();
  }
}

if (import.meta.main) await benchActivations();
