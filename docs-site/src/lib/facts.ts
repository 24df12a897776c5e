/**
 * The one door through which the guide reads the activation process: the domain module's facts
 * in the reader's language, shaped like the emails' `localizedFacts(locale)` (emails/_messages),
 * so a page can never say something the emails do not. Pages and components import from here,
 * never from emails/_domain directly.
 */
import {
  BPOS_S_CONVERSION_COMPLETED,
  CONTACT_CHANGE_FORM_URL,
  defaultBrand,
  IRREVERSIBLE_WARNING,
  type OptionId,
  options,
  optionTitle,
  type PathId,
  paths,
  phoneLine,
  type RecipientRole,
  recipientRoleTitles,
  type ScenarioId,
  scenarioIds,
  scenarios,
  type TemplateName,
  TRIAL_DAYS,
} from '../../../emails/_domain/activation.ts';

export { acknowledgementFor } from '../../../emails/_domain/acknowledgement.ts';
export {
  acknowledgementAfter,
  type OptionId,
  offeredOptions,
  optionIds,
  options,
  type PathId,
  pathIds,
  type RecipientRole,
  recipientRoles,
  type ScenarioId,
  scenarioIds,
  type TemplateName,
  templateNames,
} from '../../../emails/_domain/activation.ts';
export { processNames } from '../../../emails/_domain/process-names.ts';
export { CONTACT_CHANGE_FORM_URL, TRIAL_DAYS };

/** The guide's languages (the emails' locales): en-US at the site's root. */
export const locales = ['en-US', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'en-US';
export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (locales as readonly string[]).includes(value);

export const brand = defaultBrand;

/** The ids of the steps, as the domain module names them. */
export const stepIds = [
  'order-entered',
  'choose-sign-up',
  'create-profile',
  'add-online-services-id',
  'profile-acknowledged',
  'choose-sign-in',
  'sign-in-existing',
  'provisioned',
  'review-subscriptions',
  'review-details',
] as const;
export type StepId = (typeof stepIds)[number];
const stepIdsByPath: Record<PathId, StepId[]> = {
  'sign-up': [
    'order-entered',
    'choose-sign-up',
    'create-profile',
    'add-online-services-id',
    'profile-acknowledged',
    'provisioned',
    'review-subscriptions',
    'review-details',
  ],
  'sign-in': [
    'order-entered',
    'choose-sign-in',
    'sign-in-existing',
    'provisioned',
    'review-subscriptions',
    'review-details',
  ],
};

export interface LocalizedOffer {
  option: OptionId;
  path: PathId;
  title: string;
  label: string;
  outcome: string;
}
export interface LocalizedScenario {
  id: ScenarioId;
  title: string;
  who: string;
  offers: LocalizedOffer[];
  warning: string;
  notFor?: { who: string; sentence: string };
}
export interface LocalizedStep {
  id: StepId;
  title: string;
  detail: string;
  /** The email that arrives at this step; no variant: the scenario's own activation email. */
  email?: { template: TemplateName; variant?: string };
}
export interface LocalizedSupport {
  region: string;
  hours: string;
  days: string;
  phoneLine: string;
}
export interface DocsFacts {
  locale: Locale;
  optionLabel: (id: OptionId) => string;
  optionTitle: (id: OptionId) => string;
  irreversibleWarning: string;
  trialDays: number;
  bposConversionCompleted: string;
  scenarios: Record<ScenarioId, LocalizedScenario>;
  paths: Record<PathId, LocalizedStep[]>;
  recipientRoleTitles: Record<RecipientRole, string>;
  support: () => LocalizedSupport;
  formatList: (items: string[], type?: 'conjunction' | 'disjunction') => string;
}

function build(locale: Locale): DocsFacts {
  return {
    locale,
    optionLabel: (id) => options[id].label,
    optionTitle,
    irreversibleWarning: IRREVERSIBLE_WARNING,
    trialDays: TRIAL_DAYS,
    bposConversionCompleted: BPOS_S_CONVERSION_COMPLETED,
    scenarios: Object.fromEntries(
      scenarioIds.map((id) => {
        const s = scenarios[id];
        const scenario: LocalizedScenario = {
          id,
          title: s.title,
          who: s.who,
          offers: s.offers.map((o) => ({ ...o, title: optionTitle(o.option), label: options[o.option].label })),
          warning: IRREVERSIBLE_WARNING,
          ...(s.notFor ? { notFor: { who: s.notFor, sentence: `This path does not apply to ${s.notFor}.` } } : {}),
        };
        return [id, scenario];
      }),
    ) as Record<ScenarioId, LocalizedScenario>,
    paths: {
      'sign-up': paths['sign-up'].map((step, i) => localStep(step, stepIdsByPath['sign-up'][i])),
      'sign-in': paths['sign-in'].map((step, i) => localStep(step, stepIdsByPath['sign-in'][i])),
    },
    recipientRoleTitles,
    support: () => ({ ...defaultBrand.phone, phoneLine: phoneLine(defaultBrand) }),
    formatList: (items, type = 'conjunction') => new Intl.ListFormat(locale, { type }).format(items),
  };
}

function localStep(step: (typeof paths)[PathId][number], id: StepId | undefined): LocalizedStep {
  if (!id) throw new Error(`No step id for "${step.title}"`);
  const email = step.email ?? (id.startsWith('choose-') ? { template: 'activation' as const } : undefined);
  return { id, title: step.title, detail: step.detail, ...(email ? { email } : {}) };
}

const built = new Map<Locale, DocsFacts>();

/** The process's facts in one locale's words (built once per locale). */
export function factsFor(locale: Locale = defaultLocale): DocsFacts {
  let facts = built.get(locale);
  if (!facts) {
    facts = build(locale);
    built.set(locale, facts);
  }
  return facts;
}
