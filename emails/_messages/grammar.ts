import type { Locale } from '../_catalog/locales.ts';
import { strayJapaneseSpace } from './typography.ts';

/**
 * Grammar by rule, where a sentence is assembled from parts (a product or organization name, a
 * role, a scenario's noun, a quoted title): the parts must agree with the words around them.
 * Small typed helpers rather than a message-format library: the catalogs are TypeScript
 * functions already, and each rule here has its own test (test/emails/grammar.test.ts).
 */

// ── French: elision and contraction ───────────────────────────────────────────────────────────

export type Gender = 'm' | 'f';

/** A French noun with what its articles need. */
export interface FrenchNoun {
  text: string;
  gender: Gender;
  plural?: boolean;
}

/**
 * Whether a word takes an elided article or preposition (l’, d’, qu’) before it: it starts with
 * a vowel. Names starting with h or y are not elided (h aspiré is the safer reading of a name),
 * nor are digits (“de 30 jours”, “de huit”).
 */
export function elides(word: string): boolean {
  return /^[aeiouàâäéèêëîïôöùûüœæ]/i.test(word.trimStart());
}

/** “de” before a name without article: “d’Office 365”, “d’Adatum”, “de Contoso”. */
export const frenchDe = (name: string): string => `${elides(name) ? 'd’' : 'de '}${name}`;

/**
 * A noun with its definite article after a preposition, contracted and elided as French
 * requires: à + le → au, à + les → aux, de + le → du, de + les → des, le/la → l’ before a vowel.
 */
export function frenchArticle(preposition: '' | 'à' | 'de', noun: FrenchNoun): string {
  const article = noun.plural ? 'les' : elides(noun.text) ? 'l’' : noun.gender === 'm' ? 'le' : 'la';
  const contracted =
    preposition === 'à' && article === 'le'
      ? 'au'
      : preposition === 'à' && article === 'les'
        ? 'aux'
        : preposition === 'de' && article === 'le'
          ? 'du'
          : preposition === 'de' && article === 'les'
            ? 'des'
            : `${preposition ? `${preposition} ` : ''}${article}`;
  return contracted.endsWith('’') ? `${contracted}${noun.text}` : `${contracted} ${noun.text}`;
}

/** Words that lose their vowel before a vowel (de → d’, que → qu’, le/la → l’, …). */
const ELIDED_BEFORE_VOWEL: Record<string, string> = {
  de: 'd’',
  que: 'qu’',
  le: 'l’',
  la: 'l’',
  ne: 'n’',
  se: 's’',
  je: 'j’',
  jusque: 'jusqu’',
  lorsque: 'lorsqu’',
  puisque: 'puisqu’',
};
const ENDS_WITH_ELIDABLE = /(^|[\s(«\u00a0\u202f])(de|que|le|la|ne|se|je|jusque|lorsque|puisque) $/i;

/**
 * The text before a slot, elided to agree with what fills the slot: “commande de ” + “Adatum”
 * → “commande d’”. A catalog's sentence is written for the common case (“de {org}”); the
 * organization's name decides at render time.
 */
export function frenchBeforeSlot(before: string, slotText: string): string {
  const m = before.match(ENDS_WITH_ELIDABLE);
  if (!m || !elides(slotText)) return before;
  const word = m[2] ?? '';
  const elided = ELIDED_BEFORE_VOWEL[word.toLowerCase()] ?? word;
  const cased = word[0] === word[0]?.toUpperCase() ? elided[0]?.toUpperCase() + elided.slice(1) : elided;
  return before.slice(0, before.length - word.length - 1) + cased;
}

// ── Japanese: the space beside a name ─────────────────────────────────────────────────────────

/**
 * The space where a name meets the Japanese around it, kept only where Microsoft's Japanese
 * style wants one (next to Latin text: “Contoso の”) and dropped between two Japanese characters
 * (“株式会社フォースの”). Only the joint is touched, never the spaces inside the name.
 */
export function japaneseBeforeSlot(before: string, slotText: string): string {
  const space = / +$/.exec(before)?.[0];
  return space && strayJapaneseSpace(before.at(-1 - space.length), space, slotText[0])
    ? before.slice(0, -space.length)
    : before;
}

/** The text after a name, its leading space dropped where `japaneseBeforeSlot` would drop it. */
export function japaneseAfterSlot(slotText: string, after: string): string {
  const space = /^ +/.exec(after)?.[0];
  return space && strayJapaneseSpace(slotText.at(-1), space, after[space.length]) ? after.slice(space.length) : after;
}

const japaneseJoint = (left: string, right: string): string =>
  japaneseBeforeSlot(left, right) + japaneseAfterSlot(left, right);

/** A Japanese sentence with names in it, each joint spaced as `japaneseBeforeSlot` says: ja`${org} の ${product}`. */
export function ja(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return values.reduce<string>(
    (text, value, i) => japaneseJoint(japaneseJoint(text, String(value)), strings[i + 1] ?? ''),
    strings[0] ?? '',
  );
}

/** The first of the month as French writes it: “1 décembre 2026” → “1er décembre 2026”. */
export const frenchFirstOfMonth = (date: string): string =>
  date.replace(/(^|\s)1(?=\s\p{L})/u, (_, before: string) => `${before}1er`);

// ── German: case after a preposition ──────────────────────────────────────────────────────────

export type GermanCase = 'nominative' | 'accusative' | 'dative';

/** A German noun phrase in the cases the guide needs (“Neukunde” / “Neukunden” / “Neukunden”). */
export type Declined = Record<GermanCase, string>;

/** The case each preposition the catalogs use governs. */
export const germanPrepositionCase = {
  für: 'accusative',
  ohne: 'accusative',
  durch: 'accusative',
  gegen: 'accusative',
  um: 'accusative',
  mit: 'dative',
  von: 'dative',
  zu: 'dative',
  bei: 'dative',
  nach: 'dative',
  aus: 'dative',
  seit: 'dative',
} as const satisfies Record<string, GermanCase>;
export type GermanPreposition = keyof typeof germanPrepositionCase;

/** A preposition and its noun in the case it governs: (“Für”, Neukunde) → “Für Neukunden”. */
export function germanAfter(preposition: GermanPreposition | Capitalize<GermanPreposition>, noun: Declined): string {
  const governs = germanPrepositionCase[preposition.toLowerCase() as GermanPreposition];
  return `${preposition} ${noun[governs]}`;
}

// ── After a colon ──────────────────────────────────────────────────────────────────────────────

/**
 * A sentence that follows a label and its colon (“This is you if: you have never…”): English,
 * French and Spanish go on in lower case; German keeps its capitals (nouns, the formal “Sie”),
 * Japanese has none. The sentence must not start with a proper name.
 */
export function afterColon(locale: Locale, sentence: string): string {
  if (locale === 'de-DE' || locale === 'ja-JP') return sentence;
  return sentence.replace(/^\p{Lu}(?=\p{Ll})/u, (c) => c.toLocaleLowerCase(locale));
}

// ── Punctuation: a quoted title inside a sentence ─────────────────────────────────────────────

const QUOTES: Record<Locale, [string, string]> = {
  'en-US': ['“', '”'],
  'de-DE': ['„', '“'],
  'fr-FR': ['«\u202f', '\u202f»'],
  'es-ES': ['«', '»'],
  'ja-JP': ['「', '」'],
};

/** A title quoted as the locale quotes: “…”, „…“, « … », «…», 「…」. */
export const quote = (locale: Locale, title: string): string => `${QUOTES[locale][0]}${title}${QUOTES[locale][1]}`;

const TERMINAL = /[.?!…。？！]$/;
const CLOSING = /[”“»」』)'"’\u202f]+$/;

/**
 * A sentence ended with `mark` unless it already ends with terminal punctuation, inside a closing
 * quote or not: “See “Who is the OSM?”” stays as it is rather than gaining a period.
 */
export function endSentence(text: string, mark = '.'): string {
  const bare = text.replace(CLOSING, '');
  return TERMINAL.test(bare) ? text : `${text}${mark}`;
}

/** Sentences one after another: a space between them, except in Japanese, which sets none after 。. */
export const joinSentences = (locale: Locale, ...sentences: string[]): string =>
  sentences.join(locale === 'ja-JP' ? '' : ' ');
