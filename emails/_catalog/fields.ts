import { z } from 'zod';

/** The field kinds every template's data is built from, so each rule is written once. */

/**
 * One-line fields refuse what could break a header, a layout or the store: C0 and C1 control
 * characters (CR and LF among them, NUL which PostgreSQL refuses), the bidi embeddings and
 * overrides (U+202A–U+202E) and isolates (U+2066–U+2069) that can make text read backwards,
 * and lone surrogates, which are not Unicode text at all.
 */
const ONE_LINE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  /^(?:[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;

/** One line of text: trimmed, not empty, no control characters, bidi controls or lone surrogates. */
export const singleLine = (max = 200) =>
  z
    .string()
    .regex(ONE_LINE, {
      error: (issue) =>
        typeof issue.input === 'string' && /[\r\n]/.test(issue.input)
          ? 'must be a single line (no CR or LF)'
          : 'must be one line of text, without control characters or bidi overrides',
    })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

export interface LinkPolicy {
  /** Host names a link may point at; empty or absent: any host. */
  hosts?: readonly string[] | undefined;
}

/**
 * The raw form a link must have: `https://`, then an authority with no user-info (`@`),
 * backslash or space, then an optional path, query or fragment. Browsers and mail clients
 * parse `https:\\host`, `https:host` or `https://a\\@b` in ways that differ from what a
 * reader sees, so a link is accepted only when this raw form and the WHATWG parse agree on
 * the host, and the normalized URL is what gets written into the email.
 */
const HTTPS_LINK = /^https:\/\/[^\s\\@/?#]+(?:[/?#][^\s\\]*)?$/;

/** The authority as written, lower-cased: what a reader takes for the host. */
const writtenHost = (raw: string) => (/^https:\/\/([^/?#]*)/.exec(raw)?.[1] ?? '').toLowerCase();

function parsedHost(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

/** An absolute https: URL, on one of the policy's hosts when it names any; the normalized URL once parsed. */
export const httpsUrl = (policy: LinkPolicy = {}) => {
  const hosts = new Set(policy.hosts?.filter(Boolean).map((h) => h.toLowerCase()) ?? []);
  return z
    .string()
    .max(2048, { error: 'must be at most 2048 characters' })
    .regex(HTTPS_LINK, {
      error: (issue) => {
        const input = typeof issue.input === 'string' ? issue.input : '';
        if (/\s/.test(input)) return 'must be a URL without spaces, CR or LF';
        if (/^https:\/\/[^/?#]*[\\@]/i.test(input))
          return 'must be an absolute https:// URL without backslashes or user info before the host';
        return 'must be an absolute https:// URL';
      },
    })
    .transform((raw, ctx) => {
      const url = parsedHost(raw);
      const written = writtenHost(raw);
      if (url?.protocol !== 'https:' || (written !== url.host && written !== `${url.host}:443`)) {
        ctx.addIssue({ code: 'custom', message: 'must be an absolute https:// URL whose host reads as it is written' });
        return z.NEVER;
      }
      if (hosts.size > 0 && !hosts.has(url.hostname)) {
        ctx.addIssue({ code: 'custom', message: `must be on an allowed host (${[...hosts].join(', ')})` });
        return z.NEVER;
      }
      return url.href;
    });
};

export const emailAddress = () =>
  z
    .string()
    .regex(ONE_LINE, { error: 'must be a single line of text (no control characters)' })
    .max(254, { error: 'must be at most 254 characters' })
    .pipe(z.email({ error: 'must be an email address like name@example.com' }));

export const isoDate = () => z.iso.date({ error: 'must be a date like 2026-12-31' });

export const recipientName = () => singleLine(120).optional();
export const organizationName = () => singleLine(200);

/** A Microsoft Online Services tenant's domain, like contoso.onmicrosoft.com. */
export const tenantDomain = () =>
  singleLine(253).regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, {
    error: 'must be a domain name like contoso.onmicrosoft.com',
  });

/** The services on a Volume Licensing order, as the activation email lists them. */
export const services = () => z.array(singleLine(120)).max(20, { error: 'must list at most 20 services' });

/** The subscriptions a provisioning confirmation lists: service, quantity, and the dates they run. */
export const subscriptions = () =>
  z
    .array(
      z
        .strictObject({
          service: singleLine(120),
          quantity: z
            .number({ error: 'must be a whole number' })
            .int({ error: 'must be a whole number' })
            .positive({ error: 'must be at least 1' })
            .max(10_000_000, { error: 'must be at most 10000000' }),
          startsOn: isoDate().optional(),
          endsOn: isoDate().optional(),
        })
        .refine((s) => !s.startsOn || !s.endsOn || s.startsOn <= s.endsOn, {
          error: 'endsOn must not be before startsOn',
          path: ['endsOn'],
        }),
    )
    .min(1, { error: 'must list at least 1 subscription' })
    .max(50, { error: 'must list at most 50 subscriptions' });
