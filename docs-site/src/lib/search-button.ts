/**
 * One accessibility fix to Starlight's own search component (WCAG 2.5.3, label in name), applied
 * to the HTML it renders, so that everything else (markup, script, styles, translations) stays
 * Starlight's and follows its upgrades. Starlight names the search button with
 * aria-label="Search" while the button also shows the shortcut ("Search Ctrl K"), and hides its
 * visible label from screen readers. Here the button takes its name from its visible label
 * ("Search", kept for screen readers on phones, where only the icon shows), and the shortcut
 * hint is aria-hidden, since aria-keyshortcuts announces it.
 *
 * Each edit must find the markup it expects: if a Starlight release changes that markup, the
 * build stops here, naming the edit that no longer applies, instead of shipping a half-fixed button.
 */

/** The class our own CSS (Search.astro) uses to hide the label visually on phones, not from screen readers. */
export const SEARCH_LABEL_CLASS = 'search-label';

const OPEN_BUTTON = /<button\b[^>]*\bdata-open-modal\b[^>]*>/;

function changed(what: string, before: string, after: string): string {
  if (after === before) {
    throw new Error(
      `Starlight's search markup changed: cannot fix "${what}". Review docs-site/src/lib/search-button.ts against Starlight's Search.astro.`,
    );
  }
  return after;
}

/** The first start tag named `name` after `from` in `html`, with its position. */
function tagAfter(html: string, name: string, from: number): { tag: string; at: number } | undefined {
  const re = new RegExp(`<${name}\\b[^>]*>`, 'g');
  re.lastIndex = from;
  const m = re.exec(html);
  return m ? { tag: m[0], at: m.index } : undefined;
}

const classes = (tag: string): string[] => tag.match(/\bclass="([^"]*)"/)?.[1]?.split(/\s+/) ?? [];
const withClasses = (tag: string, list: string[]): string =>
  tag.replace(/\bclass="[^"]*"/, `class="${list.join(' ')}"`);

/** Starlight's rendered search with the button named by its visible label. */
export function searchButtonNamedByItsLabel(html: string): string {
  const button = html.match(OPEN_BUTTON);
  if (!button || button.index === undefined) return changed('find the open button', html, html);
  const end = html.indexOf('</button>', button.index);
  const inside = (t: { at: number } | undefined) => t !== undefined && t.at < end;

  const label = tagAfter(html, 'span', button.index);
  const hint = tagAfter(html, 'kbd', button.index);
  if (!inside(label) || !inside(hint) || !label || !hint) return changed('find the label and the shortcut', html, html);

  // The button: named by its content, not by aria-label.
  const buttonTag = changed(
    'the button names itself with aria-label',
    button[0],
    button[0].replace(/\saria-label="[^"]*"/, ''),
  );
  // The label: read by screen readers; visually hidden on phones by our class instead of display: none.
  const labelClasses = classes(label.tag);
  const hidden = labelClasses.includes('sl-hidden') && label.tag.includes('aria-hidden="true"');
  const labelTag = changed(
    'the visible label is hidden from screen readers',
    label.tag,
    hidden
      ? withClasses(label.tag.replace(/\saria-hidden="true"/, ''), [
          SEARCH_LABEL_CLASS,
          ...labelClasses.filter((c) => c !== 'sl-hidden'),
        ])
      : label.tag,
  );
  // The shortcut hint: aria-keyshortcuts announces it, so it is not part of the name.
  const hintTag = changed(
    'the shortcut hint is read as part of the name',
    hint.tag,
    hint.tag.includes('aria-hidden') ? hint.tag : hint.tag.replace(/>$/, ' aria-hidden="true">'),
  );

  const edits = [
    { at: button.index, from: button[0], to: buttonTag },
    { at: label.at, from: label.tag, to: labelTag },
    { at: hint.at, from: hint.tag, to: hintTag },
  ].sort((a, b) => b.at - a.at);
  let out = html;
  for (const e of edits) out = out.slice(0, e.at) + e.to + out.slice(e.at + e.from.length);
  return out;
}
