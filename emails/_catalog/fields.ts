import { z } from 'zod';

/** The field kinds every template's data is built from, so each rule is written once. */

/**
 * One-line fields refuse what could break a header, a layout or the store, or hide what text
 * says: C0 and C1 control characters (CR and LF among them, NUL which PostgreSQL refuses), the
 * line and paragraph separators (U+2028, U+2029) that some clients break lines at, every format
 * character (Unicode's Cf: soft hyphen, bidi embeddings, overrides and isolates, zero-width
 * space, word joiner and invisible operators, U+FEFF, tag characters U+E0000–U+E007F…), which
 * show nothing or reorder text and so can split a host name a reader sees whole, and lone
 * surrogates, which are not Unicode text at all. The only format characters kept are the ones
 * scripts need, and only where they need them (`strayInvisible`): the joiners U+200C, U+200D
 * and the direction marks U+200E, U+200F, U+061C.
 *
 * Written without the `u` flag, as the OpenAPI document shows it to client generators that
 * compile it either way: astral characters are surrogate pairs here, and the astral format
 * characters are refused by the lookahead (test/emails/fields.test.ts holds it to Cf).
 */
export const ONE_LINE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  /^(?:[^\u0000-\u001f\u007f-\u009f\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]|(?!\ud804[\udcbd\udccd]|\ud80d[\udc30-\udc3f]|\ud82f[\udca0-\udca3]|\ud834[\udd73-\udd7a]|\udb40[\udc00-\udc7f])[\ud800-\udbff][\udc00-\udfff])*$/;

/** Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms). */
const RTL_TEXT = /[\u0590-\u061b\u061d-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const DIRECTION_MARK = /[\u200e\u200f\u061c]/;
/** Zero-width (non-)joiners, which Persian, Indic scripts and emoji need between two characters of their own. */
const STRAY_JOINER =
  /(?<![\p{L}\p{M}\p{Extended_Pictographic}])[\u200c\u200d]|[\u200c\u200d](?![\p{L}\p{M}\p{Extended_Pictographic}])/u;

/**
 * The invisible characters one-line fields take only where a script needs them: a direction
 * mark (U+200E, U+200F, U+061C) in text that has right-to-left letters, a joiner (U+200C,
 * U+200D) between two letters or pictographs. Anywhere else they only hide what text says.
 */
function strayInvisible(text: string): string | undefined {
  if (DIRECTION_MARK.test(text) && !RTL_TEXT.test(text)) return 'a direction mark outside right-to-left text';
  if (STRAY_JOINER.test(text)) return 'a zero-width joiner that joins nothing';
  return undefined;
}

export interface LinkPolicy {
  /** Host names a link may point at; empty or absent: any host. */
  hosts?: readonly string[] | undefined;
}

const SCHEME = /\b[a-z][a-z0-9+.-]{1,20}:\/\//i;
/**
 * A host name as mail clients spot one in text: labels joined by dots, ending in a letter-only
 * (or punycode) top level. Marks count as letters, as they do in internationalized host names.
 */
const HOST_IN_TEXT =
  /(?<![\p{L}\p{M}\p{N}_-])(?:[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?\.)+(?:xn--[a-z0-9-]{1,59}|\p{L}[\p{L}\p{M}]{1,62})(?![\p{L}\p{M}\p{N}_-])/giu;
const IGNORED = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * Text as a URL parser reads a host name in it (UTS #46, which browsers and mail clients
 * follow): compatibility forms folded (NFKC: fullwidth `ｅｖｉｌ．ｅｘａｍｐｌｅ`, `ｈｔｔｐｓ：／／`),
 * the characters it ignores dropped (soft hyphen, joiners, variation selectors, fillers), and
 * the ideographic full stop (U+3002, and U+FF61 which NFKC folds to it) read as a dot.
 */
const asHostsRead = (text: string) => text.normalize('NFKC').replace(IGNORED, '').replaceAll('\u3002', '.');

/**
 * With LINK_HOSTS set, text must not carry a link the policy would refuse: mail clients turn
 * `https://…`, `www.…`, a bare host name or an address's `@host` into links, so
 * `Contoso. Verify now at https://evil.example/login` in an organization name would be one, and
 * so would `evil．example/login`, which a URL parser reads as `evil.example/login`. Names on
 * the policy's hosts are allowed. Answers what to refuse, or undefined.
 */
export function linkInText(text: string, policy: LinkPolicy): string | undefined {
  const hosts = new Set(policy.hosts?.map((h) => h.toLowerCase()) ?? []);
  if (hosts.size === 0) return undefined;
  const read = asHostsRead(text);
  const scheme = SCHEME.exec(read);
  if (scheme) return `a link (${scheme[0]}…)`;
  for (const [host] of read.matchAll(HOST_IN_TEXT)) {
    if (!hosts.has(host.toLowerCase())) return `a host name (${host})`;
  }
  return undefined;
}

/**
 * One line of text: trimmed, not empty, no control characters, bidi controls, invisible
 * characters or lone surrogates; under a LINK_HOSTS policy, no link or host name off it.
 */
export const singleLine = (max = 200, links: LinkPolicy = {}) =>
  z
    .string()
    .regex(ONE_LINE, {
      error: (issue) => {
        const input = typeof issue.input === 'string' ? issue.input : '';
        if (/[\r\n]/.test(input)) return 'must be a single line (no CR or LF)';
        if (/[\u2028\u2029]/.test(input)) return 'must be a single line (no line or paragraph separator)';
        return 'must be one line of text, without control characters, bidi overrides or invisible characters';
      },
    })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    .superRefine((text, ctx) => {
      const invisible = strayInvisible(text);
      if (invisible) ctx.addIssue({ code: 'custom', message: `must not contain ${invisible}` });
      const link = linkInText(text, links);
      if (link) {
        ctx.addIssue({
          code: 'custom',
          message: `must not contain ${link}: mail clients would make it a link, and LINK_HOSTS allows links to ${[...(links.hosts ?? [])].join(', ')} only`,
        });
      }
    });

/**
 * The raw form a link must have: `https://`, then an authority with no user-info (`@`),
 * backslash or space, then an optional path, query or fragment. Browsers and mail clients
 * parse `https:\\host`, `https:host` or `https://a\\@b` in ways that differ from what a
 * reader sees, so a link is accepted only when this raw form and the WHATWG parse agree on
 * the host, and the normalized URL is what gets written into the email.
 */
const HTTPS_LINK_PATTERN = String.raw`^https://[^\s\\@/?#]+(?:[/?#][^\s\\]*)?$`;
const HTTPS_LINK = new RegExp(HTTPS_LINK_PATTERN);

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
  return (
    z
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
      // Documented as written: RegExp#source would escape each `/` (`^https:\/\/`), which JSON
      // Schema allows but some client generators turn into broken regular expressions.
      .meta({
        pattern: HTTPS_LINK_PATTERN,
        description: 'An absolute https:// URL, without user info or backslashes before the host',
      })
      .transform((raw, ctx) => {
        const url = parsedHost(raw);
        const written = writtenHost(raw);
        if (url?.protocol !== 'https:' || (written !== url.host && written !== `${url.host}:443`)) {
          ctx.addIssue({
            code: 'custom',
            message: 'must be an absolute https:// URL whose host reads as it is written',
          });
          return z.NEVER;
        }
        if (hosts.size > 0 && !hosts.has(url.hostname)) {
          ctx.addIssue({ code: 'custom', message: `must be on an allowed host (${[...hosts].join(', ')})` });
          return z.NEVER;
        }
        return url.href;
      })
  );
};

export const emailAddress = () =>
  z
    .string()
    .regex(ONE_LINE, { error: 'must be a single line of text (no control characters)' })
    .max(254, { error: 'must be at most 254 characters' })
    .pipe(z.email({ error: 'must be an email address like name@example.com' }));

export const isoDate = () => z.iso.date({ error: 'must be a date like 2026-12-31' });

export const recipientName = (links: LinkPolicy = {}) =>
  singleLine(120, links)
    .meta({ description: 'The name the email greets its reader by; without it, the greeting names no one' })
    .optional();
export const organizationName = (links: LinkPolicy = {}) =>
  singleLine(200, links).meta({ description: 'The customer organization’s name, as on the enrollment' });

/** A Microsoft Online Services tenant's domain, like contoso.onmicrosoft.com. */
export const tenantDomain = () =>
  singleLine(253)
    .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, {
      error: 'must be a domain name like contoso.onmicrosoft.com',
    })
    .meta({ description: 'The tenant’s domain, like contoso.onmicrosoft.com' });

/** The services on a Volume Licensing order, as the activation email lists them. */
export const services = (links: LinkPolicy = {}) =>
  z
    .array(singleLine(120, links))
    .max(20, { error: 'must list at most 20 services' })
    .meta({ description: 'The online services on the order, as the email lists them (at most 20)' });

/** The subscriptions a provisioning confirmation lists: service, quantity, and the dates they run. */
export const subscriptions = (links: LinkPolicy = {}) =>
  z
    .array(
      z
        .strictObject({
          service: singleLine(120, links).meta({ description: 'The online service, as the email names it' }),
          quantity: z
            .number({ error: 'must be a whole number' })
            .int({ error: 'must be a whole number' })
            .positive({ error: 'must be at least 1' })
            .max(10_000_000, { error: 'must be at most 10000000' })
            .meta({ description: 'How many licenses' }),
          startsOn: isoDate().meta({ description: 'The first day of the subscription' }).optional(),
          endsOn: isoDate().meta({ description: 'Its last day; not before startsOn' }).optional(),
        })
        .refine((s) => !s.startsOn || !s.endsOn || s.startsOn <= s.endsOn, {
          error: 'endsOn must not be before startsOn',
          path: ['endsOn'],
        }),
    )
    .min(1, { error: 'must list at least 1 subscription' })
    .max(50, { error: 'must list at most 50 subscriptions' })
    .meta({ description: 'The subscriptions provisioned (1 to 50), as the email lists them' });
