import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { App } from '../http.ts';

/**
 * The console's stylesheet and script, files of their own (server/console/public/, copied beside
 * the bundle by build.ts) so that the CSP allows no inline style or script. Each is read once,
 * on first use, and linked with its digest in the URL: cached for a year, fetched again when it
 * changes.
 */

const files = {
  'console.css': 'text/css; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
} as const;
export type AssetName = keyof typeof files;

interface Asset {
  body: string;
  version: string;
}

const loaded = new Map<AssetName, Asset>();

function asset(name: AssetName): Asset {
  let found = loaded.get(name);
  if (!found) {
    const body = readFileSync(new URL(`./public/${name}`, import.meta.url), 'utf8');
    found = { body, version: createHash('sha256').update(body).digest('hex').slice(0, 12) };
    loaded.set(name, found);
  }
  return found;
}

/** The URL a page links the asset by. */
export const assetUrl = (name: AssetName): string => `/console/assets/${name}?v=${asset(name).version}`;

/** The asset's size in bytes, as sent (before compression). */
export const assetSize = (name: AssetName): number => Buffer.byteLength(asset(name).body);

export function mountAssets(app: App): void {
  app.get('/console/assets/:name', (c) => {
    const name = c.req.param('name');
    if (!Object.hasOwn(files, name)) return c.notFound();
    const { body, version } = asset(name as AssetName);
    const current = c.req.query('v') === version;
    return c.body(body, 200, {
      'Content-Type': files[name as AssetName],
      'Cache-Control': current ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
  });
}
