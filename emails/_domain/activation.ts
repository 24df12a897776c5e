/**
 * The activation process of ../shared/DOMAIN.md, written once as code: ids, rules and numbers,
 * no wording. The words for each id, in every locale, live in emails/_messages/<locale>.ts and
 * are read through `localizedFacts(locale)` (emails/_messages/index.ts) by the templates and the
 * docs site alike; the deployment's brand lives beside the layout (emails/_domain/brand.ts).
 */

export const scenarioIds = ['new-customer', 'trial-customer', 'bypass-customer'] as const;
export type ScenarioId = (typeof scenarioIds)[number];

export const optionIds = ['sign-in', 'sign-up'] as const;
export type OptionId = (typeof optionIds)[number];

export interface ActivationOption {
  id: OptionId;
  /** The number the activation email gives the option: Option 1 – Sign In, Option 2 – Sign Up. */
  number: 1 | 2;
  /** The data field of the activation email that carries this option's link. */
  urlField: 'signInUrl' | 'signUpUrl';
}

export const options: Record<OptionId, ActivationOption> = {
  'sign-in': { id: 'sign-in', number: 1, urlField: 'signInUrl' },
  'sign-up': { id: 'sign-up', number: 2, urlField: 'signUpUrl' },
};

export const TRIAL_DAYS = 30;
/** The month the conversion of inactive BPOS-S subscriptions to Office 365 was completed (ISO year-month). */
export const BPOS_S_CONVERSION_COMPLETED = '2011-07';

export const pathIds = ['sign-up', 'sign-in'] as const;
export type PathId = (typeof pathIds)[number];

/** Who a scenario does not apply to; each has its own sentence in the messages. */
export const exclusionIds = ['bpos-s-trial-customers'] as const;
export type ExclusionId = (typeof exclusionIds)[number];

export interface ScenarioOffer {
  option: OptionId;
  /** Which path of steps follows the choice. */
  path: PathId;
}

export interface Scenario {
  id: ScenarioId;
  /** Options in the order the email shows them (Option 1 before Option 2). */
  offers: ScenarioOffer[];
  /** Who this scenario does not apply to, if anyone. */
  notFor?: ExclusionId;
}

export const scenarios: Record<ScenarioId, Scenario> = {
  'new-customer': { id: 'new-customer', offers: [{ option: 'sign-up', path: 'sign-up' }] },
  'trial-customer': {
    id: 'trial-customer',
    offers: [
      { option: 'sign-in', path: 'sign-in' },
      { option: 'sign-up', path: 'sign-up' },
    ],
  },
  'bypass-customer': {
    id: 'bypass-customer',
    offers: [
      { option: 'sign-in', path: 'sign-in' },
      { option: 'sign-up', path: 'sign-up' },
    ],
    notFor: 'bpos-s-trial-customers',
  },
};

export const offersOption = (scenario: ScenarioId, option: OptionId): boolean =>
  scenarios[scenario].offers.some((offer) => offer.option === option);

export const offeredOptions = (scenario: ScenarioId): OptionId[] =>
  scenarios[scenario].offers.map((offer) => offer.option);

/** The emails of the activation process, by template name. */
export const templateNames = ['activation', 'acknowledgement', 'provisioning-confirmation', 'trial-ending'] as const;
export type TemplateName = (typeof templateNames)[number];

export const acknowledgementKinds = ['profile-created', 'tenant-associated'] as const;
export type AcknowledgementKind = (typeof acknowledgementKinds)[number];

/** The acknowledgement that follows each option. */
export const acknowledgementAfter: Record<OptionId, AcknowledgementKind> = {
  'sign-up': 'profile-created',
  'sign-in': 'tenant-associated',
};

export const stepIds = [
  'order-entered',
  'choose-sign-up',
  'create-profile',
  'add-online-services-id',
  'profile-acknowledged',
  'choose-sign-in',
  'sign-in-existing',
  'provisioned',
  'review-subscriptions',
  'review-details',
] as const;
export type StepId = (typeof stepIds)[number];

export interface Step {
  id: StepId;
  /**
   * The email the customer receives at this step, if the step is an email; no variant: the
   * scenario's own (the activation email of the scenario being followed).
   */
  email?: { template: TemplateName; variant?: string };
}

/** The numbered steps that follow each choice. */
export const paths: Record<PathId, Step[]> = {
  'sign-up': [
    { id: 'order-entered' },
    { id: 'choose-sign-up', email: { template: 'activation' } },
    { id: 'create-profile' },
    { id: 'add-online-services-id' },
    { id: 'profile-acknowledged', email: { template: 'acknowledgement', variant: 'profile-created' } },
    { id: 'provisioned', email: { template: 'provisioning-confirmation', variant: 'default' } },
    { id: 'review-subscriptions' },
    { id: 'review-details' },
  ],
  'sign-in': [
    { id: 'order-entered' },
    { id: 'choose-sign-in', email: { template: 'activation' } },
    { id: 'sign-in-existing', email: { template: 'acknowledgement', variant: 'tenant-associated' } },
    { id: 'provisioned', email: { template: 'provisioning-confirmation', variant: 'default' } },
    { id: 'review-subscriptions' },
    { id: 'review-details' },
  ],
};

// Recipient resolution: who receives the activation email.

export const recipientRoles = ['online-services-manager', 'vlsc-administrator', 'notices-contact'] as const;
export type RecipientRole = (typeof recipientRoles)[number];

export interface Contact {
  name?: string | undefined;
  email: string;
}

export interface Enrollment {
  onlineServicesManager?: Contact | undefined;
  vlscAdministrator?: Contact | undefined;
  noticesContact?: Contact | undefined;
}

const enrollmentField: Record<RecipientRole, keyof Enrollment> = {
  'online-services-manager': 'onlineServicesManager',
  'vlsc-administrator': 'vlscAdministrator',
  'notices-contact': 'noticesContact',
};

/** The OSM named on the enrollment; else the VLSC Online Administrator; else the Notices Contact. */
export function resolveRecipient(enrollment: Enrollment): { role: RecipientRole; contact: Contact } | undefined {
  for (const role of recipientRoles) {
    const contact = enrollment[enrollmentField[role]];
    if (contact?.email) return { role, contact };
  }
  return undefined;
}

export const CONTACT_CHANGE_FORM_URL = 'https://www.explore.ms/publichome.aspx';
