/**
 * The domain's facts in the guide's language (en-US so far): the same localized facts the emails
 * read (emails/_messages), under the names the pages use. A page imports from here, never a
 * sentence of its own for a fact.
 */
import { type Brand, defaultBrand } from '../../../emails/_components/brand.ts';
import {
  type ActivationOption,
  type OptionId,
  options as optionFacts,
  optionIds,
} from '../../../emails/_domain/activation.ts';
import { type LocalizedScenario, type LocalizedStep, localizedFacts } from '../../../emails/_messages/index.ts';

export {
  acknowledgementAfter,
  CONTACT_CHANGE_FORM_URL,
  type OptionId,
  offeredOptions,
  offersOption,
  optionIds,
  type PathId,
  pathIds,
  type RecipientRole,
  recipientRoles,
  type ScenarioId,
  scenarioIds,
  type TemplateName,
  TRIAL_DAYS,
  templateNames,
} from '../../../emails/_domain/activation.ts';
export { type Brand, defaultBrand };

const en = localizedFacts('en-US');

export const facts = en;
export type Step = LocalizedStep;
export type Scenario = Omit<LocalizedScenario, 'notFor'> & { notFor?: string };

export const scenarios = Object.fromEntries(
  Object.entries(en.scenarios).map(([id, s]) => [id, { ...s, notFor: s.notFor?.who }]),
) as Record<LocalizedScenario['id'], Scenario>;
export const paths = en.paths;
export const options = Object.fromEntries(
  optionIds.map((id) => [id, { ...optionFacts[id], label: en.optionLabel(id) }]),
) as Record<OptionId, ActivationOption & { label: string }>;
export const optionTitle = en.optionTitle;
export const IRREVERSIBLE_WARNING = en.irreversibleWarning;
export const BPOS_S_CONVERSION_COMPLETED = en.bposConversionCompleted;
export const recipientRoleTitles = en.recipientRoleTitles;
/** "US and Canada: call 1-866-676-6546, option 2, 6 am to 6 pm PST, Monday to Friday." */
export const phoneLine = (brand: Brand = defaultBrand): string => en.support(brand).phoneLine;
