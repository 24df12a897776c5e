import type { Locale } from '../_catalog/locales.ts';

/**
 * Typography by rule, for text a reader sees: each rule is a fixer (used where text is assembled
 * from sources written with ordinary spaces: the guide's pages) and a check (run over every
 * rendered email and every built page by the tests). Pure functions over plain text.
 *
 * - French: a narrow no-break space (U+202F) before : ; ? ! and inside « », never an ordinary
 *   space (a line may break before the mark) nor none at all.
 * - Japanese: no ASCII space between two Japanese characters (a source line broken inside a
 *   sentence, a space left after a date before its particle), except the one space Microsoft's
 *   style puts between the words of a katakana compound (“ボリューム ライセンス”).
 * - Text versions: a URL followed by text gets a space after it, or mail clients take the text
 *   for part of the link.
 * - Everywhere: no doubled punctuation where a quoted title meets its sentence.
 */

export const NARROW_NBSP = '\u202f';

/** A Japanese (CJK) character: kana, kanji, CJK punctuation and full-width forms, not the ideographic space. */
const CJK = '\\u3001-\\u303f\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff01-\\uffef';
const CJK_CHAR = new RegExp(`[${CJK}]`);
export const isCjk = (char: string | undefined): boolean => char !== undefined && CJK_CHAR.test(char);

// ── French ────────────────────────────────────────────────────────────────────────────────────

/** A mark that takes a narrow no-break space before it, written straight after a word (“Remarque: ”). */
export const FRENCH_MARK_AFTER_WORD = /([\p{L}\p{N})»’])([;:?!])(?=\s|$)/gu;

/**
 * The French spacing rule applied: ordinary or no-break spaces around the marks become narrow
 * ones, and a mark written straight after a word gets one.
 */
export function frenchSpacing(text: string): string {
  return text
    .replace(/[ \u00a0]+([:;?!])/g, `${NARROW_NBSP}$1`)
    .replace(FRENCH_MARK_AFTER_WORD, `$1${NARROW_NBSP}$2`)
    .replace(/«[ \u00a0\u202f]*/g, `«${NARROW_NBSP}`)
    .replace(/[ \u00a0\u202f]*»/g, `${NARROW_NBSP}»`);
}

function frenchProblems(text: string): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(/(\S{0,12})([ \u00a0])([:;?!])/g))
    problems.push(`${m[2] === ' ' ? 'an ordinary' : 'a wide no-break'} space before “${m[3]}”: “${m[0]}”`);
  // A mark straight after a word (and before a space or the end): "Remarque: ", "Pourquoi?".
  for (const m of text.matchAll(/[\p{L}\p{N})»][;?!:](?=\s|$)/gu))
    problems.push(`no space before “${m[0].slice(-1)}”: “${m[0]}”`);
  for (const m of text.matchAll(/«(?!\u202f)./g)) problems.push(`no narrow no-break space after «: “${m[0]}”`);
  for (const m of text.matchAll(/.(?<!\u202f)»/g)) problems.push(`no narrow no-break space before »: “${m[0]}”`);
  // A no-break space beside another space: two spaces where the rule wants one.
  for (const m of text.matchAll(/.[\u00a0\u202f][ \u00a0\u202f].|.[ \u00a0\u202f][\u00a0\u202f]./g))
    problems.push(`two spaces: “${m[0]}”`);
  return problems;
}

// ── Japanese ──────────────────────────────────────────────────────────────────────────────────

/** Katakana (with the prolonged sound mark and the middle dot). */
const KATAKANA = '\\u30a0-\\u30ff';
const SPACE_BETWEEN_CJK = new RegExp(`([${CJK}])[ \\t\\r\\n]+(?=([${CJK}]))`, 'g');
const isKatakana = (char: string | undefined): boolean => char !== undefined && new RegExp(`[${KATAKANA}]`).test(char);

/**
 * Whitespace between two Japanese characters removed: it shows as a stray space (“組織内の どなたか”,
 * “2026年12月15日 に”). Between two katakana words it stays, as one space: Microsoft's Japanese
 * style separates the words of a katakana compound (“ボリューム ライセンス”, “オンライン サービス”).
 */
export const japaneseSpacing = (text: string): string =>
  text.replace(SPACE_BETWEEN_CJK, (_, before: string, after: string) =>
    isKatakana(before) && isKatakana(after) ? `${before} ` : before,
  );

/** Whether whitespace between these two characters is a stray space in Japanese text. */
export const strayJapaneseSpace = (before: string | undefined, space: string, after: string | undefined): boolean =>
  isCjk(before) && isCjk(after) && !(isKatakana(before) && isKatakana(after) && space === ' ');

/** Stray spaces in text as a reader sees it. */
function japaneseProblems(text: string): string[] {
  // Tabs separate table cells in a page's text, line breaks separate blocks: only spaces count.
  return [...text.matchAll(new RegExp(`([${CJK}])( +)([${CJK}])`, 'g'))]
    .filter((m) => strayJapaneseSpace(m[1], m[2] ?? '', m[3]))
    .map((m) => {
      const at = m.index ?? 0;
      return `a space between Japanese characters: “${text.slice(Math.max(0, at - 8), at + m[0].length + 8).replace(/\s+/g, '␣')}”`;
    });
}

// ── URLs in text versions ─────────────────────────────────────────────────────────────────────

const URL_THEN_TEXT = /(https?:\/\/[!-~]+?)(?=[^\s!-~])/g;

/** A space after each URL that text follows directly (“…/contact-support.htmをご確認ください”). */
export const separateUrls = (text: string): string => text.replace(URL_THEN_TEXT, '$1 ');

function urlProblems(text: string): string[] {
  return [...text.matchAll(URL_THEN_TEXT)].map(
    (m) =>
      `text runs into a URL: “${m[1]}${text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 6)}”`,
  );
}

// ── Punctuation ───────────────────────────────────────────────────────────────────────────────

/** Closing quotes and spaces that may sit between a title and the sentence's next mark. */
const CLOSE = '[”“»」』)’"\'\\u202f\\u00a0 ]*';
const DOUBLED = [
  // A question or exclamation mark, perhaps inside quotes, then a full stop: “…OSM?”.
  new RegExp(`[?!？！]${CLOSE}[.。](?!\\.)`, 'g'),
  // Two full stops that are not an ellipsis.
  /(?<![.])\.\.(?![.])/g,
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A title quoted inside a sentence whose punctuation the sentence repeats: a colon after a title
 * that holds one (“Opción 1: Iniciar sesión: …”), a mark after a title that ends with one
 * (“… the OSM?”.).
 */
function titleProblems(text: string, titles: readonly string[]): string[] {
  return titles.flatMap((title) => {
    const holdsColon = /[:：]/.test(title);
    const endsWithMark = /[?!.？！。]$/.test(title);
    if (!holdsColon && !endsWithMark) return [];
    const after = new RegExp(`${escapeRegExp(title)}${CLOSE}([:：;.?!])(?![\\d/])`, 'g');
    return [...text.matchAll(after)]
      .filter((m) => endsWithMark || m[1] === ':' || m[1] === '：')
      .map((m) => `doubled punctuation after the title “${title}”: “${m[0]}”`);
  });
}

function punctuationProblems(text: string, titles: readonly string[]): string[] {
  return [
    ...DOUBLED.flatMap((re) => [...text.matchAll(re)].map((m) => `doubled punctuation: “${m[0]}”`)),
    ...titleProblems(text, titles),
  ];
}

export interface TypographyOptions {
  /** Apply the rule for plain-text emails: a URL never runs into what follows. */
  textVersion?: boolean;
  /** Titles the text quotes inside its sentences (the options' titles): none may double its punctuation. */
  titles?: readonly string[];
}

/** What a reader would see wrong in `text` under `locale`'s rules (none: an empty list). */
export function typographyProblems(locale: Locale, text: string, options: TypographyOptions = {}): string[] {
  return [
    ...(locale === 'fr-FR' ? frenchProblems(text) : []),
    ...(locale === 'ja-JP' ? japaneseProblems(text) : []),
    ...(options.textVersion ? urlProblems(text) : []),
    ...punctuationProblems(text, options.titles ?? []),
  ];
}
