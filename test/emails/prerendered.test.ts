import { render as reactEmailRender } from '@react-email/render';
import { createElement } from 'react';
import { describe, expect, test } from 'vitest';
import { locales, renderEmail, templateComponent, templateSchema, variants } from '../../emails/_catalog/index.ts';
import { defaultBrand } from '../../emails/_components/brand.ts';

/**
 * renderEmail renders the parts that depend only on brand, locale and scenario once, then splices
 * their HTML into later emails (emails/_components/prerendered.tsx). A reader must never tell.
 */
describe('prerendered parts', () => {
  const cases = variants.flatMap((v) => locales.map((locale) => ({ ...v, locale })));

  test.each(cases)(
    '$template / $variant / $locale: an email from the cache is the email rendered in full',
    async ({ template, data, locale }) => {
      const parsed = templateSchema(template).parse(data);
      // A brand object of its own has an empty cache: every part is rendered by React this time.
      const full = await renderEmail(template, parsed, { ...defaultBrand }, locale);
      const brand = { ...defaultBrand };
      await renderEmail(template, parsed, brand, locale);
      const spliced = await renderEmail(template, parsed, brand, locale);
      expect(spliced).toEqual(full);
      expect(full.html).not.toContain('<template');
    },
  );

  test('each brand has its own parts: a second brand never shows the first one', async () => {
    const data = templateSchema('activation').parse(variants.find((v) => v.template === 'activation')?.data);
    const first = { ...defaultBrand, name: 'Contoso Licensing' };
    const second = { ...defaultBrand, name: 'Fabrikam Licensing' };
    await renderEmail('activation', data, first);
    const email = await renderEmail('activation', data, second);
    expect(email.html).toContain('Fabrikam Licensing');
    expect(email.html).not.toContain('Contoso Licensing');
  });

  test('each scenario has its own parts', async () => {
    const activation = variants.filter((v) => v.template === 'activation');
    const brand = { ...defaultBrand };
    for (const { data } of activation) await renderEmail('activation', templateSchema('activation').parse(data), brand);
    for (const { data } of activation) {
      const parsed = templateSchema('activation').parse(data);
      expect((await renderEmail('activation', parsed, brand)).html).toBe(
        (await renderEmail('activation', parsed, { ...defaultBrand })).html,
      );
    }
  });

  test("outside renderEmail (React Email's preview and render()) a part is plain markup, with no marker", async () => {
    const { template, data } = variants[0] as (typeof variants)[number];
    const html = await reactEmailRender(
      createElement(templateComponent(template), templateSchema(template).parse(data)),
    );
    expect(html).not.toContain('<template');
  });
});
