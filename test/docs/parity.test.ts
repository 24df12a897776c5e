/**
 * Every language has the whole guide: each English page exists in every locale, with the same
 * sections and FAQ entries under the same anchor ids (written `{#id}` in the sources, so a link
 * to an answer works in every translation), and a page-not-found page of its own. Reads the
 * sources; the browser suite checks the built links and the 404 answers.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { localeFolders } from '../../docs-site/src/lib/i18n.ts';
import { defaultLocale, locales } from '../../emails/_catalog/index.ts';
import { repoRoot } from '../support/docs-site.ts';

const docsDir = join(repoRoot, 'docs-site', 'src', 'content', 'docs');
const otherLocales = locales.filter((l) => l !== defaultLocale);
const folders = new Set(Object.values(localeFolders));

/** The English pages, as paths relative to the docs folder ("faq.mdx", "scenarios/new-customer.mdx"). */
const englishPages = (dir = docsDir): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? dir === docsDir && folders.has(e.name)
        ? []
        : englishPages(join(dir, e.name))
      : e.name.endsWith('.mdx')
        ? [relative(docsDir, join(dir, e.name))]
        : [],
  );

/** A page's section and question headings (## and ###): their text and the id written after it. */
function headings(file: string): { text: string; id: string | undefined }[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^#{2,3} (.+?)(?: \{#([\w-]+)\})?[ \t]*$/gm)].map((m) => ({ text: m[1] ?? '', id: m[2] }));
}

const pageIn = (locale: (typeof locales)[number], page: string) =>
  join(docsDir, ...(localeFolders[locale] ? [localeFolders[locale] as string] : []), page);

describe('every page in every language', () => {
  const pages = englishPages();

  test('the English guide has its pages, the FAQ with at least 20 entries, and a 404 page', () => {
    expect(pages).toEqual(expect.arrayContaining(['index.mdx', 'faq.mdx', 'support.mdx', '404.mdx']));
    expect(headings(join(docsDir, 'faq.mdx')).filter((h) => h.id).length).toBeGreaterThanOrEqual(20);
  });

  test.each(locales)('%s: every heading carries a stable id', (locale) => {
    const missing = pages.flatMap((page) =>
      existsSync(pageIn(locale, page))
        ? headings(pageIn(locale, page))
            .filter((h) => !h.id)
            .map((h) => `${page}: “${h.text}”`)
        : [],
    );
    expect(missing).toEqual([]);
  });

  test.each(otherLocales)('%s: has every English page, 404 included', (locale) => {
    expect(pages.filter((page) => !existsSync(pageIn(locale, page)))).toEqual([]);
  });

  test.each(otherLocales)('%s: every page has the English page’s sections and FAQ entries, by id', (locale) => {
    const differences = pages.flatMap((page) => {
      if (!existsSync(pageIn(locale, page))) return [];
      const english = headings(pageIn(defaultLocale, page)).map((h) => h.id);
      const translated = headings(pageIn(locale, page)).map((h) => h.id);
      const missing = english.filter((id) => !translated.includes(id));
      const extra = translated.filter((id) => !english.includes(id));
      return [...missing.map((id) => `${page}: no #${id}`), ...extra.map((id) => `${page}: #${id} is not in English`)];
    });
    expect(differences).toEqual([]);
  });
});
