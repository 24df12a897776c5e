/**
 * What the docs browser tests need: the site built once (astro build with XDG folders inside
 * the repo's ignored .xdg/), served from docs-site/dist on a loopback port, and Debian's
 * Chromium. `DOCS_TEST_SKIP_BUILD=1` reuses an existing dist (for quick local reruns).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const distDir = join(repoRoot, 'docs-site', 'dist');
export const resultsDir = join(repoRoot, 'test-results', 'docs');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM_PATH);
/** CI sets REQUIRE_CHROMIUM=1: a missing browser is then a failure, not a skip. */
export const chromiumRequired = process.env.REQUIRE_CHROMIUM === '1';

/** The address the test build is published at: canonical links, the sitemap and robots.txt must follow it. */
export const TEST_SITE_URL = 'https://guide.docs-test.example';

export interface BuildResult {
  /** Wall-clock time of `astro build`, in ms (0 when the build was skipped). */
  ms: number;
  log: string;
}

export async function buildSite(): Promise<BuildResult> {
  if (process.env.DOCS_TEST_SKIP_BUILD === '1' && existsSync(join(distDir, 'index.html'))) return { ms: 0, log: '' };
  const xdg = join(repoRoot, '.xdg');
  // vitest puts Vite's own mode variables into process.env (NODE_ENV=test, MODE, DEV=1, PROD,
  // SSR, BASE_URL, TEST, VITEST*); an Astro build that inherits them renders as development and
  // drops Starlight's search. Build with the environment `npm run docs:build` would have.
  const viteModeKeys = new Set(['NODE_ENV', 'MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL', 'TEST', 'FORCE_TTY']);
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !viteModeKeys.has(key) && !key.startsWith('VITEST')),
  );
  const env = {
    ...inherited,
    NODE_ENV: 'production',
    ASTRO_TELEMETRY_DISABLED: '1',
    DOCS_SITE_URL: TEST_SITE_URL,
    XDG_CONFIG_HOME: join(xdg, 'config'),
    XDG_CACHE_HOME: join(xdg, 'cache'),
    XDG_DATA_HOME: join(xdg, 'data'),
  };
  for (const dir of [env.XDG_CONFIG_HOME, env.XDG_CACHE_HOME, env.XDG_DATA_HOME]) mkdirSync(dir, { recursive: true });
  const astro = join(repoRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const started = performance.now();
  const { code, log } = await new Promise<{ code: number | null; log: string }>((done, fail) => {
    const child = spawn(process.execPath, [astro, 'build', '--root', 'docs-site'], { cwd: repoRoot, env });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', fail);
    child.on('close', (exitCode) => done({ code: exitCode, log: out }));
  });
  if (code !== 0) throw new Error(`astro build failed (exit ${code}):\n${log.slice(-4000)}`);
  return { ms: performance.now() - started, log };
}

/** The flags every browser test uses: headless, no background traffic, no first-run UI. */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface LaunchedBrowser {
  browser: Browser;
  close: () => Promise<void>;
}

/**
 * Launches Debian's Chromium. Playwright's launch() gives it a fresh temporary --user-data-dir
 * of its own (and refuses one in args) and removes it on close; HOME points at a throwaway
 * folder too, so nothing lands in the real home directory.
 */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const profileRoot = mkdtempSync(join(tmpdir(), 'docs-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs,
    env: { ...process.env, HOME: profileRoot },
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profileRoot, { recursive: true, force: true });
    },
  };
}

/** Every page of the sitemap, as a path ("/faq/"), read from the built files. */
export function sitemapPaths(): string[] {
  const index = readFileSync(join(distDir, 'sitemap-index.xml'), 'utf8');
  const maps = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? '/').pathname);
  return maps.flatMap((map) => {
    const xml = readFileSync(join(distDir, map), 'utf8');
    return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? '/').pathname);
  });
}

/** A file name for a page's screenshot: "/" → "index", "/emails/trial-ending/" → "emails-trial-ending". */
export const pageSlug = (path: string): string =>
  path
    .replace(/\.html$/, '')
    .replace(/^\/|\/$/g, '')
    .replace(/\//g, '-') || 'index';
