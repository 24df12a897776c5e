/**
 * The one fix made to Starlight's search markup (docs-site/src/lib/search-button.ts): the button
 * is named by its visible label, not by aria-label; the shortcut hint is left out of the name;
 * and a change in Starlight's markup stops the build rather than shipping a half-fixed button.
 * The browser suite (site.test.ts) checks the built button with axe's label-in-name rule.
 */
import { describe, expect, test } from 'vitest';
import { SEARCH_LABEL_CLASS, searchButtonNamedByItsLabel } from '../../docs-site/src/lib/search-button.ts';

/** Starlight 0.42's search button as it renders (scoped class names included), trimmed after the button. */
const starlight = [
  '<site-search class="astro-a astro-b" data-translations="{}">',
  '<button data-open-modal disabled aria-label="Suchen" aria-keyshortcuts="Control+K" class="astro-b">',
  '<svg aria-hidden="true" class="astro-b"><path d="M0"/></svg>',
  '<span class="sl-hidden md:sl-block astro-b" aria-hidden="true">Suchen</span>',
  '<kbd class="sl-hidden md:sl-flex astro-b" style="display: none;"><kbd class="astro-b">Strg</kbd><kbd class="astro-b">K</kbd></kbd>',
  '</button>',
  '<dialog style="padding:0" aria-label="Suchen" class="astro-b"><span>other</span><kbd>x</kbd></dialog>',
  '</site-search>',
].join('');

describe('the search button named by its visible label', () => {
  const fixed = searchButtonNamedByItsLabel(starlight);
  const button = fixed.slice(fixed.indexOf('<button'), fixed.indexOf('</button>'));

  test('the button has no aria-label: its name is its content', () => {
    expect(button).not.toContain('aria-label');
    expect(button).toContain('aria-keyshortcuts="Control+K"');
  });

  test('the label is read by screen readers, hidden only visually on phones', () => {
    expect(button).toContain(`<span class="${SEARCH_LABEL_CLASS} md:sl-block astro-b">Suchen</span>`);
  });

  test('the shortcut hint is not part of the name', () => {
    expect(button).toMatch(/<kbd class="sl-hidden md:sl-flex astro-b" style="display: none;" aria-hidden="true">/);
  });

  test('nothing outside the button changes', () => {
    expect(fixed.slice(fixed.indexOf('</button>'))).toBe(starlight.slice(starlight.indexOf('</button>')));
    expect(fixed.slice(0, fixed.indexOf('<button'))).toBe(starlight.slice(0, starlight.indexOf('<button')));
  });

  test.each([
    ['no aria-label to remove', starlight.replace(' aria-label="Suchen" aria-keyshortcuts', ' aria-keyshortcuts')],
    ['a label that is no longer hidden', starlight.replace(' aria-hidden="true">Suchen', '>Suchen')],
    ['no label at all', starlight.replace(/<span class="sl-hidden[^>]*>Suchen<\/span>/, '')],
    ['no button', starlight.replace('data-open-modal', 'data-open')],
  ])('a change in Starlight’s markup stops the build: %s', (_, html) => {
    expect(() => searchButtonNamedByItsLabel(html)).toThrow(/Starlight's search markup changed/);
  });
});
