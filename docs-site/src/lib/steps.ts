/**
 * The steps a scenario's page lists for one path, with their anchors and emails: shared by the
 * page (ScenarioSteps.astro) and its "On this page" (route-data.ts), so both list the same steps.
 */
import { acknowledgementFor, factsFor, type Locale, type PathId, type ScenarioId, type TemplateName } from './facts.ts';
import { stepAnchor } from './site.ts';
import { stringsFor } from './strings/index.ts';

export interface PageStep {
  id: string;
  anchor: string;
  title: string;
  detail: string;
  shows?: { template: TemplateName; variant: string };
}

export function scenarioSteps(
  locale: Locale,
  scenario: ScenarioId,
  path: PathId,
): { heading: string; steps: PageStep[] } {
  const facts = factsFor(locale);
  const t = stringsFor(locale).steps;
  const option = facts.scenarios[scenario].offers.find((o) => o.path === path);
  if (!option) throw new Error(`${scenario} offers no path ${path}`);
  const steps = facts.paths[path].map((step, i): PageStep => {
    let { title, detail } = step;
    let shows = step.email && { template: step.email.template, variant: step.email.variant ?? scenario };
    // The acknowledgement after a choice depends on the scenario as well as the option.
    if (step.email?.template === 'acknowledgement') {
      const kind = acknowledgementFor(scenario, option.option);
      if (kind !== step.email.variant) {
        ({ title, detail } = t.bypassAcknowledged);
        shows = { template: 'acknowledgement', variant: kind };
      }
    }
    return { id: step.id, anchor: stepAnchor(path, i + 1), title, detail, ...(shows ? { shows } : {}) };
  });
  return { heading: t.heading(option.title), steps };
}
