/**
 * Dark mode as mail apps that honour it show it (Apple Mail, Outlook for Mac and iOS): every
 * template × variant rendered in Chromium under `prefers-color-scheme: dark`, then every element
 * measured. No light block larger than a line of text may remain (a light frame around the card,
 * a light panel) and no light line either (a divider drawn in a light grey). The workbench's
 * dark-mode previews must show the same, whatever the designer's own setting. Screenshots of each
 * email in dark mode go to test-results/emails/dark-mode/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'react';
import { render } from 'react-email';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderEmail, templateSchema, variants } from '../../emails/_catalog/index.ts';
import { CheckedPreview } from '../../emails/_catalog/preview.tsx';
import { chromiumAvailable, type LaunchedBrowser, launchChromium, repoRoot } from '../support/docs-site.ts';

const shots = join(repoRoot, 'test-results', 'emails', 'dark-mode');

/** A line of the emails' body text is 24 px high: a light area taller and wider than that is a block. */
const LINE_PX = 24;
/** Relative luminance above which a colour reads as light on a dark screen (#d0d7de is 0.67, #1f6feb 0.17). */
const LIGHT = 0.5;

interface LightThing {
  what: string;
  element: string;
  color: string;
  width: number;
  height: number;
}

/** Runs in the page: every visible light background larger than a line, and every light border longer than one. */
function findLight(limits: { line: number; light: number }): LightThing[] {
  const luminance = (css: string): { l: number; alpha: number } | undefined => {
    const m = css.match(/rgba?\(([^)]+)\)/);
    if (!m?.[1]) return undefined;
    const [r = 0, g = 0, b = 0, a = 1] = m[1]
      .split(/[ ,/]+/)
      .filter(Boolean)
      .map(Number);
    const lin = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return { l: 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b), alpha: a };
  };
  const describe = (el: Element) =>
    `<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}> ${(el.textContent ?? '').trim().slice(0, 40)}`;
  const found: LightThing[] = [];
  // The canvas first: what shows around and below the email.
  const canvas = luminance(getComputedStyle(document.documentElement).backgroundColor);
  const bodyBg = luminance(getComputedStyle(document.body).backgroundColor);
  const page = bodyBg && bodyBg.alpha > 0 ? bodyBg : canvas;
  if (!page || page.alpha === 0) {
    // Transparent all the way: the canvas is the browser's, light unless the page asks for dark.
    if (getComputedStyle(document.documentElement).colorScheme.includes('dark') === false)
      found.push({ what: 'page canvas', element: '<html>', color: 'default', width: innerWidth, height: innerHeight });
  }
  for (const el of [document.body, ...document.body.querySelectorAll('*')]) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const bg = luminance(style.backgroundColor);
    if (bg && bg.alpha > 0.5 && bg.l > limits.light && rect.height > limits.line && rect.width > limits.line) {
      found.push({
        what: 'light block',
        element: describe(el),
        color: style.backgroundColor,
        width: rect.width,
        height: rect.height,
      });
    }
    for (const side of ['Top', 'Right', 'Bottom', 'Left'] as const) {
      const width = Number.parseFloat(style.getPropertyValue(`border-${side.toLowerCase()}-width`));
      const lineStyle = style.getPropertyValue(`border-${side.toLowerCase()}-style`);
      const color = style.getPropertyValue(`border-${side.toLowerCase()}-color`);
      const length = side === 'Top' || side === 'Bottom' ? rect.width : rect.height;
      const c = luminance(color);
      if (
        width > 0 &&
        lineStyle !== 'none' &&
        lineStyle !== 'hidden' &&
        c &&
        c.alpha > 0.5 &&
        c.l > limits.light &&
        length > limits.line
      ) {
        found.push({
          what: `light ${side.toLowerCase()} border`,
          element: describe(el),
          color,
          width: side === 'Top' || side === 'Bottom' ? length : width,
          height: side === 'Top' || side === 'Bottom' ? width : length,
        });
      }
    }
  }
  return found;
}

describe.skipIf(!chromiumAvailable)('dark mode in Chromium', () => {
  let chromium: LaunchedBrowser;
  beforeAll(async () => {
    chromium = await launchChromium();
    mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => chromium?.close());

  /** The light things `html` shows under the given colour scheme, with a screenshot. */
  async function lightThings(html: string, colorScheme: 'dark' | 'light', shot?: string): Promise<LightThing[]> {
    const page = await chromium.browser.newPage({ colorScheme, viewport: { width: 700, height: 900 } });
    try {
      await page.setContent(html, { waitUntil: 'load' });
      if (shot) await page.screenshot({ path: join(shots, shot), fullPage: true });
      return await page.evaluate(findLight, { line: LINE_PX, light: LIGHT });
    } finally {
      await page.close();
    }
  }

  test.each(variants)(
    '$template / $variant: no light block or line under prefers-color-scheme: dark',
    async ({ template, variant, data }) => {
      const { html } = await renderEmail(template, templateSchema(template).parse(data));
      expect(await lightThings(html, 'dark', `${template}-${variant}.png`)).toEqual([]);
    },
  );

  test('the check sees a light frame and a light divider (the faults it was written for)', async () => {
    const { html } = await renderEmail(
      'trial-ending',
      templateSchema('trial-ending').parse(variants.find((v) => v.template === 'trial-ending')?.data),
    );
    const faulty = html
      .replace(
        '<table role="presentation" width="100%" border="0" cellPadding="0" cellSpacing="0" align="center" class="am-page"',
        '<table role="presentation" width="100%" border="0" cellPadding="0" cellSpacing="0" align="center"',
      )
      .replace('<hr class="am-rule"', '<hr');
    expect(faulty).not.toBe(html);
    const found = await lightThings(faulty, 'dark');
    expect(found.map((f) => f.what)).toEqual(expect.arrayContaining(['light block', 'light top border']));
  });

  test('the workbench’s dark-mode previews show the same dark design whatever the designer’s setting', async () => {
    for (const { template, variant, data } of variants) {
      const html = await render(
        createElement(CheckedPreview, {
          template,
          variant,
          locale: 'en-US',
          data: data as Record<string, unknown>,
          colorScheme: 'dark',
        }),
      );
      expect(await lightThings(html, 'light'), `${template}/${variant}`).toEqual([]);
    }
  });

  test('in light mode the design stays light (the dark rules apply only in dark mode)', async () => {
    const { html } = await renderEmail('activation', templateSchema('activation').parse(variants[0]?.data));
    expect((await lightThings(html, 'light')).some((f) => f.what === 'light block')).toBe(true);
  });
});
