import { loadDefaultJapaneseParser } from 'budoux';

/**
 * Japanese has no spaces, so a browser may break a line inside a word. BudouX (Google's phrase
 * segmenter) finds the phrase boundaries; a zero-width space at each one, with
 * `word-break: keep-all` on the text (theme.ts), lets clients break only there. Clients that
 * ignore keep-all break as they always did. Applied to the rendered HTML's text, never to
 * attributes or entities; the text version is taken before, without them.
 */
const ZWSP = '\u200b';
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]/;
let parser: ReturnType<typeof loadDefaultJapaneseParser> | undefined;

/** Segments seen before: the templates' own sentences repeat on every render. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 5000;

function phrased(text: string): string {
  let out = cache.get(text);
  if (out === undefined) {
    parser ??= loadDefaultJapaneseParser();
    const p = parser;
    // Entities (&amp; …) are kept whole; only the text between them is segmented.
    out = text
      .split(/(&[#\w]+;)/)
      .map((part, i) => (i % 2 === 1 || !JAPANESE.test(part) ? part : p.parse(part).join(ZWSP)))
      .join('');
    if (cache.size < CACHE_LIMIT) cache.set(text, out);
  }
  return out;
}

/** The HTML with a break opportunity at each Japanese phrase boundary of its body's text. */
export function breakJapanesePhrases(html: string): string {
  const body = html.indexOf('<body');
  if (body < 0) return html;
  return (
    html.slice(0, body) +
    html
      .slice(body)
      .replace(/>([^<]+)</g, (match, text: string) => (JAPANESE.test(text) ? `>${phrased(text)}<` : match))
  );
}
