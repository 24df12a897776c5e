import type { ScenarioId } from '../facts.ts';
import type { DocsStrings } from './types.ts';

/** A scenario's reader, mid-sentence. */
const nouns: Record<ScenarioId, string> = {
  'new-customer': 'a new online services customer',
  'trial-customer': 'an Office 365 for Enterprises trial customer',
  'bypass-customer': 'a BPOS-S bypass customer',
};
const or = new Intl.ListFormat('en-US', { type: 'disjunction' });

export default {
  siteTitle: (product) => `${product} activation guide`,
  siteDescription: (product) =>
    `How to activate ${product} bought through Volume Licensing: the activation email, Sign In or Sign Up, the steps of each scenario, and the emails you will receive.`,
  sidebar: {
    overview: 'Overview',
    activationEmail: 'The activation email',
    choice: 'Sign In or Sign Up',
    scenarios: 'Your scenario',
    emails: 'Emails you will receive',
    faq: 'FAQ',
    support: 'Support',
  },
  scenarioCard: ({ who, offered }) =>
    `${who} Your email offers ${or.format(offered)}${offered.length === 1 ? ' only' : ''}.`,
  table: {
    caption: 'Which option each scenario offers, and what it keeps or starts',
    scenario: 'Your scenario',
    notOffered: 'Not offered',
    doesNotApply: (who) =>
      `Does not apply to ${who}: the process names no option for them, so contact support before you choose.`,
  },
  steps: {
    heading: (option) => `Steps with ${option}`,
    emailCard: 'The email at this step',
    bypassAcknowledged: {
      title: 'Your account information is acknowledged',
      detail:
        'An acknowledgement says your existing account information is being associated with your Volume Licensing information.',
    },
  },
  emails: {
    titles: {
      activation: 'Activation email',
      acknowledgement: 'Acknowledgement',
      'provisioning-confirmation': 'Provisioning confirmation',
      'trial-ending': 'Trial ending notice',
    },
    when: {
      activation:
        'When Microsoft or your partner enters your Volume Licensing order. It carries the Sign In / Sign Up choice.',
      acknowledgement:
        'Right after you choose: it says whether a new account profile was created or your existing account is being associated.',
      'provisioning-confirmation': 'When the services you bought are ready. It lists every subscription.',
      'trial-ending': 'Before the data of a trial is deleted. It explains how to keep it.',
    },
    forScenario: (scenario) => `For ${nouns[scenario]}`,
    afterSignUp: (option) => `After ${option} (account profile created)`,
    afterSignIn: (option) => `After ${option} (existing account associated)`,
    subject: 'Subject',
    htmlVersion: 'HTML version',
    textVersion: 'Plain-text version',
    sample: 'Sample email with sample names: its buttons do nothing here.',
    openOwnPage: (title) => `Open the ${title} on its own page`,
    pageTitle: 'Emails you will receive',
    pageDescription:
      'Every email of the activation process, exactly as it is sent: the HTML and the plain-text version.',
    pageIntro:
      'What emails will I get, and when? These are the emails your organization receives while it activates its online services. Each one below is rendered from the very template that sends it, with sample names and addresses. Every email comes in two versions: HTML, and plain text for mail clients that do not show HTML.',
    whenLabel: 'When:',
    whenYouReceive: 'When you receive it:',
    thisVersion: (scenario) => `This version is the one ${nouns[scenario]} receives.`,
    seeSteps: 'See the steps',
    all: 'All the emails of the activation process',
  },
  helper: {
    questionNumber: (n) => `Question ${n}`,
    yourAnswer: 'Your answer',
    startOver: 'Start over',
    start: {
      question: (product) =>
        `Is your organization using an ${product} trial that you now want to turn into a paid subscription?`,
      hint: (days) => `The trial lasts ${days} days and has no subscription fee.`,
      yes: 'Yes, we have a trial',
      no: 'No, we have no such trial',
    },
    trial: {
      question: 'Do you want to keep the trial’s data, settings and existing onmicrosoft.com domain?',
      keep: 'Yes, keep the trial’s data, settings and domain',
      fresh: 'No, we want a wholly new subscription',
    },
    bpos: {
      question: 'Which of these describes your organization?',
      yes: 'We bought BPOS-S through Volume Licensing and never activated it',
      neverBought: 'We never had an Office 365 trial and never bought online services from Microsoft',
      bposTrial: 'We had a BPOS-S trial',
      other: 'None of these, or we are not sure',
    },
    bypass: {
      question: 'Do you want to sign in with an existing account, or sign up with a new account profile?',
      signIn: 'Sign in with our existing account',
      signUp: 'Sign up with a new account profile',
    },
    because: {
      'new-customer:sign-up': 'this is your organization’s first online services purchase',
      'trial-customer:sign-in': 'you want to keep your trial’s data, settings and domain',
      'trial-customer:sign-up': 'you want a wholly new subscription',
      'bypass-customer:sign-in': 'you want to sign in with your existing account',
      'bypass-customer:sign-up': 'you want a new account profile',
    },
    choose: (option) => `Choose ${option}`,
    why: 'Why:',
    youAre: ({ scenario, reason, onlyOption }) =>
      `you are ${nouns[scenario]} and ${reason}${onlyOption ? `; ${onlyOption} is the only option your activation email offers.` : '.'}`,
    whatItDoes: 'What it does:',
    final: 'Remember: the choice is final. Once you select it in the activation email you cannot switch.',
    seeSteps: 'See the steps for this path',
    support: {
      heading: 'Contact support before you choose',
      bposTrial:
        'The bypass path does not apply to BPOS-S trial customers, and the activation process names no option for them.',
      other: 'The activation process does not say which option fits your case.',
      doNotChoose:
        'The choice is one-time and irreversible, so do not select either option yet: ask support which one applies to you.',
      reach: 'How to reach support',
    },
    noscript:
      'Each answer takes you to the next question. Not sure? Compare the options in the table above, or ask support.',
  },
  feedback: {
    question: 'Was this page helpful?',
    yes: 'Yes',
    no: 'No',
    thanks: 'Thank you. Nothing was sent: this guide collects no data.',
    sorry: 'Sorry it did not help. Nothing was sent: this guide collects no data.',
    tellSupport: 'Tell support what you were looking for',
  },
  phone: {
    number: 'Number:',
    call: (option) => `{number}, then select option ${option}`,
    hours: 'Hours:',
    when: ({ hours, days }) => `${hours}, ${days}`,
    for: 'For:',
  },
  recipientExplain: {
    'online-services-manager':
      'The person your organization named as Online Services Manager on its Volume Licensing enrollment. The email goes to them first.',
    'vlsc-administrator':
      'If the enrollment names no Online Services Manager, the email goes to the Online Administrator of the Volume License Service Center (VLSC).',
    'notices-contact': 'Otherwise, it goes to the Notices Contact & Online Administrator identified on the enrollment.',
  },
} satisfies DocsStrings;
