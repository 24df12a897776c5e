/// <reference types="@astrojs/starlight" />
/**
 * Starlight route middleware: on a scenario page, "On this page" lists every step. The steps
 * are rendered by a component (ScenarioSteps.astro), so Markdown's own heading list does not
 * see them; they are added here from the same source, after the page's written headings (the
 * steps sections close every scenario page).
 */
import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { factsFor, type ScenarioId, scenarioIds } from './lib/facts.ts';
import { localeOfLang, unlocalizedPath } from './lib/i18n.ts';
import { stepsAnchor } from './lib/site.ts';
import { scenarioSteps } from './lib/steps.ts';

export const onRequest = defineRouteMiddleware((context) => {
  const route = context.locals.starlightRoute;
  const match = unlocalizedPath(`/${route.id}/`).match(/^\/scenarios\/([^/]+)\/$/);
  const scenario = match?.[1] as ScenarioId | undefined;
  if (!route.toc || !scenario || !scenarioIds.includes(scenario)) return;
  const locale = localeOfLang(route.lang);
  for (const offer of factsFor(locale).scenarios[scenario].offers) {
    const { heading, steps } = scenarioSteps(locale, scenario, offer.path);
    route.toc.items.push({
      depth: 2,
      slug: stepsAnchor(offer.path),
      text: heading,
      children: steps.map((step, i) => ({
        depth: 3,
        slug: step.anchor,
        text: `${i + 1}. ${step.title}`,
        children: [],
      })),
    });
  }
});
