/**
 * Build-time access to the real email templates: every preview on the site is rendered from
 * emails/_catalog, so the guide can never show an email that differs from the one sent.
 */

import { type RenderedEmail, renderEmail, templateDescription, variants } from '../../../emails/_catalog/index.ts';
import {
  acknowledgementAfter,
  type OptionId,
  optionTitle,
  type ScenarioId,
  scenarios,
  type TemplateName,
} from './facts.ts';
import { scenarioNoun } from './site.ts';

export type { RenderedEmail };
export { variants };

/** How the guide names each email (the catalog names templates for code, not for readers). */
export const templateTitles: Record<TemplateName, string> = {
  activation: 'Activation email',
  acknowledgement: 'Acknowledgement',
  'provisioning-confirmation': 'Provisioning confirmation',
  'trial-ending': 'Trial ending notice',
};

/** When the customer receives each email, in the reader's words. */
export const templateWhen: Record<TemplateName, string> = {
  activation:
    'When Microsoft or your partner enters your Volume Licensing order. It carries the Sign In / Sign Up choice.',
  acknowledgement: `Right after you choose: ${optionTitle('sign-up')} creates your account profile, ${optionTitle('sign-in')} associates your existing account.`,
  'provisioning-confirmation': 'When the services you bought are ready. It lists every subscription.',
  'trial-ending': 'Before the data of a trial is deleted. It explains how to keep it.',
};

const acknowledgementOption = Object.fromEntries(
  Object.entries(acknowledgementAfter).map(([option, kind]) => [kind, option as OptionId]),
) as Record<string, OptionId>;

/** A reader's title for one variant ("For a new online services customer", "After Sign In", ...). */
export function variantTitle(template: TemplateName, variant: string): string {
  if (template === 'activation' && variant in scenarios) return `For ${scenarioNoun[variant as ScenarioId]}`;
  if (template === 'activation' && variant === 'reminder') return 'As a reminder (your provider’s own policy)';
  if (template === 'acknowledgement' && acknowledgementOption[variant]) {
    const option = acknowledgementOption[variant];
    return option === 'sign-up'
      ? `After ${optionTitle(option)} (account profile created)`
      : `After ${optionTitle(option)} (existing account associated)`;
  }
  return templateTitles[template];
}

/** The standalone page of a variant. */
export const variantHref = (template: TemplateName, variant: string): string =>
  variant === 'default' ? `/emails/${template}/` : `/emails/${template}/${variant}/`;

/** The anchor of a variant on the "Emails you will receive" page. */
export const variantAnchor = (template: TemplateName, variant: string): string =>
  variant === 'default' ? template : `${template}-${variant}`;

export const describeTemplate = templateDescription;

const cache = new Map<string, Promise<RenderedEmail>>();

/** Renders one variant with its preview data, once per build. */
export function renderVariant(template: TemplateName, variant: string): Promise<RenderedEmail> {
  const key = `${template}/${variant}`;
  let rendered = cache.get(key);
  if (!rendered) {
    const found = variants.find((v) => v.template === template && v.variant === variant);
    if (!found) throw new Error(`The email catalog has no variant ${key}`);
    rendered = renderEmail(template, found.data);
    cache.set(key, rendered);
  }
  return rendered;
}

/**
 * What a preview frame adds to an email: links open in a new tab rather than inside the frame,
 * and a policy that lets the preview load nothing and run nothing (the emails have no scripts,
 * images or fonts; this keeps it so). A policy rather than the sandbox attribute, so that
 * accessibility checkers can still inspect the email inside the frame.
 */
export const PREVIEW_HEAD =
  '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'"><base target="_blank">';

export const previewSrcdoc = (html: string): string => html.replace(/<head>/i, `<head>${PREVIEW_HEAD}`);
