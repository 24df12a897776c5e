import type { RecipientRole, ScenarioId, TemplateName } from '../facts.ts';

/**
 * The guide's own words around the process's facts (labels, questions, headings), one module per
 * locale that ends in `satisfies DocsStrings`, so a missing translation fails the type check.
 * Facts themselves (options, steps, outcomes, support line) come from ../facts.ts.
 */

/** The options the scenarios offer (the domain module's table), as "scenario:option". */
export type OfferedAnswer =
  | 'new-customer:sign-up'
  | 'trial-customer:sign-in'
  | 'trial-customer:sign-up'
  | 'bypass-customer:sign-in'
  | 'bypass-customer:sign-up';

/** The answers the decision helper can end on: an option a scenario offers, or support. */
export type HelperAnswer = OfferedAnswer | 'support:bpos-s-trial' | 'support:other';

export interface DocsStrings {
  siteTitle: (product: string) => string;
  siteDescription: (product: string) => string;
  sidebar: {
    overview: string;
    activationEmail: string;
    choice: string;
    scenarios: string;
    emails: string;
    faq: string;
    support: string;
  };
  /** A scenario's reader, mid-sentence ("a new online services customer"). */
  scenarioNoun: Record<ScenarioId, string>;
  scenarioCard: (p: { who: string; offered: string; only: boolean }) => string;
  table: { caption: string; scenario: string; notOffered: string; doesNotApply: (who: string) => string };
  steps: {
    /** The heading of a path's steps ("Steps with Option 1 – Sign In"). */
    heading: (option: string) => string;
    /** The closed card of a step's email. */
    emailCard: string;
    /** The acknowledgement step of a bypass customer who signs up (the process: existing account information associated). */
    bypassAcknowledged: { title: string; detail: string };
  };
  emails: {
    titles: Record<TemplateName, string>;
    when: Record<TemplateName, string>;
    forScenario: (noun: string) => string;
    afterSignUp: (option: string) => string;
    afterSignIn: (option: string) => string;
    subject: string;
    htmlVersion: string;
    textVersion: string;
    /** Said above every preview: the buttons in it are a sample and do nothing. */
    sample: string;
    openOwnPage: (title: string) => string;
    pageTitle: string;
    pageDescription: string;
    pageIntro: string;
    whenLabel: string;
    whenYouReceive: string;
    thisVersion: (noun: string) => string;
    seeSteps: string;
    all: string;
  };
  helper: {
    questionNumber: (n: number) => string;
    yourAnswer: string;
    startOver: string;
    start: { question: (product: string) => string; hint: (days: number) => string; yes: string; no: string };
    trial: { question: string; keep: string; fresh: string };
    bpos: { question: string; yes: string; neverBought: string; bposTrial: string; other: string };
    bypass: { question: string; signIn: string; signUp: string };
    because: Record<OfferedAnswer, string>;
    choose: (option: string) => string;
    why: string;
    /** The reason, as one sentence; `onlyOption` when the scenario offers a single option. */
    youAre: (p: { noun: string; reason: string; onlyOption?: string }) => string;
    whatItDoes: string;
    final: string;
    seeSteps: string;
    support: {
      heading: string;
      bposTrial: string;
      other: string;
      doNotChoose: string;
      reach: string;
    };
    noscript: string;
  };
  feedback: { question: string; yes: string; no: string; thanks: string; sorry: string; tellSupport: string };
  phone: { number: string; selectOption: (option: string) => string; hours: string; for: string };
  recipientExplain: Record<RecipientRole, string>;
}
