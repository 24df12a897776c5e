/**
 * Typography by rule (emails/_messages/typography.ts): each rule as a check that finds the
 * mistake and a fixer that mends it, then every rendered email in every locale (subject, HTML
 * text, text version) held to its locale's rules. The built guide is checked in site.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { locales, renderEmail, templateSchema, variants } from '../../emails/_catalog/index.ts';
import { localizedFacts } from '../../emails/_messages/index.ts';
import {
  frenchSpacing,
  japaneseSpacing,
  NARROW_NBSP,
  separateUrls,
  typographyProblems,
} from '../../emails/_messages/typography.ts';
import { visibleText } from '../support/visible-text.ts';

const n = NARROW_NBSP;

describe('French: a narrow no-break space before : ; ? ! and inside « »', () => {
  test('an ordinary space, a wide no-break space or none is a mistake', () => {
    expect(typographyProblems('fr-FR', 'Besoin d’aide ?')).toHaveLength(1);
    expect(typographyProblems('fr-FR', 'Besoin d’aide\u00a0?')).toHaveLength(1);
    expect(typographyProblems('fr-FR', 'Remarque: lisez ceci')).toHaveLength(1);
    expect(typographyProblems('fr-FR', 'un client « bypass »')).toHaveLength(2);
    expect(typographyProblems('fr-FR', `Choisir «${n}${n}Se connecter${n}»`)).toHaveLength(1);
    expect(typographyProblems('fr-FR', `Besoin d’aide${n}? Remarque${n}: un client «${n}bypass${n}»${n}!`)).toEqual([]);
  });

  test('URLs and times are not punctuation', () => {
    expect(typographyProblems('fr-FR', 'https://portal.microsoftonline.com?x=1 à 18:00')).toEqual([]);
  });

  test('the fixer puts the narrow space in', () => {
    expect(frenchSpacing('Pourquoi ? Parce que : « ceci » ; voilà !')).toBe(
      `Pourquoi${n}? Parce que${n}: «${n}ceci${n}»${n}; voilà${n}!`,
    );
    expect(typographyProblems('fr-FR', frenchSpacing('Quand : « bypass » ?'))).toEqual([]);
    // Already typeset text stays as it is: the fixer never doubles a space.
    expect(frenchSpacing(`«${n}Se connecter${n}»${n}?`)).toBe(`«${n}Se connecter${n}»${n}?`);
  });
});

describe('Japanese: no ASCII space between two Japanese characters', () => {
  test('a space after a date, inside a sentence or before a particle is a mistake', () => {
    expect(typographyProblems('ja-JP', '試用版は 2026年12月15日 に終了します')).toHaveLength(1);
    expect(typographyProblems('ja-JP', '組織内の どなたか')).toHaveLength(1);
    expect(typographyProblems('ja-JP', 'サインイン の後')).toHaveLength(1);
  });

  test('a space between Japanese and Latin text, or inside a katakana compound, is the style', () => {
    expect(typographyProblems('ja-JP', 'ボリューム ライセンスで Office 365 を購入し、30 日間の試用版を使う')).toEqual(
      [],
    );
  });

  test('the fixer removes stray spaces and keeps a katakana compound’s', () => {
    expect(japaneseSpacing('2026年12月15日 に終了します。組織内の\nどなたか')).toBe(
      '2026年12月15日に終了します。組織内のどなたか',
    );
    expect(japaneseSpacing('オンライン\nサービス')).toBe('オンライン サービス');
  });
});

describe('text versions: a URL never runs into the text that follows', () => {
  test('Japanese after a URL is a mistake; a space or a full stop is not', () => {
    const url = 'https://www.microsoft.com/online/help/contact-support.htm';
    expect(typographyProblems('ja-JP', `${url}をご確認ください`, { textVersion: true })).toHaveLength(1);
    expect(typographyProblems('en-US', `Find ${url}.`, { textVersion: true })).toEqual([]);
    expect(separateUrls(`${url}をご確認ください`)).toBe(`${url} をご確認ください`);
  });
});

describe('a quoted title never doubles the sentence’s punctuation', () => {
  test('“?.”, “..” and a colon after a title holding one are mistakes', () => {
    expect(typographyProblems('en-US', 'See “Who is the OSM?”.')).toHaveLength(1);
    const titles = ['Opción 1: Iniciar sesión'];
    expect(typographyProblems('es-ES', 'con Opción 1: Iniciar sesión: inicie sesión', { titles })).toHaveLength(1);
    expect(typographyProblems('es-ES', 'con «Opción 1: Iniciar sesión», iniciando sesión', { titles })).toEqual([]);
    expect(typographyProblems('en-US', 'See “Who is the OSM?”.', { titles: ['Who is the OSM?'] })).toHaveLength(2);
    expect(typographyProblems('en-US', 'Done.. Next')).toHaveLength(1);
    expect(typographyProblems('en-US', 'Wait… then: call 1-866-676-6546, 6:00 to 18:00.')).toEqual([]);
  });
});

/** The data with the names it has replaced by `names`; fields a template lacks stay out. */
const namedAs = (data: unknown, names: Record<string, string>): unknown =>
  Object.fromEntries(Object.entries(data as object).map(([key, value]) => [key, names[key] ?? value]));

describe('every email in every locale follows its typography', () => {
  test.each(locales)('%s', async (locale) => {
    const facts = localizedFacts(locale);
    const titles = [facts.optionTitle('sign-in'), facts.optionTitle('sign-up')];
    const found: string[] = [];
    // In Japanese, also with Japanese names: the space beside a name depends on its script.
    const named: Record<string, string>[] =
      locale === 'ja-JP' ? [{}, { organizationName: '株式会社フォース', recipientName: '山田太郎' }] : [{}];
    const cases = variants.flatMap((v) => named.map((names) => ({ ...v, data: namedAs(v.data, names) })));
    for (const { template, variant, data } of cases) {
      const email = await renderEmail(template, templateSchema(template).parse(data), undefined, locale);
      const parts = [
        ['subject', email.subject, false],
        ['html', visibleText(email.html), false],
        ['text', email.text, true],
      ] as const;
      for (const [part, text, textVersion] of parts)
        for (const problem of typographyProblems(locale, text, { textVersion, titles }))
          found.push(`${template}/${variant} ${part}: ${problem}`);
    }
    expect(found).toEqual([]);
  });
});
