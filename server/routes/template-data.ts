import type { z } from '@hono/zod-openapi';
import { type TemplateName, templateSchema } from '../../emails/_catalog/index.ts';

/**
 * Each template's data schema as the OpenAPI document names it (`ActivationData`…), taken from
 * the catalog, never retyped. The document is the same whatever the configuration, so these are
 * the schemas without LINK_HOSTS; the server still applies LINK_HOSTS when it validates.
 */

/** `provisioning-confirmation` → `ProvisioningConfirmation`. */
export const pascalName = (name: TemplateName) =>
  name.replace(/(^|-)([a-z])/g, (_m, _dash, letter: string) => letter.toUpperCase());

const documented = new Map<TemplateName, z.ZodType>();

export function documentedDataSchema(name: TemplateName): z.ZodType {
  let schema = documented.get(name);
  if (!schema) {
    schema = (templateSchema(name) as z.ZodType).openapi(`${pascalName(name)}Data`);
    documented.set(name, schema);
  }
  return schema;
}
