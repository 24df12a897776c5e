import { render, unstableToPlainText } from '@react-email/render';
import { type ComponentType, createElement } from 'react';
import type { z } from 'zod';
import { type Brand, defaultBrand, type TemplateName, templateNames } from '../_domain/activation.ts';
import * as acknowledgement from '../acknowledgement.tsx';
import * as activation from '../activation.tsx';
import * as provisioningConfirmation from '../provisioning-confirmation.tsx';
import * as trialEnding from '../trial-ending.tsx';
import type { LinkPolicy } from './fields.ts';

/**
 * The catalog: template name → schema, subject, component, previews.
 * The only module of emails/ that the server and the docs site import.
 */

// biome-ignore lint/suspicious/noExplicitAny: each template narrows its own data type
interface TemplateModule<D = any> {
  description: string;
  makeSchema: (links?: LinkPolicy) => z.ZodType<D>;
  schema: z.ZodType<D>;
  subject: (data: D, brand?: Brand) => string;
  previews: Record<string, D>;
  default: ComponentType<D & { brand?: Brand }>;
}

const modules: Record<TemplateName, TemplateModule> = {
  activation,
  acknowledgement,
  'provisioning-confirmation': provisioningConfirmation,
  'trial-ending': trialEnding,
};

export type { LinkPolicy };
export { type TemplateName, templateNames };

export const isTemplateName = (name: string): name is TemplateName =>
  (templateNames as readonly string[]).includes(name);

export const templateDescription = (name: TemplateName): string => modules[name].description;

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

/**
 * Renders data that already passed `templateSchema(name)`.
 * The text version uses React Email's newer converter: same output for these templates
 * (links written out, data-skip-in-text honoured) at a quarter of html-to-text's cost.
 */
export async function renderEmail(
  name: TemplateName,
  data: unknown,
  brand: Brand = defaultBrand,
): Promise<RenderedEmail> {
  const template = modules[name];
  const html = await render(createElement(template.default, { ...(data as object), brand }));
  return { subject: template.subject(data, brand), html, text: unstableToPlainText(html) };
}

export interface Variant {
  template: TemplateName;
  /** The scenario, kind or "default" for single-variant templates. */
  variant: string;
  data: unknown;
}

/** Every variant of every template with its preview data: what designers, tests and the docs site show. */
export const variants: Variant[] = templateNames.flatMap((template) =>
  Object.entries(modules[template].previews).map(([variant, data]) => ({ template, variant, data })),
);
