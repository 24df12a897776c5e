import type { z } from '@hono/zod-openapi';
import { type LinkPolicy, type TemplateName, templateSchema } from '../../emails/_catalog/index.ts';

/**
 * Each template's data schema as the OpenAPI document names it (`ActivationData`…), taken from
 * the catalog, never retyped. LINK_HOSTS adds checks that do not show in the document, so the
 * document is the same whatever the configuration.
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
    schema = (templateSchema(name, links) as z.ZodType<Record<string, unknown>>).openapi(`${pascalName(name)}Data`);
    named.set(key, schema);
  }
  return schema;
}
