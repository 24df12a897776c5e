import { describe, expect, test } from 'vitest';
import { checkEmailHtml, SIZE_LIMIT_BYTES } from '../../emails/_catalog/checks.ts';
import { locales, renderEmail, templateSchema, variants } from '../../emails/_catalog/index.ts';

/**
 * Every template × variant × locale, as the clients of enterprise inboxes will get it: checked
 * against caniemail's data (Outlook on Windows, Outlook.com, Gmail web and apps, Apple Mail,
 * Yahoo, Samsung Email) with zero features that break layout, with html-validate, and for size.
 */
const cases = locales.flatMap((locale) => variants.map((v) => ({ ...v, locale })));

describe.each(cases)('$template / $variant / $locale', ({ template, data, locale }) => {
  test('passes caniemail, html-validate and the size limit', async () => {
    const email = await renderEmail(template, templateSchema(template).parse(data), undefined, locale);
    expect(await checkEmailHtml(email.html)).toEqual([]);
    expect(Buffer.byteLength(email.html)).toBeLessThan(SIZE_LIMIT_BYTES);
  });
});

describe('the checks catch what breaks', () => {
  test('a flex layout, an invalid nesting and an oversized email', async () => {
    const html = `<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><div style="display:flex"><p><div>x</div></p></div>${'<p>filler</p>'.repeat(6000)}</body></html>`;
    const problems = await checkEmailHtml(html);
    expect(problems.map((p) => p.check)).toEqual(expect.arrayContaining(['caniemail', 'html-validate', 'size']));
    expect(problems.find((p) => p.check === 'caniemail')?.message).toMatch(
      /^display:flex is not supported by .*outlook\.windows/,
    );
  });
});

describe('Japanese line breaking', () => {
  const trial = variants.find((v) => v.variant === 'trial-customer');
  test('breaks only between phrases: a zero-width space at each boundary of the text, none in the text version', async () => {
    if (!trial) throw new Error('no trial-customer variant');
    const email = await renderEmail('activation', templateSchema('activation').parse(trial.data), undefined, 'ja-JP');
    expect(email.html).toContain('word-break:keep-all');
    expect(email.html).toMatch(/>[^<]*\p{Script=Han}[^<]*\u200b[^<]*</u);
    // Never inside a tag, an attribute or an entity, never in the subject or the text version.
    for (const tag of email.html.match(/<[^>]+>/g) ?? []) expect(tag).not.toContain('\u200b');
    expect(email.html).not.toMatch(/&[#\w]*\u200b[#\w]*;/);
    expect(email.subject).not.toContain('\u200b');
    expect(email.text).not.toContain('\u200b');
    expect(email.text).toContain('この選択は一度きりで、取り消すことはできません。');
  });
});
