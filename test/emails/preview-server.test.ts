import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createElement } from 'react';
import { render } from 'react-email';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { locales, variants } from '../../emails/_catalog/index.ts';
import { localizedFacts } from '../../emails/_messages/index.ts';

// `npm run email:dev` as a designer runs it, on a scratch copy of emails/ so the test can edit templates.
const root = join(import.meta.dirname, '../..');
const scratch = join(root, '.xdg/preview-server-test/emails');
let server: ChildProcess;
let base: string;
let output = '';

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

async function fetchUntil(path: string, ok: (body: string) => boolean, timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(base + path);
      last = await res.text();
      if (res.ok && ok(last)) return last;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${path} never matched; last body starts: ${last.slice(0, 200)}`);
}

async function until(what: string, ok: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`${what} never happened; output: ${output.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const edit = async (file: string, from: string, to: string) => {
  const path = join(scratch, file);
  const source = await readFile(path, 'utf8');
  expect(source).toContain(from);
  await writeFile(path, source.replace(from, to));
};

beforeAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  await cp(join(root, 'emails'), scratch, {
    recursive: true,
    filter: (src) => !src.includes('.react-email') && !src.includes('previews'),
  });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const command = pkg.scripts['email:dev']
    .replace('--dir emails', `--dir ${scratch}`)
    .replace(/--port \d+/, `--port ${port}`);
  server = spawn('sh', ['-c', command], {
    cwd: root,
    env: { ...process.env, PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH}` },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  server.stdout?.on('data', (d) => (output += d));
  server.stderr?.on('data', (d) => (output += d));
}, 30_000);

afterAll(async () => {
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
  await rm(join(root, '.xdg/preview-server-test'), { recursive: true, force: true });
});

test('every template, variant and locale has a preview in its language, and an edit is pushed to open previews', async () => {
  for (const locale of locales) {
    const heading = localizedFacts(locale).support().heading;
    for (const { template, variant } of variants) {
      const page = await fetchUntil(`/preview/previews/${locale}/${template}-${variant}`, (body) =>
        body.includes(heading),
      );
      expect(page).toContain(`lang=\\"${locale}\\"`);
    }
  }
  const trial = await fetchUntil('/preview/previews/de-DE/activation-trial-customer', (b) => b.includes('Fabrikam'));
  expect(trial).toContain('Option 1 – Anmelden');

  // Hot reload: every open preview is told which file changed and re-renders it.
  const socket = io(base, { transports: ['websocket'] });
  const reloaded = new Promise<{ filename: string }[]>((resolve) => socket.on('reload', resolve));
  await new Promise((resolve) => socket.on('connect', () => resolve(undefined)));
  await edit('trial-ending.tsx', '{t.heading({ date })}', "{'Heads up: '}{t.heading({ date })}");
  const changes = await reloaded;
  socket.close();
  expect(changes.map((c) => c.filename)).toContain('trial-ending.tsx');
}, 600_000);

/** The files the preview UI is told to re-render (React Email's hot reload), gathered until `ok`. */
async function reloadsUntil(change: () => Promise<void>, ok: (files: string[]) => boolean): Promise<string[]> {
  const socket = io(base, { transports: ['websocket'] });
  await new Promise((resolve) => socket.on('connect', () => resolve(undefined)));
  const files: string[] = [];
  const done = new Promise<void>((resolve) =>
    socket.on('reload', (changes: { filename: string }[]) => {
      files.push(...changes.map((c) => c.filename));
      if (ok(files)) resolve();
    }),
  );
  await change();
  await done;
  socket.close();
  return files;
}

test('preview data that breaks the schema shows each problem instead of the email', async () => {
  // The open preview of the variant is told to re-render…
  const files = await reloadsUntil(
    () => edit('activation.tsx', "organizationName: 'Northwind Traders',", "organizationName: '',"),
    (f) => f.includes('previews/fr-FR/activation-bypass-customer.tsx'),
  );
  expect(files).toContain('activation.tsx');
  // …and what it renders is the problem, named with its path and where to fix it.
  const { default: Preview } = await import(join(scratch, 'previews/fr-FR/activation-bypass-customer.tsx'));
  const html = await render(createElement(Preview, Preview.PreviewProps));
  expect(html).toContain('Preview data breaks the template’s schema');
  expect(html).toContain('organizationName: must not be empty');
  expect(html).toContain('activation / bypass-customer / fr-FR');
  await edit('activation.tsx', "organizationName: '',", "organizationName: 'Northwind Traders',");
}, 120_000);

test('a syntax error is printed with file, line and column, and shown in every preview until fixed', async () => {
  const preview = join(scratch, 'previews/ja-JP/trial-ending-default.tsx');
  const good = await readFile(preview, 'utf8');
  const everyPreview = variants.flatMap(({ template, variant }) =>
    locales.map((locale) => `previews/${locale}/${template}-${variant}.tsx`),
  );
  // Every preview is told to re-render, in whatever batches the watcher sends them (waiting
  // for one preview, then counting, depended on how the batches fell).
  const files = await reloadsUntil(
    () => edit('acknowledgement.tsx', '<Greeting greeting={m.greeting(data.recipientName)} />', '<Greeting greeting={'),
    (f) => everyPreview.every((path) => f.includes(path)),
  );
  expect(everyPreview.filter((path) => !files.includes(path))).toEqual([]);
  await until('the syntax error in the terminal', () => /syntax error .*acknowledgement\.tsx:\d+:\d+: /.test(output));
  const shown = await readFile(preview, 'utf8');
  expect(shown).toContain('Syntax error');
  expect(shown).toMatch(/acknowledgement\.tsx:\d+:\d+: /);
  await edit('acknowledgement.tsx', '<Greeting greeting={', '<Greeting greeting={m.greeting(data.recipientName)} />');
  await until('the fix in the terminal', () => output.includes('syntax errors fixed'));
  expect(await readFile(preview, 'utf8')).toBe(good);
}, 120_000);

test('the preview server listens on loopback only and keeps drafts on this machine', async () => {
  const port = new URL(base).port;
  const listening = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' });
  expect(listening).toContain(`127.0.0.1:${port}`);
  expect(listening).not.toMatch(/\*:\d+|0\.0\.0\.0:\d+|\[::\]:\d+/);
  // The browser is told to call nowhere else (the spam check and test send run in the page)…
  const res = await fetch(`${base}/preview/previews/en-US/trial-ending-default`);
  expect(res.headers.get('content-security-policy')).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\*/);
  expect(res.headers.get('content-security-policy')).toMatch(/img-src 'self' data: blob:/);
}, 60_000);

test('the guard refuses calls to other hosts from the preview server, unless allowed', () => {
  const probe = `fetch('https://react.email/api/check-spam', { method: 'POST' }).then(() => console.log('sent'), (e) => console.log(e.message));
try { require('node:https').request('https://api.resend.com/emails'); console.log('sent'); } catch (e) { console.log(e.message); }`;
  const run = (env: Record<string, string>) =>
    execFileSync(process.execPath, ['--import', join(root, 'emails/_catalog/dev-guard.mjs'), '-e', probe], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const refused = run({ EMAIL_DEV_ALLOW_NETWORK: '' });
  expect(refused).toContain('email:dev refuses calls to react.email');
  expect(refused).toContain('email:dev refuses calls to api.resend.com');
  expect(refused).not.toContain('sent');
});
