import { createContext, Fragment, type ReactNode, useContext } from 'react';
import type { Brand } from '../_domain/brand.ts';

/**
 * Parts of an email that depend on the brand and on what their `id` names (the locale, the
 * scenario), never on the data of one email: the server renders them with React once, then
 * splices that HTML into the markup of every later email. React renders an element in the
 * same markup wherever it sits, so the email is byte for byte what it was; a test holds it so.
 *
 * Only renderEmail splices (it provides the context below). Anywhere else (React Email's
 * preview and render()) a Prerendered part is its children, rendered as usual.
 *
 * A part holds whole body elements. Not `<title>`, `<meta>` or `<style>`: React moves those into
 * `<head>`, outside the part, and they would be missing where the part is reused. A part inside
 * a part is rendered as part of the outer one.
 */

/** The HTML of each part, by id, for one brand. */
type Parts = Map<string, string>;

/** Small numbers stand for ids in the markers, so that an id never needs escaping. */
const numbers = new Map<string, number>();
const ids: string[] = [];

const numberOf = (id: string): number => {
  let n = numbers.get(id);
  if (n === undefined) {
    n = ids.push(id) - 1;
    numbers.set(id, n);
  }
  return n;
};

/** One render's view of the cache: what it reuses and what it renders for the first time. */
export interface Splice {
  parts: Parts;
  /** Parts rendered in full this time, whose HTML `splicePrerendered` keeps. */
  fresh: Set<number>;
}

const SpliceContext = createContext<Splice | null>(null);

export const PrerenderedParts = SpliceContext.Provider;

/**
 * A cache of parts, per brand: `(brand) => ` what one render passes to PrerenderedParts and
 * splicePrerendered. Kept by the module that imports the templates (emails/_catalog/index.ts),
 * so that a dev server reloading an edited template or catalog starts a new one.
 */
export function prerenderCache(): (brand: Brand) => Splice {
  const byBrand = new WeakMap<Brand, Parts>();
  return (brand) => {
    let parts = byBrand.get(brand);
    if (!parts) {
      parts = new Map();
      byBrand.set(brand, parts);
    }
    return { parts, fresh: new Set() };
  };
}

// React writes these as they are; data cannot forge them, since React escapes every `<` of it.
const from = (n: number) => `<template data-prerendered-from="${n}"></template>`;
const to = (n: number) => `<template data-prerendered-to="${n}"></template>`;
const MARKER = '<template data-prerendered';
const CLOSE = '></template>';

/**
 * `id` must name everything the children depend on besides the brand (the locale, the
 * scenario): two parts with one id and one brand are taken to be the same HTML.
 */
export function Prerendered({ id, children }: { id: string; children: ReactNode }) {
  const splice = useContext(SpliceContext);
  if (!splice) return children;
  const n = numberOf(id);
  if (splice.parts.has(id)) return <template data-prerendered={n} />;
  splice.fresh.add(n);
  return (
    <Fragment>
      <template data-prerendered-from={n} />
      <SpliceContext.Provider value={null}>{children}</SpliceContext.Provider>
      <template data-prerendered-to={n} />
    </Fragment>
  );
}

/** The markup with every reused part spliced in, and the parts rendered this time kept for next time. */
export function splicePrerendered(markup: string, { parts, fresh }: Splice): string {
  for (const n of fresh) {
    const start = markup.indexOf(from(n));
    const end = markup.indexOf(to(n));
    if (start >= 0 && end > start) parts.set(ids[n] as string, markup.slice(start + from(n).length, end));
  }
  // indexOf rather than one regular expression over the whole markup: a fifth of the cost.
  let spliced = '';
  let at = 0;
  for (let found = markup.indexOf(MARKER); found >= 0; found = markup.indexOf(MARKER, at)) {
    const close = markup.indexOf(CLOSE, found);
    const marker = markup.slice(found + MARKER.length, close);
    spliced += markup.slice(at, found);
    // `="n"` reuses part n; `-from="n"` and `-to="n"` only mark where a fresh part was.
    if (marker.startsWith('="')) {
      const part = parts.get(ids[Number(marker.slice(2, -1))] as string);
      if (part === undefined) throw new Error(`no prerendered part for marker ${marker}`);
      spliced += part;
    }
    at = close + CLOSE.length;
  }
  return at === 0 ? markup : spliced + markup.slice(at);
}
