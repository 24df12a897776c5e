/**
 * The guide's pages typeset by their language's rules, after Astro renders them (src/middleware.ts):
 * pages are written with ordinary spaces and line breaks, whatever part of the page a word comes
 * from (Markdown, a component, a catalog, Starlight's own interface), and the rules apply here once.
 *
 * - French: a narrow no-break space before : ; ? ! and inside « ».
 * - Japanese: no space where a source line breaks between two Japanese characters (browsers show
 *   one; a katakana compound keeps its one space), and headings break only between phrases (BudouX puts a <wbr> at each phrase boundary;
 *   `word-break: keep-all` in styles/typography.css keeps the line from breaking elsewhere).
 *
 * Only text a reader sees changes: tags, attribute values (an email preview's srcdoc), comments,
 * scripts, styles and code are copied as they are. The rules are the catalogs' own
 * (emails/_messages/typography.ts), so the tests check pages and emails alike.
 */
import { loadDefaultJapaneseParser } from 'budoux';
import { frenchSpacing, isCjk, japaneseSpacing, type Locale, strayJapaneseSpace } from './facts.ts';

/** Markup that is not text: comments, elements whose content is never typeset, start and end tags (quoted values may hold `>`). */
const MARKUP =
  /<!--[\s\S]*?-->|<(script|style|textarea|template|pre|code)\b(?:[^>"']|"[^"]*"|'[^']*')*>[\s\S]*?<\/\1\s*>|<\/?[a-zA-Z][\w:-]*(?:[^>"']|"[^"]*"|'[^']*')*>/g;

interface Token {
  text: boolean;
  value: string;
  /** For a text token: whether it sits inside a heading. */
  heading?: boolean;
}

function tokens(html: string): Token[] {
  const out: Token[] = [];
  let at = 0;
  let headings = 0;
  for (const m of html.matchAll(MARKUP)) {
    const index = m.index ?? 0;
    if (index > at) out.push({ text: true, value: html.slice(at, index), heading: headings > 0 });
    const tag = m[0];
    if (/^<h[1-6]\b/i.test(tag)) headings++;
    else if (/^<\/h[1-6]\b/i.test(tag)) headings = Math.max(0, headings - 1);
    out.push({ text: false, value: tag });
    at = index + tag.length;
  }
  if (at < html.length) out.push({ text: true, value: html.slice(at), heading: headings > 0 });
  return out;
}

let budoux: ReturnType<typeof loadDefaultJapaneseParser> | undefined;

/** A heading's Japanese text with a <wbr> at each phrase boundary (entities kept whole). */
function phrased(text: string): string {
  budoux ??= loadDefaultJapaneseParser();
  const parser = budoux;
  return text
    .split(/(&[#\w]+;)/)
    .map((part, i) => (i % 2 === 1 || ![...part].some(isCjk) ? part : parser.parse(part).join('<wbr>')))
    .join('');
}

/**
 * Whitespace between two Japanese characters as Japanese text wants it: none, or one space between
 * the words of a katakana compound; other whitespace as it is.
 */
function japaneseGap(before: string | undefined, space: string, after: string | undefined): string {
  if (!isCjk(before) || !isCjk(after)) return space;
  return strayJapaneseSpace(before, ' ', after) ? '' : ' ';
}

/** Japanese: whitespace between two Japanese characters fixed, also where a tag separates them. */
function japanese(list: Token[]): void {
  const lastChar = (s: string) => s.trimEnd().at(-1);
  const firstChar = (s: string) => s.trimStart()[0];
  const words = (t: Token) => t.text && t.value.trim() !== '';
  list.forEach((token, i) => {
    if (!token.text) return;
    const before = list.slice(0, i).findLast(words);
    const after = list.slice(i + 1).find(words);
    if (!words(token)) {
      if (before && after) token.value = japaneseGap(lastChar(before.value), token.value, firstChar(after.value));
      return;
    }
    let value = japaneseSpacing(token.value);
    const lead = value.match(/^\s+/)?.[0];
    const trail = value.match(/\s+$/)?.[0];
    if (before && lead) value = japaneseGap(lastChar(before.value), lead, firstChar(value)) + value.trimStart();
    if (after && trail) value = value.trimEnd() + japaneseGap(lastChar(value), trail, firstChar(after.value));
    token.value = value;
  });
  for (const token of list) if (token.text && token.heading) token.value = phrased(token.value);
}

/** French: the narrow no-break spaces, also before a mark that follows a tag (“<strong>OSM</strong>: …”). */
function french(list: Token[]): void {
  let previous: Token | undefined;
  for (const token of list) {
    if (!token.text || token.value === '') continue;
    let value = frenchSpacing(token.value);
    if (previous && /^[;:?!](?=\s|$)/.test(value) && /[\p{L}\p{N})»’]$/u.test(previous.value)) value = `\u202f${value}`;
    token.value = value;
    previous = token;
  }
}

/** The page typeset by its locale's rules; other locales' pages come back as they are. */
export function typesetHtml(html: string, locale: Locale): string {
  if (locale !== 'fr-FR' && locale !== 'ja-JP') return html;
  const list = tokens(html);
  if (locale === 'fr-FR') french(list);
  if (locale === 'ja-JP') japanese(list);
  return list.map((t) => t.value).join('');
}

/** A plain string typeset as a page would show it (for callers comparing text with a built page). */
export function typesetText(text: string, locale: Locale): string {
  if (locale === 'fr-FR') return frenchSpacing(text);
  if (locale === 'ja-JP') return japaneseSpacing(text);
  return text;
}
