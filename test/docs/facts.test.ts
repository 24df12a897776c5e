/**
 * The guide states the process's facts only through the domain module (docs-site/src/lib/facts.ts
 * reads it): no page or component types a fact itself, so a page can never disagree with the
 * emails. These checks read the sources, so they need no build and no browser; the browser
 * suite (site.test.ts) checks the built pages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  acknowledgementFor,
  brand,
  factsFor,
  locales,
  offeredOptions,
  scenarioIds,
} from '../../docs-site/src/lib/facts.ts';
import { scenarioSteps } from '../../docs-site/src/lib/steps.ts';
import type { Locale } from '../../emails/_catalog/index.ts';
import { repoRoot } from '../support/docs-site.ts';
import { localeSources } from '../support/locale-sources.ts';

const srcDir = join(repoRoot, 'docs-site', 'src');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(mdx?|astro|ts)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
const sources = files(srcDir).map((file) => ({
  file: relative(repoRoot, file),
  // Comments explain; only what a page can show counts.
  text: readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, ''),
}));
const pages = sources.filter((s) => s.file.endsWith('.mdx'));

/** Facts that belong to the domain module, as a page might retype them. */
const retypedFacts: { fact: string; pattern: RegExp }[] = [
  { fact: 'the support phone number', pattern: /\d-\d{3}-\d{3}-\d{4}|866/ },
  { fact: 'the trial length', pattern: /\b30\b|thirty/i },
  { fact: 'the BPOS-S conversion date', pattern: /2011/ },
  { fact: 'an option title', pattern: /Option\s*[12]\b|Option\s*#/i },
  { fact: 'a support or form address', pattern: /https?:\/\/(?!guide\.|www\.w3\.org)[a-z0-9]/i },
];

describe('no page retypes a fact of the domain module', () => {
  test.each(retypedFacts)('$fact', ({ pattern }) => {
    const found = sources
      .filter((s) => !s.file.includes('/lib/facts.ts'))
      .flatMap((s) =>
        s.text
          .split('\n')
          .filter((line) => pattern.test(line))
          .map((line) => `${s.file}: ${line.trim()}`),
      );
    expect(found).toEqual([]);
  });
});

describe('claims the process does not make', () => {
  // The audit's list: the process never says these, so the guide does not either.
  const claims: { claim: string; pattern: RegExp }[] = [
    {
      claim: 'support resends the activation email on request',
      pattern: /ask (?:support )?(?:for the email )?to resend|resen[dt] (?:it )?to the new contact/i,
    },
    { claim: 'what a trial keeps beyond data, settings and domain', pattern: /mailbox|\bsites\b|copy anything/i },
    { claim: 'steps after reviewing subscriptions', pattern: /add users|assign(?:ing)? licen[cs]es/i },
    { claim: 'nothing to migrate', pattern: /nothing to migrate/i },
    { claim: 'the BPOS-S trial customer’s option', pattern: /answer\s+[“"]?No|read the \[?new customer/i },
  ];
  test.each(claims)('$claim', ({ pattern }) => {
    const found = sources.flatMap((s) =>
      s.text
        .split('\n')
        .filter((line) => pattern.test(line))
        .map((line) => `${s.file}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });

  test('BPOS-S is spelled out, with the process’s own name for it, on the overview and the bypass page', () => {
    for (const page of ['index.mdx', 'scenarios/bypass-customer.mdx']) {
      const text = pages.find((p) => p.file.endsWith(`content/docs/${page}`))?.text ?? '';
      expect(text, page).toContain('processNames.bposSFull');
    }
  });

  test('support is named as the process names it: an online service request through the Microsoft Online Portal', () => {
    const support = pages.find((p) => p.file.endsWith('content/docs/support.mdx'))?.text ?? '';
    expect(support).toContain('processNames.supportPortal');
  });
});

describe('facts the pages read', () => {
  test('a BPOS-S bypass customer is acknowledged as associated whichever option they choose', () => {
    expect(acknowledgementFor('bypass-customer', 'sign-up')).toBe('tenant-associated');
    expect(acknowledgementFor('bypass-customer', 'sign-in')).toBe('tenant-associated');
    expect(acknowledgementFor('new-customer', 'sign-up')).toBe('profile-created');
    expect(acknowledgementFor('trial-customer', 'sign-up')).toBe('profile-created');
    expect(acknowledgementFor('trial-customer', 'sign-in')).toBe('tenant-associated');
  });

  test.each(locales)('%s: each scenario page shows the steps and acknowledgement the process gives it', (locale) => {
    for (const scenario of scenarioIds) {
      for (const option of offeredOptions(scenario)) {
        const path = factsFor(locale).scenarios[scenario].offers.find((o) => o.option === option)?.path ?? option;
        const { steps } = scenarioSteps(locale, scenario, path);
        expect(steps.map((s) => s.id)).toEqual(factsFor(locale).paths[path].map((s) => s.id));
        const acks = steps.filter((s) => s.shows?.template === 'acknowledgement').map((s) => s.shows?.variant);
        expect(acks, `${scenario} ${option}`).toEqual([acknowledgementFor(scenario, option)]);
        expect(new Set(steps.map((s) => s.anchor)).size).toBe(steps.length);
      }
    }
  });

  test('the phone line on every page is the brand’s', () => {
    for (const locale of locales) expect(factsFor(locale).support().phoneLine).toContain(brand.phone.number);
  });
});

describe('a trial’s data after it ends, as the process words it', () => {
  // The process: after the 30-day trial, Microsoft advises customers before any data is deleted.
  // It never says the data is deleted when the trial ends, so nothing here may say so either.
  const advisesBefore: Record<Locale, RegExp> = {
    'en-US': /Microsoft advises you before any of the trial’s data is deleted/,
    'de-DE': /informiert Microsoft Sie, bevor Daten der Testversion gelöscht werden/,
    'fr-FR': /Microsoft vous prévient avant toute suppression de ses données/,
    'es-ES': /Microsoft le avisará antes de eliminar cualquier dato/,
    'ja-JP': /データが削除される場合は、その前にマイクロソフトからお知らせします/,
  };
  /** A sentence about deleting the data, and the word that makes it “before” rather than a claim. */
  const deletion: Record<Locale, { deleted: RegExp; before: RegExp }> = {
    'en-US': { deleted: /\bdeleted\b/i, before: /\bbefore\b/i },
    'de-DE': { deleted: /gelöscht/, before: /\b(?:bevor|vor)\b/i },
    'fr-FR': { deleted: /supprim/, before: /\bavant\b/i },
    'es-ES': { deleted: /elimin/, before: /\bantes\b/i },
    'ja-JP': { deleted: /削除/, before: /前/ },
  };
  const sentences = (text: string) => text.split(/(?<=[.!?。])\s*/);

  test.each(locales)('%s: the trial-ending email says Microsoft advises before any data is deleted', (locale) => {
    expect(factsFor(locale).messages.email.trialEnding.ends).toMatch(advisesBefore[locale]);
  });

  test.each(locales)('%s: no email, page or string claims the data is deleted when the trial ends', (locale) => {
    const { deleted, before } = deletion[locale];
    const claims = localeSources(locale).flatMap((source) =>
      sentences(source.text)
        .filter((sentence) => deleted.test(sentence) && !before.test(sentence))
        .map((sentence) => `${source.file}: ${sentence.trim().slice(0, 160)}`),
    );
    expect(claims).toEqual([]);
  });
});
