// @ts-check
import { copyFile } from 'node:fs/promises';
import sitemap from '@astrojs/sitemap';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import { brand, defaultLocale, locales } from './src/lib/facts.ts';
import { starlightLocales } from './src/lib/i18n.ts';
import { pagefindRanking } from './src/lib/search.ts';
import { stringsFor } from './src/lib/strings/index.ts';

/**
 * The customer activation guide, in five languages (en-US at the root, then /de/, /fr/, /es/,
 * /ja/). Email previews are rendered at build time from emails/ (React Email .tsx, compiled by
 * Vite with the root tsconfig's react-jsx setting); no React reaches the browser.
 *
 * DOCS_SITE_URL is the address the guide is published at (for example https://guide.example.com):
 * canonical links, hreflang alternates, og:url, the sitemap and robots.txt all follow it. Set
 * it when you build for publication; the default is a placeholder host.
 */
const DEFAULT_SITE_URL = 'https://guide.activation.example.com';

/** One label in every language, for Starlight's `translations` options. */
const translated = (/** @type {(s: import('./src/lib/strings/types.ts').DocsStrings) => string} */ pick) => ({
  label: pick(stringsFor(defaultLocale)),
  translations: Object.fromEntries(locales.filter((l) => l !== defaultLocale).map((l) => [l, pick(stringsFor(l))])),
});

/**
 * Headings may carry an id that stays the same in every language (`### Question {#stable-id}`),
 * so a link to an FAQ entry or a section works in each translation: Astro's Markdown processor
 * (Sätteri) reads that syntax once its `headingAttributes` feature is on.
 */
const stableHeadingIds = {
  name: 'stable-heading-ids',
  hooks: {
    'astro:config:setup': ({ config }) => {
      config.markdown.processor.options.features.headingAttributes = true;
    },
  },
};

/**
 * A "page not found" page in every language. Starlight renders one 404 page, in the default
 * language (/404.html); each translation's 404 is a content page (de/404.mdx, …), copied at the
 * end of the build to /<lang>/404.html, where static hosts that serve the nearest 404.html up
 * the tree find it (Cloudflare Pages; elsewhere a rule per language: see the README). The copies'
 * own pages stay out of the sitemap.
 */
const NOT_FOUND = /\/404\/$/;
const localizedNotFoundPages = {
  name: 'localized-not-found-pages',
  hooks: {
    'astro:build:done': async ({ dir, pages }) => {
      for (const { pathname } of pages) {
        const folder = pathname.match(/^([a-z]{2})\/404\/$/)?.[1];
        if (folder) await copyFile(new URL(`${folder}/404/index.html`, dir), new URL(`${folder}/404.html`, dir));
      }
    },
  },
};

export default defineConfig({
  site: process.env.DOCS_SITE_URL || DEFAULT_SITE_URL,
  // Every address ends in a slash (as the built folders do), so no link answers with a redirect.
  trailingSlash: 'always',
  integrations: [
    stableHeadingIds,
    localizedNotFoundPages,
    // Starlight's own sitemap settings (one alternate per language), without the 404 pages.
    sitemap({
      i18n: {
        defaultLocale: 'root',
        locales: Object.fromEntries(Object.entries(starlightLocales).map(([key, { lang }]) => [key, lang])),
      },
      filter: (page) => !NOT_FOUND.test(page),
    }),
    starlight({
      title: Object.fromEntries(locales.map((l) => [l, stringsFor(l).siteTitle(brand.product)])),
      description: stringsFor(defaultLocale).siteDescription(brand.product),
      defaultLocale: 'root',
      locales: starlightLocales,
      favicon: '/favicon.svg',
      lastUpdated: true,
      pagefind: { ranking: pagefindRanking },
      // No social image: a summary card rather than a large one with nothing to show.
      head: [{ tag: 'meta', attrs: { name: 'twitter:card', content: 'summary' } }],
      customCss: ['./src/styles/header.css', './src/styles/print.css', './src/styles/typography.css'],
      routeMiddleware: './src/route-data.ts',
      components: {
        // Fixes the search button's accessible name (label in name); see the component.
        Search: './src/components/Search.astro',
        // Adds "Was this page helpful?" above Starlight's own footer.
        Footer: './src/components/Footer.astro',
      },
      sidebar: [
        { ...translated((s) => s.sidebar.overview), link: '/' },
        { ...translated((s) => s.sidebar.activationEmail), slug: 'activation-email' },
        { ...translated((s) => s.sidebar.choice), slug: 'sign-in-or-sign-up' },
        {
          ...translated((s) => s.sidebar.scenarios),
          items: ['scenarios/new-customer', 'scenarios/trial-customer', 'scenarios/bypass-customer'],
        },
        { ...translated((s) => s.sidebar.emails), link: '/emails/' },
        { ...translated((s) => s.sidebar.faq), slug: 'faq' },
        { ...translated((s) => s.sidebar.support), slug: 'support' },
      ],
    }),
  ],
});
