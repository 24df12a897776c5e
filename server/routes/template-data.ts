import type { z } from '@hono/zod-openapi';
import {
  type LinkPolicy,
  type TemplateName,
  templateDescription,
  templateSchema,
  variants,
} from '../../emails/_catalog/index.ts';

/**
 * Each template's data schema as the OpenAPI document names it (`ActivationData`…), taken from
 * the catalog, never retyped. LINK_HOSTS adds checks that do not show in the document, so the
 * document is the same whatever the configuration. Examples are the templates' own previews,
 * which the email suites render in every locale, so an example is always data a template takes.
 */

/** `provisioning-confirmation` → `ProvisioningConfirmation`. */
export const pascalName = (name: TemplateName) =>
  name.replace(/(^|-)([a-z])/g, (_m, _dash, letter: string) => letter.toUpperCase());

const named = new Map<string, z.ZodType<Record<string, unknown>>>();

/** One instance per template and policy, so the document refers to one `…Data` component. */
export function dataSchema(name: TemplateName, links: LinkPolicy = {}): z.ZodType<Record<string, unknown>> {
  const key = `${name}|${(links.hosts ?? []).join(',')}`;
  let schema = named.get(key);
  if (!schema) {
    schema = (templateSchema(name, links) as z.ZodType<Record<string, unknown>>).openapi(`${pascalName(name)}Data`, {
      description: `The data of the ${name} template. ${templateDescription(name)}`,
    });
    named.set(key, schema);
  }
  return schema;
}

/** The template's first preview: data it takes, as an example. */
export function exampleData(name: TemplateName): Record<string, unknown> {
  const variant = variants.find((v) => v.template === name);
  if (!variant) throw new Error(`The ${name} template has no preview`);
  return variant.data as Record<string, unknown>;
}

/** A send of the template as an example: its preview's data, to one address. */
export const sendExample = (name: TemplateName) => ({ template: name, data: exampleData(name), to: 'osm@contoso.com' });
