/**
 * The activation process of ../shared/DOMAIN.md, written once as code.
 * Templates, the server and the docs site import these facts; none of them retypes one.
 */

export const scenarioIds = ['new-customer', 'trial-customer', 'bypass-customer'] as const;
export type ScenarioId = (typeof scenarioIds)[number];

export const optionIds = ['sign-in', 'sign-up'] as const;
export type OptionId = (typeof optionIds)[number];

export interface ActivationOption {
  id: OptionId;
  number: 1 | 2;
  label: 'Sign In' | 'Sign Up';
  /** The data field of the activation email that carries this option's link. */
  urlField: 'signInUrl' | 'signUpUrl';
}

export const options: Record<OptionId, ActivationOption> = {
  'sign-in': { id: 'sign-in', number: 1, label: 'Sign In', urlField: 'signInUrl' },
  'sign-up': { id: 'sign-up', number: 2, label: 'Sign Up', urlField: 'signUpUrl' },
};

export const optionTitle = (id: OptionId): string => `Option ${options[id].number} – ${options[id].label}`;

export const TRIAL_DAYS = 30;
export const BPOS_S_CONVERSION_COMPLETED = 'July 2011';

export const IRREVERSIBLE_WARNING =
  'This is a one-time, irreversible choice: once you select an option, you cannot change it. Read what each option keeps or starts before you select one.';

export interface ScenarioOffer {
  option: OptionId;
  /** One sentence: what choosing this option keeps or starts. */
  outcome: string;
  /** Which path of steps follows the choice. */
  path: PathId;
}

export interface Scenario {
  id: ScenarioId;
  title: string;
  /** Who is in this scenario, in one sentence. */
  who: string;
  /** Options in the order the email shows them (Option 1 before Option 2). */
  offers: ScenarioOffer[];
  /** Who this scenario does not apply to, if anyone. */
  notFor?: string;
}

export const pathIds = ['sign-up', 'sign-in'] as const;
export type PathId = (typeof pathIds)[number];

export const scenarios: Record<ScenarioId, Scenario> = {
  'new-customer': {
    id: 'new-customer',
    title: 'New online services customer',
    who: `You have never had an Office 365 trial and have never bought online services from Microsoft.`,
    offers: [
      {
        option: 'sign-up',
        outcome: 'Creates a new account profile and a new Microsoft Online Services ID for your organization.',
        path: 'sign-up',
      },
    ],
  },
  'trial-customer': {
    id: 'trial-customer',
    title: 'Office 365 for Enterprises trial customer',
    who: `You are using a ${TRIAL_DAYS}-day Office 365 for Enterprises trial (no fee) and are moving to a paid subscription.`,
    offers: [
      {
        option: 'sign-in',
        outcome:
          'Keeps your trial data, settings and existing onmicrosoft.com domain: the trial becomes your paid subscription.',
        path: 'sign-in',
      },
      {
        option: 'sign-up',
        outcome: 'Starts a wholly new subscription: your trial data and settings are not carried over.',
        path: 'sign-up',
      },
    ],
  },
  'bypass-customer': {
    id: 'bypass-customer',
    title: 'BPOS-S bypass customer',
    who: 'You bought BPOS-S through Volume Licensing but never activated it; those inactive services were moved ("bypassed") to Office 365 for Enterprises.',
    offers: [
      {
        option: 'sign-in',
        outcome:
          'Signs in with your existing account and associates its information with your Volume Licensing agreement.',
        path: 'sign-in',
      },
      {
        option: 'sign-up',
        outcome:
          'Creates a new account profile, just as a new customer does, linked to your Volume Licensing agreement.',
        path: 'sign-up',
      },
    ],
    notFor: 'BPOS-S trial customers',
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

export interface Step {
  title: string;
  detail: string;
  /** The email the customer receives at this step, if the step is an email. */
  email?: { template: TemplateName; variant: string };
}

const orderEntered: Step = {
  title: 'The order is entered',
  detail: 'Microsoft or your channel partner enters your Volume Licensing order.',
};

const provisioned: Step = {
  title: 'Your services are provisioned',
  detail: 'A provisioning confirmation lists every subscription you bought, for example SharePoint Online (Plan 2).',
  email: { template: 'provisioning-confirmation', variant: 'default' },
};

const reviewSubscriptions: Step = {
  title: 'Review the created subscriptions',
  detail: 'Open the billing and subscription management page to check what was created.',
};

const reviewDetails: Step = {
  title: 'Review the subscription details',
  detail: 'Open the volume license subscription details page for each subscription.',
};

/** The numbered steps that follow each choice. */
export const paths: Record<PathId, Step[]> = {
  'sign-up': [
    orderEntered,
    {
      title: 'Choose Sign Up in the activation email',
      detail: `The activation email arrives; select ${optionTitle('sign-up')}.`,
    },
    {
      title: 'Create and activate an account profile',
      detail: 'Fill in your organization’s account profile and activate it.',
    },
    {
      title: 'Add a Microsoft Online Services ID',
      detail: 'Create the Online Services ID (the sign-in name) your administrators will use.',
    },
    {
      title: 'Your profile is acknowledged',
      detail: 'An acknowledgement confirms the account profile was created.',
      email: { template: 'acknowledgement', variant: 'profile-created' },
    },
    provisioned,
    reviewSubscriptions,
    reviewDetails,
  ],
  'sign-in': [
    orderEntered,
    {
      title: 'Choose Sign In in the activation email',
      detail: `The activation email arrives; select ${optionTitle('sign-in')}.`,
    },
    {
      title: 'Sign in with your existing account',
      detail:
        'Sign in with your existing Online Services ID and password and confirm your subscription information. An acknowledgement says your existing tenant is being associated with your Volume Licensing information.',
      email: { template: 'acknowledgement', variant: 'tenant-associated' },
    },
    provisioned,
    reviewSubscriptions,
    reviewDetails,
  ],
};

// Recipient resolution: who receives the activation email.

export const recipientRoles = ['online-services-manager', 'vlsc-administrator', 'notices-contact'] as const;
export type RecipientRole = (typeof recipientRoles)[number];

export const recipientRoleTitles: Record<RecipientRole, string> = {
  'online-services-manager': 'Online Services Manager (OSM)',
  'vlsc-administrator': 'VLSC Online Administrator',
  'notices-contact': 'Notices Contact & Online Administrator',
};

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

// The deployment's brand and support line: the seed's values by default, overridable by configuration.

export interface Brand {
  /** Who signs the emails. */
  name: string;
  /** The product being activated. */
  product: string;
  supportPortalUrl: string;
  internationalSupportUrl: string;
  phone: {
    number: string;
    option: string;
    region: string;
    hours: string;
    days: string;
  };
}

export const defaultBrand: Brand = {
  name: 'Microsoft Online Services',
  product: 'Office 365 for Enterprises',
  supportPortalUrl: 'https://portal.microsoftonline.com',
  internationalSupportUrl: 'https://www.microsoft.com/online/help/en-us/helphowto/contact-support.htm',
  phone: {
    number: '1-866-676-6546',
    option: '2',
    region: 'US and Canada',
    hours: '6 am to 6 pm PST',
    days: 'Monday to Friday',
  },
};

/** One line a customer can act on: "US and Canada: call 1-866-676-6546, option 2, 6 am to 6 pm PST, Monday to Friday." */
export const phoneLine = (brand: Brand = defaultBrand): string =>
  `${brand.phone.region}: call ${brand.phone.number}, option ${brand.phone.option}, ${brand.phone.hours}, ${brand.phone.days}.`;
