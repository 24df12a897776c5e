/**
 * The shape of one locale's glossary: the activation process's terms in the wording Microsoft's
 * own documentation uses in that language, and the wordings that are wrong for them there (a
 * word that means something else, or collides with another term). The catalogs read the terms
 * they print as labels (options, roles, the portal) from the glossary; everything customers read
 * (emails, guide pages, interface strings) is checked against the wrong wordings by
 * test/emails/glossary.test.ts and, on the built guide, test/docs/site.test.ts.
 */

/** The process's terms, by id: the same ids in every locale. */
export const termIds = [
  'enrollment',
  'enrollmentNumber',
  'volumeLicensing',
  'onlineServicesManager',
  'vlscAdministrator',
  'noticesContact',
  'onlineServicesId',
  'signIn',
  'signUp',
  'trial',
  'provisioning',
  'supportPortal',
] as const;
export type TermId = (typeof termIds)[number];

/** A wording the glossary marks wrong in this locale, and why: shown when a text uses it. */
export interface Misuse {
  /** Matches the wrong wording in running text (a word boundary or context where needed). */
  words: RegExp;
  why: string;
}

export interface Term {
  /** The wording to use, as a label or where a sentence names the term. */
  use: string;
  avoid?: readonly Misuse[];
}

export type Glossary = Record<TermId, Term>;
