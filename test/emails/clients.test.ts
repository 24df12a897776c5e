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
