/**
 * Build-time access to the real email templates: every preview on the site is rendered from
 * emails/_catalog in the page's language, so the guide can never show an email that differs
 * from the one sent.
 */

import {
  type RenderedEmail,
  renderEmail,
  templateDescription,
  templateSchema,
  processVariants as variants,
} from '../../../emails/_catalog/index.ts';
import {
  acknowledgementAfter,
  brand,
  factsFor,
  type Locale,
  type OptionId,
  type ScenarioId,
  scenarioIds,
  type TemplateName,
} from './facts.ts';
import { localizedPath } from './i18n.ts';
import { storyFields, storyOf } from './stories.ts';
import { stringsFor } from './strings/index.ts';

export type { RenderedEmail };
/** The emails of the process: an operator's own follow-ups (reminders…) are not the customers' to read. */
export { variants };

const acknowledgementOption = Object.fromEntries(
  Object.entries(acknowledgementAfter).map(([option, kind]) => [kind, option as OptionId]),
) as Record<string, OptionId>;

/** A reader's title for one variant ("For a new online services customer", "After Sign In (…)", ...). */
export function variantTitle(locale: Locale, template: TemplateName, variant: string): string {
  const t = stringsFor(locale).emails;
  const facts = factsFor(locale);
  if (template === 'activation' && (scenarioIds as readonly string[]).includes(variant))
    return t.forScenario(variant as ScenarioId);
  const option = template === 'acknowledgement' ? acknowledgementOption[variant] : undefined;
  if (option)
    return option === 'sign-up' ? t.afterSignUp(facts.optionTitle(option)) : t.afterSignIn(facts.optionTitle(option));
  return t.titles[template];
}

/** "Activation email: for a new online services customer" (or the template's title when it has one variant). */
export function variantHeading(locale: Locale, template: TemplateName, variant: string): string {
  const title = stringsFor(locale).emails.titles[template];
  if (variants.filter((v) => v.template === template).length === 1) return title;
  return `${title}: ${lowerFirst(locale, variantTitle(locale, template, variant))}`;
}

/**
 * After the colon, a variant's title goes on in lower case ("For …" → "for …"): in German too,
 * since each variant title there begins with a preposition ("Für …", "Nach …"), never a noun.
 * Japanese has no case.
 */
const lowerFirst = (locale: Locale, s: string) =>
  locale === 'ja-JP' ? s : s.replace(/^\p{Lu}(?=\p{Ll})/u, (c) => c.toLowerCase());

/** The standalone page of a variant. */
export const variantHref = (locale: Locale, template: TemplateName, variant: string): string =>
  localizedPath(locale, variant === 'default' ? `/emails/${template}/` : `/emails/${template}/${variant}/`);

/** The anchor of a variant on the "Emails you will receive" page. */
export const variantAnchor = (template: TemplateName, variant: string): string =>
  variant === 'default' ? template : `${template}-${variant}`;

export const describeTemplate = templateDescription;

const cache = new Map<string, Promise<RenderedEmail>>();

const isScenario = (id: string): id is ScenarioId => (scenarioIds as readonly string[]).includes(id);

/**
 * The data a sample email in the guide shows: the variant's preview data, told as the story of
 * one customer (`scenario`: every email on a scenario's page is addressed to the same
 * organization), with its links on the deployment's own portal rather than a placeholder host:
 * customers read the process, never our sample configuration.
 */
export function sampleData(template: TemplateName, variant: string, scenario?: ScenarioId): unknown {
  const found = variants.find((v) => v.template === template && v.variant === variant);
  if (!found) throw new Error(`The guide shows no variant ${template}/${variant}`);
  const data: Record<string, unknown> = { ...(found.data as Record<string, unknown>) };
  const story = storyOf(scenario ?? (isScenario(variant) ? variant : undefined));
  for (const field of story ? storyFields[template] : []) {
    const value = story?.[field];
    if (value === undefined) delete data[field];
    else data[field] = value;
  }
  for (const field of Object.keys(data)) if (/Url$/.test(field)) data[field] = brand.supportPortalUrl;
  // Checked as the API would check it, so a sample can never show data an email could not carry.
  return templateSchema(template).parse(data);
}

/** Renders one variant for the guide (see sampleData), once per build, locale and story. */
export function renderVariant(
  template: TemplateName,
  variant: string,
  locale: Locale,
  scenario?: ScenarioId,
): Promise<RenderedEmail> {
  const key = `${locale}/${template}/${variant}/${scenario ?? ''}`;
  let rendered = cache.get(key);
  if (!rendered) {
    rendered = renderEmail(template, sampleData(template, variant, scenario), undefined, locale);
    cache.set(key, rendered);
  }
  return rendered;
}

/**
 * What a preview frame adds to an email: links open in a new tab rather than inside the frame;
 * its buttons are visibly a sample (greyed, not clickable), so that inside the guide they never
 * pass for live calls to action; and a policy that lets the preview load nothing and run
 * nothing (the emails have no scripts, images or fonts; this keeps it so). A policy rather than
 * the sandbox attribute, so that accessibility checkers can still inspect the email in the frame.
 */
export const PREVIEW_HEAD =
  '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'"><base target="_blank">' +
  '<style>a{pointer-events:none;cursor:default}a[style*="background"]{filter:grayscale(1)}</style>';

export const previewSrcdoc = (html: string): string => html.replace(/<head>/i, `<head>${PREVIEW_HEAD}`);
