import type { AcknowledgementKind, OptionId, ScenarioId } from './activation.ts';

/**
 * Which acknowledgement follows a choice, by scenario (../shared/DOMAIN.md, "The steps of each
 * scenario"): Sign Up creates a profile and Sign In associates an existing tenant, except for a
 * BPOS-S bypass customer, whose acknowledgement says the existing account information is being
 * associated with the Volume Licensing information whichever option they choose.
 */
export function acknowledgementFor(scenario: ScenarioId, option: OptionId): AcknowledgementKind {
  if (scenario === 'bypass-customer') return 'tenant-associated';
  return option === 'sign-up' ? 'profile-created' : 'tenant-associated';
}
