import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  chromiumRequired,
  type LaunchedBrowser,
  launchChromium,
  repoRoot,
} from '../support/docs-site.ts';
import { type FakeResend, startFakeResend } from '../support/fake-resend.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { signedWebhook } from '../support/signed-webhook.ts';

/**
 * The console in Chromium, as a person uses it, against the built server (`npm start`'s
 * dist/server/main.js) with API keys, on the embedded store: sign in, find an activation by
 * its enrollment number, correct a contact, send the activation email again, see the new email
 * on the timeline, sign out; with the keyboard only. Every view is checked by axe (0
 * violations), at 375 px (nothing wider than the screen), for the JavaScript it loads (gzipped),
 * and photographed at 1280 and 375 px into test-results/console/ (README, "The console").
 * Dates are checked in a browser set to Tokyo and German. A forged CSRF token is refused.
 */

const KEY = `console-browser-${randomBytes(12).toString('hex')}`;
const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const resultsDir = join(repoRoot, 'test-results', 'console');
const JS_BUDGET_GZIP = 50 * 1024;

it.runIf(chromiumRequired)('Chromium is installed (REQUIRE_CHROMIUM=1)', () => {
  expect(chromiumAvailable, 'install Debian’s chromium package: apt-get install chromium').toBe(true);
});

interface Seeded {
  contoso: string;
  fabrikam: string;
  fabrikamEmail: string;
  chosen: string;
  german: string;
}

/** Figures every view reports: axe violations, JavaScript weight, overflow at 375 px. */
const figures: Record<string, { axe: number; jsGzipBytes: number; widthAt375: number }> = {};

describe.skipIf(!chromiumAvailable)('the console in Chromium', () => {
  let server: ServerProcess;
  let resend: FakeResend | undefined;
  let origin: string;
  let dataDir: string;
  let launched: LaunchedBrowser;
  let seeded: Seeded;

  const api = async (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') => {
    const res = await fetch(`${origin}${path}`, {
      method,
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  /** The provider's webhook, signed as Resend signs it. */
  const bounce = async (emailId: string, message: string) => {
    const res = await fetch(
      `${origin}/webhooks/resend`,
      signedWebhook(
        {
          type: 'email.bounced',
          created_at: new Date().toISOString(),
          data: {
            email_id: `re_${emailId.slice(0, 8)}`,
            tags: { activation_mail_id: emailId },
            bounce: { type: 'Permanent', subType: 'General', message },
          },
        },
        WEBHOOK_SECRET,
      ),
    );
    expect(res.status, await res.text()).toBe(200);
  };

  const activation = (number: string, organizationName: string, extra: Record<string, unknown> = {}) => ({
    enrollment: {
      number,
      organizationName,
      onlineServicesManager: {
        name: 'Dana Whitfield',
        email: `dana@${organizationName.split(' ')[0]?.toLowerCase()}.example`,
      },
      noticesContact: { email: `notices@${organizationName.split(' ')[0]?.toLowerCase()}.example` },
    },
    scenario: 'new-customer',
    signUpUrl: 'https://activation.example.com/sign-up?token=1',
    ...extra,
  });

  beforeAll(async () => {
    mkdirSync(resultsDir, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'console-browser-'));
    // Sent through Resend (its stand-in on loopback), so that the provider's bounce has an email to be about:
    // the local mailbox captures emails, and a captured email goes nowhere to bounce from.
    resend = await startFakeResend();
    server = startServerProcess({
      API_KEYS: KEY,
      DATA_DIR: dataDir,
      RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET,
      RESEND_API_KEY: 're_test_fake',
      RESEND_BASE_URL: resend.url,
      EMAIL_FROM: 'Activation <activation@example.com>',
    });
    origin = await server.listening;
    launched = await launchChromium();

    const contoso = await api('/v1/activations', activation('64000001', 'Contoso Ltd'));
    const fabrikam = await api(
      '/v1/activations',
      activation('64000002', 'Fabrikam GmbH', {
        scenario: 'trial-customer',
        signInUrl: 'https://activation.example.com/sign-in?token=2',
        trialEndsOn: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
      }),
    );
    const chosen = await api('/v1/activations', activation('64000003', 'Northwind Traders'));
    await api(`/v1/activations/${chosen.id}/choice`, {
      option: 'sign-up',
      onlineServicesId: 'admin@northwind.onmicrosoft.com',
    });
    const german = await api('/v1/emails', {
      template: 'activation',
      data: {
        scenario: 'new-customer',
        organizationName: 'Tailspin Toys',
        signUpUrl: 'https://activation.example.com/x',
      },
      to: 'kai@tailspin.example',
      locale: 'de-DE',
    });
    const fabrikamEmail = fabrikam.emails.find((e: { purpose: string }) => e.purpose === 'activation').id;
    // Resend accepts it at once; its bounce comes after.
    for (let i = 0; i < 100 && (await api(`/v1/emails/${fabrikamEmail}`)).status !== 'sent'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await bounce(fabrikamEmail, '550 5.1.1 The mailbox does not exist');
    seeded = { contoso: contoso.id, fabrikam: fabrikam.id, fabrikamEmail, chosen: chosen.id, german: german.id };
  }, 180_000);

  afterAll(async () => {
    await launched?.close();
    server?.kill();
    await resend?.close();
    await server?.exited;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (Object.keys(figures).length > 0)
      writeFileSync(join(resultsDir, 'figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
  });

  async function newPage(
    options: { javaScript?: boolean } = {},
  ): Promise<{ context: BrowserContext; page: Page; problems: string[]; scripts: Map<string, Promise<Buffer>> }> {
    const context = await launched.browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'de-DE',
      timezoneId: 'Asia/Tokyo',
      javaScriptEnabled: options.javaScript ?? true,
      serviceWorkers: 'block',
    });
    const problems: string[] = [];
    const scripts = new Map<string, Promise<Buffer>>();
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin === origin || url.protocol === 'data:') return route.continue();
      problems.push(`external request: ${url.href}`);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      const body = response.body();
      // A script still loading when its page closes is never weighed: not an error of the test.
      body.catch(() => {});
      scripts.set(response.url(), body);
    });
    return { context, page, problems, scripts };
  }

  /** Tab until `target` has the focus, then press `key` (null: stay there): as someone without a mouse does. */
  async function keyboardTo(page: Page, target: Locator, key: string | null = 'Enter') {
    for (let presses = 0; presses < 80; presses++) {
      if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) {
        if (key) await page.keyboard.press(key);
        return;
      }
      await page.keyboard.press('Tab');
    }
    throw new Error(`could not reach ${target} with the Tab key`);
  }

  /** axe, the width at 375 px, the JavaScript loaded, and the two screenshots of one view. */
  async function checkView(page: Page, name: string, scripts: Map<string, Promise<Buffer>>) {
    await page.setViewportSize({ width: 375, height: 812 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.screenshot({ path: join(resultsDir, `${name}-375.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(resultsDir, `${name}-1280.png`), fullPage: true });
    // axe injects itself into every frame and waits for ever on the email's, where no script may
    // run (sandbox): the frame element is still checked, its document replaced by an empty one.
    // The email itself is checked where it is made (test/emails).
    await page.evaluate(() => {
      for (const frame of document.querySelectorAll('iframe[sandbox]')) {
        frame.removeAttribute('sandbox');
        frame.setAttribute('src', 'about:blank');
      }
    });
    const results = await new AxeBuilder({ page }).analyze();
    const violations = results.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
    const bodies = await Promise.all(scripts.values());
    const jsGzipBytes = bodies.reduce((total, body) => total + gzipSync(body).length, 0);
    scripts.clear();
    figures[name] = { axe: violations.length, jsGzipBytes, widthAt375: width };
    expect(violations, `${name}: axe`).toEqual([]);
    expect(width, `${name}: wider than 375 px`).toBeLessThanOrEqual(375);
    expect(jsGzipBytes, `${name}: JavaScript`).toBeLessThanOrEqual(JS_BUDGET_GZIP);
  }

  it('is used from sign-in to sign-out with the keyboard alone, every view checked on the way', {
    timeout: 300_000,
  }, async () => {
    const { context, page, problems, scripts } = await newPage();
    try {
      await page.goto(`${origin}/console`);
      await expect.poll(() => page.url()).toContain('/console/sign-in');
      await checkView(page, 'sign-in', scripts);
      // The skip link comes first, and takes the focus to the page.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      await keyboardTo(page, page.getByLabel('API key'), null);
      await page.keyboard.type(KEY);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${origin}/console/activations`);
      await checkView(page, 'activations', scripts);
      // The needs-attention queue comes first, with what the provider said.
      const queue = page.locator('section[aria-labelledby="queue"]');
      await expect.poll(() => queue.textContent()).toContain('550 5.1.1 The mailbox does not exist');
      expect(await queue.textContent()).toContain('64000002');

      // Find an activation by its enrollment number.
      await keyboardTo(page, page.getByLabel(/^Search/), null);
      await page.keyboard.type('64000001');
      await page.keyboard.press('Enter');
      await page.waitForURL(/q=64000001/);
      const rows = page.locator('section[aria-labelledby="all"] tbody tr');
      expect(await rows.count()).toBe(1);
      await keyboardTo(page, rows.getByRole('link', { name: '64000001' }));
      await page.waitForURL(`${origin}/console/activations/${seeded.contoso}`);
      await checkView(page, 'activation', scripts);

      // Dates: in the browser's zone and language, the UTC time in the title.
      expect(await page.locator('html').getAttribute('data-tz')).toBe('Asia/Tokyo');
      const time = page.locator('#timeline time').first();
      const iso = (await time.getAttribute('datetime')) ?? '';
      const tokyo = new Intl.DateTimeFormat('de-DE', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Asia/Tokyo',
      });
      expect(await time.textContent()).toBe(tokyo.format(new Date(iso)));
      expect(await time.getAttribute('title')).toBe(`${iso.replace('T', ' ').slice(0, 19)} UTC`);

      // Correct a contact.
      await keyboardTo(page, page.getByRole('link', { name: 'Correct the contacts…' }));
      await page.waitForURL(/\/contacts$/);
      await checkView(page, 'contacts', scripts);
      await keyboardTo(
        page,
        page.getByRole('group', { name: 'Online Services Manager' }).getByLabel('Email address'),
        null,
      );
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('lee.chen@contoso.example');
      await keyboardTo(page, page.getByRole('button', { name: 'Review the change' }));
      await page.waitForLoadState();
      await page.getByRole('heading', { name: /Confirm the new contacts/ }).waitFor();
      await checkView(page, 'contacts-review', scripts);
      expect(await page.locator('main').textContent()).toContain('Its emails will go to lee.chen@contoso.example');
      await keyboardTo(page, page.getByRole('button', { name: 'Save the contacts' }));
      await page.waitForURL(/done=contacts/);
      expect(await page.getByRole('status').first().textContent()).toContain('The contacts are corrected.');
      expect(await page.locator('section[aria-labelledby="recipient"]').textContent()).toContain(
        'lee.chen@contoso.example',
      );

      // Send the activation email again, to the new address, and find it on the timeline.
      await keyboardTo(page, page.getByRole('link', { name: 'Send the activation email again…' }));
      await page.waitForURL(/\/resend$/);
      await checkView(page, 'resend', scripts);
      await keyboardTo(page, page.getByRole('button', { name: 'Send it again' }));
      await page.waitForURL(/done=resend/);
      const timeline = page.locator('#timeline');
      const resent = timeline.locator('li', { hasText: 'Activation email sent again' });
      expect(await resent.textContent()).toMatch(/by key-[0-9a-f]{8}/);
      const newEmail = timeline.locator('li.email', { hasText: 'activation email' }).last();
      // The worker may already hold it: accepted, sending, or handed to the provider.
      expect(await newEmail.textContent()).toMatch(/accepted, to go out now|sending|handed to the provider/);
      await keyboardTo(page, newEmail.getByRole('link'));
      await page.waitForURL(/\/console\/emails\//);
      expect(await page.locator('dl.facts').textContent()).toContain('lee.chen@contoso.example');
      // The email as received, in a frame of no origin.
      const frame = page.frameLocator('iframe.email-frame');
      await expect.poll(() => frame.locator('body').textContent()).toContain('Contoso Ltd');
      const framed = page.frames().find((f) => f.url().endsWith('/body'));
      expect(await framed?.evaluate(() => window.origin)).toBe('null');
      await checkView(page, 'email', scripts);

      // Sign out.
      await keyboardTo(page, page.getByRole('button', { name: 'Sign out' }));
      await page.waitForURL(/message=signed-out/);
      await page.goto(`${origin}/console/activations`);
      expect(page.url()).toContain('/console/sign-in');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows every other view, refuses a forged form, and refreshes a timeline as it changes', {
    timeout: 300_000,
  }, async () => {
    const { context, page, problems, scripts } = await newPage();
    try {
      await page.goto(`${origin}/console/sign-in`);
      await page.getByLabel('API key').fill(KEY);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${origin}/console/activations`);
      scripts.clear();
      for (const [name, path] of [
        ['emails', '/console/emails'],
        ['mailbox', '/console/mailbox'],
        ['delivery', '/console/delivery'],
        ['activation-bounced', `/console/activations/${seeded.fabrikam}`],
        ['activation-chosen', `/console/activations/${seeded.chosen}`],
        ['cancel', `/console/activations/${seeded.fabrikam}/cancel`],
        ['email-german', `/console/emails/${seeded.german}`],
      ] as const) {
        await page.goto(`${origin}${path}`);
        await checkView(page, name, scripts);
      }
      expect(await page.locator('main').textContent()).toContain('de-DE');
      await page.goto(`${origin}/console/activations/${seeded.chosen}`);
      expect(await page.locator('main').textContent()).toContain('Final: the choice is one-time and irreversible.');
      expect(await page.getByRole('link', { name: 'Send the activation email again…' }).count()).toBe(0);

      // A forged CSRF token: refused, and the activation is not canceled.
      await page.goto(`${origin}/console/activations/${seeded.fabrikam}/cancel`);
      await page.evaluate(() => {
        for (const field of document.querySelectorAll<HTMLInputElement>('input[name="_csrf"]')) field.value = 'forged';
      });
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Cancel the activation' }).click(),
      ]);
      expect(refused.status()).toBe(403);
      expect(await page.locator('main').textContent()).toContain('nothing was done');
      expect((await api(`/v1/activations/${seeded.fabrikam}`)).state).toBe('awaiting-choice');
      problems.splice(0, problems.length, ...problems.filter((p) => !p.includes('403')));

      // The timeline follows what happens while it is open.
      await page.goto(`${origin}/console/activations/${seeded.fabrikam}`);
      await api(`/v1/activations/${seeded.fabrikam}/resend`, {});
      await page
        .getByRole('status')
        .filter({ hasText: 'The timeline was updated.' })
        .waitFor({ state: 'attached', timeout: 25_000 });
      expect(await page.locator('#timeline').textContent()).toContain('Activation email sent again');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('works without JavaScript: read, act, dates in UTC', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage({ javaScript: false });
    try {
      await page.goto(`${origin}/console/sign-in`);
      await page.getByLabel('API key').fill(KEY);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.goto(`${origin}/console/activations?q=northwind`);
      await page.getByRole('link', { name: '64000003' }).click();
      expect(await page.locator('html').getAttribute('data-tz')).toBe('UTC');
      await page.getByRole('link', { name: 'Cancel the activation…' }).click();
      await page.getByRole('button', { name: 'Cancel the activation' }).click();
      await page.waitForURL(/done=cancel/);
      expect((await api(`/v1/activations/${seeded.chosen}`)).state).toBe('canceled');
      expect(await page.locator('#timeline').textContent()).toContain('Activation canceled');
    } finally {
      await context.close();
    }
  });
});
