import g from '../_glossary/en-US.ts';
import type { Messages } from './types.ts';

/** American English: the seed's own terms (its glossary: emails/_glossary/en-US.ts). */
const messages: Messages = {
  optionLabels: { 'sign-in': g.signIn.use, 'sign-up': g.signUp.use },
  optionTitle: (number, label) => `Option ${number} – ${label}`,
  irreversibleWarning: {
    several:
      'This is a one-time, irreversible choice: once you select an option, you cannot change it. Read what each option keeps or starts before you select one.',
    single:
      'This is a one-time, irreversible action: once you select this option, you cannot undo it. Read what it starts before you select it.',
  },
  scenarios: {
    'new-customer': {
      title: 'New online services customer',
      who: () => 'You have never had an Office 365 trial and have never bought online services from Microsoft.',
    },
    'trial-customer': {
      title: 'Office 365 for Enterprises trial customer',
      who: ({ trialDays }) =>
        `You are using a ${trialDays}-day Office 365 for Enterprises trial (no fee) and are moving to a paid subscription.`,
    },
    'bypass-customer': {
      title: 'BPOS-S bypass customer',
      who: () =>
        'You bought BPOS-S through Volume Licensing but never activated it; those inactive services were moved ("bypassed") to Office 365 for Enterprises.',
    },
  },
  offers: {
    'new-customer': {
      'sign-up': {
        outcome: 'Creates a new account profile and a new Microsoft Online Services ID for your organization.',
        cta: 'Sign up and create your account profile',
      },
    },
    'trial-customer': {
      'sign-in': {
        outcome:
          'Keeps your trial data, settings and existing onmicrosoft.com domain: the trial becomes your paid subscription.',
        cta: 'Sign in and keep your trial',
      },
      'sign-up': {
        outcome: 'Starts a wholly new subscription: your trial data and settings are not carried over.',
        cta: 'Start a new subscription',
      },
    },
    'bypass-customer': {
      'sign-in': {
        outcome:
          'Signs in with your existing account and associates its information with your Volume Licensing agreement.',
        cta: 'Sign in with your existing account',
      },
      'sign-up': {
        outcome:
          'Creates a new account profile, just as a new customer does, linked to your Volume Licensing agreement.',
        cta: 'Sign up with a new account profile',
      },
    },
  },
  exclusions: {
    'bpos-s-trial-customers': {
      who: 'BPOS-S trial customers',
      sentence: 'This path does not apply to BPOS-S trial customers.',
      advice:
        'If your organization only ever had a BPOS-S trial, the process names no option for you: contact support (below) before you choose.',
    },
  },
  steps: {
    'order-entered': {
      title: 'The order is entered',
      detail: () => 'Microsoft or your channel partner enters your Volume Licensing order.',
    },
    'choose-sign-up': {
      title: 'Choose Sign Up in the activation email',
      detail: ({ option }) => `The activation email arrives; select ${option('sign-up')}.`,
    },
    'create-profile': {
      title: 'Create and activate an account profile',
      detail: () => 'Fill in your organization’s account profile and activate it.',
    },
    'add-online-services-id': {
      title: 'Add a Microsoft Online Services ID',
      detail: () => 'Create the Online Services ID (the sign-in name) your administrators will use.',
    },
    'profile-acknowledged': {
      title: 'Your profile is acknowledged',
      detail: () => 'An acknowledgement confirms the account profile was created.',
    },
    'choose-sign-in': {
      title: 'Choose Sign In in the activation email',
      detail: ({ option }) => `The activation email arrives; select ${option('sign-in')}.`,
    },
    'sign-in-existing': {
      title: 'Sign in with your existing account',
      detail: () =>
        'Sign in with your existing Online Services ID and password and confirm your subscription information. An acknowledgement says your existing tenant is being associated with your Volume Licensing information.',
    },
    provisioned: {
      title: 'Your services are provisioned',
      detail: () =>
        'A provisioning confirmation lists every subscription you bought, for example SharePoint Online (Plan 2).',
    },
    'review-subscriptions': {
      title: 'Review the created subscriptions',
      detail: () => 'Open the billing and subscription management page to check what was created.',
    },
    'review-details': {
      title: 'Review the subscription details',
      detail: () => 'Open the volume license subscription details page for each subscription.',
    },
  },
  recipientRoles: {
    'online-services-manager': g.onlineServicesManager.use,
    'vlsc-administrator': g.vlscAdministrator.use,
    'notices-contact': g.noticesContact.use,
  },
  support: {
    heading: 'Need help?',
    defaultPhone: { region: 'US and Canada', hours: '6 am to 6 pm PST', days: 'Monday to Friday' },
    portal: 'Submit an online service request through the {portal}.',
    portalLink: g.supportPortal.use,
    phone: ({ region, option, hours, days }) =>
      `${region}: call {number} and select option ${option} (${hours}, ${days}).`,
    phoneLine: ({ region, number, option, hours, days }) =>
      `${region}: call ${number}, option ${option}, ${hours}, ${days}.`,
    international: ({ region }) => `Outside the ${region}? Find {contacts}.`,
    internationalLink: 'local hours and contacts',
    forgotCredentials:
      'Forgotten your existing account details? Contact support (below) to get your credentials before you sign in.',
  },
  email: {
    greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
    orOpenLink: 'Or open this link:',
    reminderSubject: (subject) => `Reminder: ${subject}`,
    footer: ({ brand, product }) => `${brand} sent this email about your ${product} Volume Licensing agreement.`,
    activation: {
      subject: ({ product, org }) => `Activate ${product} for ${org}`,
      preview: ({ product, org, single }) =>
        `${single ? 'Activate with Sign Up' : 'Choose the option that fits you'}: ${org}’s ${product} order is ready to activate.`,
      heading: ({ product }) => `Activate ${product}`,
      reminder:
        'This is a reminder of the activation email sent to you earlier. The options and links below are the same.',
      orderEntered:
        'The Volume Licensing order for {org} has been entered. To start using your online services, activate them from this email.',
      orderEnteredWithEnrollment:
        'The Volume Licensing order for {org} (enrollment {enrollment}) has been entered. To start using your online services, activate them from this email.',
      services: 'Services on this order:',
      whyYou:
        'You receive this email because you are named as a contact for online services on your organization’s Volume Licensing enrollment.',
    },
    acknowledgement: {
      headline: {
        'profile-created': 'Your account profile has been created',
        'tenant-associated': 'Your existing account is being linked to your Volume Licensing agreement',
      },
      subject: ({ headline, org }) => `${headline}: ${org}`,
      preview: ({ headline }) => `${headline}. Your services are being provisioned next.`,
      created:
        'The account profile for {org} has been created and activated. Your Microsoft Online Services ID is {id}.',
      createdWithDomain:
        'The account profile for {org} has been created and activated. Your Microsoft Online Services ID is {id} and your domain is {domain}.',
      associated:
        'You signed in as {id}. The existing account information of {org} is being associated with your Volume Licensing information.',
      associatedWithDomain:
        'You signed in as {id}. The existing account information of {org} ({domain}) is being associated with your Volume Licensing information.',
      nextLabel: 'What happens next:',
      next: 'the services you bought are being provisioned. A provisioning confirmation listing each subscription follows as soon as they are ready.',
      review: 'Review your subscriptions',
      idNote: 'Your administrators sign in with this Online Services ID.',
    },
    provisioning: {
      subject: ({ org }) => `Your services are ready: ${org}`,
      preview: {
        one: ({ count, org }) => `For ${org}, ${count} subscription is provisioned.`,
        other: ({ count, org }) => `For ${org}, ${count} subscriptions are provisioned.`,
      },
      heading: 'Your services are provisioned',
      intro: 'The services {org} bought through Volume Licensing are provisioned and ready to use:',
      quantity: ({ quantity }) => `Quantity: ${quantity}`,
      period: {
        both: ({ from, to }) => `${from} to ${to}`,
        from: (date) => `from ${date}`,
        until: (date) => `until ${date}`,
      },
      nextLabel: 'Next:',
      next: 'review the subscriptions that were created, then open each one to check its volume license details.',
      review: 'Review your subscriptions',
      missing: 'Something missing or wrong? Contact support and give your Volume Licensing enrollment number.',
      missingWithEnrollment:
        'Something missing or wrong? Contact support and give your enrollment number, {enrollment}.',
    },
    trialEnding: {
      subject: ({ product, date, org }) => `Your ${product} trial ends on ${date}: ${org}`,
      preview: ({ date }) => `Convert by ${date} to keep your trial data, settings and domain.`,
      heading: ({ date }) => `Your trial ends on ${date}`,
      ends: 'The {days}-day {product} trial of {org} ends on {date}. After it ends, Microsoft advises you before any of the trial’s data is deleted.',
      keep: ({ signIn, signUp }) =>
        `To keep the trial’s data, settings and existing onmicrosoft.com domain, convert the trial to your paid subscription with ${signIn}: sign in with your existing Online Services ID and password. (${signUp} starts a wholly new subscription and does not carry over the trial’s data and settings.)`,
      cta: 'Sign in and keep your trial',
      forgot:
        'Forgotten your Online Services ID or password? Contact support (below) for your credentials before the trial ends.',
      ended: {
        subject: ({ product, date, org }) => `Your ${product} trial ended on ${date}: ${org}`,
        preview: ({ date }) => `Your trial ended on ${date}. Contact support before you choose an option.`,
        heading: ({ date }) => `Your trial ended on ${date}`,
        body: 'The {days}-day {product} trial of {org} ended on {date}, and no activation option has been chosen yet.',
        support:
          'What the options keep once a trial has ended is not part of the activation process. Contact support (below) before you choose an option in your activation email.',
      },
      signedUp: {
        preview: ({ date, signUp }) =>
          `Your trial ends on ${date}. You chose ${signUp}, so your new subscription does not carry over the trial’s data and settings.`,
        body: 'The {days}-day {product} trial of {org} ends on {date}.',
        chose: ({ signUp }) =>
          `You chose ${signUp} in your activation email: ${signUp} starts a wholly new subscription, and the trial’s data and settings are not carried over into it.`,
        advised: 'After the trial ends, Microsoft will let you know before any of the trial’s data is deleted.',
        support: 'Questions about your trial or your new subscription? Contact support (below).',
      },
    },
  },
};

export default messages;
