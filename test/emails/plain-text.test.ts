import { unstableToPlainText } from '@react-email/render';
import { describe, expect, test } from 'vitest';
import { locales, renderEmail, templateSchema, variants } from '../../emails/_catalog/index.ts';
import { toPlainText } from '../../emails/_catalog/plain-text.ts';
import { previews as activationPreviews } from '../../emails/activation.tsx';

/** React Email's converter is the reference: ours reads the same markup faster, and must write the same text. */
const reference = (html: string) => unstableToPlainText(html);

describe('the text version is what React Email’s converter writes', () => {
  test.each(variants.flatMap((v) => locales.map((locale) => ({ ...v, locale }))))(
    '$template / $variant / $locale',
    async ({ template, data, locale }) => {
      const { html, text } = await renderEmail(template, templateSchema(template).parse(data), undefined, locale);
      expect(toPlainText(html)).toBe(reference(html));
      // The Japanese HTML gets its phrase breaks after the text is taken, so only the others hold it whole.
      if (locale !== 'ja-JP') expect(text).toBe(reference(html));
    },
  );

  test('with data full of markup characters, entities and spacing', async () => {
    const tricky = ['<b>&amp;</b> "q" \'a\'', 'A &nbsp;  B   C', 'x > y < z', 'Ünïcödé — 日本語 ​ zero‍width'];
    for (const value of tricky) {
      const { html, text } = await renderEmail(
        'activation',
        templateSchema('activation').parse({
          ...activationPreviews['trial-customer'],
          organizationName: value,
          recipientName: value,
          signInUrl: `https://activation.example.com/in?a=1&b=${encodeURIComponent(value)}`,
        }),
      );
      expect(text).toBe(reference(html));
    }
  });

  test.each([
    [
      'nested lists and a start',
      '<body><ol start="3"><li>a<ul><li>b</li><li>c<ol><li>d</li></ol></li></ul></li><li>e</li></ol></body>',
    ],
    [
      'blocks, headings, quotes, rules, breaks',
      '<body><h1>T</h1><blockquote><p>q1</p><p>q2</p></blockquote><hr/><p>a<br/>b</p><pre>  x\n y</pre></body>',
    ],
    [
      'links: same text, mailto, fragment, empty',
      '<body><a href="https://a.example/">https://a.example/</a> <a href="mailto:x@y.example">mail</a> <a href="#top">top</a> <a href="https://b.example/?a=1&amp;b=2"></a></body>',
    ],
    [
      'skipped content',
      '<body><img alt="x"/><div data-skip-in-text="true">hidden</div><style>p{}</style><p>seen<!-- a comment --> too</p></body>',
    ],
    ['tables', '<body><table><tbody><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr></tbody></table></body>'],
    ['no body', '<p>one</p><p>two</p>'],
  ])('%s', (_, html) => {
    expect(toPlainText(html)).toBe(reference(html));
  });
});
