/** Addresses inside the guide, in one place so pages, components and tests agree. */
import type { ScenarioId } from './facts.ts';

export const scenarioHref = (id: ScenarioId): string => `/scenarios/${id}/`;

export const pages = {
  overview: '/',
  activationEmail: '/activation-email/',
  choice: '/sign-in-or-sign-up/',
  decisionHelper: '/sign-in-or-sign-up/#decision-helper',
  emails: '/emails/',
  faq: '/faq/',
  support: '/support/',
} as const;

/** How the guide refers to someone in each scenario, mid-sentence (the domain titles are headings). */
export const scenarioNoun: Record<ScenarioId, string> = {
  'new-customer': 'a new online services customer',
  'trial-customer': 'an Office 365 for Enterprises trial customer',
  'bypass-customer': 'a BPOS-S bypass customer',
};
