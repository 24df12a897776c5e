import { z } from 'zod';

/** The field kinds every template's data is built from, so each rule is written once. */

const NO_CR_LF = /^[^\r\n]*$/;

/** One line of text: trimmed, not empty, no CR or LF (they could break headers and layouts). */
export const singleLine = (max = 200) =>
  z
    .string()
    .regex(NO_CR_LF, { error: 'must be a single line (no CR or LF)' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

export interface LinkPolicy {
  /** Host names a link may point at; empty or absent: any host. */
  hosts?: readonly string[] | undefined;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An absolute https: URL, on one of the policy's hosts when it names any. */
export const httpsUrl = (policy: LinkPolicy = {}) => {
  const hosts = policy.hosts?.filter(Boolean) ?? [];
  const hostname = hosts.length ? new RegExp(`^(?:${hosts.map(escapeRegExp).join('|')})$`, 'i') : undefined;
  return z
    .string()
    .max(2048, { error: 'must be at most 2048 characters' })
    .regex(/^\S+$/, { error: 'must be a URL without spaces, CR or LF' })
    .pipe(
      z.url({
        protocol: /^https$/,
        ...(hostname ? { hostname } : {}),
        error: (issue) =>
          hostname && typeof issue.input === 'string' && /^https:\/\//i.test(issue.input)
            ? `must be on an allowed host (${hosts.join(', ')})`
            : 'must be an absolute https:// URL',
      }),
    );
};

export const emailAddress = () =>
  z
    .string()
    .regex(NO_CR_LF, { error: 'must be a single line (no CR or LF)' })
    .max(254, { error: 'must be at most 254 characters' })
    .pipe(z.email({ error: 'must be an email address like name@example.com' }));

export const isoDate = () => z.iso.date({ error: 'must be a date like 2026-12-31' });

export const recipientName = () => singleLine(120).optional();
export const organizationName = () => singleLine(200);
