import type { Locale } from '../_catalog/locales.ts';

/**
 * The deployment's brand and support line: who signs the emails and how customers reach support.
 * The seed's values are the defaults; server/config.ts overrides each from the environment, so
 * another operator of the same process can run the service under its own name.
 * The phone line's region, hours and days are words: the defaults are translated by each
 * locale's messages (emails/_messages); values an operator sets are shown as they are written.
 */
export interface Brand {
  /** Who signs the emails. */
  name: string;
  /** The product being activated. */
  product: string;
  supportPortalUrl: string;
  /** Local hours and contacts outside the US and Canada. The seed's page exists in each locale's language (see internationalSupportUrlFor). */
  internationalSupportUrl: string;
  phone: {
    number: string;
    option: string;
    region: string;
    hours: string;
    days: string;
  };
}

export const defaultBrand: Brand = {
  name: 'Microsoft Online Services',
  product: 'Office 365 for Enterprises',
  supportPortalUrl: 'https://portal.microsoftonline.com',
  internationalSupportUrl: 'https://www.microsoft.com/online/help/en-us/helphowto/contact-support.htm',
  phone: {
    number: '1-866-676-6546',
    option: '2',
    region: 'US and Canada',
    hours: '6 am to 6 pm PST',
    days: 'Monday to Friday',
  },
};

/** The seed's international contacts page, by the path of its language on the vendor's help site. */
const seedInternationalSupport = (locale: Locale) =>
  `https://www.microsoft.com/online/help/${locale.toLowerCase()}/helphowto/contact-support.htm`;

/**
 * Where a reader in `locale` finds local hours and contacts: the seed's page in their own
 * language, or the operator's own address as written (SUPPORT_INTERNATIONAL_URL).
 */
export const internationalSupportUrlFor = (brand: Brand, locale: Locale): string =>
  brand.internationalSupportUrl === defaultBrand.internationalSupportUrl
    ? seedInternationalSupport(locale)
    : brand.internationalSupportUrl;
