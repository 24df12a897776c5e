/// <reference types="@astrojs/starlight" />
/** Addresses inside the guide and the page's language, in one place so pages, components and tests agree. */
import type { AstroGlobal } from 'astro';
import type { Locale, OptionId, PathId, ScenarioId } from './facts.ts';
import { localeOfLang, localizedPath } from './i18n.ts';

export const scenarioPath = (id: ScenarioId): string => `/scenarios/${id}/`;

export const pagePaths = {
  overview: '/',
  activationEmail: '/activation-email/',
  choice: '/sign-in-or-sign-up/',
  emails: '/emails/',
  faq: '/faq/',
  support: '/support/',
} as const;

/** Every address of the guide, in one locale. */
export const hrefs = (locale: Locale) =>
  ({
    ...Object.fromEntries(Object.entries(pagePaths).map(([k, p]) => [k, localizedPath(locale, p)])),
    decisionHelper: `${localizedPath(locale, pagePaths.choice)}#decision-helper`,
    scenario: (id: ScenarioId) => localizedPath(locale, scenarioPath(id)),
  }) as Record<keyof typeof pagePaths, string> & { decisionHelper: string; scenario: (id: ScenarioId) => string };

/** The anchors of a path's steps: the section ("steps-with-sign-in") and each step ("sign-in-step-3"). */
export const stepsAnchor = (path: PathId | OptionId): string => `steps-with-${path}`;
export const stepAnchor = (path: PathId, n: number): string => `${path}-step-${n}`;

/** The language of the page being rendered (Starlight's route data), for components inside content. */
export const pageLocale = (astro: AstroGlobal): Locale => localeOfLang(astro.locals.starlightRoute?.lang);
