import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { locales, templateNames, variants } from '../../emails/_catalog/index.ts';
import { defaultBrand, internationalSupportUrlFor } from '../../emails/_domain/brand.ts';
import { processNames } from '../../emails/_domain/process-names.ts';
import type { Store } from '../../server/store/index.ts';
import { json, newCustomer, testApp } from '../support/app.ts';
import { openTestStore, outboxApp, storedCount } from '../support/outbox.ts';

/** `locale` on render, send and batch; `locales` in the template list; what each locale's email says. */

type Email = { subject: string; html: string; text: string };
type Problem = { status: number; errors?: { path: string; message: string }[] };

const SUPPORTED = 'must be one of the supported locales: en-US, de-DE, fr-FR, es-ES, ja-JP';

/** Every string of the preview data (names, addresses, URLs, service names): words a translation keeps. */
const dataStrings = (data: unknown): string[] =>
  typeof data === 'string'
    ? [data]
    : Array.isArray(data)
      ? data.flatMap(dataStrings)
      : data && typeof data === 'object'
        ? Object.values(data).flatMap(dataStrings)
        : [];

/** Names that stay as they are in every language: organizations, products, services, roles' acronyms. */
const KEPT = [
  defaultBrand.name,
  defaultBrand.product,
  'Microsoft Online Services',
  'Online Services',
  'Office 365',
  'SharePoint Online (Plan 2)',
  'Office 365 (Plan E3)',
  'Exchange Online (Plan 1)',
  'onmicrosoft.com',
  'BPOS-S',
  // The portal the process names, in every language (the glossary's support portal).
  processNames.supportPortal,
];

/** English words that no translation of ours contains (German, French, Spanish or Japanese words spelt alike are left out). */
const ENGLISH =
  /(?<!\p{L})(the|and|your|you|with|this|that|email|sign|signs|order|subscription|subscriptions|trial|account|profile|review|activate|need|call|select|hello|reminder|quantity|next|from|until|ends|choose|keep|help|online|for)(?!\p{L})/iu;

/** The words a reader sees (text and subject), less what a translation keeps. */
function readable(email: Email, data: unknown): string {
  let words = `${email.subject}\n${email.html
    .replace(/<(style|title)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<wbr\s*\/?>/g, '')
    .replace(/<[^>]+>/g, ' ')}`;
  words = words.replace(/https:\/\/\S+/g, ' ');
  for (const kept of [...dataStrings(data), ...KEPT].sort((a, b) => b.length - a.length)) {
    words = words.replaceAll(kept, ' ');
  }
  return words;
}

describe('GET /v1/templates', () => {
  it('lists the locales of every template', async () => {
    const { app } = testApp();
    const { data } = (await (await app.request('/v1/templates')).json()) as { data: { locales: string[] }[] };
    expect(data).toHaveLength(templateNames.length);
    for (const t of data) expect(t.locales).toEqual([...locales]);
  });
});

describe.each(locales)('POST /v1/templates/{name}/render in %s', (locale) => {
  it.each(variants.map((v) => [`${v.template}/${v.variant}`, v] as const))('renders %s', async (_label, v) => {
    const { app } = testApp();
    const res = await app.request(`/v1/templates/${v.template}/render`, json({ data: v.data, locale }));
    expect(res.status).toBe(200);
    const email = (await res.json()) as Email;
    expect(email.html).toContain(`<html dir="ltr" lang="${locale}">`);
    // Nothing inside says otherwise (React Email's Body marks itself lang="en" by default).
    expect(email.html).not.toMatch(new RegExp(`lang="(?!${locale}")`));
    expect(email.html).toContain(`<title>${email.subject.replaceAll('&', '&amp;')}</title>`);
    if (locale !== 'en-US') {
      const left = readable(email, v.data).match(ENGLISH);
      expect(left?.[0], `English left in ${locale} ${v.template}/${v.variant}`).toBeUndefined();
    }
  });
});

describe('dates, numbers and plurals in each locale', () => {
  const trialEnding = variants.find((v) => v.template === 'trial-ending')?.data as { trialEndsOn: string };
  const provisioning = variants.find((v) => v.template === 'provisioning-confirmation')?.data as object;
  const render = async (template: string, data: unknown, locale: string) => {
    const { app } = testApp();
    const res = await app.request(`/v1/templates/${template}/render`, json({ data, locale }));
    expect(res.status).toBe(200);
    return (await res.json()) as Email;
  };

  it.each([
    ['en-US', 'December 15, 2026'],
    ['de-DE', '15. Dezember 2026'],
    ['fr-FR', '15 décembre 2026'],
    ['es-ES', '15 de diciembre de 2026'],
    ['ja-JP', '2026年12月15日'],
  ])('%s writes the trial’s end as %s, in the subject and the text', async (locale, date) => {
    expect(trialEnding.trialEndsOn).toBe('2026-12-15');
    const email = await render('trial-ending', trialEnding, locale);
    expect(email.subject).toContain(date);
    expect(email.text).toContain(date);
  });

  it('keeps a plain date on its day whatever the server’s time zone (UTC)', async () => {
    const email = await render('trial-ending', { ...trialEnding, trialEndsOn: '2027-01-01' }, 'en-US');
    expect(email.subject).toContain('January 1, 2027');
  });

  it.each(locales)('%s: an organization name ending in a period never makes a double period', async (locale) => {
    for (const v of variants) {
      const email = await render(v.template, { ...(v.data as object), organizationName: 'Fabrikam, Inc.' }, locale);
      expect(email.text, `${v.template}/${v.variant}`).not.toMatch(/Inc\.\./);
    }
  });

  it.each([
    ['en-US', '1 subscription is provisioned', '12,500'],
    ['de-DE', '1 Abonnement ist für', '12.500'],
    ['fr-FR', '1 abonnement est mis en service', '12 500'],
    ['es-ES', '1 suscripción aprovisionada', '12.500'],
    ['ja-JP', '1 件のサブスクリプション', '12,500'],
  ])('%s: one subscription in the singular, quantities grouped the local way', async (locale, one, quantity) => {
    const data = {
      ...provisioning,
      subscriptions: [{ service: 'SharePoint Online (Plan 2)', quantity: 12_500 }],
    };
    const email = await render('provisioning-confirmation', data, locale);
    expect(email.html.replaceAll('\u200b', '')).toContain(one);
    expect(email.text.replace(/\u202f|\u00a0/g, ' ')).toContain(quantity);
  });

  it.each(locales.filter((l) => l !== 'en-US'))(
    '%s leads the support block with the international contacts',
    async (locale) => {
      const email = await render('activation', newCustomer, locale);
      const international = email.text.indexOf(internationalSupportUrlFor(defaultBrand, locale));
      const phone = email.text.indexOf(defaultBrand.phone.number);
      expect(international).toBeGreaterThan(0);
      expect(phone).toBeGreaterThan(international);
    },
  );
});

describe('unknown locales', () => {
  it('are refused on render with the supported ones named', async () => {
    const { app } = testApp();
    for (const locale of ['fr', 'en-GB', 'EN-us', '', 42]) {
      const res = await app.request('/v1/templates/activation/render', json({ data: newCustomer, locale }));
      expect(res.status).toBe(422);
      expect(((await res.json()) as Problem).errors).toEqual([{ path: 'locale', message: SUPPORTED }]);
    }
  });
});

describe('locale on send and batch', () => {
  let store: Store;
  let reset: () => Promise<void>;
  beforeAll(async () => {
    ({ store, reset } = await openTestStore());
  });
  afterAll(() => store?.close());
  beforeEach(() => reset());

  it('renders a sent email in its locale', async () => {
    const { app } = outboxApp(store);
    const res = await app.request(
      '/v1/emails',
      json({ template: 'activation', data: newCustomer, to: 'osm@contoso.com', locale: 'de-DE' }),
    );
    expect(res.status).toBe(202);
    const { id, subject } = (await res.json()) as { id: string; subject: string };
    expect(subject).toBe('Office 365 for Enterprises für Contoso Ltd aktivieren');
    const html = await (await app.request(`/v1/emails/${id}/html`)).text();
    expect(html).toContain('lang="de-DE"');
    expect(html).toContain('Registrieren und Kontoprofil erstellen');
  });

  it('renders each email of a batch in its own locale', async () => {
    const { app } = outboxApp(store);
    const emails = ['ja-JP', 'fr-FR', undefined].map((locale) => ({
      template: 'activation',
      data: newCustomer,
      to: 'osm@contoso.com',
      ...(locale ? { locale } : {}),
    }));
    const res = await app.request('/v1/emails/batch', json({ emails }));
    expect(res.status).toBe(202);
    const { data } = (await res.json()) as { data: { subject: string }[] };
    expect(data.map((e) => e.subject)).toEqual([
      'Contoso Ltd の Office 365 for Enterprises をアクティブ化してください',
      'Activez Office 365 for Enterprises pour Contoso Ltd',
      'Activate Office 365 for Enterprises for Contoso Ltd',
    ]);
  });

  it('refuses an unknown locale on send and in a batch, naming the supported ones, and stores nothing', async () => {
    const { app } = outboxApp(store);
    const one = await app.request(
      '/v1/emails',
      json({ template: 'activation', data: newCustomer, to: 'osm@contoso.com', locale: 'pt-BR' }),
    );
    expect(one.status).toBe(422);
    expect(((await one.json()) as Problem).errors).toEqual([{ path: 'locale', message: SUPPORTED }]);
    const batch = await app.request(
      '/v1/emails/batch',
      json({
        emails: [
          { template: 'activation', data: newCustomer, to: 'osm@contoso.com', locale: 'de-DE' },
          { template: 'activation', data: newCustomer, to: 'osm@contoso.com', locale: 'de' },
        ],
      }),
    );
    expect(batch.status).toBe(422);
    expect(((await batch.json()) as Problem).errors).toEqual([{ path: 'emails.1.locale', message: SUPPORTED }]);
    expect(await storedCount(store)).toBe(0);
  });
});
