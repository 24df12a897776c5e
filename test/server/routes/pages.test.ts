/**
 * The pages beside the API (server/routes/pages.ts): the root page's links, and the API reference
 * as a self-hosted page: its bundle from this server, cached for good under a hashed URL, none of
 * Scalar's hosted services, a working curl sample, nothing cut off, a favicon. The reference is
 * checked in Chromium against the app served on a loopback port.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../support/app.ts';
import { chromiumAvailable, type LaunchedBrowser, launchChromium, repoRoot } from '../../support/docs-site.ts';

const linksOf = (html: string) => [...html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);

describe('GET /', () => {
  it('links to the API reference, the OpenAPI document and the health routes', async () => {
    const { app } = testApp();
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const links = linksOf(await res.text());
    expect(links).toEqual(expect.arrayContaining(['/reference', '/openapi.json', '/healthz', '/readyz', '/metrics']));
    // Only what this server answers: no console or mailbox here.
    expect(links).not.toContain('/console');
    expect(links).not.toContain('/mailbox');
    for (const link of links) expect((await app.request(link ?? '')).status, link).toBe(200);
  });

  it('links to the console and the mailbox once they are mounted', async () => {
    const { app } = testApp();
    app.get('/console', (c) => c.text('console'));
    app.get('/mailbox', (c) => c.text('mailbox'));
    const links = linksOf(await (await app.request('/')).text());
    expect(links).toEqual(expect.arrayContaining(['/reference', '/console', '/openapi.json', '/mailbox']));
  });

  it('answers HEAD, and other methods with 405', async () => {
    const { app } = testApp();
    expect((await app.request('/', { method: 'HEAD' })).status).toBe(200);
    const post = await app.request('/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toContain('GET');
  });
});

describe('GET /reference', () => {
  it('loads the bundle from this server under a hashed URL, cached for good, and its own script', async () => {
    const { app } = testApp();
    const page = await app.request('/reference');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/cdn\.jsdelivr|unpkg|scalar\.com|<script>/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    const src = /<script src="(\/reference\/scalar-[0-9a-f]{16}\.js)"><\/script>/.exec(html)?.[1];
    expect(src).toBeDefined();

    const bundle = await app.request(src ?? '', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect(bundle.headers.get('content-encoding')).toBe('gzip');
    expect(bundle.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(Buffer.from(await bundle.arrayBuffer())).toString('utf8', 0, 2000)).toMatch(/scalar/i);
    const plain = await app.request(src ?? '');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect((await app.request('/reference/scalar-0000000000000000.js')).status).toBe(404);

    const script = await (await app.request('/reference/reference.js')).text();
    expect(script).toContain('"agent":{"disabled":true}');
    expect(script).toContain('"mcp":{"disabled":true}');
    expect(script).toContain('"showDeveloperTools":"never"');
    expect(script).toContain('"telemetry":false');
  });

  it('has a favicon at /favicon.svg and /favicon.ico', async () => {
    const { app } = testApp();
    for (const path of ['/favicon.svg', '/favicon.ico']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      expect(await res.text()).toMatch(/^<svg /);
    }
  });

  it('is served by the compiled server from its own copy: the build copies the bundle, no @scalar package is loaded', () => {
    const assets = join(repoRoot, 'dist', 'server', 'assets');
    expect(existsSync(join(assets, 'scalar-api-reference.js'))).toBe(true);
    expect(existsSync(join(assets, 'scalar-api-reference.js.gz'))).toBe(true);
    // Nothing of Scalar is bundled into the server: the one mention is the name of the package
    // it falls back to when run from source, without a build.
    const bundles = readdirSync(join(repoRoot, 'dist', 'server')).filter((f) => f.endsWith('.js'));
    const mentions = bundles.flatMap((file) =>
      [...readFileSync(join(repoRoot, 'dist', 'server', file), 'utf8').matchAll(/@scalar\/[\w-]+/g)].map((m) => m[0]),
    );
    expect([...new Set(mentions)]).toEqual(['@scalar/api-reference']);
    expect(mentions.length).toBe(1);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies).filter((d) => d.startsWith('@scalar/'))).toEqual([]);
  });
});

describe.skipIf(!chromiumAvailable)('the API reference in Chromium', () => {
  let chromium: LaunchedBrowser;
  let server: ServerType;
  let base: string;
  const shots = join(repoRoot, 'test-results', 'reference');

  beforeAll(async () => {
    const { app } = testApp();
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    chromium = await launchChromium();
    mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await chromium?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it.each([
    ['desktop', 1280, 900],
    ['phone', 375, 812],
  ])(
    '%s: self-hosted, nothing cut off, a working curl sample, no hosted-service buttons, no 404',
    async (name, width, height) => {
      const page = await chromium.browser.newPage({ viewport: { width, height } });
      const outside: string[] = [];
      const failed: string[] = [];
      const problems: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(base) && !/^(data|blob):/.test(r.url())) outside.push(r.url());
      });
      page.on('response', (r) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      });
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text().slice(0, 200));
      });
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`${base}/reference`, { waitUntil: 'networkidle' });
      await page.getByText('Authentication', { exact: true }).first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(shots, `${name}.png`) });

      const text = (await page.locator('body').textContent()) ?? '';
      for (const hosted of ['Ask AI', 'Generate MCP', 'Deploy', 'Developer Tools', 'Powered by Scalar Agent']) {
        expect(text, hosted).not.toContain(hosted);
      }
      // The quick-start card: a curl call to this server, with its key, not an empty "Shell Curl".
      expect(text).toContain(`curl -s ${base}/v1/templates/activation/render`);
      expect(text).toContain('Authorization: Bearer $API_KEY');

      // "Authentication Required" is whole: no part of it lies outside what clips it.
      const clipped = await page.evaluate(() => {
        const indicator = document.querySelector('[data-testid="auth-indicator"]');
        if (!indicator) return ['no auth indicator'];
        const out: string[] = [];
        const box = indicator.getBoundingClientRect();
        for (let el = indicator.parentElement; el; el = el.parentElement) {
          const style = getComputedStyle(el);
          if (style.overflow === 'visible' && style.overflowX === 'visible') continue;
          const clip = el.getBoundingClientRect();
          if (box.left < clip.left - 0.5 || box.right > clip.right + 0.5)
            out.push(`${indicator.textContent} clipped by <${el.tagName.toLowerCase()} class="${el.className}">`);
        }
        return out;
      });
      expect(clipped).toEqual([]);

      expect(outside).toEqual([]);
      expect(failed).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    },
    120_000,
  );
});
