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
 * A dictionary file is never edited: every body packed with it needs it byte for byte to come
 * back. When the templates drift far from it, add dictionary 2 as format 2 and pack with that.
 */

export type BodyKind = 'html' | 'text';

const RAW = 0;
const PACKED = 1;

const dictionaryFiles: Record<BodyKind, string> = { html: 'html-1.dict', text: 'text-1.dict' };
const dictionaries: Partial<Record<BodyKind, Buffer>> = {};
// Read on first use: drizzle-kit loads the schema, and this module, where import.meta has no dirname.
const dictionary = (kind: BodyKind): Buffer =>
  (dictionaries[kind] ??= readFileSync(join(import.meta.dirname, 'body-dictionaries', dictionaryFiles[kind])));

export function packBody(kind: BodyKind, body: string): Buffer {
  // Level 3: as fast as any, and within a few dozen bytes of the smallest with this dictionary.
  const packed = deflateRawSync(body, { dictionary: dictionary(kind), level: 3 });
  return Buffer.concat([Buffer.of(PACKED), packed]);
}

export function unpackBody(kind: BodyKind, stored: Uint8Array): string {
  const bytes = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  switch (bytes[0]) {
    case RAW:
      return bytes.toString('utf8', 1);
    case PACKED:
      return inflateRawSync(bytes.subarray(1), { dictionary: dictionary(kind) }).toString('utf8');
    default:
      throw new Error(`a stored ${kind} body has an unknown format (${bytes[0]})`);
  }
}
