import { render as reactEmailRender } from '@react-email/render';
import { createElement } from 'react';
import { describe, expect, test } from 'vitest';
import { locales, renderEmail, templateSchema, variants } from '../../emails/_catalog/index.ts';
import { CheckedPreview } from '../../emails/_catalog/preview.tsx';
import { colors } from '../../emails/_components/theme.ts';
import { options, scenarioIds } from '../../emails/_domain/activation.ts';
import { defaultBrand } from '../../emails/_domain/brand.ts';
import { joinSentences } from '../../emails/_messages/grammar.ts';
import { localizedFacts } from '../../emails/_messages/index.ts';
import { previews as activationPreviews } from '../../emails/activation.tsx';

const render = (template: Parameters<typeof renderEmail>[0], data: unknown) =>
  renderEmail(template, templateSchema(template).parse(data));

/** The issues zod reports for `data`, as "path: message" lines. */
const refusals = (template: Parameters<typeof templateSchema>[0], data: unknown, hosts?: string[]) => {
  const result = templateSchema(template, { hosts }).safeParse(data);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

const en = localizedFacts('en-US');
const scenarios = en.scenarios;

const withoutMarkup = (html: string) => html.replace(/<[^>]+>/g, ' ');

describe.each(variants)('$template / $variant', ({ template, data }) => {
  test('renders a complete, self-contained email', async () => {
    const email = await render(template, data);
    expect(email.subject.length).toBeGreaterThan(10);
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.html).toMatch(/^<!DOCTYPE html/);
    expect(email.html).toMatch(/<html dir="ltr" lang="en-US">/);
    expect(email.html).toContain('max-width:600px');
    expect(email.html).not.toMatch(/<img|<link|@import|url\(|https?:\/\/fonts\./i);
    expect(email.html).toContain('data-skip-in-text'); // the preheader
    for (const bad of ['undefined', 'NaN', '[object Object]', 'null']) {
      expect(withoutMarkup(email.html)).not.toContain(bad);
      expect(email.text).not.toContain(bad);
    }
  });

  test("is React Email's own render(), less the comments React's streaming renderer leaves", async () => {
    const props = { ...(templateSchema(template).parse(data) as object), brand: defaultBrand };
    const { default: component } = await import(`../../emails/${template}.tsx`);
    const reference = await reactEmailRender(createElement(component, props));
    const streamingMarkers = /<!--(?:\$|\/\$|html|head|body)-->/g;
    expect((await render(template, data)).html).toBe(reference.replace(streamingMarkers, ''));
  });

  test('has a text version that reads well: links written out, no markup', async () => {
    const email = await render(template, data);
    expect(email.text).not.toMatch(/<[a-z/!]/i);
    expect(email.text).not.toMatch(/&[a-z]+;|&#\d+;/);
    const hrefs = [...email.html.matchAll(/href="(https:[^"]+)"/g)].map((m) => m[1]?.replaceAll('&amp;', '&'));
    for (const href of hrefs) expect(email.text).toContain(href);
  });

  test('shows the support block: portal, phone with its option and hours, international contacts', async () => {
    const { text } = await render(template, data);
    expect(text).toContain('https://portal.microsoftonline.com');
    expect(text).toContain('call 1-866-676-6546 and select option 2 (6 am to 6 pm PST, Monday to Friday)');
    expect(text).toMatch(/local hours and contacts https:\/\//);
  });

  test('drops every optional field without leaving a gap', async () => {
    const required = templateSchema(template).parse(data) as Record<string, unknown>;
    const minimal = { ...required };
    for (const key of Object.keys(required)) {
      const { [key]: _, ...without } = minimal;
      if (templateSchema(template).safeParse(without).success) delete minimal[key];
    }
    expect(Object.keys(minimal).length).toBeLessThanOrEqual(Object.keys(required).length);
    const email = await render(template, minimal);
    expect(email.text).toContain('Hello,');
    expect(email.text).not.toMatch(/\(\s*\)|\(enrollment\s*\)|Hello \S*\s,|\s[.,]\s/);
    expect(email.text).not.toContain('undefined');
  });
});

describe('activation: the scenario decides the calls to action', () => {
  test.each(scenarioIds)(
    '%s shows exactly the options it offers, each with its outcome, after the warning',
    async (id) => {
      const data = activationPreviews[id];
      const email = await render('activation', data);
      const warningAt = email.html.indexOf(scenarios[id].warning.slice(0, 40));
      expect(warningAt).toBeGreaterThan(0);
      const offered = scenarios[id].offers.map((o) => o.option);
      for (const option of Object.values(options)) {
        const url = (data as Record<string, string | undefined>)[option.urlField];
        if (offered.includes(option.id)) {
          expect(url).toBeDefined();
          const buttonAt = email.html.indexOf(`href="${url}"`);
          expect(buttonAt).toBeGreaterThan(warningAt);
          const offer = scenarios[id].offers.find((o) => o.option === option.id);
          expect(email.text).toContain(`${offer?.cta} ${url}`);
        } else {
          expect(email.html).not.toContain(`Option ${option.number}`);
          expect(email.html).not.toContain(`>${en.optionLabel(option.id)}<`);
          expect(email.text).not.toContain(en.optionLabel(option.id));
        }
      }
      for (const offer of scenarios[id].offers) expect(email.text).toContain(offer.outcome);
    },
  );

  test('a new customer is never offered Sign In', async () => {
    const { html, text } = await render('activation', activationPreviews['new-customer']);
    expect(html).not.toMatch(/Sign In/);
    expect(text).not.toMatch(/Sign In|sign in/);
  });

  test('the bypass email says the path is not for BPOS-S trial customers', async () => {
    const { text } = await render('activation', activationPreviews['bypass-customer']);
    expect(text).toContain('This path does not apply to BPOS-S trial customers.');
  });

  test('a link for an option the scenario does not offer is refused, not dropped', () => {
    expect(
      refusals('activation', { ...activationPreviews['new-customer'], signInUrl: 'https://x.example.com/in' }),
    ).toEqual([': is not a field of scenario "new-customer", which offers Option 2 – Sign Up only']);
  });

  test('a link the scenario needs is required', () => {
    const { signInUrl: _, ...withoutSignIn } = activationPreviews['trial-customer'];
    expect(refusals('activation', withoutSignIn)).toEqual([expect.stringMatching(/^signInUrl: /)]);
  });

  test('an unknown scenario is refused with the list of scenarios', () => {
    expect(refusals('activation', { ...activationPreviews['new-customer'], scenario: 'bpos-trial' })).toEqual([
      expect.stringContaining('new-customer, trial-customer, bypass-customer'),
    ]);
  });
});

describe('escaping', () => {
  test('text fields are escaped in HTML and appear verbatim in text', async () => {
    const hostile = '<script>alert("x")</script> & <b>Co</b>';
    const email = await render('activation', {
      ...activationPreviews['trial-customer'],
      organizationName: hostile,
      recipientName: '"><img src=x onerror=alert(1)>',
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>Co</b>');
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.text).toContain(hostile);
    expect(email.subject).toContain(hostile);
  });

  test('a link cannot smuggle markup or scripts', () => {
    expect(
      refusals('trial-ending', {
        ...(variants.find((v) => v.template === 'trial-ending')?.data as object),
        convertUrl: 'javascript:alert(1)',
      }),
    ).toEqual(['convertUrl: must be an absolute https:// URL']);
  });
});

describe('schema refusals: every field kind', () => {
  const trialEnding = variants.find((v) => v.template === 'trial-ending')?.data as Record<string, unknown>;
  const provisioning = variants.find((v) => v.template === 'provisioning-confirmation')?.data as Record<
    string,
    unknown
  >;
  const ack = variants.find((v) => v.variant === 'profile-created')?.data as Record<string, unknown>;

  test.each([
    ['http link', { convertUrl: 'http://activation.example.com/x' }, 'convertUrl: must be an absolute https:// URL'],
    ['relative link', { convertUrl: '/x' }, 'convertUrl: must be an absolute https:// URL'],
    [
      'link with a line break',
      { convertUrl: 'https://a.example.com/\nx' },
      'convertUrl: must be a URL without spaces, CR or LF',
    ],
    [
      'CR in a one-line field',
      { organizationName: 'Contoso\rBcc: x@y.z' },
      'organizationName: must be a single line (no CR or LF)',
    ],
    ['LF in a one-line field', { recipientName: 'Ravi\nPatel' }, 'recipientName: must be a single line (no CR or LF)'],
    ['blank text', { organizationName: '   ' }, 'organizationName: must not be empty'],
    ['text too long', { organizationName: 'x'.repeat(201) }, 'organizationName: must be at most 200 characters'],
    ['bad date', { trialEndsOn: '2026-02-30' }, 'trialEndsOn: must be a date like 2026-12-31'],
    ['date with time', { trialEndsOn: '2026-12-01T00:00:00Z' }, 'trialEndsOn: must be a date like 2026-12-31'],
    ['unknown field', { organisationName: 'typo' }, ': Unrecognized key: "organisationName"'],
    ['wrong type', { organizationName: 42 }, expect.stringMatching(/^organizationName: /)],
  ])('%s', (_, change, expected) => {
    expect(refusals('trial-ending', { ...trialEnding, ...change })).toEqual([expected]);
  });

  test('missing required fields are each named', () => {
    expect(refusals('trial-ending', {}).map((r) => r.split(':')[0])).toEqual([
      'organizationName',
      'trialEndsOn',
      'convertUrl',
    ]);
  });

  test('LINK_HOSTS limits links to the named hosts', () => {
    expect(refusals('trial-ending', trialEnding, ['activation.example.com'])).toEqual([]);
    expect(refusals('trial-ending', trialEnding, ['portal.example.com'])).toEqual([
      'convertUrl: must be on an allowed host (portal.example.com)',
    ]);
    expect(
      refusals('trial-ending', { ...trialEnding, convertUrl: 'https://activation.example.com.evil.net/x' }, [
        'activation.example.com',
      ]),
    ).toHaveLength(1);
  });

  test('the Online Services ID must be email-shaped and the tenant a domain', () => {
    expect(refusals('acknowledgement', { ...ack, onlineServicesId: 'admin' })).toEqual([
      'onlineServicesId: must be an email address like name@example.com',
    ]);
    expect(refusals('acknowledgement', { ...ack, tenantDomain: 'not a domain' })).toEqual([
      'tenantDomain: must be a domain name like contoso.onmicrosoft.com',
    ]);
    expect(refusals('acknowledgement', { ...ack, kind: 'created' })[0]).toMatch(
      /kind must be one of: profile-created, tenant-associated/,
    );
  });

  test('subscriptions: 1 to 50, positive whole quantities, ordered dates', () => {
    const sub = { service: 'Exchange Online (Plan 1)', quantity: 1 };
    expect(refusals('provisioning-confirmation', { ...provisioning, subscriptions: [] })).toEqual([
      'subscriptions: must list at least 1 subscription',
    ]);
    expect(refusals('provisioning-confirmation', { ...provisioning, subscriptions: Array(51).fill(sub) })).toEqual([
      'subscriptions: must list at most 50 subscriptions',
    ]);
    expect(
      refusals('provisioning-confirmation', { ...provisioning, subscriptions: [{ ...sub, quantity: 0 }] }),
    ).toEqual(['subscriptions.0.quantity: must be at least 1']);
    expect(
      refusals('provisioning-confirmation', { ...provisioning, subscriptions: [{ ...sub, quantity: 1.5 }] }),
    ).toEqual(['subscriptions.0.quantity: must be a whole number']);
    expect(
      refusals('provisioning-confirmation', {
        ...provisioning,
        subscriptions: [{ ...sub, startsOn: '2027-01-01', endsOn: '2026-01-01' }],
      }),
    ).toEqual(['subscriptions.0.endsOn: endsOn must not be before startsOn']);
  });
});

describe('provisioning confirmation', () => {
  test('lists each subscription with its quantity in HTML and text', async () => {
    const data = variants.find((v) => v.template === 'provisioning-confirmation')?.data;
    const { text } = await render('provisioning-confirmation', data);
    expect(text).toContain('SharePoint Online (Plan 2)\n\nQuantity: 250 · December 1, 2026 to November 30, 2029');
  });
});

describe('trial ending', () => {
  test('gives the end date, what is lost and how to keep the data', async () => {
    const data = variants.find((v) => v.template === 'trial-ending')?.data;
    const { subject, text } = await render('trial-ending', data);
    expect(subject).toContain('December 15, 2026');
    expect(text).toMatch(/data is deleted/);
    expect(text).toMatch(/Option 1 – Sign In/);
    expect(text).toMatch(/Sign in and keep your trial https:\/\/activation\.example\.com/);
  });
});

describe('trial ended: the notice once the trial is over', () => {
  const ended = variants.find((v) => v.template === 'trial-ending' && v.variant === 'ended')?.data as Record<
    string,
    unknown
  >;

  test.each(locales)('%s: says the trial ended, offers no option and sends the customer to support', async (locale) => {
    const t = localizedFacts(locale).messages.email.trialEnding;
    const { subject, html, text } = await renderEmail(
      'trial-ending',
      templateSchema('trial-ending').parse(ended),
      undefined,
      locale,
    );
    expect(subject).toBe(
      t.ended.subject({
        product: defaultBrand.product,
        date: localizedFacts(locale).formatDate('2026-12-15'),
        org: 'Fabrikam, Inc.',
      }),
    );
    expect(text).toContain(t.ended.support);
    // No button, no option and no claim about the data.
    expect(html).not.toContain('class="am-button"');
    expect(text).not.toContain(t.cta);
    expect(text).not.toContain(localizedFacts(locale).optionTitle('sign-in'));
    expect(text).not.toContain(localizedFacts(locale).optionTitle('sign-up'));
  });

  test('a link with ended: true is refused, not dropped; ended is true or false', () => {
    expect(refusals('trial-ending', { ...ended, convertUrl: 'https://activation.example.com/in' })).toEqual([
      ': is not a field of the notice once the trial has ended, which offers no option',
    ]);
    expect(refusals('trial-ending', { ...ended, ended: 'yes' })).toEqual(['ended: ended must be true or false']);
  });
});

describe('trial ending after Sign Up: the notice for a customer who chose a new subscription', () => {
  const signedUp = variants.find((v) => v.template === 'trial-ending' && v.variant === 'signed-up')?.data as Record<
    string,
    unknown
  >;

  test.each(locales)(
    '%s: gives the end date, says the trial’s data is not carried over and sends questions to support, offering no option',
    async (locale) => {
      const facts = localizedFacts(locale);
      const t = facts.messages.email.trialEnding;
      const { subject, html, text } = await renderEmail(
        'trial-ending',
        templateSchema('trial-ending').parse(signedUp),
        undefined,
        locale,
      );
      const date = facts.formatDate('2026-12-15');
      expect(subject).toBe(t.subject({ product: defaultBrand.product, date, org: 'Fabrikam, Inc.' }));
      expect(text).toContain(t.heading({ date }));
      expect(text).toContain(t.signedUp.chose({ signUp: facts.optionLabel('sign-up') }));
      expect(text).toContain(t.signedUp.advised);
      expect(text).toContain(t.signedUp.support);
      // The choice is made: no button, nothing that offers Sign In or repeats the choice's warning.
      expect(html).not.toContain('class="am-button"');
      expect(text).not.toContain(t.cta);
      expect(text).not.toContain(facts.optionLabel('sign-in'));
      expect(text).not.toContain(facts.irreversibleWarning);
      expect(text).toContain(facts.optionLabel('sign-up'));
    },
  );

  test('in English: the trial ends, Sign Up started a wholly new subscription without the trial’s data', async () => {
    const { text } = await render('trial-ending', signedUp);
    expect(text).toContain('The 30-day Office 365 for Enterprises trial of Fabrikam, Inc. ends on December 15, 2026.');
    expect(text).toContain(
      'You chose Sign Up in your activation email: Sign Up starts a wholly new subscription, and the trial’s data and settings are not carried over into it.',
    );
    expect(text).toContain(
      'After the trial ends, Microsoft will let you know before any of the trial’s data is deleted.',
    );
    // Deletion comes up only as what Microsoft tells the customer of first, never as what happens at the end (DOMAIN.md).
    const advised = localizedFacts('en-US').messages.email.trialEnding.signedUp.advised;
    expect(text.replace(advised, '')).not.toMatch(/delet/i);
    expect(text).not.toMatch(/keep your trial|sign in/i);
  });

  test('a link with signedUp: true is refused, not dropped; signedUp is true or false, and not a form of the ended notice', () => {
    expect(refusals('trial-ending', { ...signedUp, convertUrl: 'https://activation.example.com/in' })).toEqual([
      ': is not a field of the notice after Sign Up, which offers no option',
    ]);
    expect(refusals('trial-ending', { ...signedUp, signedUp: 'yes' })).toEqual([
      'signedUp: signedUp must be true or false',
    ]);
    expect(refusals('trial-ending', { ...signedUp, ended: true })).toEqual([
      ': is not a field of the notice once the trial has ended, which offers no option',
    ]);
  });
});

describe('wording', () => {
  test.each(locales)(
    '%s: the irreversibility warning stands alone, without a lead-in that says it again',
    async (locale) => {
      const facts = localizedFacts(locale);
      for (const id of scenarioIds) {
        const { text } = await renderEmail('activation', activationPreviews[id], undefined, locale);
        const line = text.split('\n').find((l) => l.includes(facts.scenarios[id].warning));
        expect(line?.trim()).toBe(facts.scenarios[id].warning);
      }
      const trial = variants.find((v) => v.template === 'trial-ending' && v.variant === 'default')?.data;
      const { text } = await renderEmail(
        'trial-ending',
        templateSchema('trial-ending').parse(trial),
        undefined,
        locale,
      );
      expect(
        text
          .split('\n')
          .find((l) => l.includes(facts.irreversibleWarning))
          ?.trim(),
      ).toBe(facts.irreversibleWarning);
    },
  );

  test.each(locales)(
    '%s: the bypass email tells BPOS-S trial customers to contact support before they choose',
    async (locale) => {
      const notFor = localizedFacts(locale).scenarios['bypass-customer'].notFor;
      const { text } = await renderEmail('activation', activationPreviews['bypass-customer'], undefined, locale);
      expect(notFor?.advice).toBeTruthy();
      // Sentences joined as the language joins them: no space after 。 in Japanese.
      expect(text).toContain(joinSentences(locale, notFor?.sentence ?? '', notFor?.advice ?? ''));
    },
  );

  test.each(locales)(
    '%s: the provisioning confirmation names the enrollment number it asks the customer to give',
    async (locale) => {
      const data = variants.find((v) => v.template === 'provisioning-confirmation')?.data as Record<string, unknown>;
      const p = localizedFacts(locale).messages.email.provisioning;
      const { text } = await renderEmail('provisioning-confirmation', data, undefined, locale);
      expect(text).toContain(p.missingWithEnrollment.replace('{enrollment}', '61234567'));
      const { enrollmentNumber: _, ...without } = data;
      expect((await renderEmail('provisioning-confirmation', without, undefined, locale)).text).toContain(p.missing);
    },
  );

  test.each(locales)('%s: the international contacts link is in the reader’s language', async (locale) => {
    const { html } = await renderEmail('activation', activationPreviews['new-customer'], undefined, locale);
    const links = [...html.matchAll(/href="(https:\/\/www\.microsoft\.com\/online\/help\/[^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual([
      `https://www.microsoft.com/online/help/${locale.toLowerCase()}/helphowto/contact-support.htm`,
    ]);
  });

  test('an operator’s own international contacts address is shown as written, in every locale', async () => {
    const brand = { ...defaultBrand, internationalSupportUrl: 'https://support.contoso.example/contacts' };
    for (const locale of locales) {
      const { html } = await renderEmail('activation', activationPreviews['new-customer'], brand, locale);
      expect(html).toContain('href="https://support.contoso.example/contacts"');
    }
  });
});

describe('the workbench’s problem page', () => {
  test('names an unknown field by its path, as the API’s 422 does, instead of “(data)”', async () => {
    const html = await reactEmailRender(
      createElement(CheckedPreview, {
        template: 'activation',
        variant: 'new-customer',
        locale: 'en-US',
        data: { ...activationPreviews['new-customer'], signInUrl: 'https://activation.example.com/in', orgName: 'x' },
      }),
    );
    expect(html).toContain('signInUrl: is not a field of scenario');
    expect(html).toContain('orgName: is not a field of scenario');
    expect(html).not.toContain('(data)');
  });
});

describe('theme', () => {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
  };

  test.each([
    ['text on surface', colors.text, colors.surface],
    ['muted on surface', colors.muted, colors.surface],
    ['muted on page', colors.muted, colors.page],
    ['button label on button', colors.onPrimary, colors.primary],
    ['link on surface', colors.primary, colors.surface],
    ['warning text on warning', colors.warningText, colors.warningBackground],
  ])('%s has a contrast of at least 4.5:1', (_, fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });
});
