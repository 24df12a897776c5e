/**
 * The workbench's offline checks (emails/_catalog/offline-checks.ts): the spam score by
 * SpamAssassin on this machine, or a sentence saying why there is none; links judged by the API's
 * rules and LINK_HOSTS, never fetched.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderEmail, templateSchema, variants } from '../../emails/_catalog/index.ts';
import {
  checkLinkOffline,
  findSpamAssassin,
  linkHostsFrom,
  mimeMessage,
  parseSpamReport,
  spamCheck,
  subjectOf,
} from '../../emails/_catalog/offline-checks.ts';

const spamAssassin = findSpamAssassin();
if (!spamAssassin.available)
  console.warn(`offline-checks.test: ${spamAssassin.describe} The real-run test is skipped.`);

describe('spam score', () => {
  test('where SpamAssassin is missing, says so in words instead of failing silently', async () => {
    const missing = findSpamAssassin('spamassassin-not-installed-here');
    expect(missing.available).toBe(false);
    expect(missing.describe).toMatch(/SpamAssassin is not installed .*apt-get install spamassassin/);
    const report = await spamCheck(
      { html: '<p>x</p>', text: 'x', subject: 'x' },
      { command: 'spamassassin-not-installed-here' },
    );
    expect(report).toEqual({ error: expect.stringMatching(/^Spam check skipped: SpamAssassin could not run here/) });
  });

  test('reads SpamAssassin’s report: the total, the threshold and each rule, wrapped descriptions joined', () => {
    const output = `X-Spam-Status: No, score=2.0 required=5.0
Content analysis details:   (2.0 points, 5.0 required)

 pts rule name              description
---- ---------------------- --------------------------------------------------
-0.0 NO_RELAYS              Informational: message was not relayed via SMTP
 1.0 LONG_INVISIBLE_TEXT    Long block of hidden text - bayes poison?
 1.0 URI_TRY_3LD            "Try it" URI, suspicious hostname that goes on
                            over two lines

body`;
    expect(parseSpamReport(output)).toEqual({
      points: 2,
      required: 5,
      isSpam: true,
      checks: [
        { points: -0, name: 'NO_RELAYS', description: 'Informational: message was not relayed via SMTP' },
        { points: 1, name: 'LONG_INVISIBLE_TEXT', description: 'Long block of hidden text - bayes poison?' },
        {
          points: 1,
          name: 'URI_TRY_3LD',
          description: '"Try it" URI, suspicious hostname that goes on over two lines',
        },
      ],
    });
    expect(parseSpamReport('garbage')).toEqual({ error: 'Spam check failed: SpamAssassin gave no report.' });
  });

  test('the message has the subject, the text and the HTML as alternatives', () => {
    const message = mimeMessage({ html: '<p>Hi</p>', text: 'Hi', subject: 'Activate Office 365 for Contoso Ltd' });
    expect(message).toMatch(/^Subject: =\?utf-8\?B\?[A-Za-z0-9+/=]+\?=$/m);
    expect(message).toContain('Content-Type: multipart/alternative');
    expect(message).toContain('Content-Type: text/plain; charset=utf-8');
    expect(message).toContain('Content-Type: text/html; charset=utf-8');
    expect(subjectOf('<title>Fabrikam, Inc. &amp; Co</title>')).toBe('Fabrikam, Inc. & Co');
  });

  test.runIf(spamAssassin.available)(
    'scores a rendered email with SpamAssassin on this machine, local tests only',
    async () => {
      const v = variants.find((x) => x.variant === 'trial-customer');
      const email = await renderEmail('activation', templateSchema('activation').parse(v?.data));
      const report = await spamCheck(email);
      if ('error' in report) throw new Error(report.error);
      expect(report.required).toBeGreaterThan(0);
      expect(report.points).toBeLessThan(report.required);
      expect(report.checks.map((c) => c.name)).toContain('HTML_MESSAGE');
    },
    60_000,
  );
});

describe('link check, offline', () => {
  test('passes https links on LINK_HOSTS, and any host when it is not set', () => {
    expect(checkLinkOffline('https://activation.example.com/in?t=1', ['activation.example.com'])).toMatchObject({
      ok: true,
      status: 200,
    });
    expect(checkLinkOffline('https://anything.example.org/x', [])).toMatchObject({ ok: true, status: 200 });
  });

  test('refuses what the API refuses: 400 for the form, 403 off LINK_HOSTS', () => {
    expect(checkLinkOffline('http://activation.example.com/in', [])).toEqual({
      ok: false,
      status: 400,
      reason: 'must be an absolute https:// URL',
    });
    expect(checkLinkOffline('https://user@activation.example.com/in', [])).toMatchObject({ ok: false, status: 400 });
    expect(checkLinkOffline('https://portal.example.com/subscriptions', ['activation.example.com'])).toEqual({
      ok: false,
      status: 403,
      reason: 'must be on an allowed host (activation.example.com)',
    });
  });

  test('the brand’s own links are configuration: LINK_HOSTS does not apply to them', () => {
    expect(checkLinkOffline('https://portal.microsoftonline.com', ['activation.example.com'])).toMatchObject({
      ok: true,
    });
    expect(
      checkLinkOffline('https://www.microsoft.com/online/help/ja-jp/helphowto/contact-support.htm', [
        'activation.example.com',
      ]),
    ).toMatchObject({ ok: true });
  });

  test('reads LINK_HOSTS as the server does', () => {
    expect(linkHostsFrom(' Activation.example.com, portal.example.com ,,')).toEqual([
      'activation.example.com',
      'portal.example.com',
    ]);
    expect(linkHostsFrom(undefined)).toEqual([]);
  });
});

describe('the animated icons’ player', () => {
  test('the pinned @lottiefiles/dotlottie-web is the version React Email’s preview UI asks the CDN for', () => {
    const require = createRequire(import.meta.url);
    const wasm = require.resolve('@lottiefiles/dotlottie-web/dotlottie-player.wasm');
    const installed = JSON.parse(readFileSync(join(dirname(wasm), '..', 'package.json'), 'utf8')).version as string;
    const chunks = join(dirname(require.resolve('@react-email/ui/package.json')), '.next', 'static', 'chunks');
    const asked = new Set<string>();
    for (const file of readdirSync(chunks).filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(join(chunks, file), 'utf8');
      if (!code.includes('dotlottie-player.wasm')) continue;
      for (const m of code.matchAll(/="(\d+\.\d+\.\d+)",\w+="@lottiefiles\/dotlottie-web"/g)) asked.add(m[1] ?? '');
    }
    // When React Email moves on, pin the new version in package.json: the workbench serves only this one.
    expect([...asked]).toEqual([installed]);
  });
});
