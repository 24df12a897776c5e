import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * How email bodies are stored: deflated against a dictionary made of our own rendered emails.
 * What one email shares with the others (layout, styles, the guide's wording) then costs
 * almost nothing, so an 8–10 KB HTML body keeps to a few hundred bytes and stays in its row
 * instead of going to TOAST. On PGlite, writing and reading the bodies uncompressed was most
 * of the database's work per email; compressing them there (pglz) cost about as much again.
 *
 * A stored body starts with one byte naming its format:
 *   0  UTF-8 as it is: the bodies written before migration 0002
 *   1  raw deflate against dictionary 1 of its kind, `body-dictionaries/<kind>-1.dict`
 *   2  the same against dictionary 2: the emails in five locales, with dark mode and React
 *      Email 6's markup (built by build-body-dictionary.ts); what is packed now
 * A dictionary file is never edited: every body packed with it needs it byte for byte to come
 * back. When the templates drift far from it, add the next dictionary as the next format.
 */

export type BodyKind = 'html' | 'text';

const RAW = 0;
const PACKED_FORMATS = [1, 2] as const;
type PackedFormat = (typeof PACKED_FORMATS)[number];
const CURRENT: PackedFormat = 2;

const dictionaries = new Map<string, Buffer>();
// Read on first use: drizzle-kit loads the schema, and this module, where import.meta has no dirname.
const dictionary = (kind: BodyKind, format: PackedFormat): Buffer => {
  const file = `${kind}-${format}.dict`;
  let dict = dictionaries.get(file);
  if (!dict) {
    dict = readFileSync(join(import.meta.dirname, 'body-dictionaries', file));
    dictionaries.set(file, dict);
  }
  return dict;
};

export function packBody(kind: BodyKind, body: string): Buffer {
  // Level 3: as fast as any, and within a few dozen bytes of the smallest with this dictionary.
  const packed = deflateRawSync(body, { dictionary: dictionary(kind, CURRENT), level: 3 });
  return Buffer.concat([Buffer.of(CURRENT), packed]);
}

export function unpackBody(kind: BodyKind, stored: Uint8Array): string {
  const bytes = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  switch (bytes[0]) {
    case RAW:
      return bytes.toString('utf8', 1);
    case 1:
    case 2:
      return inflateRawSync(bytes.subarray(1), { dictionary: dictionary(kind, bytes[0]) }).toString('utf8');
    default:
      throw new Error(`a stored ${kind} body has an unknown format (${bytes[0]})`);
  }
}
