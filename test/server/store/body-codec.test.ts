import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderEmail, variants } from '../../../emails/_catalog/index.ts';
import { packBody, unpackBody } from '../../../server/store/body-codec.ts';

/** How bodies are stored: packed small against a fixed dictionary, and back byte for byte. */

const dictionaries = join(import.meta.dirname, '..', '..', '..', 'server', 'store', 'body-dictionaries');
const sha256 = (file: string) =>
  createHash('sha256')
    .update(readFileSync(join(dictionaries, file)))
    .digest('hex');

describe('body codec', () => {
  it.each(variants)('packs $template/$variant to a fraction of its size and unpacks it unchanged', async (variant) => {
    const { html, text } = await renderEmail(variant.template, variant.data);
    const packedHtml = packBody('html', html);
    const packedText = packBody('text', text);
    expect(packedHtml.length).toBeLessThan(800);
    expect(packedHtml.length).toBeLessThan(html.length / 10);
    expect(packedText.length).toBeLessThan(400);
    expect(unpackBody('html', packedHtml)).toBe(html);
    expect(unpackBody('text', packedText)).toBe(text);
  });

  it('packs any text, however unlike the dictionary, and gives it back', () => {
    for (const body of ['', 'x', '<p>Grüße, 日本語, 🌱</p>', 'a'.repeat(100_000)]) {
      expect(unpackBody('html', packBody('html', body))).toBe(body);
      expect(unpackBody('text', packBody('text', body))).toBe(body);
    }
  });

  it('reads format 0 (UTF-8 as it is) and refuses a format it does not know', () => {
    expect(unpackBody('html', Buffer.concat([Buffer.of(0), Buffer.from('<p>Grüße</p>')]))).toBe('<p>Grüße</p>');
    expect(() => unpackBody('html', Buffer.of(9, 1, 2))).toThrow(/unknown format \(9\)/);
  });

  it('keeps its dictionaries byte for byte: every body packed with them needs them to come back', () => {
    expect({ html: sha256('html-1.dict'), text: sha256('text-1.dict') }).toEqual({
      html: '241adaf85ab6dceade2aa7cbee6129147a2bfa477e51bc0d9a218df7d904f15e',
      text: '0ff3be2e5c6a2a64da11f44c5d97d4daa2c1d4f80d2bd451ecc4109c4e5c316b',
    });
    expect({ html: sha256('html-2.dict'), text: sha256('text-2.dict') }).toEqual({
      html: '1747aa9b003f56bcc9698e18782e8c2382991e308de2eebe3c0d752203fb6ae3',
      text: '0b915e5ae95a9f61b0a5cc9b87b6237c8c0d8b3aaa14638f9ad23851c33402f5',
    });
  });

  it('reads bodies packed with dictionary 1 (format 1), and packs new ones with dictionary 2', () => {
    const body = '<p>Hello Dana Whitfield,</p>';
    const v1 = Buffer.concat([
      Buffer.of(1),
      deflateRawSync(body, { dictionary: readFileSync(join(dictionaries, 'html-1.dict')) }),
    ]);
    expect(unpackBody('html', v1)).toBe(body);
    expect(packBody('html', body)[0]).toBe(2);
  });
});
