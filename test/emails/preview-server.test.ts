import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createElement } from 'react';
import { render } from 'react-email';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, expect, onTestFinished, test } from 'vitest';
import { locales, variants } from '../../emails/_catalog/index.ts';
import { localizedFacts } from '../../emails/_messages/index.ts';
import { chromiumAvailable, type LaunchedBrowser, launchChromium } from '../support/docs-site.ts';

// `npm run email:dev` as a designer runs it, on a scratch copy of emails/ so the test can edit
// templates, with LINK_HOSTS set so that the offline link check has something to refuse.
const root = join(import.meta.dirname, '../..');
const scratch = join(root, '.xdg/preview-server-test/emails');
const shots = join(root, 'test-results', 'workbench');
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

/** A copy of emails/ the test may edit, without the generated previews. */
async function scratchCopy(to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await mkdir(to, { recursive: true });
  await cp(join(root, 'emails'), to, {
    recursive: true,
    filter: (src) => !src.includes('.react-email') && !src.includes('previews'),
  });
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

/** `npm run email:dev -- --dir <dir> --port <port>`, as a designer types it; its own process group, so a test can clean up after a failure. */
function startWorkbench(dir: string, port: number, env: Record<string, string> = {}): ChildProcess {
  return spawn('npm', ['run', '-s', 'email:dev', '--', '--dir', dir, '--port', String(port)], {
    cwd: root,
    env: { ...process.env, PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
}

let chromium: LaunchedBrowser | undefined;

beforeAll(async () => {
  await scratchCopy(scratch);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = startWorkbench(scratch, port, { LINK_HOSTS: 'activation.example.com' });
  server.stdout?.on('data', (d) => (output += d));
  server.stderr?.on('data', (d) => (output += d));
  if (chromiumAvailable) chromium = await launchChromium();
  await mkdir(shots, { recursive: true });
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {}
  }
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

test('the guard answers the checks offline and refuses every other call to another host', () => {
  const probe = `const https = require('node:https');
fetch('https://react.email/api/check-spam', { method: 'POST', body: JSON.stringify({ html: '<title>Hi</title><p>Hello</p>', plainText: 'Hello' }) })
  .then((r) => r.json()).then((b) => console.log('spam:', 'points' in b ? 'scored' : b.error));
fetch('https://example.org/').then(() => console.log('sent'), (e) => console.log(e.message));
try { https.request('https://api.resend.com/emails', { method: 'POST' }); console.log('sent'); } catch (e) { console.log(e.message); }
https.get(new URL('https://portal.example.com/subscriptions'), (res) => console.log('link:', res.statusCode, res.headers['x-email-dev-check']));
https.get(new URL('https://activation.example.com/in'), (res) => console.log('link:', res.statusCode));`;
  const out = execFileSync(process.execPath, ['--import', join(root, 'emails/_catalog/dev-guard.mjs'), '-e', probe], {
    encoding: 'utf8',
    env: { ...process.env, EMAIL_DEV_ALLOW_NETWORK: '', LINK_HOSTS: 'activation.example.com' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  expect(out).toMatch(/spam: (scored|Spam check skipped: SpamAssassin is not installed)/);
  expect(out).toContain('email:dev refuses calls to example.org');
  expect(out).toContain('email:dev refuses calls to api.resend.com');
  expect(out).toContain('link: 403 offline, not fetched: must be on an allowed host (activation.example.com)');
  expect(out).toContain('link: 200');
  expect(out).not.toContain('sent');
});

/** The text of the email a preview page shows in its frame ('' until it has one). */
async function frameText(page: Page): Promise<string> {
  try {
    return (await page.frameLocator('iframe').first().locator('body').textContent({ timeout: 2000 })) ?? '';
  } catch {
    return '';
  }
}

async function untilEveryPage(pages: Page[], what: string, ok: (text: string) => boolean, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let texts: string[] = [];
  while (Date.now() < deadline) {
    texts = await Promise.all(pages.map(frameText));
    if (texts.every(ok)) return texts;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `not every open preview shows ${what}: ${texts.map((t) => t.slice(0, 60).replace(/\n/g, ' ')).join(' | ')}`,
  );
}

/**
 * Resolves once the page has joined React Email's hot-reload socket (socket.io's namespace
 * connect, "40{…}", seen on the polling transport or on the WebSocket).
 */
function hotReloadConnected(page: Page): Promise<void> {
  return new Promise((resolve) => {
    page.on('response', (res) => {
      if (res.url().includes('/socket.io/'))
        res.text().then(
          (body) => body.includes('40{') && resolve(),
          () => {},
        );
    });
    page.on('websocket', (ws) => {
      if (ws.url().includes('/socket.io/'))
        ws.on('framereceived', (frame) => String(frame.payload).startsWith('40') && resolve());
    });
  });
}

/** Saves as vim, JetBrains and `sed -i` do: a new file, renamed over the old one. */
async function atomicSave(file: string, change: (source: string) => string): Promise<void> {
  const path = join(scratch, file);
  const source = await readFile(path, 'utf8');
  const changed = change(source);
  expect(changed).not.toBe(source);
  await writeFile(`${path}.swp-new`, changed);
  await rename(`${path}.swp-new`, path);
}

test.skipIf(!chromiumAvailable)(
  'after an atomic save, every open preview shows the syntax error, then recovers; the file stays watched',
  async () => {
    if (!chromium) throw new Error('no browser');
    const open = [
      'previews/en-US/activation-trial-customer',
      'previews/de-DE/acknowledgement-profile-created',
      'previews/ja-JP/trial-ending-default',
      'previews/dark-mode/provisioning-confirmation-default',
    ];
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
    onTestFinished(() => context.close());
    const pages: Page[] = [];
    const listening: Promise<void>[] = [];
    for (const path of open) {
      const page = await context.newPage();
      listening.push(hotReloadConnected(page));
      await page.goto(`${base}/preview/${path}`, { waitUntil: 'domcontentloaded', timeout: 180_000 });
      pages.push(page);
    }
    const isEmail = (text: string) => text.includes('Microsoft Online Services') && !text.includes('Syntax error');
    await untilEveryPage(pages, 'its email', isEmail);
    // A page hears of changes only once its script has run and joined the hot-reload socket; on
    // a busy machine the last page opened may not have yet, and would miss the first save.
    await Promise.all(listening);

    const greeting = '<Greeting greeting={m.greeting(data.recipientName)} />';
    const original = await readFile(join(scratch, 'activation.tsx'), 'utf8');
    onTestFinished(() => writeFile(join(scratch, 'activation.tsx'), original)); // so a failure here breaks no later test
    for (const round of [1, 2]) {
      await atomicSave('activation.tsx', (s) => s.replace(greeting, '<Greeting greeting={'));
      await untilEveryPage(
        pages,
        'the syntax error',
        (text) => text.includes('Syntax error') && /activation\.tsx:\d+:\d+: /.test(text),
      );
      if (round === 1) {
        for (const [i, page] of pages.entries()) {
          await page.screenshot({
            path: join(shots, `syntax-error-${i + 1}-${open[i]?.split('/').slice(1).join('-')}.png`),
          });
        }
      }
      await until('the error in the terminal', () => /syntax error .*activation\.tsx:\d+:\d+: /.test(output));
      await atomicSave('activation.tsx', (s) => s.replace('<Greeting greeting={\n', `${greeting}\n`));
      await untilEveryPage(pages, 'its email again', isEmail);
      await until('the fix in the terminal', () => output.split('syntax errors fixed').length > round);
    }
  },
  600_000,
);

test.skipIf(!chromiumAvailable)(
  'the checks run offline and say so: no call leaves the machine, links are judged by LINK_HOSTS, no empty toast',
  async () => {
    if (!chromium) throw new Error('no browser');
    const context = await chromium.browser.newContext({ viewport: { width: 1400, height: 900 } });
    onTestFinished(() => context.close());
    const page = await context.newPage();
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!/^(http:\/\/127\.0\.0\.1:|data:|blob:)/.test(r.url())) outside.push(r.url());
    });
    const ownFailed: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/__email-dev/') && r.status() >= 400) ownFailed.push(`${r.status()} ${r.url()}`);
    });
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Failed to fetch/.test(m.text())) blocked.push(m.text().slice(0, 160));
    });
    // The provisioning confirmation links to portal.example.com, which LINK_HOSTS (activation.example.com) does not allow.
    await page.goto(`${base}/preview/previews/en-US/provisioning-confirmation-default?toolbar-panel=linter`, {
      waitUntil: 'domcontentloaded',
      timeout: 180_000,
    });
    await page.getByText('HTTP 403').first().waitFor({ timeout: 120_000 });
    expect(await page.getByText('https://portal.example.com/subscriptions').count()).toBeGreaterThan(0);
    const notice = page.locator('#email-dev-offline');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(
      /Offline workbench[\s\S]*Spam: [\s\S]*LINK_HOSTS \(activation\.example\.com\)/,
    );
    await page.screenshot({ path: join(shots, 'linter-offline.png') });

    await page.goto(`${base}/preview/previews/en-US/provisioning-confirmation-default?toolbar-panel=spam-assassin`, {
      waitUntil: 'domcontentloaded',
      timeout: 180_000,
    });
    await page
      .getByText(/Higher scores are better|clean of abuse indicators|SpamAssassin is not installed/)
      .first()
      .waitFor({ timeout: 120_000 });
    await page.screenshot({ path: join(shots, 'spam-offline.png') });
    const toasts = await page.locator('[data-sonner-toast]').allInnerTexts();
    for (const toast of toasts) expect(toast.trim()).not.toMatch(/^(\{\})?$/);
    expect(outside).toEqual([]);
    expect(ownFailed).toEqual([]);
    expect(blocked).toEqual([]);
  },
  600_000,
);

test('SIGTERM to npm run email:dev stops the preview server too', async () => {
  const dir = join(root, '.xdg/preview-server-test/sigterm/emails');
  await scratchCopy(dir);
  const port = await freePort();
  const workbench = startWorkbench(dir, port);
  let log = '';
  workbench.stdout?.on('data', (d) => (log += d));
  workbench.stderr?.on('data', (d) => (log += d));
  const listening = () => execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' }).trim() !== '';
  /** The processes still running of npm's group and of the preview server's own. */
  const running = (serverPid: number) => {
    const ps = (group: number) => {
      try {
        return execFileSync('ps', ['-o', 'pid=,args=', '-g', String(group)], { encoding: 'utf8' })
          .split('\n')
          .filter((l) => l.trim());
      } catch {
        return []; // ps exits 1 when the group is empty
      }
    };
    return [...ps(workbench.pid as number), ...ps(serverPid)];
  };
  try {
    const deadline = Date.now() + 120_000;
    while (!listening()) {
      if (Date.now() > deadline) throw new Error(`the workbench never listened: ${log.slice(-1500)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const serverPid = Number(
      /pid=(\d+)/.exec(execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' }))?.[1],
    );
    expect(serverPid).toBeGreaterThan(0);
    // The signal a process manager or `kill` sends: to npm alone, not to its group.
    const exited = new Promise((resolve) => workbench.on('exit', resolve));
    process.kill(workbench.pid as number, 'SIGTERM');
    await exited;
    const stopped = Date.now() + 15_000;
    while (listening() || running(serverPid).length > 0) {
      if (Date.now() > stopped) throw new Error(`still running after SIGTERM: ${running(serverPid).join('; ')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(listening()).toBe(false);
  } finally {
    try {
      process.kill(-(workbench.pid as number), 'SIGKILL');
    } catch {}
  }
}, 180_000);
