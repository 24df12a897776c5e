import type { Locale } from '../_catalog/locales.ts';
import deDE from './de-DE.ts';
import enUS from './en-US.ts';
import esES from './es-ES.ts';
import frFR from './fr-FR.ts';
import jaJP from './ja-JP.ts';
import { type Glossary, type Misuse, type Term, type TermId, termIds } from './types.ts';

/**
 * The glossaries, one per locale, and the one check every text goes through: which wordings it
 * uses that its locale's glossary marks wrong. The catalogs (emails/_messages) read their labels
 * from here; tests run `misusedTerms` over the catalogs, the guide's sources and the built pages.
 */

export const glossaries = {
  'en-US': enUS,
  'de-DE': deDE,
  'fr-FR': frFR,
  'es-ES': esES,
  'ja-JP': jaJP,
} satisfies Record<Locale, Glossary>;

export type { Glossary, Misuse, Term, TermId };
export { termIds };

export const glossaryFor = (locale: Locale): Glossary => glossaries[locale];

export interface MisusedTerm {
  term: TermId;
  /** The wrong wording as it stands in the text, with a little of what surrounds it. */
  found: string;
  use: string;
  why: string;
}

/** The wordings of `text` that `locale`'s glossary marks wrong (none: an empty list). */
export function misusedTerms(locale: Locale, text: string): MisusedTerm[] {
  const glossary = glossaries[locale];
  const found: MisusedTerm[] = [];
  for (const term of termIds) {
    for (const misuse of glossary[term].avoid ?? []) {
      const words = new RegExp(
        misuse.words.source,
        misuse.words.flags.includes('g') ? misuse.words.flags : `${misuse.words.flags}g`,
      );
      for (const m of text.matchAll(words)) {
        const at = m.index ?? 0;
        found.push({
          term,
          found: text.slice(Math.max(0, at - 20), at + m[0].length + 20).replace(/\s+/g, ' '),
          use: glossary[term].use,
          why: misuse.why,
        });
      }
    }
  }
  return found;
}
