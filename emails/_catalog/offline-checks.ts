/**
 * The workbench's checks that React Email runs against outside services, run on this machine
 * instead (emails/_catalog/dev-guard.mjs answers the preview server's calls with them):
 * - the spam score: Debian's SpamAssassin (`spamassassin`) on the rendered message, local tests
 *   only (-L: no DNS or network lists), in the shape React Email's Spam tab reads; where it is
 *   not installed, an answer that says so in words;
 * - the link check: the rules the API applies to a template's links (https, a host that reads as
 *   written, LINK_HOSTS when set) instead of fetching the link. The brand's own links (support
 *   portal, international contacts) are configuration, not data: LINK_HOSTS does not apply to them.
 * Development tooling only: the server never imports this module.
 */
import { spawn, spawnSync } from 'node:child_process';
import { defaultBrand, internationalSupportUrlFor } from '../_domain/brand.ts';
import { httpsUrl } from './fields.ts';
import { locales } from './locales.ts';

/** What React Email's Spam tab shows (SpamCheckingResult in @react-email/ui), or why there is nothing to show. */
export type SpamReport =
  | {
      checks: { name: string; description: string; points: number }[];
      /** Whether any rule scored (see parseSpamReport). */
      isSpam: boolean;
      points: number;
      /** SpamAssassin's threshold for spam (5.0 by default). */
      required: number;
    }
  | { error: string };

export interface SpamAssassin {
  available: boolean;
  /** "SpamAssassin 4.0.1", or why it cannot run. */
  describe: string;
}

export function findSpamAssassin(command = 'spamassassin'): SpamAssassin {
  const probe = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error || probe.status !== 0) {
    return {
      available: false,
      describe: `Spam check skipped: SpamAssassin is not installed on this machine (Debian: apt-get install spamassassin), so no spam score is shown.`,
    };
  }
  const version = /SpamAssassin version (\S+)/.exec(probe.stdout)?.[1];
  return { available: true, describe: `SpamAssassin ${version ?? ''}`.trim() };
}

/** The rendered email as a message SpamAssassin reads: headers, then text and HTML as alternatives. */
export function mimeMessage({ html, text, subject }: { html: string; text: string; subject: string }): string {
  const boundary = `email-dev-${Date.now().toString(36)}`;
  const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');
  return [
    `From: ${oneLine(defaultBrand.name)} <preview@email-dev.invalid>`,
    'To: designer@email-dev.invalid',
    `Subject: =?utf-8?B?${Buffer.from(oneLine(subject)).toString('base64')}?=`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${boundary}@email-dev.invalid>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    text,
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    html,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** SpamAssassin's test-mode report ("Content analysis details"), as points and rules. */
export function parseSpamReport(output: string): SpamReport {
  const summary = /Content analysis details:\s+\((-?[\d.]+) points, (-?[\d.]+) required\)/.exec(output);
  if (!summary) return { error: 'Spam check failed: SpamAssassin gave no report.' };
  const points = Number(summary[1]);
  const required = Number(summary[2]);
  const table = output.slice(summary.index).split(/\r?\n/).slice(1);
  const checks: { name: string; description: string; points: number }[] = [];
  for (const line of table) {
    const rule = /^\s*(-?\d+(?:\.\d+)?)\s+([A-Z0-9_]+)\s+(.*)$/.exec(line);
    if (rule) {
      checks.push({ points: Number(rule[1]), name: rule[2] ?? '', description: (rule[3] ?? '').trim() });
    } else if (/^\s{20,}\S/.test(line) && checks.length) {
      const last = checks[checks.length - 1];
      if (last) last.description += ` ${line.trim()}`;
    } else if (checks.length && line.trim() === '') {
      break;
    }
  }
  // React Email's Spam tab shows "10/10, clean of abuse indicators" whenever isSpam is false, and
  // the score with its rules otherwise: isSpam is true as soon as one rule scores, so a score above
  // 0 is never shown as clean. SpamAssassin's own verdict is `points >= required`.
  return { checks, isSpam: points > 0, points, required };
}

/** The spam score of one rendered email, by SpamAssassin on this machine. */
export function spamCheck(
  email: { html: string; text: string; subject: string },
  { command = 'spamassassin', timeoutMs = 30_000 } = {},
): Promise<SpamReport> {
  return new Promise((resolve) => {
    // -t: the report in the output; -L: local tests only; -x: no user preferences file in $HOME.
    const child = spawn(command, ['-t', '-L', '-x'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ error: `Spam check skipped: SpamAssassin could not run here (${e.message}).` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) return resolve({ error: `Spam check skipped: SpamAssassin took longer than ${timeoutMs / 1000} s.` });
      const report = parseSpamReport(out);
      if ('error' in report && code !== 0) {
        return resolve({
          error: `Spam check failed: SpamAssassin exited ${code}: ${err.trim().split('\n').at(-1) ?? ''}`,
        });
      }
      resolve(report);
    });
    child.stdin.on('error', () => {});
    child.stdin.end(mimeMessage(email));
  });
}

/** The subject of a rendered email: its <title>, where the templates put it. */
export const subjectOf = (html: string): string =>
  (/<title>([^<]*)<\/title>/i.exec(html)?.[1] ?? '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'");

export type LinkVerdict = { ok: true; status: 200; reason: string } | { ok: false; status: 400 | 403; reason: string };

/** LINK_HOSTS as the server reads it: comma-separated host names. */
export const linkHostsFrom = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);

const brandLinks = new Set(
  [defaultBrand.supportPortalUrl, ...locales.map((l) => internationalSupportUrlFor(defaultBrand, l))].map(
    (u) => new URL(u).href,
  ),
);

/**
 * A link as the API would judge it in template data, without fetching it: 200 when it passes,
 * 400 when the API would refuse its form, 403 when it is not on LINK_HOSTS.
 */
export function checkLinkOffline(link: string, hosts: readonly string[]): LinkVerdict {
  const form = httpsUrl().safeParse(link);
  if (!form.success)
    return { ok: false, status: 400, reason: form.error.issues[0]?.message ?? 'not a link the API accepts' };
  if (brandLinks.has(form.data))
    return { ok: true, status: 200, reason: 'the brand’s own link (configuration; LINK_HOSTS does not apply)' };
  if (hosts.length === 0) return { ok: true, status: 200, reason: 'https, any host (LINK_HOSTS is not set)' };
  const onHost = httpsUrl({ hosts }).safeParse(link);
  if (!onHost.success)
    return { ok: false, status: 403, reason: onHost.error.issues[0]?.message ?? 'not on LINK_HOSTS' };
  return { ok: true, status: 200, reason: `https, on LINK_HOSTS (${hosts.join(', ')})` };
}
