/**
 * The guide's languages as Starlight sees them: en-US at the root, the others under a folder
 * named by their language subtag (/de/, /fr/, /es/, /ja/). One place for the mapping, so the
 * config, the components, the routes and the tests agree.
 */
import { defaultLocale, type Locale, locales } from './facts.ts';

export const localeFolders: Record<Locale, string | undefined> = {
  'en-US': undefined,
  'de-DE': 'de',
  'fr-FR': 'fr',
  'es-ES': 'es',
  'ja-JP': 'ja',
};

/** Each language's name in itself, for the language picker. */
export const localeLabels: Record<Locale, string> = {
  'en-US': 'English',
  'de-DE': 'Deutsch',
  'fr-FR': 'Français',
  'es-ES': 'Español',
  'ja-JP': '日本語',
};

/** Starlight's `locales` option. */
export const starlightLocales = Object.fromEntries(
  locales.map((locale) => [localeFolders[locale] ?? 'root', { label: localeLabels[locale], lang: locale }]),
);

/** "/faq/" in a locale: "/faq/" for en-US, "/de/faq/" for de-DE. */
export const localizedPath = (locale: Locale, path: string): string => {
  const folder = localeFolders[locale];
  return folder ? `/${folder}${path}` : path;
};

/** The locale of a page from its `lang` (Starlight's route data), en-US when unknown. */
export const localeOfLang = (lang: string | undefined): Locale =>
  locales.find((l) => l === lang) ?? locales.find((l) => lang && l.startsWith(`${lang}-`)) ?? defaultLocale;

/** The locale a site path belongs to: "/ja/faq/" → ja-JP. */
export const localeOfPath = (path: string): Locale => {
  const first = path.split('/')[1] ?? '';
  return locales.find((l) => localeFolders[l] === first) ?? defaultLocale;
};

/** A site path without its locale folder: "/ja/faq/" → "/faq/". */
export const unlocalizedPath = (path: string): string => {
  const folder = localeFolders[localeOfPath(path)];
  return folder ? path.slice(folder.length + 1) || '/' : path;
};
