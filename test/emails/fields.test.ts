/**
 * The one-line rule and the link check of emails/_catalog/fields.ts, character by character.
 * The request-level behaviour (422 naming the field) is in test/server/routes/email-request.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { linkInText, ONE_LINE, singleLine } from '../../emails/_catalog/fields.ts';

/** The format characters scripts need, which the rule keeps (and `singleLine` allows only in place). */
const KEPT = new Set([0x200c, 0x200d, 0x200e, 0x200f, 0x061c]);
const TAGS = (cp: number) => cp >= 0xe0000 && cp <= 0xe007f;

describe('ONE_LINE refuses exactly the controls, separators, format characters and lone surrogates', () => {
  const refused = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]$/u;
  const shouldRefuse = (cp: number) => (refused.test(String.fromCodePoint(cp)) && !KEPT.has(cp)) || TAGS(cp);

  test('every code point, as the server compiles the pattern', () => {
    const wrong: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (ONE_LINE.test(String.fromCodePoint(cp)) === shouldRefuse(cp)) wrong.push(cp.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  test('astral text in surrogate pairs, a lone surrogate refused', () => {
    expect(ONE_LINE.test('Contoso 👩‍💻 𠀋')).toBe(true);
    expect(ONE_LINE.test('Contoso \ud83d')).toBe(false);
    expect(ONE_LINE.test('Contoso \udc69')).toBe(false);
  });

  test('compiled with the u flag, as some generated clients do, it refuses the same BMP characters and no more', () => {
    const unicode = new RegExp(ONE_LINE.source, 'u');
    const wrong: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if (unicode.test(String.fromCodePoint(cp)) === shouldRefuse(cp)) wrong.push(cp.toString(16));
    }
    expect(wrong).toEqual([]);
  });
});

describe('singleLine', () => {
  const field = singleLine(200, { hosts: ['activation.example.com'] });
  const messages = (text: string) => field.safeParse(text).error?.issues.map((i) => i.message) ?? [];

  test.each([
    ['a soft hyphen', 'Contoso. verify at evil\u00ad.example/login'],
    ['a function application', 'Contoso. verify at evil\u2061.example/login'],
    ['an invisible plus', 'Contoso. verify at evil\u2064.example/login'],
    ['an inhibit symmetric swapping', 'Contoso. verify at evil\u206a.example/login'],
    ['a nominal digit shape', 'Contoso. verify at evil\u206f.example/login'],
    ['a tag character', 'Contoso. verify at evil\u{e0041}.example/login'],
    ['a language tag', 'Contoso. verify at evil\u{e0001}.example/login'],
    ['a cancel tag', 'Contoso\u{e007f}'],
  ])('refuses %s', (_label, text) => {
    expect(messages(text)).toContain(
      'must be one line of text, without control characters, bidi overrides or invisible characters',
    );
  });

  test.each([
    '株式会社フォース',
    'Zoë',
    "O'Brien-Smith",
    'شركة النور للتجارة',
    'ناصر\u200cالدين',
    'श्री राम एंटरप्राइज़ेज',
    'क्\u200dष',
    'स्मिथ\u200cजी',
    'モーニング娘。',
  ])('keeps %s', (name) => {
    expect(messages(name)).toEqual([]);
  });
});

describe('linkInText reads host names as a URL parser does', () => {
  const policy = { hosts: ['activation.example.com'] };

  test.each([
    ['a fullwidth full stop', 'evil\uff0eexample/login', 'evil.example'],
    ['an ideographic full stop', 'evil\u3002example/login', 'evil.example'],
    ['a halfwidth ideographic full stop', 'evil\uff61example/login', 'evil.example'],
    ['fullwidth letters', 'ｅｖｉｌ．ｅｘａｍｐｌｅ', 'evil.example'],
    ['a soft hyphen', 'evil\u00ad.example/login', 'evil.example'],
    ['a combining grapheme joiner', 'evil\u034f.example/login', 'evil.example'],
    ['a variation selector', 'evil\ufe0f.example/login', 'evil.example'],
    ['a combining mark', 'evi\u0301l.example', 'evíl.example'],
    ['a combining mark with no precomposed form', 'evil\u0334.example', 'evil\u0334.example'],
  ])('finds a host behind %s', (_label, text, host) => {
    expect(linkInText(`Contoso. verify at ${text}`, policy)).toBe(`a host name (${host})`);
  });

  test('finds a fullwidth scheme', () => {
    expect(linkInText('Contoso ｈｔｔｐｓ：／／x', policy)).toBe('a link (https://…)');
  });

  test('keeps the allowed host however it is written, and text without hosts', () => {
    expect(linkInText('Contoso activation．example．com team', policy)).toBeUndefined();
    expect(linkInText('株式会社フォース', policy)).toBeUndefined();
    expect(linkInText('Contoso Ltd. Co', policy)).toBeUndefined();
  });
});
