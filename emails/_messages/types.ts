import type {
  AcknowledgementKind,
  ExclusionId,
  OptionId,
  RecipientRole,
  ScenarioId,
  StepId,
} from '../_domain/activation.ts';

/**
 * The shape of one locale's wording: every customer-facing sentence of the emails and the guide,
 * keyed by the domain's ids. Each locale's module declares its object as `Messages` (an annotation
 * rather than `satisfies`, which would widen each sentence to `string` and lose its slots), so a
 * missing or misspelt key, or a sentence that drops one of its slots, fails `npm run typecheck`.
 */

/**
 * A sentence with a named slot the template fills with markup (`{org}` → <strong>Contoso</strong>).
 * Intersect them for several slots: the type refuses a translation that leaves one out.
 */
export type Slot<K extends string> = `${string}{${K}}${string}`;

export interface OfferWords {
  /** One sentence: what choosing the option keeps or starts. */
  outcome: string;
  /** The button: says what it does, not just the option's name. */
  cta: string;
}

export interface Messages {
  /** The option names exactly as the activation email prints them (Sign In, Sign Up). */
  optionLabels: Record<OptionId, string>;
  /** "Option 1 – Sign In". */
  optionTitle: (number: number, label: string) => string;
  /** Said before the buttons whenever a choice is offered; `single` when only one option is. */
  irreversibleWarning: { several: string; single: string };
  scenarios: Record<ScenarioId, { title: string; who: (p: { trialDays: number }) => string }>;
  offers: {
    'new-customer': { 'sign-up': OfferWords };
    'trial-customer': Record<OptionId, OfferWords>;
    'bypass-customer': Record<OptionId, OfferWords>;
  };
  /**
   * Who a scenario is not for (`sentence`), and what they do instead (`advice`): where the process
   * names no option for them, contact support before choosing.
   */
  exclusions: Record<ExclusionId, { who: string; sentence: string; advice: string }>;
  /** Step texts; `option` gives an option's title ("Option 2 – Sign Up") in this locale. */
  steps: Record<StepId, { title: string; detail: (p: { option: (id: OptionId) => string }) => string }>;
  recipientRoles: Record<RecipientRole, string>;
  support: {
    heading: string;
    /** The seed's phone region, hours and days in this language (an operator's own values show as written). */
    defaultPhone: { region: string; hours: string; days: string };
    portal: Slot<'portal'>;
    portalLink: string;
    phone: (p: { region: string; option: string; hours: string; days: string }) => Slot<'number'>;
    /** The same line, plain: for the guide and the text version. */
    phoneLine: (p: { region: string; number: string; option: string; hours: string; days: string }) => string;
    international: (p: { region: string }) => Slot<'contacts'>;
    internationalLink: string;
    forgotCredentials: string;
  };
  email: {
    greeting: (name: string | undefined) => string;
    orOpenLink: string;
    /** The subject prefix of a reminder ("Reminder: …"). */
    reminderSubject: (subject: string) => string;
    footer: (p: { brand: string; product: string }) => string;
    activation: {
      subject: (p: { product: string; org: string }) => string;
      preview: (p: { product: string; org: string; single: boolean }) => string;
      heading: (p: { product: string }) => string;
      reminder: string;
      orderEntered: Slot<'org'>;
      orderEnteredWithEnrollment: Slot<'org'> & Slot<'enrollment'>;
      services: string;
      whyYou: string;
    };
    acknowledgement: {
      headline: Record<AcknowledgementKind, string>;
      subject: (p: { headline: string; org: string }) => string;
      preview: (p: { headline: string }) => string;
      created: Slot<'org'> & Slot<'id'>;
      createdWithDomain: Slot<'org'> & Slot<'id'> & Slot<'domain'>;
      associated: Slot<'org'> & Slot<'id'>;
      associatedWithDomain: Slot<'org'> & Slot<'id'> & Slot<'domain'>;
      nextLabel: string;
      next: string;
      review: string;
      idNote: string;
    };
    provisioning: {
      subject: (p: { org: string }) => string;
      /** By Intl.PluralRules category: `one` where the locale has it, `other` for every other count. */
      preview: {
        one: (p: { count: string; org: string }) => string;
        other: (p: { count: string; org: string }) => string;
      };
      heading: string;
      intro: Slot<'org'>;
      quantity: (p: { quantity: string }) => string;
      period: {
        both: (p: { from: string; to: string }) => string;
        from: (d: string) => string;
        until: (d: string) => string;
      };
      nextLabel: string;
      next: string;
      review: string;
      /** Where to turn when a subscription is missing or wrong, with the enrollment number when it is known. */
      missing: string;
      missingWithEnrollment: Slot<'enrollment'>;
    };
    trialEnding: {
      subject: (p: { product: string; date: string; org: string }) => string;
      preview: (p: { date: string }) => string;
      heading: (p: { date: string }) => string;
      ends: Slot<'org'> & Slot<'date'> & Slot<'days'> & Slot<'product'>;
      keep: (p: { signIn: string; signUp: string }) => string;
      cta: string;
      forgot: string;
      /**
       * The notice once the trial has ended and no option is chosen: the process says nothing of
       * what the options keep then, so it offers none and sends the customer to support.
       */
      ended: {
        subject: (p: { product: string; date: string; org: string }) => string;
        preview: (p: { date: string }) => string;
        heading: (p: { date: string }) => string;
        body: Slot<'org'> & Slot<'date'> & Slot<'days'> & Slot<'product'>;
        support: string;
      };
      /**
       * The notice for a customer who chose Sign Up (`signUp` is the option's name): the trial still
       * ends on its date (the notice's own `subject` and `heading`, then `body`), but the one-time
       * choice is made, so it offers no option. `chose` says Sign Up's new subscription does not
       * carry over the trial's data and settings; `advised`, that Microsoft tells the customer
       * before any of that data is deleted (never that it is deleted at the end); `support` sends
       * questions to support.
       */
      signedUp: {
        preview: (p: { date: string; signUp: string }) => string;
        body: Slot<'org'> & Slot<'date'> & Slot<'days'> & Slot<'product'>;
        chose: (p: { signUp: string }) => string;
        advised: string;
        support: string;
      };
    };
  };
}
