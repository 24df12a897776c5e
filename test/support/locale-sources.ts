/**
 * Where each locale's customer-facing words are written: the email catalog, the guide's
 * interface strings, its pages and Starlight's interface words. Comments and code are left out
 * (imports, exports, JSX expressions are not what a reader sees), so a check reads the words only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { localeFolders } from '../../docs-site/src/lib/i18n.ts';
import type { Locale } from '../../emails/_catalog/locales.ts';
import { repoRoot } from './docs-site.ts';

export interface Source {
  file: string;
  text: string;
}

/** The words of a TypeScript catalog: its string and template literals, without `{slot}` names or `${…}` markers. */
const literals = (code: string): string =>
  [
    ...code
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
      .matchAll(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g),
  ]
    .map((m) => m[0].slice(1, -1).replace(/\$\{|\{\w+\}|\}/g, ' '))
    .join('\n');

const mdxFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? // The other languages' folders sit inside the English root.
        Object.values(localeFolders).includes(e.name) && dir.endsWith('docs')
        ? []
        : mdxFiles(join(dir, e.name))
      : e.name.endsWith('.mdx')
        ? [join(dir, e.name)]
        : [],
  );

/** A page's words: frontmatter and prose, without its imports, exports and JSX expressions. */
const pageWords = (mdx: string): string =>
  mdx
    .replace(/^(import|export) .*$/gm, '')
    .replace(/\{[^{}]*\}/g, ' ')
    .replace(/<[^>]+>/g, ' ');

/** Every source of customer-facing words in `locale`. */
export function localeSources(locale: Locale): Source[] {
  const read = (path: string, transform: (s: string) => string): Source => ({
    file: relative(repoRoot, path),
    text: transform(readFileSync(path, 'utf8')),
  });
  const folder = localeFolders[locale];
  const docs = join(repoRoot, 'docs-site', 'src', 'content', 'docs', ...(folder ? [folder] : []));
  const i18n = join(repoRoot, 'docs-site', 'src', 'content', 'i18n', `${locale}.json`);
  return [
    read(join(repoRoot, 'emails', '_messages', `${locale}.ts`), literals),
    read(join(repoRoot, 'docs-site', 'src', 'lib', 'strings', `${locale}.ts`), literals),
    ...mdxFiles(docs).map((file) => read(file, pageWords)),
    ...(existsSync(i18n) ? [read(i18n, (s) => s)] : []),
  ];
}
