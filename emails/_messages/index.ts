import { defaultLocale, type Locale, languageOf, locales } from '../_catalog/locales.ts';
import {
  BPOS_S_CONVERSION_COMPLETED,
  type ExclusionId,
  type OptionId,
  options,
  type PathId,
  pathIds,
  paths,
  type RecipientRole,
  recipientRoles,
  type ScenarioId,
  type Step,
  type StepId,
  scenarioIds,
  scenarios,
  TRIAL_DAYS,
} from '../_domain/activation.ts';
import { type Brand, defaultBrand, internationalSupportUrlFor } from '../_domain/brand.ts';
import deDE from './de-DE.ts';
import enUS from './en-US.ts';
import esES from './es-ES.ts';
import frFR from './fr-FR.ts';
import { frenchBeforeSlot, frenchFirstOfMonth, japaneseAfterSlot, japaneseBeforeSlot } from './grammar.ts';
import jaJP from './ja-JP.ts';
import type { Messages, Slot } from './types.ts';

/**
 * The domain's facts in one locale's words: what the emails and the guide both read, so a
 * sentence is written once per language. `localizedFacts(locale)` is built once per locale and
 * cached; `Intl` formats its dates, numbers, lists and plurals.
 */

const catalogs = {
  'en-US': enUS,
  'de-DE': deDE,
  'fr-FR': frFR,
  'es-ES': esES,
  'ja-JP': jaJP,
} satisfies Record<Locale, Messages>;

export type { Messages, Slot };

export interface LocalizedOffer {
  option: OptionId;
  path: PathId;
  /** "Option 1 – Sign In". */
  title: string;
  /** "Sign In". */
  label: string;
  /** What choosing it keeps or starts, in one sentence. */
  outcome: string;
  /** The button's words: what it does. */
  cta: string;
}

export interface LocalizedScenario {
  id: ScenarioId;
  title: string;
  who: string;
  offers: LocalizedOffer[];
  /** The irreversibility warning as this scenario needs it (one option or several). */
  warning: string;
  notFor?: { id: ExclusionId; who: string; sentence: string; advice: string };
}

export interface LocalizedStep extends Step {
  title: string;
  detail: string;
}

export interface LocalizedSupport {
  heading: string;
  /** The phone line's words: the seed's defaults translated, an operator's own values as written. */
  region: string;
  hours: string;
  days: string;
  /** The whole phone line in one plain sentence. */
  phoneLine: string;
  /** Sentences with a slot (`{portal}`, `{number}`, `{contacts}`) the caller fills with a link or emphasis. */
  portal: Slot<'portal'>;
  portalLink: string;
  phone: Slot<'number'>;
  international: Slot<'contacts'>;
  internationalLink: string;
  /** Local hours and contacts, in this locale's language where the page exists in it. */
  internationalUrl: string;
  /** The order to show them in: outside en-US, the international contacts lead. */
  order: readonly ('portal' | 'phone' | 'international')[];
  forgotCredentials: string;
}

export interface LocalizedFacts {
  locale: Locale;
  /** The `lang` attribute: the locale tag itself (BCP 47). */
  lang: Locale;
  messages: Messages;
  optionLabel: (id: OptionId) => string;
  optionTitle: (id: OptionId) => string;
  /** The warning said before the options wherever a choice between them is offered. */
  irreversibleWarning: string;
  trialDays: number;
  /** The month the BPOS-S conversion was completed, in this locale ("July 2011", "2011年7月"). */
  bposConversionCompleted: string;
  scenarios: Record<ScenarioId, LocalizedScenario>;
  paths: Record<PathId, LocalizedStep[]>;
  recipientRoleTitles: Record<RecipientRole, string>;
  support: (brand?: Brand) => LocalizedSupport;
  /** "2026-12-01" → "December 1, 2026" / "1. Dezember 2026" / "2026年12月1日", the date as written (UTC). */
  formatDate: (isoDate: string) => string;
  formatNumber: (n: number) => string;
  /** "A, B or C" in this locale. */
  formatList: (items: string[], type?: 'conjunction' | 'disjunction') => string;
  /** Intl.PluralRules category of a count. */
  plural: (n: number) => Intl.LDMLPluralRule;
  /** The words before a slot made to agree with what fills it (French elision: “de ” + “Adatum” → “d’”). */
  beforeSlot: (before: string, slotText: string) => string;
  /** The words after a slot made to agree with it (Japanese: “株式会社フォースの”, no space). */
  afterSlot: (slotText: string, after: string) => string;
}

/** What Intl's long dates lack in a locale: French writes the first of the month as an ordinal (“1er décembre”). */
const dateGrammar: Record<Locale, (date: string) => string> = {
  'en-US': (date) => date,
  'de-DE': (date) => date,
  'fr-FR': frenchFirstOfMonth,
  'es-ES': (date) => date,
  'ja-JP': (date) => date,
};

/** Each locale's rule for the words before a slot (emails/_messages/grammar.ts); most need none. */
const slotGrammar: Record<Locale, LocalizedFacts['beforeSlot']> = {
  'en-US': (before) => before,
  'de-DE': (before) => before,
  'fr-FR': frenchBeforeSlot,
  'es-ES': (before) => before,
  'ja-JP': japaneseBeforeSlot,
};

const afterSlotGrammar: Record<Locale, LocalizedFacts['afterSlot']> = {
  'en-US': (_, after) => after,
  'de-DE': (_, after) => after,
  'fr-FR': (_, after) => after,
  'es-ES': (_, after) => after,
  'ja-JP': japaneseAfterSlot,
};

function build(locale: Locale): LocalizedFacts {
  const m: Messages = catalogs[locale];
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const numbers = new Intl.NumberFormat(locale);
  const plurals = new Intl.PluralRules(locale);
  const optionLabel = (id: OptionId) => m.optionLabels[id];
  const optionTitle = (id: OptionId) => m.optionTitle(options[id].number, optionLabel(id));
  const offerWords = (scenario: ScenarioId, option: OptionId) =>
    (m.offers[scenario] as Partial<Record<OptionId, { outcome: string; cta: string }>>)[option];

  const localizedScenarios = Object.fromEntries(
    scenarioIds.map((id) => {
      const s = scenarios[id];
      const offers = s.offers.map((offer): LocalizedOffer => {
        const words = offerWords(id, offer.option);
        if (!words) throw new Error(`${locale}: no words for ${id} / ${offer.option}`);
        return { ...offer, title: optionTitle(offer.option), label: optionLabel(offer.option), ...words };
      });
      const scenario: LocalizedScenario = {
        id,
        title: m.scenarios[id].title,
        who: m.scenarios[id].who({ trialDays: TRIAL_DAYS }),
        offers,
        warning: offers.length > 1 ? m.irreversibleWarning.several : m.irreversibleWarning.single,
        ...(s.notFor ? { notFor: { id: s.notFor, ...m.exclusions[s.notFor] } } : {}),
      };
      return [id, scenario];
    }),
  ) as Record<ScenarioId, LocalizedScenario>;

  const stepWords = (id: StepId) => m.steps[id];
  const localizedPaths = Object.fromEntries(
    pathIds.map((path) => [
      path,
      paths[path].map(
        (step): LocalizedStep => ({
          ...step,
          title: stepWords(step.id).title,
          detail: stepWords(step.id).detail({ option: optionTitle }),
        }),
      ),
    ]),
  ) as Record<PathId, LocalizedStep[]>;

  const supportCache = new WeakMap<Brand, LocalizedSupport>();
  const support = (brand: Brand = defaultBrand): LocalizedSupport => {
    let s = supportCache.get(brand);
    if (s) return s;
    const seed = defaultBrand.phone;
    const words = m.support.defaultPhone;
    const region = brand.phone.region === seed.region ? words.region : brand.phone.region;
    const hours = brand.phone.hours === seed.hours ? words.hours : brand.phone.hours;
    const days = brand.phone.days === seed.days ? words.days : brand.phone.days;
    const { number, option } = brand.phone;
    s = {
      heading: m.support.heading,
      region,
      hours,
      days,
      phoneLine: m.support.phoneLine({ region, number, option, hours, days }),
      portal: m.support.portal,
      portalLink: m.support.portalLink,
      phone: m.support.phone({ region, option, hours, days }),
      international: m.support.international({ region }),
      internationalLink: m.support.internationalLink,
      internationalUrl: internationalSupportUrlFor(brand, locale),
      order: locale === 'en-US' ? ['portal', 'phone', 'international'] : ['international', 'portal', 'phone'],
      forgotCredentials: m.support.forgotCredentials,
    };
    supportCache.set(brand, s);
    return s;
  };

  return {
    locale,
    lang: locale,
    messages: m,
    optionLabel,
    optionTitle,
    irreversibleWarning: m.irreversibleWarning.several,
    trialDays: TRIAL_DAYS,
    bposConversionCompleted: new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'long',
      timeZone: 'UTC',
    }).format(new Date(`${BPOS_S_CONVERSION_COMPLETED}-01T00:00:00Z`)),
    scenarios: localizedScenarios,
    paths: localizedPaths,
    recipientRoleTitles: Object.fromEntries(recipientRoles.map((r) => [r, m.recipientRoles[r]])) as Record<
      RecipientRole,
      string
    >,
    support,
    formatDate: (isoDate) => dateGrammar[locale](dates.format(new Date(`${isoDate}T00:00:00Z`))),
    formatNumber: (n) => numbers.format(n),
    formatList: (items, type = 'conjunction') => new Intl.ListFormat(locale, { type }).format(items),
    plural: (n) => plurals.select(n),
    beforeSlot: slotGrammar[locale],
    afterSlot: afterSlotGrammar[locale],
  };
}

const built = new Map<Locale, LocalizedFacts>();

/** Every customer-facing sentence of the activation process in one locale (default en-US). */
export function localizedFacts(locale: Locale = defaultLocale): LocalizedFacts {
  let facts = built.get(locale);
  if (!facts) {
    facts = build(locale);
    built.set(locale, facts);
  }
  return facts;
}

// The rules the catalogs' words follow, for whoever composes or checks text beside them (the
// guide, the tests): one door, so nothing outside emails/ reaches past this module.
export { glossaryFor, type MisusedTerm, misusedTerms, type TermId, termIds } from '../_glossary/index.ts';
export {
  afterColon,
  type Declined,
  elides,
  endSentence,
  type FrenchNoun,
  frenchArticle,
  frenchDe,
  germanAfter,
  quote,
} from './grammar.ts';
export {
  frenchSpacing,
  isCjk,
  japaneseSpacing,
  NARROW_NBSP,
  separateUrls,
  strayJapaneseSpace,
  type TypographyOptions,
  typographyProblems,
} from './typography.ts';
export { defaultLocale, type Locale, languageOf, locales };
