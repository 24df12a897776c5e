import { render as reactEmailRender } from '@react-email/render';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import {
  type Brand,
  type Locale,
  locales,
  renderEmail,
  type TemplateName,
  templateComponent,
  templateSchema,
  variants,
} from '../../emails/_catalog/index.ts';
import { breakJapanesePhrases } from '../../emails/_components/phrases.ts';
import {
  Prerendered,
  PrerenderedParts,
  prerenderCache,
  splicePrerendered,
} from '../../emails/_components/prerendered.tsx';
import { defaultBrand } from '../../emails/_domain/brand.ts';

/**
 * renderEmail renders the parts that depend only on brand, locale and scenario once, then splices
 * their HTML into later emails (emails/_components/prerendered.tsx). A reader must never tell.
 */
describe('prerendered parts', () => {
  const cases = variants.flatMap((v) => locales.map((locale) => ({ ...v, locale })));

  /** The email as React Email's own render() writes it, with renderEmail's Japanese phrase breaks: no part spliced. */
  async function reference(template: TemplateName, data: unknown, brand: Brand, locale: Locale): Promise<string> {
    const html = (
      await reactEmailRender(createElement(templateComponent(template), { ...(data as object), brand, locale }))
    ).replace(/<!--(?:\$|\/\$|html|head|body)-->/g, '');
    const doctypeEnd = html.indexOf('>') + 1;
    return locale === 'ja-JP' ? html.slice(0, doctypeEnd) + breakJapanesePhrases(html.slice(doctypeEnd)) : html;
  }

  test('every template, variant and locale, one after another from one cache, is the email React Email renders', async () => {
    // One brand for all, as the server has: each part is rendered once, then reused by every
    // later email that names it. Twice round, with other names, so that a part that quietly
    // depended on the data (or an id that left out the locale or scenario) would show.
    const brand = { ...defaultBrand };
    for (const round of [1, 2]) {
      for (const { template, data, locale } of cases) {
        const varied = { ...(data as object), organizationName: `Org ${round}`, recipientName: `Person ${round}` };
        const parsed = templateSchema(template).parse(varied);
        const email = await renderEmail(template, parsed, brand, locale);
        expect(email.html, `${template} ${locale} round ${round}`).toBe(
          await reference(template, parsed, brand, locale),
        );
        expect(email.html).not.toContain('<template');
      }
    }
  });

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

  test('a part inside a part is rendered as part of the outer one, and reused with it', () => {
    const cache = prerenderCache();
    const brand = { ...defaultBrand };
    const tree = (
      <div>
        <Prerendered id="outer">
          <p>outer</p>
          <Prerendered id="inner">
            <p>inner</p>
          </Prerendered>
        </Prerendered>
        <Prerendered id="inner">
          <p>inner</p>
        </Prerendered>
      </div>
    );
    const render = () => {
      const splice = cache(brand);
      return splicePrerendered(renderToString(createElement(PrerenderedParts, { value: splice }, tree)), splice);
    };
    const plain = renderToString(tree);
    expect(render()).toBe(plain);
    expect(render()).toBe(plain);
    expect(plain).not.toContain('<template');
  });

  test("outside renderEmail (React Email's preview and render()) a part is plain markup, with no marker", async () => {
    const { template, data } = variants[0] as (typeof variants)[number];
    const html = await reactEmailRender(
      createElement(templateComponent(template), templateSchema(template).parse(data)),
    );
    expect(html).not.toContain('<template');
  });
});
