import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { variants } from '../../emails/_catalog/index.ts';

// `npm run email:dev` as a designer runs it, on a scratch copy of emails/ so the test can edit a template.
const root = join(import.meta.dirname, '../..');
const scratch = join(root, '.xdg/preview-server-test/emails');
let server: ChildProcess;
let base: string;

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

beforeAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  await cp(join(root, 'emails'), scratch, { recursive: true, filter: (src) => !src.includes('.react-email') });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const command = pkg.scripts['email:dev']
    .replace('--dir emails', `--dir ${scratch}`)
    .replace(/--port \d+/, `--port ${port}`);
  server = spawn('sh', ['-c', command], {
    cwd: root,
    env: { ...process.env, PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH}` },
    stdio: 'ignore',
    detached: true,
  });
}, 30_000);

afterAll(async () => {
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
  await rm(join(root, '.xdg/preview-server-test'), { recursive: true, force: true });
});

test('every template and variant has a preview, and an edit is pushed to open previews', async () => {
  for (const { template, variant } of variants) {
    const file = ['default', 'new-customer', 'profile-created'].includes(variant)
      ? template
      : `variants/${template}-${variant}`;
    await fetchUntil(`/preview/${file}`, (body) => body.includes('Need help?'));
  }
  const trial = await fetchUntil('/preview/variants/activation-trial-customer', (b) => b.includes('Fabrikam'));
  expect(trial).toContain('Option 1 – Sign In');

  // Hot reload: every open preview is told which file changed and re-renders it.
  const socket = io(base, { transports: ['websocket'] });
  const reloaded = new Promise<{ filename: string }[]>((resolve) => socket.on('reload', resolve));
  await new Promise((resolve) => socket.on('connect', () => resolve(undefined)));
  const template = join(scratch, 'trial-ending.tsx');
  await writeFile(
    template,
    (await readFile(template, 'utf8')).replace('{t.heading({ date })}', "{'Heads up: '}{t.heading({ date })}"),
  );
  const changes = await reloaded;
  socket.close();
  expect(changes.map((c) => c.filename)).toContain('trial-ending.tsx');
}, 180_000);

test('the preview server listens on loopback only', async () => {
  const { execFileSync } = await import('node:child_process');
  const port = new URL(base).port;
  const listening = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' });
  expect(listening).toContain(`127.0.0.1:${port}`);
  expect(listening).not.toMatch(/\*:\d+|0\.0\.0\.0:\d+|\[::\]:\d+/);
});
