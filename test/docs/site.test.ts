/**
 * The customer guide in a real browser (Debian's Chromium through playwright-core): the site is
 * built once (all five languages), served from docs-site/dist on loopback, then every page of
 * its sitemap, in every locale, is loaded at 375 px (dark theme), and the English pages at
 * 1280 px (light theme) too, and checked: no console error, no failed or external request, no broken internal link or anchor,
 * no serious or critical axe-core violation, nothing wider than a phone, at most 10 kB of its own
 * JavaScript (gzipped). Pages run a few at a time in one shared browser. Screenshots and the
 * axe and JS reports go to test-results/docs/; Japanese headings must break only between phrases.
 * Then: a page-not-found page in each language, search in each language (twelve customer
 * questions each, the interface's own words), the decision helper with and without JavaScript,
 * the email previews against the catalog, every page's words against its language's glossary
 * and typography, the phone and publishing checks (trial page height, step anchors, head,
 * robots.txt, print).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import { loadDefaultJapaneseParser } from 'budoux';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { previewSrcdoc, renderVariant, sampleData } from '../../docs-site/src/lib/emails.ts';
import {
  afterColon,
  brand,
  factsFor,
  type Locale,
  locales,
  offeredOptions,
  options,
  type ScenarioId,
  scenarioIds,
  TRIAL_DAYS,
} from '../../docs-site/src/lib/facts.ts';
import { localeOfPath, localizedPath } from '../../docs-site/src/lib/i18n.ts';
import { pagefindRanking } from '../../docs-site/src/lib/search.ts';
import { stringsFor } from '../../docs-site/src/lib/strings/index.ts';
import { typesetText } from '../../docs-site/src/lib/typeset.ts';
// The guide shows the emails of the process: an operator's own follow-ups are not the customers' to read.
import { processVariants as variants } from '../../emails/_catalog/index.ts';
import { isCjk, misusedTerms, typographyProblems } from '../../emails/_messages/index.ts';
import {
  buildSite,
  chromiumAvailable,
  chromiumRequired,
  distDir,
  type LaunchedBrowser,
  launchChromium,
  pageSlug,
  repoRoot as repoRootDir,
  resultsDir,
  sitemapPaths,
  TEST_SITE_URL,
} from '../support/docs-site.ts';
import { type StaticServer, serveStatic } from '../support/docs-static-server.ts';
import { visibleText } from '../support/visible-text.ts';
import { searchQuestions } from './search-questions.ts';

const JS_BUDGET_BYTES = 10 * 1024;
const TRIAL_PAGE_MAX_PX = 8000;
/** Each language's page-not-found page (the default language's is the site's own, /404.html). */
const notFoundPage = (locale: Locale) => localizedPath(locale, '/404.html');

test.runIf(chromiumRequired)('Chromium is installed (REQUIRE_CHROMIUM=1)', () => {
  expect(chromiumAvailable, 'install Debian’s chromium package: apt-get install chromium').toBe(true);
});

// Build and serve once, at collection, so that every page of the sitemap gets its own tests.
const build = chromiumAvailable ? await buildSite() : undefined;
const server: StaticServer | undefined = build ? await serveStatic(distDir) : undefined;
const sitePages = build ? sitemapPaths() : [];
const allPages = [...sitePages, ...locales.map(notFoundPage)];

/** The text of an HTML attribute value, its character references decoded in one pass. */
const decodeEntities = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#\d+|quot|lt|gt|amp|apos);/gi, (_, ref: string) => {
    if (ref[0] === '#')
      return String.fromCodePoint(Number.parseInt(ref.slice(ref[1] === 'x' ? 2 : 1), ref[1] === 'x' ? 16 : 10));
    return ({ quot: '"', lt: '<', gt: '>', amp: '&', apos: "'" } as Record<string, string>)[ref] ?? '';
  });

/**
 * Where each visible heading's lines break, as Chromium lays it out: the heading's text and the
 * index of each character that starts a new line (measured one character at a time).
 */
async function headingLineBreaks(page: Page): Promise<{ text: string; breaks: number[] }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('main h1, main h2, main h3')].flatMap((heading) => {
      const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let text = '';
      let lastTop: number | undefined;
      const breaks: number[] = [];
      const nodeStarts: number[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const data = node.textContent ?? '';
        nodeStarts.push(text.length);
        for (let i = 0; i < data.length; i++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const top = range.getClientRects()[0]?.top;
          if (top !== undefined && /\S/.test(data[i] ?? '')) {
            if (lastTop !== undefined && top > lastTop + 4) breaks.push(text.length + i);
            lastTop = top;
          }
        }
        text += data;
      }
      // A line that starts where an element starts (a block kicker, a <wbr>) is not a break inside a word.
      return lastTop === undefined ? [] : [{ text, breaks: breaks.filter((b) => !nodeStarts.includes(b)) }];
    }),
  );
}

let budoux: ReturnType<typeof loadDefaultJapaneseParser> | undefined;
/** The line breaks that fall inside a Japanese phrase (BudouX's phrases), as “before|after”. */
function breaksInsidePhrases(headings: { text: string; breaks: number[] }[]): string[] {
  budoux ??= loadDefaultJapaneseParser();
  const parser = budoux;
  return headings.flatMap(({ text, breaks }) => {
    const boundaries = new Set<number>();
    let at = 0;
    for (const phrase of parser.parse(text)) {
      at += phrase.length;
      boundaries.add(at);
    }
    return breaks
      .filter((i) => {
        // A line may break between phrases, at a space, or between Latin letters as the browser does.
        const before = text.slice(0, i).trimEnd().at(-1);
        const after = text[i];
        return !boundaries.has(i) && !/\s/.test(text[i - 1] ?? '') && (isCjk(before) || isCjk(after));
      })
      .map((i) => `${text.slice(0, i)}|${text.slice(i)}`);
  });
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const html = (path: string): string =>
  readFileSync(join(distDir, path, path.endsWith('.html') ? '' : 'index.html'), 'utf8');

interface Visit {
  problems: string[];
  jsGzipBytes: number;
  jsFiles: Record<string, number>;
  axe: { id: string; impact: string; nodes: number; help: string; targets: string[] }[];
  height375: number;
  /** Japanese pages at 375 px: each visible heading's text and where its lines break. */
  headingBreaks: { text: string; breaks: number[] }[];
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

  const pageCache = new Map<string, Promise<{ status: number; html: boolean; ids: Set<string> }>>();
  function fetchPage(pathname: string) {
    let cached = pageCache.get(pathname);
    if (!cached) {
      cached = fetch(origin + pathname, { redirect: 'manual' }).then(async (res) => {
        const isHtml = (res.headers.get('content-type') ?? '').startsWith('text/html');
        const body = isHtml ? await res.text() : '';
        if (!isHtml) await res.arrayBuffer();
        return {
          status: res.status,
          html: isHtml,
          ids: new Set([...body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? '')),
        };
      });
      pageCache.set(pathname, cached);
    }
    return cached;
  }

  async function brokenLinks(links: string[]) {
    const broken: string[] = [];
    for (const href of new Set(links)) {
      const url = new URL(href);
      if (url.origin !== origin) continue;
      const target = await fetchPage(url.pathname);
      if (target.status !== 200) broken.push(`${href}: HTTP ${target.status}`);
      else if (url.hash && !target.ids.has(decodeURIComponent(url.hash.slice(1))))
        broken.push(`${href}: no element with id ${url.hash}`);
      else if (target.html && !sitePages.includes(url.pathname) && !allPages.includes(url.pathname))
        broken.push(`${href}: a page missing from the sitemap`);
    }
    return broken;
  }

  // Pages are independent: a few at a time in the one browser keeps the suite's wall time down.
  describe.concurrent.each(allPages)('%s', (path) => {
    test('loads cleanly (375 px dark; English also 1280 px light); links resolve; axe finds nothing serious', async ({
      expect,
    }) => {
      const visit: Visit = { problems: [], jsGzipBytes: 0, jsFiles: {}, axe: [], height375: 0, headingBreaks: [] };
      visits.set(path, visit);
      let links: string[] = [];
      // English at both widths; the other languages share its layout, so at the phone's width only.
      const views =
        localeOfPath(path) === 'en-US'
          ? [
              { width: 1280, dark: false },
              { width: 375, dark: true },
            ]
          : [{ width: 375, dark: true }];
      for (const view of views) {
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
          for (const v of await axeScan(page)) visit.axe.push({ ...v, id: `${v.id} @${view.width}` });
          if (view === views[0]) {
            links = await page.$$eval('a[href]', (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
            const weight = await jsWeight(page, scripts);
            visit.jsGzipBytes = weight.total;
            visit.jsFiles = weight.counted;
          }
          if (view.width === 375) {
            visit.height375 = await page.evaluate(() => document.documentElement.scrollHeight);
            if (localeOfPath(path) === 'ja-JP') visit.headingBreaks = await headingLineBreaks(page);
            await page.screenshot({ path: join(resultsDir, `${pageSlug(path)}-375-dark.png`), fullPage: true });
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
      expect(links.length, 'the page has links').toBeGreaterThan(0);
      expect(await brokenLinks(links)).toEqual([]);
      expect(breaksInsidePhrases(visit.headingBreaks), `${path}: headings break inside a phrase at 375 px`).toEqual([]);
      // Wall time, not a speed goal: the pages share one browser and two cores, a few at a time,
      // and took up to 78 s each on a quiet machine (120 s timed out on a busier one).
    }, 300_000);
  });

  test.each(locales)(
    '%s: an unknown address answers 404 with the guide’s helpful page, in its language',
    async (locale) => {
      const res = await fetch(origin + localizedPath(locale, '/no-such-page/'));
      expect(res.status).toBe(404);
      const body = await res.text();
      expect(body).toContain(`<html lang="${locale}"`);
      for (const href of ['/sign-in-or-sign-up/', '/faq/', '/support/'])
        expect(body).toContain(`href="${localizedPath(locale, href)}"`);
      expect(existsSync(join(distDir, notFoundPage(locale)))).toBe(true);
    },
  );

  test('the build is a production one, with search', () => {
    // A development-mode build renders Starlight's "search is only available in production" note instead.
    expect(html('/')).toContain('id="starlight__search"');
    expect(readFileSync(join(distDir, 'pagefind', 'pagefind.js'), 'utf8').length).toBeGreaterThan(0);
  });

  test('the sitemap lists every page of the guide in every language', () => {
    for (const locale of locales) {
      const at = (p: string) => localizedPath(locale, p);
      expect(sitePages).toEqual(
        expect.arrayContaining(['/', '/faq/', '/support/', '/emails/', '/sign-in-or-sign-up/'].map(at)),
      );
      for (const id of scenarioIds) expect(sitePages).toContain(at(`/scenarios/${id}/`));
      for (const v of variants) expect(sitePages.some((p) => p.startsWith(at(`/emails/${v.template}/`)))).toBe(true);
    }
    expect(sitePages.length).toBe(locales.length * sitePages.filter((p) => localeOfPath(p) === 'en-US').length);
  });

  describe('search (Pagefind), in each language', () => {
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

    /**
     * Asks the built index as the search box does (Pagefind's API with the guide's ranking
     * weights) and gives the first three pages found for each query.
     */
    async function topPages(page: Page, queries: string[], limit = 3): Promise<string[][]> {
      // A string, so that vitest does not rewrite the import() meant for the browser.
      return (await page.evaluate(`(async ({ queries, ranking, limit }) => {
        const pagefind = await import('/pagefind/pagefind.js');
        await pagefind.options({ ranking });
        await pagefind.init();
        const top = [];
        for (const query of queries) {
          const search = await pagefind.search(query);
          top.push((await Promise.all(search.results.slice(0, limit).map((r) => r.data()))).map((r) => r.url));
        }
        return top;
      })(${JSON.stringify({ queries, ranking: pagefindRanking, limit })})`)) as string[][];
    }

    const searchHits: Partial<Record<Locale, string>> = {};

    test.each(locales)(
      '%s: at least 11 of 12 customer questions find the page that answers them in the top 3',
      async (locale) => {
        const { context, problems } = await newContext({ width: 1280 });
        try {
          const page = await context.newPage();
          watch(page, problems);
          await page.goto(origin + localizedPath(locale, '/'));
          const questions = searchQuestions[locale];
          expect(questions.length).toBeGreaterThanOrEqual(12);
          const found = await topPages(
            page,
            questions.map((q) => q.query),
          );
          const misses = questions
            .map((q, i) => ({ ...q, want: localizedPath(locale, q.page), top: found[i] ?? [] }))
            .filter((q) => !q.top.includes(q.want))
            .map((q) => `"${q.query}" → ${q.want}, found ${q.top.join(' ') || 'nothing'}`);
          searchHits[locale] = `${questions.length - misses.length}/${questions.length}`;
          expect(misses.length, misses.join('\n')).toBeLessThanOrEqual(questions.length - 11);
          // Each language has its own index: results never cross into another language.
          for (const urls of found) for (const url of urls) expect(localeOfPath(url)).toBe(locale);
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      },
      60_000,
    );

    afterAll(() => {
      if (Object.keys(searchHits).length)
        console.log(`search, questions answered in the top 3: ${JSON.stringify(searchHits)}`);
    });

    test.each(locales)('%s: the search box speaks the page’s language (result count, messages)', async (locale) => {
      const { context, problems } = await newContext({ width: 1280 });
      try {
        const page = await context.newPage();
        watch(page, problems);
        await page.goto(origin + localizedPath(locale, '/'), { waitUntil: 'networkidle' });
        await page.locator('button[data-open-modal]').click();
        const query = searchQuestions[locale][0]?.query ?? '';
        await page.locator('#starlight__search input').fill(query);
        const i18nFile = join(repoRootDir, 'docs-site', 'src', 'content', 'i18n', `${locale}.json`);
        const words: Record<string, string> = existsSync(i18nFile) ? JSON.parse(readFileSync(i18nFile, 'utf8')) : {};
        // English is Pagefind's own default; every other language words its count itself.
        const english = { many: '[COUNT] results for [SEARCH_TERM]', one: '[COUNT] result for [SEARCH_TERM]' };
        const many = locale === 'en-US' ? english.many : words['pagefind.many_results'];
        const one = locale === 'en-US' ? english.one : words['pagefind.one_result'];
        expect(many, `${locale} words its result count (content/i18n/${locale}.json)`).toBeTruthy();
        expect(one, `${locale} words its result count (content/i18n/${locale}.json)`).toBeTruthy();
        const patterns = [many ?? '', one ?? ''].map((pattern) =>
          escapeRegExp(pattern).replace('\\[COUNT\\]', '\\d+').replace('\\[SEARCH_TERM\\]', escapeRegExp(query)),
        );
        const expected = new RegExp(`^(?:${patterns.join('|')})$`);
        const message = page.locator('.pagefind-ui__message');
        await expect
          .poll(async () => ((await message.textContent()) ?? '').trim(), { timeout: 10_000 })
          .toMatch(expected);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    test('every English page is found by its title, every FAQ entry by its question and anchor', async () => {
      const { context, problems } = await newContext({ width: 1280 });
      try {
        const page = await context.newPage();
        await page.goto(`${origin}/`);
        const questions = [...html('/faq/').matchAll(/<h3 id="([^"]+)">(.*?)<\/h3>/g)].map((m) => ({
          id: m[1] ?? '',
          text: (m[2] ?? '')
            .replace(/<[^>]+>/g, '')
            .replace(/&#39;|&#x27;/g, "'")
            .replace(/&quot;|&#34;/g, '"'),
        }));
        expect(questions.length).toBeGreaterThanOrEqual(15);
        const titles = sitePages
          .filter((p) => localeOfPath(p) === 'en-US')
          .map((path) => ({
            path,
            title: (html(path).match(/<h1[^>]*>(.*?)<\/h1>/)?.[1] ?? '').replace(/<[^>]+>/g, ''),
          }));
        const missing = (await page.evaluate(`(async ({ titles, questions, ranking }) => {
          const pagefind = await import('/pagefind/pagefind.js');
          await pagefind.options({ ranking });
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
        })(${JSON.stringify({ titles, questions, ranking: pagefindRanking })})`)) as string[];
        expect(missing).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  });

  describe('decision helper', () => {
    /** The links a reader follows for each answer, by their targets (the same in every language). */
    const routes: Record<string, string[]> = {
      'new-customer:sign-up': ['dh-bpos', 'dh-new-customer-sign-up'],
      'trial-customer:sign-in': ['dh-trial', 'dh-trial-customer-sign-in'],
      'trial-customer:sign-up': ['dh-trial', 'dh-trial-customer-sign-up'],
      'bypass-customer:sign-in': ['dh-bpos', 'dh-bypass', 'dh-bypass-customer-sign-in'],
      'bypass-customer:sign-up': ['dh-bpos', 'dh-bypass', 'dh-bypass-customer-sign-up'],
      // Cases the process does not cover: never an option, always support first.
      'support:bpos-s-trial': ['dh-bpos', 'dh-support-bpos-s-trial'],
      'support:other': ['dh-bpos', 'dh-support-other'],
    };
    const offered = scenarioIds.flatMap((scenario) =>
      offeredOptions(scenario).map((option) => `${scenario}:${option}`),
    );

    test('covers every path the domain defines, and the cases it does not', () => {
      expect(
        Object.keys(routes)
          .filter((k) => !k.startsWith('support:'))
          .sort(),
      ).toEqual(offered.sort());
    });

    test.each(locales)('%s: every end of the helper is an offered option or “contact support”', (locale) => {
      // Headings carry phrase breaks in Japanese (<wbr>): the words are compared without them.
      const page = html(localizedPath(locale, '/sign-in-or-sign-up/')).replaceAll('<wbr>', '');
      const ends = [...page.matchAll(/data-answer="([^"]+)"/g)].map((m) => m[1]);
      expect(ends.sort()).toEqual(Object.keys(routes).sort());
      // Every link inside the helper leads to a node of the helper, the support page or a scenario's steps.
      const helper = page.slice(page.indexOf('data-decision-helper'), page.indexOf('</noscript>'));
      const supportHeading = typesetText(stringsFor(locale).helper.support.heading, locale);
      for (const key of ['support:bpos-s-trial', 'support:other']) {
        const section = helper.slice(helper.indexOf(`data-answer="${key}"`)).split('</section>')[0] ?? '';
        expect(section).toContain(supportHeading);
        for (const option of Object.values(options))
          expect(section).not.toContain(factsFor(locale).optionTitle(option.id));
      }
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

      const cases = locales.flatMap((locale) => Object.keys(routes).map((key) => ({ locale, key })));
      // Concurrent tests must use their own expect (expect.poll needs to know its test).
      test.concurrent.for(cases)('$locale answers $key', async ({ locale, key }, { expect }) => {
        const page = await context.newPage();
        try {
          await page.goto(origin + localizedPath(locale, '/sign-in-or-sign-up/'));
          const helper = page.locator('[data-decision-helper]');
          // The script enhances the helper only when JavaScript runs: without it, links and CSS alone answer.
          expect(await helper.evaluate((el) => el.classList.contains('dh--js'))).toBe(javaScript);
          await expect.poll(() => helper.locator('.dh-node:visible').count()).toBe(1);
          for (const target of routes[key] ?? []) {
            await helper.locator(`.dh-node:visible a[href="#${target}"]`).click();
          }
          const shown = helper.locator('.dh-node:visible');
          await expect.poll(() => shown.count()).toBe(1);
          expect(await shown.getAttribute('data-answer')).toBe(key);
          // One kind of space: French puts no-break spaces before its colons.
          const spaces = (t: string | undefined) => (t ?? '').replace(/\s+/g, ' ');
          const text = spaces((await shown.textContent()) ?? '');
          const facts = factsFor(locale);
          const t = stringsFor(locale).helper;
          const [scenario, option] = key.split(':') as [ScenarioId | 'support', string];
          if (scenario === 'support') {
            expect(text).toContain(spaces(t.support.heading));
            expect(text).toContain(spaces(facts.support().phoneLine));
            expect(await shown.locator(`a[href="${localizedPath(locale, '/support/')}"]`).count()).toBe(1);
          } else {
            const offer = facts.scenarios[scenario].offers.find((o) => o.option === option);
            expect(text).toContain(spaces(t.choose(offer?.title ?? '?')));
            expect(text).toContain(spaces(offer?.outcome));
            const steps = await shown.locator('a[href*="/scenarios/"]').getAttribute('href');
            expect(steps).toBe(localizedPath(locale, `/scenarios/${scenario}/#steps-with-${option}`));
          }
          expect(new URL(page.url()).hash).toBe(`#${routes[key]?.at(-1)}`);
          if (javaScript) {
            // The answer takes focus, so screen readers announce it.
            expect(await page.evaluate(() => document.activeElement?.closest('.dh-node')?.id)).toBe(
              routes[key]?.at(-1),
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
    test.each(locales)('%s: every preview is the current template output, rendered for the page', async (locale) => {
      const pages = sitePages.filter(
        (p) => localeOfPath(p) === locale && (p.includes('/emails/') || p.includes('/scenarios/')),
      );
      const seen = new Set<string>();
      for (const path of pages) {
        const page = html(path);
        for (const m of page.matchAll(/<figure[^>]*data-email="([^"]+)"[\s\S]*?<iframe[^>]*srcdoc="([^"]*)"/g)) {
          const key = m[1] ?? '';
          const [template, variant] = key.split('/') as [(typeof variants)[number]['template'], string];
          // On a scenario's page, each email is told as that scenario's customer's story.
          const scenario = scenarioIds.find((id) => path === localizedPath(locale, `/scenarios/${id}/`));
          const email = await renderVariant(template, variant, locale, scenario);
          const srcdoc = decodeEntities(m[2] ?? '');
          expect(srcdoc, `${path} ${key}`).toBe(previewSrcdoc(email.html));
          if (template === 'activation' && path.includes('/scenarios/'))
            expect(path, `${key} belongs on its scenario page`).toBe(localizedPath(locale, `/scenarios/${variant}/`));
          seen.add(key);
        }
      }
      expect([...seen].sort()).toEqual(variants.map((v) => `${v.template}/${v.variant}`).sort());
    });

    test('the previews show the CTAs their scenario offers and no other, visibly as samples', async () => {
      const { context, problems } = await newContext({ width: 1280 });
      try {
        const page = await context.newPage();
        await page.goto(`${origin}/emails/`, { waitUntil: 'load' });
        const figures = page.locator('figure[data-email]');
        expect(await figures.count()).toBe(variants.length);
        for (let i = 0; i < (await figures.count()); i++) {
          const figure = figures.nth(i);
          const key = (await figure.getAttribute('data-email')) ?? '';
          const v = variants.find((x) => `${x.template}/${x.variant}` === key);
          if (!v) throw new Error(`${key} is not a variant of the catalog`);
          const frame = await (await figure.locator('iframe').elementHandle())?.contentFrame();
          if (!frame) throw new Error(`${key} has no loaded frame`);
          const ctas = await frame.$$eval('a', (anchors) =>
            anchors
              .filter((a) => getComputedStyle(a).backgroundColor !== 'rgba(0, 0, 0, 0)')
              .map((a) => ({
                label: (a.textContent ?? '').trim(),
                href: a.getAttribute('href'),
                live: getComputedStyle(a).pointerEvents !== 'none',
                grey: getComputedStyle(a).filter.includes('grayscale'),
              })),
          );
          // A sample's buttons are grey and inert: inside the guide they never pass for live calls to action.
          for (const cta of ctas) expect({ live: cta.live, grey: cta.grey }, key).toEqual({ live: false, grey: true });
          if (v.template === 'activation') {
            const data = sampleData(v.template, v.variant) as Record<string, string>;
            expect(
              ctas.map((c) => c.href),
              key,
            ).toEqual(offeredOptions(data.scenario as ScenarioId).map((o) => data[options[o].urlField]));
          } else {
            expect(ctas.length, `${key} offers no activation choice`).toBeLessThanOrEqual(1);
            for (const o of Object.values(options))
              expect(ctas.map((c) => c.href)).not.toContain((v.data as Record<string, string>)[o.urlField]);
          }
        }
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }, 90_000);
  });

  describe('on a phone', () => {
    test('the site title is whole at 375 px in every language (it was clipped to “Aktivierungsleitfaden für O”)', async () => {
      const { context, problems } = await newContext({ width: 375 });
      try {
        const page = await context.newPage();
        const clipped: string[] = [];
        for (const locale of locales) {
          await page.goto(origin + localizedPath(locale, '/'), { waitUntil: 'load' });
          const title = stringsFor(locale).siteTitle(brand.product);
          const result = await page.evaluate(() => {
            const link = document.querySelector('.site-title');
            if (!link) return { text: '', cut: ['no site title'] };
            const cut: string[] = [];
            const box = link.getBoundingClientRect();
            const ancestors: Element[] = [];
            for (let el = link.parentElement; el && el !== document.body; el = el.parentElement) ancestors.push(el);
            for (const el of [...link.querySelectorAll('*'), link, ...ancestors]) {
              if (el.scrollWidth > el.clientWidth + 1)
                cut.push(`<${el.tagName.toLowerCase()} class="${el.className}"> overflows`);
              const style = getComputedStyle(el);
              if (el !== link && style.overflowX !== 'visible') {
                const clip = el.getBoundingClientRect();
                if (box.right > clip.right + 1 || box.bottom > clip.bottom + 1 || box.top < clip.top - 1)
                  cut.push(`clipped by <${el.tagName.toLowerCase()} class="${el.className}">`);
              }
            }
            if (box.right > window.innerWidth) cut.push('wider than the screen');
            return { text: (link.textContent ?? '').replace(/\s+/g, ' ').trim(), cut };
          });
          expect(result.text).toBe(title);
          clipped.push(...result.cut.map((c) => `${locale}: ${c}`));
          await page.screenshot({
            path: join(resultsDir, `site-title-375-${locale}.png`),
            clip: { x: 0, y: 0, width: 375, height: 120 },
          });
        }
        expect(clipped).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }, 120_000);

    test.each(locales)(`%s: the trial page is at most ${TRIAL_PAGE_MAX_PX} px tall at 375 px`, async (locale) => {
      const path = localizedPath(locale, '/scenarios/trial-customer/');
      let height = visits.get(path)?.height375;
      if (!height) {
        // Not visited by the page tests in this run (a filtered run): measure it here.
        const { context } = await newContext({ width: 375, dark: true });
        try {
          const page = await context.newPage();
          await page.goto(origin + path, { waitUntil: 'networkidle' });
          height = await page.evaluate(() => document.documentElement.scrollHeight);
        } finally {
          await context.close();
        }
      }
      expect(height).toBeGreaterThan(0);
      expect(height).toBeLessThanOrEqual(TRIAL_PAGE_MAX_PX);
    });

    test.each(locales)(
      '%s: every step has an anchor, listed in “On this page”, and emails are closed cards',
      (locale) => {
        for (const scenario of scenarioIds) {
          const page = html(localizedPath(locale, `/scenarios/${scenario}/`));
          const toc = page.slice(page.indexOf('<starlight-toc'), page.indexOf('</starlight-toc>'));
          const steps = [...page.matchAll(/<li[^>]*data-step="([^"]+)"[^>]*>\s*<h3 id="([^"]+)"/g)];
          const expected = factsFor(locale).scenarios[scenario].offers.reduce(
            (n, o) => n + factsFor(locale).paths[o.path].length,
            0,
          );
          expect(steps.length, `${scenario} steps`).toBe(expected);
          for (const [, , id] of steps) expect(toc, `${scenario} lists #${id}`).toContain(`href="#${id}"`);
          for (const o of factsFor(locale).scenarios[scenario].offers)
            expect(toc).toContain(`href="#steps-with-${o.option}"`);
          // Emails inside the steps are cards that open: closed, so the steps read as steps.
          const cards = [...page.matchAll(/<details class="email-card[^"]*"[^>]*>/g)].map((m) => m[0]);
          expect(cards.length).toBeGreaterThanOrEqual(3);
          for (const card of cards) expect(card).not.toContain(' open');
        }
      },
    );
  });

  describe('facts on the built pages', () => {
    /** A page's visible text: scripts, styles and tags removed (email previews are checked against the catalog). */
    const text = (path: string) =>
      decodeEntities(
        html(path)
          .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
          .replace(/srcdoc="[^"]*"/g, '')
          .replace(/<[^>]+>/g, ' '),
      );

    test.each(locales)('%s: every page follows its language’s typography and glossary', (locale) => {
      const facts = factsFor(locale);
      const titles = [facts.optionTitle('sign-in'), facts.optionTitle('sign-up')];
      const pages = [...sitePages.filter((p) => localeOfPath(p) === locale), notFoundPage(locale)];
      const found = pages.flatMap((path) => {
        const words = visibleText(html(path));
        return [
          // Emphasis Markdown could not parse (CommonMark's rules around CJK punctuation) shows as asterisks.
          ...(words.includes('**') ? ['literal ** in the text: Markdown emphasis left unparsed'] : []),
          ...typographyProblems(locale, words, { titles }),
          ...misusedTerms(locale, words).map((m) => `“${m.found}” → ${m.use} (${m.why})`),
        ].map((problem) => `${path}: ${problem}`);
      });
      expect(found).toEqual([]);
    });

    test('every trial length and every phone number on every page, in every language, is the domain’s', () => {
      const wrong: string[] = [];
      for (const path of sitePages) {
        const body = text(path);
        for (const m of body.matchAll(/(\d+)[\s-]*(?:day|Tage|jours|días|日間)/g))
          if (Number(m[1]) !== TRIAL_DAYS) wrong.push(`${path}: ${m[0]}`);
        for (const m of body.matchAll(/\d-\d{3}-\d{3}-\d{4}/g))
          if (m[0] !== brand.phone.number) wrong.push(`${path}: ${m[0]}`);
      }
      expect(wrong).toEqual([]);
    });

    test.each(locales)(
      '%s: every scenario page states its scenario’s options and outcomes as the domain module words them',
      (locale) => {
        for (const scenario of scenarioIds) {
          const body = text(localizedPath(locale, `/scenarios/${scenario}/`)).replace(/\s+/g, ' ');
          const facts = factsFor(locale).scenarios[scenario];
          const words = (t: string) => t.replace(/\s+/g, ' ');
          expect(body).toContain(words(afterColon(locale, facts.who)));
          for (const offer of facts.offers) expect(body).toContain(words(offer.outcome));
          // No option the scenario does not offer is presented as its choice.
          for (const option of Object.values(options))
            if (!facts.offers.some((o) => o.option === option.id))
              expect(body).not.toContain(factsFor(locale).optionTitle(option.id));
        }
      },
    );
  });

  describe('customers read the process, not our configuration', () => {
    /** Every sample or placeholder host: example.com/.net/.org, and the .example, .test, .invalid and localhost names. */
    const exampleHost =
      /\b(?:[a-z0-9-]+\.)*(?:example\.(?:com|net|org)|[a-z0-9-]+\.(?:example|test|invalid|localhost))\b/gi;
    /** What an operator's note reads like, in each language, and the names of our configuration. */
    const operatorNote =
      /\b(?:operators?|Betreiber\w*|opérateurs?|operador(?:es)?)\b|運営者|オペレーター|\b[A-Z][A-Z0-9]+_[A-Z0-9_]+\b/g;
    /** The guide's own address (DOCS_SITE_URL) is where it is published, not a sample. */
    const ownHost = new URL(TEST_SITE_URL).hostname;
    const findings = (where: string, content: string) => [
      ...[...content.matchAll(exampleHost)]
        .filter((m) => m[0].toLowerCase() !== ownHost)
        .map((m) => `${where}: example host ${m[0]}`),
      ...[...content.matchAll(operatorNote)].map(
        (m) =>
          `${where}: operator note “${content.slice(Math.max(0, (m.index ?? 0) - 40), (m.index ?? 0) + 60).replace(/\s+/g, ' ')}”`,
      ),
    ];

    test('the checks catch what they are for', () => {
      expect(findings('x', 'Review https://portal.example.com/subscriptions')).toHaveLength(1);
      expect(findings('x', 'Reminder (the operator’s own follow-up)')).toHaveLength(1);
      expect(findings('x', 'Erinnerung (eigene Nachfassaktion des Betreibers)')).toHaveLength(1);
      expect(findings('x', 'set ACTIVATION_REMINDER_DAYS')).toHaveLength(1);
      expect(findings('x', `https://${ownHost}/faq/ and https://portal.microsoftonline.com`)).toEqual([]);
    });

    test('no page shows an operator note or an example host, email samples included', () => {
      const found: string[] = [];
      for (const path of allPages) {
        const page = html(path);
        const samples = [...page.matchAll(/srcdoc="([^"]*)"/g)].map((m) => decodeEntities(m[1] ?? ''));
        const visible = decodeEntities(page.replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]+>/g, ' '));
        found.push(...findings(path, visible));
        // In a sample email the links count too: its text version writes them out.
        for (const sample of samples) found.push(...findings(`${path} (sample email)`, sample));
      }
      expect(found).toEqual([]);
    });

    test('no search excerpt can show one: Pagefind’s indexed text has neither', () => {
      const fragments = readdirSync(join(distDir, 'pagefind', 'fragment'));
      expect(fragments.length).toBeGreaterThan(0);
      const found: string[] = [];
      for (const file of fragments) {
        // A fragment is gzipped JSON behind Pagefind's signature; excerpts are cut from its content.
        const raw = gunzipSync(readFileSync(join(distDir, 'pagefind', 'fragment', file))).toString('utf8');
        const fragment = JSON.parse(raw.slice(raw.indexOf('{'))) as {
          url: string;
          content: string;
          meta?: Record<string, string>;
        };
        found.push(
          ...findings(`search: ${fragment.url}`, `${fragment.content} ${Object.values(fragment.meta ?? {}).join(' ')}`),
        );
      }
      expect(found).toEqual([]);
    });
  });

  describe('one story per page', () => {
    const organizations = ['Contoso Ltd', 'Fabrikam, Inc.', 'Northwind Traders'];
    test.each(locales)('%s: every email on a scenario page is addressed to that scenario’s customer', (locale) => {
      for (const scenario of scenarioIds) {
        const path = localizedPath(locale, `/scenarios/${scenario}/`);
        const page = html(path);
        const org = (sampleData('activation', scenario) as { organizationName: string }).organizationName;
        const subjects = [...page.matchAll(/class="email-card__subject[^"]*"[^>]*>([^<]*)</g)].map((m) =>
          decodeEntities(m[1] ?? ''),
        );
        expect(subjects.length, path).toBeGreaterThanOrEqual(3);
        for (const subject of subjects) expect(subject, `${path}: ${subject}`).toContain(org);
        for (const m of page.matchAll(/srcdoc="([^"]*)"/g)) {
          const sample = decodeEntities(m[1] ?? '');
          for (const other of organizations.filter((o) => o !== org))
            expect(sample, `${path}: ${other}`).not.toContain(other);
        }
      }
    });
  });

  describe('a published guide', () => {
    const contentPages = () => sitePages.filter((p) => !p.includes('/emails/'));

    test('every page has its language, a title naming the product, a canonical link at DOCS_SITE_URL and alternates', () => {
      for (const path of sitePages) {
        const page = html(path);
        const locale = localeOfPath(path);
        expect(page, path).toContain(`<html lang="${locale}"`);
        expect(page.match(/<title>([^<]*)<\/title>/)?.[1], path).toContain(brand.product);
        expect(page, path).toContain(`<link rel="canonical" href="${TEST_SITE_URL}${path}"/>`);
        for (const l of locales) expect(page, path).toContain(`hreflang="${l}"`);
        // No large social card without an image to fill it.
        if (!page.includes('property="og:image"')) expect(page).toContain('name="twitter:card" content="summary"');
      }
    });

    test('every guide page says when it was last updated, and asks whether it helped', () => {
      for (const path of contentPages()) {
        const page = html(path);
        expect(page, path).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}/);
        const locale = localeOfPath(path);
        expect(page, path).toContain(typesetText(stringsFor(locale).feedback.question, locale));
      }
    });

    test('robots.txt allows the guide and points at the sitemap at DOCS_SITE_URL', async () => {
      const res = await fetch(`${origin}/robots.txt`);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toMatch(/^User-agent: \*$/m);
      expect(body).toContain(`Sitemap: ${TEST_SITE_URL}/sitemap-index.xml`);
      expect(readFileSync(join(distDir, 'sitemap-index.xml'), 'utf8')).toContain(TEST_SITE_URL);
    });

    test.each([true, false])(
      '“Was this page helpful?” answers without a server (JavaScript: %s)',
      async (javaScript) => {
        const { context, problems } = await newContext({ width: 375, javaScript });
        const requests: string[] = [];
        try {
          const page = await context.newPage();
          await page.goto(`${origin}/faq/`, { waitUntil: 'networkidle' });
          // The browser may fetch the favicon again when the address's fragment changes, and Starlight's
          // search loads its interface (/_astro/, /pagefind/) whenever the browser is idle, clicks or
          // not; anything else would be a report.
          page.on('request', (r) => {
            const path = new URL(r.url()).pathname;
            if (path !== '/favicon.svg' && !/^\/(_astro|pagefind)\//.test(path)) requests.push(r.url());
          });
          const feedback = page.locator('.feedback');
          await feedback.getByRole('link', { name: 'No', exact: true }).click();
          await expect.poll(() => feedback.locator('#feedback-no').isVisible()).toBe(true);
          expect(await feedback.locator('#feedback-no a').getAttribute('href')).toBe('/support/');
          await feedback.getByRole('link', { name: 'Yes', exact: true }).click();
          await expect.poll(() => feedback.locator('#feedback-yes').isVisible()).toBe(true);
          expect(await feedback.locator('#feedback-no').isVisible()).toBe(false);
          expect(requests, 'answering sends nothing').toEqual([]);
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      },
    );

    test('printing keeps the steps and warnings and drops the site’s chrome', async () => {
      const { context, problems } = await newContext({ width: 1280 });
      try {
        const page = await context.newPage();
        await page.goto(`${origin}/scenarios/trial-customer/`, { waitUntil: 'networkidle' });
        await page.emulateMedia({ media: 'print' });
        const visible = (selector: string) => page.locator(selector).first().isVisible();
        expect(await visible('.sl-steps')).toBe(true);
        expect(await visible('.starlight-aside--danger')).toBe(true);
        expect(await visible('h3#sign-in-step-1')).toBe(true);
        expect(await visible('.email-card summary')).toBe(true);
        for (const chrome of ['header.header', '.feedback', 'site-search', '.pagination-links'])
          expect(await visible(chrome), chrome).toBe(false);
        const pdf = await page.pdf({ format: 'A4' });
        expect(pdf.length).toBeGreaterThan(1000);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });
});

function writeReports() {
  if (!visits.size) return;
  const rows = [...visits].map(([path, v]) => ({
    path,
    jsGzipBytes: v.jsGzipBytes,
    height375: v.height375,
    axe: v.axe.map((a) => `${a.impact}: ${a.id} (${a.nodes})`),
  }));
  writeFileSync(
    join(resultsDir, 'report.json'),
    JSON.stringify({ buildMs: Math.round(build?.ms ?? 0), pages: Object.fromEntries(visits) }, null, 2),
  );
  const lines = rows.map(
    (r) =>
      `${r.path.padEnd(48)} ${(r.jsGzipBytes / 1024).toFixed(1).padStart(5)} kB JS ${String(r.height375).padStart(6)} px@375   axe: ${r.axe.join(', ') || 'none'}`,
  );
  console.log(`docs site: built in ${((build?.ms ?? 0) / 1000).toFixed(1)} s\n${lines.join('\n')}`);
}
