/**
 * The customer guide in a real browser (Debian's Chromium through playwright-core): the site is
 * built once, served from docs-site/dist on loopback, then every page of its sitemap is loaded
 * at 1280 px (light theme) and 375 px (dark theme) and checked: no console error, no failed or
 * external request, no broken internal link or anchor, no serious or critical axe-core
 * violation, at most 10 kB of its own JavaScript (gzipped). Screenshots and the axe and JS
 * reports go to test-results/docs/. Then: search, the decision helper with and without
 * JavaScript, and the email previews against the catalog.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { previewSrcdoc } from '../../docs-site/src/lib/emails.ts';
import {
  type OptionId,
  offeredOptions,
  options,
  optionTitle,
  type ScenarioId,
  scenarioIds,
  scenarios,
} from '../../docs-site/src/lib/facts.ts';
import { renderEmail, variants } from '../../emails/_catalog/index.ts';
import {
  buildSite,
  chromiumAvailable,
  chromiumRequired,
  distDir,
  type LaunchedBrowser,
  launchChromium,
  pageSlug,
  resultsDir,
  sitemapPaths,
} from '../support/docs-site.ts';
import { type StaticServer, serveStatic } from '../support/docs-static-server.ts';

const JS_BUDGET_BYTES = 10 * 1024;
const NOT_FOUND_PAGE = '/404.html';

test.runIf(chromiumRequired)('Chromium is installed (REQUIRE_CHROMIUM=1)', () => {
  expect(chromiumAvailable, 'install Debian’s chromium package: apt-get install chromium').toBe(true);
});

// Build and serve once, at collection, so that every page of the sitemap gets its own tests.
const build = chromiumAvailable ? await buildSite() : undefined;
const server: StaticServer | undefined = build ? await serveStatic(distDir) : undefined;
const sitePages = build ? sitemapPaths() : [];
const allPages = [...sitePages, NOT_FOUND_PAGE];

interface Visit {
  problems: string[];
  links: string[];
  jsGzipBytes: number;
  jsFiles: Record<string, number>;
  axe: { id: string; impact: string; nodes: number; help: string; targets: string[] }[];
}
const visits = new Map<string, Visit>();

describe.skipIf(!chromiumAvailable)('docs site in Chromium', () => {
  let launched: LaunchedBrowser;
  const origin = server?.origin ?? '';

  beforeAll(async () => {
    mkdirSync(resultsDir, { recursive: true });
    launched = await launchChromium();
  });

  afterAll(async () => {
    await launched?.close();
    await server?.close();
    writeReports();
  });

  async function newContext(options: { width: number; dark?: boolean; javaScript?: boolean }) {
    const context = await launched.browser.newContext({
      viewport: { width: options.width, height: 900 },
      colorScheme: options.dark ? 'dark' : 'light',
      javaScriptEnabled: options.javaScript ?? true,
      serviceWorkers: 'block',
    });
    const problems: string[] = [];
    // Anything not served by our loopback server is an external request: refused and reported.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin === origin || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      problems.push(`external request: ${url.href}`);
      return route.abort('blockedbyclient');
    });
    return { context, problems };
  }

  function watch(page: Page, problems: string[]) {
    const scripts: Promise<[string, Buffer]>[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) =>
      problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
    );
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
      const url = new URL(response.url());
      if (response.request().resourceType() === 'script' && url.origin === origin) {
        scripts.push(response.body().then((body) => [url.pathname, body]));
      }
    });
    return { scripts };
  }

  async function axeScan(page: Page) {
    const results = await new AxeBuilder({ page })
      // Also run the (experimental) label-in-name rule: Starlight's search button used to fail it.
      .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
      .analyze();
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      nodes: v.nodes.length,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)),
    }));
  }

  /** The JavaScript a page loads itself, gzipped: its script files (minus lazily imported chunks) and inline scripts. */
  async function jsWeight(page: Page, scripts: Promise<[string, Buffer]>[]) {
    const files = new Map(await Promise.all(scripts));
    const sources = [...files.values()].map((body) => body.toString('utf8'));
    // Chunks only ever reached through import(), e.g. Pagefind's search UI, load on demand: not counted.
    const lazy = new Set(
      sources.flatMap((source) =>
        [...source.matchAll(/import\(\s*[`'"]\.?\/?([^`'"$]+)[`'"]\s*\)/g)].map((m) => m[1] ?? ''),
      ),
    );
    const counted: Record<string, number> = {};
    for (const [path, body] of files) {
      const name = path.split('/').pop() ?? '';
      if (path.startsWith('/pagefind/') || lazy.has(name)) continue;
      counted[path] = gzipSync(body).length;
    }
    const inline = await page.$$eval('script:not([src])', (elements) =>
      elements
        .filter((e) => ['', 'module', 'text/javascript'].includes(e.getAttribute('type') ?? ''))
        .map((e) => e.textContent ?? ''),
    );
    inline.forEach((source, i) => {
      counted[`inline #${i + 1}`] = gzipSync(source).length;
    });
    return { counted, total: Object.values(counted).reduce((a, b) => a + b, 0) };
  }

  describe.each(allPages)('%s', (path) => {
    test('loads cleanly at 1280 px (light) and 375 px (dark); axe finds nothing serious', async () => {
      const visit: Visit = { problems: [], links: [], jsGzipBytes: 0, jsFiles: {}, axe: [] };
      visits.set(path, visit);
      for (const view of [
        { width: 1280, dark: false },
        { width: 375, dark: true },
      ]) {
        const { context, problems } = await newContext(view);
        try {
          const page = await context.newPage();
          const { scripts } = watch(page, problems);
          const response = await page.goto(origin + path, { waitUntil: 'load' });
          expect(response?.status(), `${path} answers 200`).toBe(200);
          await page.waitForLoadState('networkidle');
          expect(await page.locator('h1').first().textContent()).toBeTruthy();
          // Readable on a phone: nothing wider than the viewport.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `${path} scrolls sideways at ${view.width} px`).toBeLessThanOrEqual(0);
          await page.screenshot({
            path: join(resultsDir, `${pageSlug(path)}-${view.width}-${view.dark ? 'dark' : 'light'}.png`),
            fullPage: true,
          });
          for (const v of await axeScan(page)) visit.axe.push({ ...v, id: `${v.id} @${view.width}` });
          if (view.width === 1280) {
            visit.links = await page.$$eval('a[href]', (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
            const weight = await jsWeight(page, scripts);
            visit.jsGzipBytes = weight.total;
            visit.jsFiles = weight.counted;
          }
        } finally {
          visit.problems.push(...problems.map((p) => `@${view.width}: ${p}`));
          await context.close();
        }
      }
      expect(visit.problems).toEqual([]);
      const serious = visit.axe.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious).toEqual([]);
      expect(visit.jsGzipBytes, `own JS of ${path}: ${JSON.stringify(visit.jsFiles)}`).toBeLessThanOrEqual(
        JS_BUDGET_BYTES,
      );
    }, 90_000);

    test('every internal link and anchor resolves', async () => {
      const visit = visits.get(path);
      expect(visit?.links.length, 'the page was visited first').toBeGreaterThan(0);
      const broken: string[] = [];
      for (const href of new Set(visit?.links)) {
        const url = new URL(href);
        if (url.origin !== origin) continue;
        const target = await fetchPage(url.pathname);
        if (target.status !== 200) broken.push(`${href}: HTTP ${target.status}`);
        else if (url.hash && !target.ids.has(decodeURIComponent(url.hash.slice(1))))
          broken.push(`${href}: no element with id ${url.hash}`);
        else if (target.html && !sitePages.includes(url.pathname) && url.pathname !== NOT_FOUND_PAGE)
          broken.push(`${href}: a page missing from the sitemap`);
      }
      expect(broken).toEqual([]);
    });
  });

  const pageCache = new Map<string, Promise<{ status: number; html: boolean; ids: Set<string> }>>();
  function fetchPage(pathname: string) {
    let cached = pageCache.get(pathname);
    if (!cached) {
      cached = fetch(origin + pathname, { redirect: 'manual' }).then(async (res) => {
        const html = (res.headers.get('content-type') ?? '').startsWith('text/html');
        const body = html ? await res.text() : '';
        if (!html) await res.arrayBuffer();
        return { status: res.status, html, ids: new Set([...body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? '')) };
      });
      pageCache.set(pathname, cached);
    }
    return cached;
  }

  test('an unknown address answers 404 with the guide’s helpful page', async () => {
    const res = await fetch(`${origin}/no-such-page/`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('We could not find that page');
    for (const href of ['/sign-in-or-sign-up/', '/faq/', '/support/']) expect(html).toContain(`href="${href}"`);
  });

  test('the build is a production one, with search', () => {
    // A development-mode build renders Starlight's "search is only available in production" note instead.
    expect(readFileSync(join(distDir, 'index.html'), 'utf8')).toContain('id="starlight__search"');
    expect(readFileSync(join(distDir, 'pagefind', 'pagefind.js'), 'utf8').length).toBeGreaterThan(0);
  });

  test('the sitemap lists every page of the guide', () => {
    expect(sitePages).toEqual(expect.arrayContaining(['/', '/faq/', '/support/', '/emails/', '/sign-in-or-sign-up/']));
    for (const id of scenarioIds) expect(sitePages).toContain(`/scenarios/${id}/`);
    for (const v of variants) expect(sitePages.some((p) => p.startsWith(`/emails/${v.template}/`))).toBe(true);
  });

  describe('search (Pagefind)', () => {
    const words: Record<ScenarioId, string> = {
      'new-customer': 'assign',
      'trial-customer': 'mailboxes',
      'bypass-customer': 'migrate',
    };

    test.each([1280, 375])('the search button is named by its visible label at %i px', async (width) => {
      const { context, problems } = await newContext({ width });
      try {
        const page = await context.newPage();
        await page.goto(`${origin}/`);
        const button = page.getByRole('button', { name: 'Search', exact: true });
        await expect.poll(() => button.isEnabled()).toBe(true);
        // No aria-label overriding the text: the name comes from the visible "Search" label.
        expect(await button.getAttribute('aria-label')).toBeNull();
        // biome-ignore lint/performance/useDomNodeTextContent: the visible text is the point here
        if (width >= 800) expect((await button.innerText()).split('\n')[0]?.trim()).toBe('Search');
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    test.each(scenarioIds)('searching a word from the %s page finds it', async (scenario) => {
      expect(readFileSync(join(distDir, 'scenarios', scenario, 'index.html'), 'utf8')).toContain(words[scenario]);
      const { context, problems } = await newContext({ width: 1280 });
      try {
        const page = await context.newPage();
        watch(page, problems);
        await page.goto(`${origin}/`);
        await page.getByRole('button', { name: 'Search', exact: true }).click();
        await page.locator('#starlight__search input').fill(words[scenario]);
        await expect
          .poll(
            () => page.locator('a.pagefind-ui__result-link').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
            {
              timeout: 10_000,
            },
          )
          .toContainEqual(expect.stringMatching(new RegExp(`^/scenarios/${scenario}/`)));
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    test('every page is found by its title, every FAQ entry by its question and anchor', async () => {
      const { context, problems } = await newContext({ width: 1280 });
      try {
        const page = await context.newPage();
        await page.goto(`${origin}/`);
        const faqHtml = readFileSync(join(distDir, 'faq', 'index.html'), 'utf8');
        const questions = [...faqHtml.matchAll(/<h3 id="([^"]+)">(.*?)<\/h3>/g)].map((m) => ({
          id: m[1] ?? '',
          text: (m[2] ?? '')
            .replace(/<[^>]+>/g, '')
            .replace(/&#39;|&#x27;/g, "'")
            .replace(/&quot;|&#34;/g, '"'),
        }));
        expect(questions.length).toBeGreaterThanOrEqual(15);
        const titles = sitePages.map((path) => {
          const html = readFileSync(join(distDir, path, 'index.html'), 'utf8');
          return { path, title: (html.match(/<h1[^>]*>(.*?)<\/h1>/)?.[1] ?? '').replace(/<[^>]+>/g, '') };
        });
        // A string, so that vitest does not rewrite the import() meant for the browser.
        const missing = (await page.evaluate(`(async ({ titles, questions }) => {
          const pagefind = await import('/pagefind/pagefind.js');
          await pagefind.init();
          const top = async (query) => {
            const search = await pagefind.search(query);
            return Promise.all(search.results.slice(0, 8).map((r) => r.data()));
          };
          const missing = [];
          for (const { path, title } of titles) {
            const found = await top(title);
            if (!found.some((r) => r.url === path)) missing.push('page ' + path + ' for "' + title + '"');
          }
          for (const { id, text } of questions) {
            const found = await top(text);
            if (!found.some((r) => r.sub_results.some((s) => s.url === '/faq/#' + id)))
              missing.push('FAQ #' + id + ' for "' + text + '"');
          }
          return missing;
        })(${JSON.stringify({ titles, questions })})`)) as string[];
        expect(missing).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  });

  describe('decision helper', () => {
    /** The answers a reader gives for each path, in order. */
    const routes: Record<string, string[]> = {
      'new-customer:sign-up': ['No, we have no trial', 'No, this is our first online services purchase'],
      'trial-customer:sign-in': ['Yes, we have a trial', 'Yes, keep the trial’s data and domain'],
      'trial-customer:sign-up': ['Yes, we have a trial', 'No, start a new subscription from scratch'],
      'bypass-customer:sign-in': [
        'No, we have no trial',
        'Yes, we bought BPOS-S and never activated it',
        'Sign in with our existing account',
      ],
      'bypass-customer:sign-up': [
        'No, we have no trial',
        'Yes, we bought BPOS-S and never activated it',
        'Create a new account profile',
      ],
    };
    const paths = scenarioIds.flatMap((scenario) =>
      offeredOptions(scenario).map((option) => ({ scenario, option, key: `${scenario}:${option}` as const })),
    );

    test('covers every path the domain defines', () => {
      expect(Object.keys(routes).sort()).toEqual(paths.map((p) => p.key).sort());
    });

    describe.each([
      { mode: 'with JavaScript', javaScript: true },
      { mode: 'without JavaScript', javaScript: false },
    ])('$mode', ({ javaScript }) => {
      let context: BrowserContext;
      let problems: string[];
      beforeAll(async () => {
        ({ context, problems } = await newContext({ width: 1280, javaScript }));
      });
      afterAll(() => context?.close());

      test.each(paths)('answers $key', async ({ scenario, option, key }) => {
        const page = await context.newPage();
        try {
          await page.goto(`${origin}/sign-in-or-sign-up/`);
          const helper = page.locator('[data-decision-helper]');
          // The script enhances the helper only when JavaScript runs: without it, links and CSS alone answer.
          expect(await helper.evaluate((el) => el.classList.contains('dh--js'))).toBe(javaScript);
          await expect.poll(() => helper.locator('.dh-node:visible').count()).toBe(1);
          for (const answer of routes[key] ?? []) {
            await helper.locator('.dh-node:visible').getByRole('link', { name: answer, exact: true }).click();
          }
          const shown = helper.locator('.dh-node:visible');
          await expect.poll(() => shown.count()).toBe(1);
          expect(await shown.getAttribute('data-answer')).toBe(key);
          const text = ((await shown.textContent()) ?? '').replace(/\s+/g, ' ');
          expect(text).toContain(`Choose ${optionTitle(option)}`);
          expect(text).toContain(scenarios[scenario].offers.find((o) => o.option === option)?.outcome);
          expect(new URL(page.url()).hash).toBe(`#dh-${scenario}-${option}`);
          const steps = await shown.getByRole('link', { name: 'See the steps for this path' }).getAttribute('href');
          expect(steps).toBe(`/scenarios/${scenario}/#steps-with-${option}`);
          if (javaScript) {
            // The answer takes focus, so screen readers announce it.
            expect(await page.evaluate(() => document.activeElement?.closest('.dh-node')?.id)).toBe(
              `dh-${scenario}-${option}`,
            );
          }
          expect(problems).toEqual([]);
        } finally {
          await page.close();
        }
      });
    });
  });

  describe('email previews', () => {
    const previewPages = () => sitePages.filter((p) => p.startsWith('/emails/') || p.startsWith('/scenarios/'));

    test('every preview is the current template output, and shows the CTAs its scenario offers and no other', async () => {
      const { context, problems } = await newContext({ width: 1280 });
      const fresh = new Map<string, { v: (typeof variants)[number]; email: Awaited<ReturnType<typeof renderEmail>> }>(
        await Promise.all(
          variants.map(
            async (v) => [`${v.template}/${v.variant}`, { v, email: await renderEmail(v.template, v.data) }] as const,
          ),
        ),
      );
      const seen = new Set<string>();
      try {
        const page = await context.newPage();
        for (const path of previewPages()) {
          await page.goto(origin + path, { waitUntil: 'load' });
          const figures = page.locator('figure[data-email]');
          for (let i = 0; i < (await figures.count()); i++) {
            const figure = figures.nth(i);
            const key = (await figure.getAttribute('data-email')) ?? '';
            const where = `${path} ${key}`;
            const expected = fresh.get(key);
            if (!expected) throw new Error(`${where} is not a variant of the catalog`);
            seen.add(key);
            const iframe = figure.locator('iframe');
            expect(await iframe.getAttribute('srcdoc'), `${where} matches the template`).toBe(
              previewSrcdoc(expected.email.html),
            );
            expect(await figure.locator('pre').textContent()).toBe(expected.email.text);
            const frame = await (await iframe.elementHandle())?.contentFrame();
            if (!frame) throw new Error(`${where} has no loaded frame`);
            const ctas = await frame.$$eval('a', (anchors) =>
              anchors
                .filter((a) => getComputedStyle(a).backgroundColor !== 'rgba(0, 0, 0, 0)')
                .map((a) => ({ label: (a.textContent ?? '').trim(), href: a.getAttribute('href') })),
            );
            const { v } = expected;
            if (v.template === 'activation') {
              const data = v.data as Record<string, string>;
              const scenario = data.scenario as ScenarioId;
              const cta = (o: OptionId) => scenarios[scenario].offers.find((offer) => offer.option === o)?.cta;
              expect(ctas, where).toEqual(
                offeredOptions(scenario).map((o) => ({ label: cta(o), href: data[options[o].urlField] })),
              );
              if (path.startsWith('/scenarios/') && v.variant !== 'reminder')
                expect(path, `${where} belongs on its scenario page`).toBe(`/scenarios/${scenario}/`);
            } else {
              // No other email offers the activation choice itself: no Sign Up, no bare option name
              // (the trial-ending notice converts with Sign In, and says so in its button).
              const choiceCtas = [
                ...scenarioIds.flatMap((id) => scenarios[id].offers.filter((o) => o.option === 'sign-up')),
              ].map((offer) => offer.cta);
              choiceCtas.push(options['sign-in'].label, options['sign-up'].label);
              for (const label of ctas.map((c) => c.label)) expect(choiceCtas, where).not.toContain(label);
            }
          }
        }
        expect([...seen].sort()).toEqual([...fresh.keys()].sort());
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }, 90_000);

    test('each scenario page shows an email at each email step', async () => {
      for (const scenario of scenarioIds) {
        const html = readFileSync(join(distDir, 'scenarios', scenario, 'index.html'), 'utf8');
        const steps = [...html.matchAll(/<li[^>]*data-email-step="([^"]+)"[^>]*>([\s\S]*?)<\/figure>/g)];
        expect(steps.length).toBeGreaterThanOrEqual(3);
        for (const [, key, body] of steps) expect(body).toContain(`data-email="${key}"`);
        expect(html).toContain(`data-email-step="activation/${scenario}"`);
      }
    });
  });
});

function writeReports() {
  if (!visits.size) return;
  const rows = [...visits].map(([path, v]) => ({
    path,
    jsGzipBytes: v.jsGzipBytes,
    axe: v.axe.map((a) => `${a.impact}: ${a.id} (${a.nodes})`),
  }));
  writeFileSync(
    join(resultsDir, 'report.json'),
    JSON.stringify({ buildMs: Math.round(build?.ms ?? 0), pages: Object.fromEntries(visits) }, null, 2),
  );
  const lines = rows.map(
    (r) =>
      `${r.path.padEnd(48)} ${(r.jsGzipBytes / 1024).toFixed(1).padStart(5)} kB JS   axe: ${r.axe.join(', ') || 'none'}`,
  );
  console.log(`docs site: built in ${((build?.ms ?? 0) / 1000).toFixed(1)} s\n${lines.join('\n')}`);
}
