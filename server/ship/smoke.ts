/**
 * `node server/ship/smoke.ts DIR`: the last step of `production.sh check`. Starts the production
 * install in DIR the way the image does (`sh server/ship/production.sh serve`, with a key and the
 * local mailbox), then, as a caller would: waits for /readyz, renders one email, sends one and
 * follows it to `captured`, loads /reference and its bundle, and stops it with SIGTERM, which
 * must end in exit 0. Prints each step with its time; exits 1 at the first that fails, with the
 * server's log.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, type Dirent, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node server/ship/smoke.ts DIR (a production install: production.sh install DIR)');
  process.exit(2);
}

/** A port nobody listens on now, from the kernel. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const port = await freePort();

// Where the first run sends its traces (OTLP/HTTP JSON): the SDK must be in the bundle, since the
// production install has none of it.
const spanNames: string[] = [];
const collector = createHttpServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    try {
      const sent = JSON.parse(body) as {
        resourceSpans?: { scopeSpans?: { spans?: { name: string }[] }[] }[];
      };
      for (const resource of sent.resourceSpans ?? [])
        for (const scope of resource.scopeSpans ?? []) for (const span of scope.spans ?? []) spanNames.push(span.name);
    } catch {
      // Not JSON: counted as nothing received.
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
const collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
const base = `http://127.0.0.1:${port}`;
const apiKey = randomBytes(24).toString('base64url');
const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };

// What the server reads of the install must be readable by a user that did not install it (the
// image's `node`): every file and folder, checked here, and, run as root (CI, a build stage), the
// server itself runs as another user when that user can reach this Node.
const unreadable = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => {
  const mode = statSync(join(entry.parentPath, entry.name)).mode;
  return (mode & 0o004) === 0 || (entry.isDirectory() && (mode & 0o001) === 0);
});
if (unreadable.length > 0) {
  const first = unreadable[0] as Dirent;
  console.error(
    `smoke: ${unreadable.length} files of the install are not readable by every user, e.g. ${join(first.parentPath, first.name)}`,
  );
  process.exit(1);
}
const NOBODY = 65534;
const asNobody = ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'];
const asRoot =
  process.getuid?.() === 0 &&
  spawnSync(asNobody[0] as string, [...asNobody.slice(1), 'node', '--version']).status === 0;
if (process.getuid?.() === 0 && !asRoot)
  console.log('smoke: the server runs as root (another user cannot reach this Node)');
const dataDir = mkdtempSync(join(tmpdir(), 'activation-mail-smoke-data-'));
if (asRoot) chownSync(dataDir, NOBODY, NOBODY);
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));

/** Starts `command` in DIR with only what production would set, as the user that runs it there. */
function launch(command: string[], extraEnv: Record<string, string> = {}) {
  const argv = asRoot ? [...asNobody, ...command] : command;
  const child = spawn(argv[0] as string, argv.slice(1), {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      HOME: dataDir,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: join(dataDir, 'data'),
      API_KEYS: `smoke:send+read:${apiKey}`,
      MAIL_TRANSPORT: 'mailbox',
      LOG_LEVEL: 'info',
      npm_config_cache: join(dataDir, 'npm-cache'),
      npm_config_update_notifier: 'false',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => (log += chunk));
  child.stderr.on('data', (chunk) => (log += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited };
}

let log = '';
const started = performance.now();
// As the image starts it (its CMD).
let server = launch(['sh', join(dir, 'server/ship/production.sh'), 'serve'], {
  OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
});

function fail(step: string, detail: string): never {
  console.error(`smoke: ${step} failed: ${detail}\n--- the server's log ---\n${log}`);
  server.child.kill('SIGKILL');
  process.exit(1);
}

function passed(step: string, since = started): void {
  console.log(`smoke: ${step} (${Math.round(performance.now() - since)} ms)`);
}

/** Polls `probe` every 100 ms until it gives a value, or fails `step` after `ms`. */
async function until<T>(step: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (performance.now() > deadline) fail(step, `nothing within ${ms} ms`);
    if (server.child.exitCode !== null) fail(step, `the server exited (${server.child.exitCode})`);
    await sleep(100);
  }
}

/** SIGTERM, which must end in exit 0 within 15 s. */
async function stop(step: string): Promise<void> {
  const since = performance.now();
  server.child.kill('SIGTERM');
  const code = await Promise.race([server.exited, sleep(15_000, 'timeout' as const, { ref: false })]);
  if (code !== 0) fail(step, `SIGTERM ended in ${code === 'timeout' ? 'no exit within 15 s' : `exit ${code}`}`);
  passed(step, since);
}

await until('ready', 30_000, async () => ((await fetch(`${base}/readyz`)).ok ? true : undefined));
passed('ready');

const organizationName = 'Contoso Ltd';
let since = performance.now();
const rendered = await fetch(`${base}/v1/templates/activation/render`, {
  method: 'POST',
  headers,
  body: JSON.stringify({
    data: { scenario: 'new-customer', organizationName, signUpUrl: 'https://activation.example.com/up' },
  }),
});
const email = (await rendered.json().catch(() => ({}))) as { subject?: string; html?: string };
if (rendered.status !== 200 || !email.subject?.includes(organizationName) || !email.html?.includes('<html')) {
  fail('render', `${rendered.status} ${JSON.stringify(email).slice(0, 300)}`);
}
passed('rendered one email', since);

since = performance.now();
const sent = await fetch(`${base}/v1/emails`, {
  method: 'POST',
  headers: { ...headers, 'idempotency-key': 'production-smoke' },
  body: JSON.stringify({
    template: 'activation',
    data: { scenario: 'new-customer', organizationName, signUpUrl: 'https://activation.example.com/up' },
    to: ['it@contoso.example'],
  }),
});
const accepted = (await sent.json().catch(() => ({}))) as { id?: string };
if (sent.status !== 202 || !accepted.id) fail('send', `${sent.status} ${JSON.stringify(accepted).slice(0, 300)}`);
await until('captured', 30_000, async () => {
  const status = ((await (await fetch(`${base}/v1/emails/${accepted.id}`, { headers })).json()) as { status?: string })
    .status;
  return status === 'captured' ? status : undefined;
});
passed('sent one email to the mailbox (captured)', since);

since = performance.now();
const page = await fetch(`${base}/reference`);
const script = (await page.text()).match(/src="(\/reference\/[^"]+\.js)"/)?.[1];
const bundle = script ? await fetch(`${base}${script}`) : undefined;
if (page.status !== 200 || !bundle?.ok || Number(bundle.headers.get('content-length') ?? 1e9) < 100_000) {
  fail('reference', `page ${page.status}, bundle ${script ?? 'not linked'} ${bundle?.status ?? ''}`);
}
await bundle.arrayBuffer();
passed('served /reference and its bundle', since);

await stop('stopped on SIGTERM, exit 0');
// The stop exports the spans still buffered.
if (!spanNames.includes('POST /v1/emails')) fail('traces', `spans received: ${JSON.stringify(spanNames)}`);
passed(`traced: ${spanNames.length} spans exported over OTLP, "POST /v1/emails" among them`, since);
collector.close();

// `npm start` in production mode: the same launcher, without the build check (no sources here).
since = performance.now();
server = launch(['npm', 'start', '--silent']);
await until('npm start', 30_000, async () => ((await fetch(`${base}/readyz`)).ok ? true : undefined));
passed('npm start served from the same install', since);
await stop('npm start stopped on SIGTERM, exit 0');
