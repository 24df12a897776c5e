import { z } from 'zod';

/**
 * The languages the emails and the guide are written in: declared here once, and reused by the
 * message catalogs (emails/_messages), the request schemas of the API and the docs site.
 * `en-US` is the default; the order is the order lists show them in.
 */
export const locales = ['en-US', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP'] as const;
export type Locale = (typeof locales)[number];

export const defaultLocale: Locale = 'en-US';

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (locales as readonly string[]).includes(value);

/** The `locale` field of a request: one of the supported tags, spelt as above; an unknown one names them all. */
export const localeSchema = z.enum(locales, { error: `must be one of the supported locales: ${locales.join(', ')}` });

/** The primary language subtag, as the `lang` attribute and Starlight's locale folders use it. */
export const languageOf = (locale: Locale): string => locale.slice(0, 2);
