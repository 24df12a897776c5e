import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../../server/console/kit.tsx';
import type { Store } from '../../server/store/index.ts';
import { json } from '../support/app.ts';
import { browserOf, formFields } from '../support/console.ts';
import { openTestStore, outboxApp } from '../support/outbox.ts';

/**
 * Planted HTML in every field a console page shows must not run: organization, names, the
 * provider's answers, errors, events out, search terms, filter values. Every page carries the
 * console's CSP (no inline script, no framing); the email's own frame runs without script or
 * origin and loads remote images only when asked.
 */

const PLANT = `<script>alert(1)</script><img src=x onerror=alert(2)>"'><svg onload=alert(3)>`;
/** A real tag that would run: a script, an image, an SVG, any on… attribute. */
const DANGER = /<script|<img\b|<svg\b|<[a-z][^<>]*\son[a-z]+\s*=/i;
/** The page's markup with every attribute value emptied, without the console's own script and charts. */
const markup = (page: string) =>
  page
    .replace(/"[^"]*"/g, '""')
    .replace('<script type="" src=""></script>', '')
    .replaceAll('<svg viewBox="" role="" aria-label="">', '');

let store: Store;
beforeAll(async () => {
  ({ store } = await openTestStore({ eventsOut: true }));
});
afterAll(() => store?.close());

describe('planted HTML', () => {
  it('is shown as text on every page, and only the console’s own script is loaded', async () => {
    const { app } = outboxApp(store, {}, {});
    const created = await app.request(
      '/v1/activations',
      json({
        enrollment: {
          number: '63000001',
          organizationName: `Contoso ${PLANT}`,
          onlineServicesManager: { name: `Dana ${PLANT}`, email: 'dana@contoso.example' },
          noticesContact: { name: PLANT, email: 'notices@contoso.example' },
        },
        scenario: 'new-customer',
        signUpUrl: 'https://activation.example.com/sign-up?token=1',
        recipientName: `Dana ${PLANT}`,
      }),
    );
    expect(created.status).toBe(201);
    const a = (await created.json()) as { id: string; emails: { id: string; purpose: string }[] };
    const email = a.emails.find((e) => e.purpose === 'activation')?.id ?? '';
    // The provider's answers, a send's error, an event out's error: all text that arrives from elsewhere.
    await store.claimDue('worker', 10, 60_000);
    await store.markSent(email, 'worker', `re_${PLANT}`);
    await store.recordWebhookEvent({
      providerEventId: 'e1',
      emailId: email,
      type: 'bounced',
      at: new Date(),
      detail: PLANT,
    });
    const single = (await (
      await app.request(
        '/v1/emails',
        json({
          template: 'activation',
          data: { scenario: 'new-customer', organizationName: PLANT, signUpUrl: 'https://a.example.com/x' },
          to: 'kai@fabrikam.example',
        }),
      )
    ).json()) as { id: string };
    await store.claimDue('worker', 10, 60_000);
    await store.markFailed(single.id, 'worker', PLANT);
    const [event] = await store.claimEvents('dispatcher', 10, 60_000);
    await store.settleEvent(event?.id ?? '', 'dispatcher', { kind: 'failed', error: PLANT });

    const browser = browserOf(app);
    const q = encodeURIComponent(PLANT);
    const pages = [
      '/console/activations',
      `/console/activations?q=${q}&state=${q}&from=${q}`,
      `/console/activations/${a.id}`,
      `/console/activations/${a.id}/contacts`,
      `/console/activations/${a.id}/cancel`,
      `/console/emails?recipient=${q}&template=${q}`,
      `/console/emails/${email}`,
      `/console/emails/${single.id}`,
      '/console/mailbox',
      '/console/delivery',
      `/console/${q}`,
    ];
    for (const path of pages) {
      const res = await browser.get(path);
      const page = await res.text();
      expect(res.headers.get('content-security-policy'), path).toBe(CONSOLE_CSP);
      expect(page.match(/<script[^>]*>/g), path).toEqual([
        expect.stringMatching(/src="\/console\/assets\/console\.js\?v=/),
      ]);
      expect(markup(page), path).not.toMatch(DANGER);
    }
    const activation = await (await browser.get(`/console/activations/${a.id}`)).text();
    expect(activation).toContain('Contoso &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(activation).toContain('&lt;svg onload=alert(3)&gt;');
    // The reason the queue gives is the provider's answer, as text.
    const queue = await (await browser.get('/console/activations')).text();
    expect(queue).toContain('<span class="detail">&lt;script&gt;alert(1)');
    // A planted field posted back through the contacts form is shown as text again.
    const review = await browser.post(`/console/activations/${a.id}/contacts`, {
      _csrf: formFields(await (await browser.get(`/console/activations/${a.id}/contacts`)).text())._csrf ?? '',
      'osm-name': PLANT,
      'osm-email': 'lee@contoso.example',
    });
    expect(review.status).toBe(200);
    expect(markup(await review.text())).not.toMatch(DANGER);
  });
});

describe('headers', () => {
  it('every console page forbids inline script and framing', () => {
    expect(CONSOLE_CSP).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it('the email frame runs no script, has no origin, and loads remote images only when asked', async () => {
    const { app } = outboxApp(store);
    const sent = (await (
      await app.request(
        '/v1/emails',
        json({
          template: 'activation',
          data: { scenario: 'new-customer', organizationName: 'Contoso', signUpUrl: 'https://a.example.com/x' },
          to: 'kai@fabrikam.example',
        }),
      )
    ).json()) as { id: string };
    const browser = browserOf(app);
    const page = await (await browser.get(`/console/emails/${sent.id}`)).text();
    expect(page).toMatch(
      new RegExp(
        `<iframe class="email-frame" title="[^"]+" src="/console/emails/${sent.id}/body" sandbox="allow-popups allow-popups-to-escape-sandbox"`,
      ),
    );
    const body = await browser.get(`/console/emails/${sent.id}/body`);
    const csp = body.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).toContain('img-src data:;');
    expect(csp).toContain('sandbox allow-popups allow-popups-to-escape-sandbox');
    expect(csp).toContain("frame-ancestors 'self'");
    expect(body.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const html = await body.text();
    expect(html).toMatch(/^<!DOCTYPE html[^>]*>.*<head[^>]*><base target="_blank">/is);
    const remote = await browser.get(`/console/emails/${sent.id}/body?images=remote`);
    expect(remote.headers.get('content-security-policy')).toContain('img-src data: https:;');
    expect(await (await browser.get(`/console/emails/${sent.id}?images=remote`)).text()).toContain(
      `src="/console/emails/${sent.id}/body?images=remote"`,
    );
  });
});
