import type { Locale } from '../facts.ts';
import deDE from './de-DE.ts';
import enUS from './en-US.ts';
import esES from './es-ES.ts';
import frFR from './fr-FR.ts';
import jaJP from './ja-JP.ts';
import type { DocsStrings } from './types.ts';

export type { DocsStrings, HelperAnswer, OfferedAnswer } from './types.ts';

const catalogs: Record<Locale, DocsStrings> = {
  'en-US': enUS,
  'de-DE': deDE,
  'fr-FR': frFR,
  'es-ES': esES,
  'ja-JP': jaJP,
};

/** The guide's own words in one locale. */
export const stringsFor = (locale: Locale): DocsStrings => catalogs[locale];
