/**
 * The one door through which the guide reads the activation process: the domain module's ids
 * and rules, and its customer-facing sentences in the reader's language — the very localized
 * facts the emails read (emails/_messages), so a page can never say something the email the
 * customer receives does not. Pages and components import from here, never from emails/
 * directly, and never type a fact themselves (test/docs/facts.test.ts). The grammar and
 * typography rules the catalogs follow (emails/_messages/grammar.ts, typography.ts, re-exported
 * by emails/_messages/index.ts) come through here too, so the guide's words follow the same rules as the emails'.
 */

import type { Locale } from '../../../emails/_catalog/index.ts';
import { type LocalizedFacts, localizedFacts } from '../../../emails/_messages/index.ts';

export {
  type Brand,
  defaultBrand as brand,
  defaultLocale,
  isLocale,
  type Locale,
  locales,
} from '../../../emails/_catalog/index.ts';
export { acknowledgementFor } from '../../../emails/_domain/acknowledgement.ts';
export {
  acknowledgementAfter,
  CONTACT_CHANGE_FORM_URL,
  type OptionId,
  offeredOptions,
  optionIds,
  options,
  type PathId,
  pathIds,
  type RecipientRole,
  recipientRoles,
  type ScenarioId,
  type StepId,
  scenarioIds,
  stepIds,
  type TemplateName,
  TRIAL_DAYS,
  templateNames,
} from '../../../emails/_domain/activation.ts';
export { processNames } from '../../../emails/_domain/process-names.ts';
export type {
  LocalizedOffer,
  LocalizedScenario,
  LocalizedStep,
  LocalizedSupport,
} from '../../../emails/_messages/index.ts';
export {
  afterColon,
  type Declined,
  type FrenchNoun,
  frenchArticle,
  frenchDe,
  frenchSpacing,
  germanAfter,
  isCjk,
  japaneseSpacing,
  quote,
  strayJapaneseSpace,
} from '../../../emails/_messages/index.ts';

export type DocsFacts = LocalizedFacts;

/** The process's facts in one locale's words (built once per locale by the emails' catalog). */
export const factsFor = (locale: Locale): DocsFacts => localizedFacts(locale);
