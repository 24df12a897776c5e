/** The routes of the standalone email pages: one per variant and locale ("/de/emails/activation/new-customer/"). */
import { variantHref, variants } from './emails.ts';
import type { Locale } from './facts.ts';
import { localeFolders } from './i18n.ts';

export function emailPagePaths(forLocales: readonly Locale[]) {
  return forLocales.flatMap((locale) =>
    variants.map((v) => ({
      params: {
        ...(localeFolders[locale] ? { lang: localeFolders[locale] } : {}),
        variant: variantHref('en-US', v.template, v.variant).replace(/^\/emails\/|\/$/g, ''),
      },
      props: { locale, template: v.template, variant: v.variant },
    })),
  );
}
