/**
 * Build-time access to the real email templates: every preview on the site is rendered from
 * emails/_catalog in the page's language, so the guide can never show an email that differs
 * from the one sent.
 */

import { type RenderedEmail, renderEmail, templateDescription, variants } from '../../../emails/_catalog/index.ts';
import {
  acknowledgementAfter,
  factsFor,
  type Locale,
  type OptionId,
  type ScenarioId,
  scenarioIds,
  type TemplateName,
} from './facts.ts';
import { localizedPath } from './i18n.ts';
import { stringsFor } from './strings/index.ts';

export type { RenderedEmail };
export { variants };

const acknowledgementOption = Object.fromEntries(
  Object.entries(acknowledgementAfter).map(([option, kind]) => [kind, option as OptionId]),
) as Record<string, OptionId>;

/** A reader's title for one variant ("For a new online services customer", "After Sign In (…)", ...). */
export function variantTitle(locale: Locale, template: TemplateName, variant: string): string {
  const t = stringsFor(locale).emails;
  const facts = factsFor(locale);
  if (template === 'activation' && variant === 'reminder') return t.reminder;
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
  if (template === 'activation' && variant === 'reminder') return variantTitle(locale, template, variant);
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

/** Renders one variant with its preview data, once per build and locale. */
export function renderVariant(template: TemplateName, variant: string, locale: Locale): Promise<RenderedEmail> {
  const key = `${locale}/${template}/${variant}`;
  let rendered = cache.get(key);
  if (!rendered) {
    const found = variants.find((v) => v.template === template && v.variant === variant);
    if (!found) throw new Error(`The email catalog has no variant ${template}/${variant}`);
    rendered = renderEmail(template, found.data, undefined, locale);
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
