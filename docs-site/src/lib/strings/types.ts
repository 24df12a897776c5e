import type { RecipientRole, ScenarioId, TemplateName } from '../facts.ts';

/**
 * The guide's own words around the process's facts (labels, questions, headings), one module per
 * locale that ends in `satisfies DocsStrings`, so a missing translation fails the type check.
 * Facts themselves (options, steps, outcomes, support line) come from ../facts.ts; terms follow
 * the locale's glossary (emails/_glossary), and sentences that take a name or a noun use the
 * catalogs' grammar helpers (elision, case after a preposition, quoted titles).
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
  /** A scenario card's text: who it is for, then the option or options its email offers (titles, in order). */
  scenarioCard: (p: { who: string; offered: string[] }) => string;
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
    /** The activation email's variant for a scenario ("For new customers"): each locale declines its own nouns. */
    forScenario: (scenario: ScenarioId) => string;
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
    thisVersion: (scenario: ScenarioId) => string;
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
    youAre: (p: { scenario: ScenarioId; reason: string; onlyOption?: string }) => string;
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
  phone: {
    number: string;
    /** The number (its `{number}` slot, a tap-to-call link) and the option to select, as one line. */
    call: (option: string) => `${string}{number}${string}`;
    hours: string;
    /** The hours and the days, in this language's order and punctuation. */
    when: (p: { hours: string; days: string }) => string;
    for: string;
  };
  /** Said after the role's title and a colon: lower case first where the language wants it (fr, es). */
  recipientExplain: Record<RecipientRole, string>;
}
