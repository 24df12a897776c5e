/**
 * Grammar by rule (emails/_messages/grammar.ts): French elision and contraction before vowels and
 * product or organization names, German case after a preposition, and a quoted title that never
 * doubles the sentence's punctuation. Each rule on its own, then as the emails and the guide use it.
 */
import { describe, expect, test } from 'vitest';
import { stringsFor } from '../../docs-site/src/lib/strings/index.ts';
import { locales, renderEmail, templateSchema, variants } from '../../emails/_catalog/index.ts';
import { scenarioIds } from '../../emails/_domain/activation.ts';
import {
  type Declined,
  elides,
  endSentence,
  frenchArticle,
  frenchBeforeSlot,
  frenchDe,
  frenchFirstOfMonth,
  germanAfter,
  germanPrepositionCase,
  ja,
  japaneseAfterSlot,
  japaneseBeforeSlot,
  joinSentences,
  quote,
} from '../../emails/_messages/grammar.ts';
import { localizedFacts } from '../../emails/_messages/index.ts';
import { typographyProblems } from '../../emails/_messages/typography.ts';
import { visibleText } from '../support/visible-text.ts';

describe('French: elision and contraction', () => {
  test('a vowel elides; h, y and digits do not', () => {
    for (const word of ['Office 365', 'Adatum', 'Émeraude', 'inscription', 'Online Services Manager'])
      expect(elides(word)).toBe(true);
    for (const word of ['Contoso', 'Hachette', 'Yokogawa', '30 jours', 'Fabrikam']) expect(elides(word)).toBe(false);
  });

  test('the first of the month is an ordinal: 1er décembre, and the catalog’s dates say so', () => {
    expect(frenchFirstOfMonth('1 décembre 2026')).toBe('1er décembre 2026');
    expect(frenchFirstOfMonth('11 décembre 2026')).toBe('11 décembre 2026');
    expect(frenchFirstOfMonth('21 décembre 2026')).toBe('21 décembre 2026');
    expect(localizedFacts('fr-FR').formatDate('2026-12-01')).toBe('1er décembre 2026');
    expect(localizedFacts('fr-FR').formatDate('2026-12-15')).toBe('15 décembre 2026');
  });

  test('“de” before a name: d’Office 365, de Contoso', () => {
    expect(frenchDe('Office 365 for Enterprises')).toBe('d’Office 365 for Enterprises');
    expect(frenchDe('Contoso')).toBe('de Contoso');
  });

  test('articles after à and de contract and elide', () => {
    const gestionnaire = { text: 'gestionnaire', gender: 'm' } as const;
    const administrateur = { text: 'administrateur en ligne', gender: 'm' } as const;
    const version = { text: 'version d’évaluation', gender: 'f' } as const;
    const avis = { text: 'avis', gender: 'm', plural: true } as const;
    expect(frenchArticle('à', gestionnaire)).toBe('au gestionnaire');
    expect(frenchArticle('à', administrateur)).toBe('à l’administrateur en ligne');
    expect(frenchArticle('de', gestionnaire)).toBe('du gestionnaire');
    expect(frenchArticle('de', version)).toBe('de la version d’évaluation');
    expect(frenchArticle('à', avis)).toBe('aux avis');
    expect(frenchArticle('de', avis)).toBe('des avis');
    expect(frenchArticle('', administrateur)).toBe('l’administrateur en ligne');
  });

  test('the words before a slot elide for what fills it', () => {
    expect(frenchBeforeSlot('La commande de ', 'Adatum')).toBe('La commande d’');
    expect(frenchBeforeSlot('La commande de ', 'Contoso')).toBe('La commande de ');
    expect(frenchBeforeSlot('connecté en tant que ', 'admin@adatum.com')).toBe('connecté en tant qu’');
    expect(frenchBeforeSlot('De ', 'Office 365')).toBe('D’');
    expect(frenchBeforeSlot('une demande ', 'Office 365')).toBe('une demande ');
  });

  test('the emails elide before the product and an organization that starts with a vowel', async () => {
    const fr = localizedFacts('fr-FR');
    const trial = variants.find((v) => v.template === 'trial-ending');
    if (!trial) throw new Error('no trial-ending variant');
    const data = templateSchema('trial-ending').parse({ ...(trial.data as object), organizationName: 'Adatum' });
    const email = await renderEmail('trial-ending', data, undefined, 'fr-FR');
    expect(email.subject).toContain('Votre version d’évaluation d’Office 365');
    expect(email.text).toContain('d’Office 365 for Enterprises d’Adatum prend fin');
    expect(email.text).not.toMatch(/\bde [AEIOUÉ]/);
    expect(fr.messages.email.activation.preview({ product: 'Office 365', org: 'Adatum', single: false })).toContain(
      'la commande Office 365 d’Adatum',
    );
  });
});

describe('German: the case a preposition governs', () => {
  const neukunde: Declined = { nominative: 'Neukunde', accusative: 'Neukunden', dative: 'Neukunden' };

  test('für takes the accusative, mit and von the dative', () => {
    expect(germanPrepositionCase.für).toBe('accusative');
    expect(germanPrepositionCase.mit).toBe('dative');
    expect(germanAfter('Für', neukunde)).toBe('Für Neukunden');
    expect(germanAfter('mit', { nominative: 'der Kunde', accusative: 'den Kunden', dative: 'dem Kunden' })).toBe(
      'mit dem Kunden',
    );
  });

  test('the guide’s “for a scenario” labels use the accusative of each scenario’s noun', () => {
    const de = stringsFor('de-DE');
    expect(de.emails.forScenario('new-customer')).toBe('Für Neukunden');
    expect(de.emails.forScenario('trial-customer')).toBe('Für Kunden mit Testversion');
    expect(de.emails.forScenario('bypass-customer')).toBe('Für BPOS-S-Bypass-Kunden');
    // The nominative where the noun is the subject or predicate: „Sie sind Neukunde“.
    for (const id of scenarioIds)
      expect(de.helper.youAre({ scenario: id, reason: 'x' })).toMatch(/^Sie sind [^,]*kunde\b/i);
  });
});

describe('Japanese: the space beside a name', () => {
  test('kept next to Latin text, dropped between Japanese characters, never inside the name', () => {
    expect(ja`${'Contoso'} の ${'Office 365'} をアクティブ化`).toBe('Contoso の Office 365 をアクティブ化');
    expect(ja`${'株式会社フォース'} の ${'Office 365'} をアクティブ化`).toBe(
      '株式会社フォースの Office 365 をアクティブ化',
    );
    expect(ja`${'山田 太郎'} 様`).toBe('山田 太郎様');
    expect(ja`組織: ${'フォース'} の ${3} 件`).toBe('組織: フォースの 3 件');
    // A katakana word after a katakana name keeps its space, as a compound's words do.
    expect(ja`${'フォース'} サービス`).toBe('フォース サービス');
  });

  test('the same rule where a sentence’s slot holds markup', () => {
    expect(japaneseBeforeSlot('組織 ', '株式会社フォース')).toBe('組織');
    expect(japaneseBeforeSlot('組織 ', 'Contoso')).toBe('組織 ');
    expect(japaneseAfterSlot('株式会社フォース', ' のボリューム')).toBe('のボリューム');
    expect(japaneseAfterSlot('Contoso', ' のボリューム')).toBe(' のボリューム');
  });
});

describe('a quoted title inside a sentence', () => {
  test('each locale quotes as its typography does', () => {
    expect(quote('en-US', 'Sign In')).toBe('“Sign In”');
    expect(quote('de-DE', 'Anmelden')).toBe('„Anmelden“');
    expect(quote('fr-FR', 'Se connecter')).toBe('«\u202fSe connecter\u202f»');
    expect(quote('es-ES', 'Opción 1: Iniciar sesión')).toBe('«Opción 1: Iniciar sesión»');
    expect(quote('ja-JP', 'サインイン')).toBe('「サインイン」');
  });

  test('a sentence ending in a quoted question gains no full stop', () => {
    expect(endSentence(`Siehe ${quote('de-DE', 'Wer ist der OSM?')}`)).toBe('Siehe „Wer ist der OSM?“');
    expect(endSentence('See the FAQ')).toBe('See the FAQ.');
    expect(endSentence(`Voir ${quote('fr-FR', 'Qui est l’OSM ?')}`)).toBe('Voir «\u202fQui est l’OSM ?\u202f»');
  });

  test.each(locales)(
    '%s: the trial-ending email names its options without doubling their punctuation',
    async (locale) => {
      const trial = variants.find((v) => v.template === 'trial-ending');
      if (!trial) throw new Error('no trial-ending variant');
      const email = await renderEmail(
        'trial-ending',
        templateSchema('trial-ending').parse(trial.data),
        undefined,
        locale,
      );
      const facts = localizedFacts(locale);
      const titles = [facts.optionTitle('sign-in'), facts.optionTitle('sign-up')];
      for (const text of [visibleText(email.html), email.text]) {
        for (const title of titles) expect(text, `${locale} names ${title}`).toContain(title);
        expect(typographyProblems(locale, text, { titles }).filter((p) => p.includes('doubled'))).toEqual([]);
      }
    },
  );
});

describe('sentences one after another', () => {
  test('a space between them, none in Japanese after 。', () => {
    expect(joinSentences('en-US', 'This path is not for you.', 'Contact support.')).toBe(
      'This path is not for you. Contact support.',
    );
    expect(joinSentences('ja-JP', 'この手順は適用されません。', 'サポートにお問い合わせください。')).toBe(
      'この手順は適用されません。サポートにお問い合わせください。',
    );
  });
});
