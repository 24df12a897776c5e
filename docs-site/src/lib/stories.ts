/**
 * One customer per scenario: every sample email on a scenario's page tells the same story (the
 * activation email for Fabrikam is followed by Fabrikam's acknowledgement and confirmation, never
 * Contoso's). The organization, the person and the enrollment come from the scenario's own
 * activation email preview (emails/activation.tsx), so they are written once; the Online
 * Services ID and domain the acknowledgement shows are added here.
 */
import { templatePreviews } from '../../../emails/_catalog/index.ts';
import type { ScenarioId, TemplateName } from './facts.ts';

export interface Story {
  organizationName: string;
  recipientName?: string | undefined;
  enrollmentNumber?: string | undefined;
  onlineServicesId: string;
  tenantDomain: string;
}

const accounts: Record<ScenarioId, Pick<Story, 'onlineServicesId' | 'tenantDomain'>> = {
  'new-customer': { onlineServicesId: 'admin@contoso.onmicrosoft.com', tenantDomain: 'contoso.onmicrosoft.com' },
  'trial-customer': { onlineServicesId: 'ravi@fabrikam.onmicrosoft.com', tenantDomain: 'fabrikam.onmicrosoft.com' },
  'bypass-customer': {
    onlineServicesId: 'admin@northwindtraders.onmicrosoft.com',
    tenantDomain: 'northwindtraders.onmicrosoft.com',
  },
};

export function storyOf(scenario: ScenarioId | undefined): Story | undefined {
  if (!scenario) return undefined;
  const preview = templatePreviews('activation')[scenario] as {
    organizationName: string;
    recipientName?: string;
    enrollmentNumber?: string;
  };
  return {
    organizationName: preview.organizationName,
    recipientName: preview.recipientName,
    enrollmentNumber: preview.enrollmentNumber,
    ...accounts[scenario],
  };
}

/** The fields of a story each template's data has. */
export const storyFields: Record<TemplateName, readonly (keyof Story)[]> = {
  activation: ['organizationName', 'recipientName', 'enrollmentNumber'],
  acknowledgement: ['organizationName', 'recipientName', 'onlineServicesId', 'tenantDomain'],
  'provisioning-confirmation': ['organizationName', 'recipientName', 'enrollmentNumber'],
  'trial-ending': ['organizationName', 'recipientName'],
};
