/**
 * The glossary (emails/_glossary): each locale's terms in the wording Microsoft's documentation
 * uses there. The catalogs print its labels; no email, catalog, guide page or interface string
 * uses a wording it marks wrong for that locale. The built guide is checked too, in
 * test/docs/site.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { locales, renderEmail, templateSchema, variants } from '../../emails/_catalog/index.ts';
import { glossaryFor, misusedTerms, termIds } from '../../emails/_glossary/index.ts';
import { localizedFacts } from '../../emails/_messages/index.ts';
import { localeSources } from '../support/locale-sources.ts';
import { visibleText } from '../support/visible-text.ts';

describe('the glossary', () => {
  test.each(locales)('%s: no term’s own wording is one the glossary marks wrong', (locale) => {
    for (const id of termIds) expect(misusedTerms(locale, glossaryFor(locale)[id].use), id).toEqual([]);
  });

  test('finds a wrong wording, names the term and says what to use', () => {
    expect(misusedTerms('de-DE', 'Wenden Sie sich mit Ihrer Vertragsnummer an den Support.')).toEqual([
      expect.objectContaining({ term: 'enrollmentNumber', use: 'Registrierungsnummer' }),
    ]);
    expect(misusedTerms('ja-JP', '(契約番号 62345678)').map((m) => m.term)).toEqual(['enrollmentNumber']);
    expect(misusedTerms('ja-JP', '(加入契約番号 62345678)')).toEqual([]);
    expect(misusedTerms('de-DE', 'im Volumenlizenz-Anmeldeformular').map((m) => m.term)).toEqual(['enrollment']);
    expect(misusedTerms('en-US', 'through the support portal').map((m) => m.term)).toEqual(['supportPortal']);
    expect(misusedTerms('fr-FR', 'le Gestionnaire des services en ligne (OSM)').map((m) => m.term)).toEqual([
      'onlineServicesManager',
    ]);
  });

  test.each(locales)('%s: the catalog prints the glossary’s options, roles and portal', (locale) => {
    const g = glossaryFor(locale);
    const facts = localizedFacts(locale);
    expect(facts.optionLabel('sign-in')).toBe(g.signIn.use);
    expect(facts.optionLabel('sign-up')).toBe(g.signUp.use);
    const same = (a: string) => a.toLocaleLowerCase(locale);
    expect(same(facts.recipientRoleTitles['online-services-manager'])).toBe(same(g.onlineServicesManager.use));
    expect(same(facts.recipientRoleTitles['vlsc-administrator'])).toBe(same(g.vlscAdministrator.use));
    expect(same(facts.recipientRoleTitles['notices-contact'])).toBe(same(g.noticesContact.use));
    expect(facts.support().portalLink).toBe(g.supportPortal.use);
  });
});

describe('no text uses a wording its glossary marks wrong', () => {
  test.each(locales)('%s: every email, subject and text version', async (locale) => {
    const found: string[] = [];
    for (const { template, variant, data } of variants) {
      const email = await renderEmail(template, templateSchema(template).parse(data), undefined, locale);
      for (const [part, text] of [
        ['subject', email.subject],
        ['html', visibleText(email.html)],
        ['text', email.text],
      ] as const) {
        for (const m of misusedTerms(locale, text))
          found.push(`${template}/${variant} ${part}: “${m.found}” (${m.why})`);
      }
    }
    expect(found).toEqual([]);
  });

  test.each(locales)('%s: the email catalog, the guide’s pages and its interface strings', (locale) => {
    const found = localeSources(locale).flatMap((source) =>
      misusedTerms(locale, source.text).map((m) => `${source.file}: “${m.found}” → ${m.use} (${m.why})`),
    );
    expect(found).toEqual([]);
  });
});
