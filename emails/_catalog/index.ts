import { type ComponentType, createElement } from 'react';
import { renderToString } from 'react-dom/server';
import type { z } from 'zod';
import { breakJapanesePhrases } from '../_components/phrases.ts';
import { PrerenderedParts, prerenderCache, splicePrerendered } from '../_components/prerendered.tsx';
import { type TemplateName, templateNames } from '../_domain/activation.ts';
import { type Brand, defaultBrand } from '../_domain/brand.ts';
import { separateUrls } from '../_messages/typography.ts';
import * as acknowledgement from '../acknowledgement.tsx';
import * as activation from '../activation.tsx';
import * as provisioningConfirmation from '../provisioning-confirmation.tsx';
import * as trialEnding from '../trial-ending.tsx';
import type { LinkPolicy } from './fields.ts';

export { type FieldProblem, fieldErrors } from './field-errors.ts';

import { defaultLocale, isLocale, type Locale, localeSchema, locales } from './locales.ts';
import { toPlainText } from './plain-text.ts';

/**
 * The catalog: template name → schema, subject, component, previews, rendering; the locales;
 * the field kinds templates are built from. Outside emails/, code imports emails/ through this
 * module and the process's rules (`_domain/`) only; the docs site also reads the localized
 * facts (`_messages/index.ts`). Biome's noRestrictedImports keeps that rule (biome.json).
 */

// biome-ignore lint/suspicious/noExplicitAny: each template narrows its own data type
interface TemplateModule<D = any> {
  description: string;
  makeSchema: (links?: LinkPolicy) => z.ZodType<D>;
  schema: z.ZodType<D>;
  subject: (data: D, brand?: Brand, locale?: Locale) => string;
  previews: Record<string, D>;
  /**
   * Previews that show an operator's own follow-up (a reminder, the notice once a trial has
   * ended) rather than a step of the process: designers and tests see them, the customers'
   * guide does not (customers read the process, not our configuration).
   */
  operatorFollowUps?: readonly string[];
  default: ComponentType<D & { brand?: Brand; locale?: Locale }>;
}

const modules: Record<TemplateName, TemplateModule> = {
  activation,
  acknowledgement,
  'provisioning-confirmation': provisioningConfirmation,
  'trial-ending': trialEnding,
};

/** The field kinds templates are built from, for request bodies that carry the same fields. */
export {
  emailAddress,
  httpsUrl,
  isoDate,
  organizationName,
  recipientName,
  services,
  singleLine,
  subscriptions,
  tenantDomain,
} from './fields.ts';
export type { Brand, LinkPolicy };
export { defaultBrand, defaultLocale, isLocale, type Locale, localeSchema, locales, type TemplateName, templateNames };

/** The locales each template is written in: all of them, since every template reads the same catalogs. */
export const templateLocales = (_name: TemplateName): readonly Locale[] => locales;

export const isTemplateName = (name: string): name is TemplateName =>
  (templateNames as readonly string[]).includes(name);

export const templateDescription = (name: TemplateName): string => modules[name].description;

/** The subject of a template's email for valid data, in the default brand and locale (as the API documents it). */
export const templateSubject = (name: TemplateName, data: unknown): string =>
  (modules[name].subject as (data: unknown) => string)(data);

/** The React component of a template (for previews; the server renders through renderEmail). */
export const templateComponent = (name: TemplateName): TemplateModule['default'] => modules[name].default;

/** The preview data of each variant of a template, by variant name. */
export const templatePreviews = (name: TemplateName): Record<string, unknown> => modules[name].previews;

const schemaCache = new Map<string, z.ZodType>();

/** The data schema of a template under a link policy (LINK_HOSTS); built once per policy. */
export function templateSchema(name: TemplateName, links: LinkPolicy = {}): z.ZodType {
  const key = `${name}|${(links.hosts ?? []).join(',')}`;
  let schema = schemaCache.get(key);
  if (!schema) {
    schema = modules[name].makeSchema(links);
    schemaCache.set(key, schema);
  }
  return schema;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The parts of emails rendered once (see prerendered.tsx), per brand. */
const prerenderedParts = prerenderCache();

/** The document type React Email's render() writes before the markup. */
const DOCTYPE =
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

/**
 * Renders data that already passed `templateSchema(name)`.
 * The HTML comes from React's synchronous renderToString rather than React Email's render(),
 * which streams so that components may suspend: these templates never do, and the streaming
 * costs three times the render itself (0.47 ms against 0.14 ms). The output is render()'s
 * without the empty comments React's streaming renderer leaves (`<!--$-->`, `<!--body-->`…);
 * a test holds the two equal.
 * The text version follows React Email's newer converter (links written out, data-skip-in-text
 * honoured), read by plain-text.ts at a seventh of that converter's cost, with a space after a
 * URL that text follows directly (Japanese runs on without one).
 */
export async function renderEmail(
  name: TemplateName,
  data: unknown,
  brand: Brand = defaultBrand,
  locale: Locale = defaultLocale,
): Promise<RenderedEmail> {
  const template = modules[name];
  const parts = prerenderedParts(brand);
  const markup = splicePrerendered(
    renderToString(
      createElement(
        PrerenderedParts,
        { value: parts },
        createElement(template.default, { ...(data as object), brand, locale }),
      ),
    ),
    parts,
  );
  const subject = template.subject(data, brand, locale);
  // A URL that text follows directly gets a space after it, or mail clients link the text too.
  const text = separateUrls(toPlainText(markup));
  // Japanese HTML gets its phrase breaks after the text version is taken, which would turn them into spaces.
  const html = DOCTYPE + (locale === 'ja-JP' ? breakJapanesePhrases(markup) : markup);
  return { subject, html, text };
}

export interface Variant {
  template: TemplateName;
  /** The scenario, kind or "default" for single-variant templates. */
  variant: string;
  data: unknown;
  /** An operator's own follow-up, not a step of the process (see TemplateModule). */
  operatorFollowUp: boolean;
}

/** Every variant of every template with its preview data: what designers and tests see. */
export const variants: Variant[] = templateNames.flatMap((template) =>
  Object.entries(modules[template].previews).map(([variant, data]) => ({
    template,
    variant,
    data,
    operatorFollowUp: modules[template].operatorFollowUps?.includes(variant) ?? false,
  })),
);

/** The variants the customers' guide shows: the emails of the process, without an operator's own follow-ups. */
export const processVariants: Variant[] = variants.filter((v) => !v.operatorFollowUp);
