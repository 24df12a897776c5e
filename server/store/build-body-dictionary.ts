/**
 * `npx tsx server/store/build-body-dictionary.ts <n>`: writes body-dictionaries/html-<n>.dict and
 * text-<n>.dict from the emails as they render now, for a new format of body-codec.ts. A
 * dictionary is never rewritten (stored bodies need it byte for byte), so an existing file is
 * refused. Deflate looks back 32 KB: the other locales' words come first, then every en-US
 * variant whole (the default locale, nearest to what is packed).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { locales, renderEmail, templateSchema, variants } from '../../emails/_catalog/index.ts';

const n = Number(process.argv[2]);
if (!Number.isInteger(n) || n < 2) throw new Error('usage: build-body-dictionary.ts <format number, 2 or more>');
const WINDOW = 32 * 1024;
const dir = join(import.meta.dirname, 'body-dictionaries');

const rendered = new Map<string, { html: string; text: string }>();
for (const locale of locales) {
  for (const { template, variant, data } of variants) {
    rendered.set(
      `${locale}/${template}/${variant}`,
      await renderEmail(template, templateSchema(template).parse(data), undefined, locale),
    );
  }
}
const wordsOf = (html: string) =>
  html
    .slice(html.indexOf('<body'))
    .replace(/<style[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, '');

for (const kind of ['html', 'text'] as const) {
  const file = join(dir, `${kind}-${n}.dict`);
  if (existsSync(file)) throw new Error(`${file} exists: a dictionary is never rewritten`);
  const others = locales
    .filter((l) => l !== 'en-US')
    .flatMap((l) => variants.map((v) => rendered.get(`${l}/${v.template}/${v.variant}`)))
    .map((e) => (kind === 'html' ? wordsOf(e?.html ?? '') : (e?.text ?? '')));
  const en = variants.map((v) => rendered.get(`en-US/${v.template}/${v.variant}`)?.[kind] ?? '');
  const all = Buffer.from([...others, ...en].join(''));
  writeFileSync(file, all.subarray(Math.max(0, all.length - WINDOW)));
  console.log(`wrote ${file}`);
}
