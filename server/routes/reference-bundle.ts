import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

/**
 * The browser bundle of the API reference (Scalar's standalone build): one file, served from this
 * server so the page loads nothing from a CDN. The build (server/build.ts) copies it beside the
 * compiled server, with its gzip, so a production install needs no @scalar package at all; run
 * from source (tests, tsx), it is read from the package, a devDependency.
 */

/** Where the build puts the bundle: dist/server/assets/. */
export const REFERENCE_BUNDLE_FILE = 'scalar-api-reference.js';

/** The bundle in the installed @scalar/api-reference package (build time and development only). */
export function packagedReferenceBundle(): string {
  const entry = createRequire(import.meta.url).resolve('@scalar/api-reference');
  return join(dirname(entry), 'browser', 'standalone.js');
}

export interface ReferenceBundle {
  /** The first 16 hex digits of its SHA-256: part of its URL, so it can be cached for good. */
  hash: string;
  plain: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
}

const gzipAsync = promisify(gzip);

/**
 * Reads the bundle once, on first use (no I/O while the app is built): the built copy in
 * `assetsDir` when there is one (with the gzip the build wrote), else the package's.
 */
export function referenceBundle(assetsDir: string): () => Promise<ReferenceBundle> {
  let loading: Promise<ReferenceBundle> | undefined;
  return () => {
    loading ??= (async () => {
      const built = join(assetsDir, REFERENCE_BUNDLE_FILE);
      const fromBuild = existsSync(built);
      const plain = await readFile(fromBuild ? built : packagedReferenceBundle());
      const zipped = fromBuild && existsSync(`${built}.gz`) ? await readFile(`${built}.gz`) : await gzipAsync(plain);
      const hash = createHash('sha256').update(plain).digest('hex').slice(0, 16);
      return { hash, plain, gzip: new Uint8Array(zipped) };
    })();
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
}
