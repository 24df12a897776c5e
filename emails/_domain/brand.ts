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
