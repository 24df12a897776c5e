/**
 * The checks every rendered email passes, in every locale: against caniemail's data for the mail
 * clients enterprise inboxes use, with html-validate, and for size. Used by the tests
 * (test/emails/clients.test.ts) and by `npm run email:export`, which refuses to write an email
 * that fails one. Development tooling only: the server never imports this module.
 */
import { caniemail } from 'caniemail';
import { HtmlValidate } from 'html-validate';

/** Outlook on Windows (classic and Mail), Outlook.com, Gmail web and apps, Apple Mail, Yahoo, Samsung Email. */
export const checkedClients: Parameters<typeof caniemail>[0]['clients'] = [
  'outlook.windows',
  'outlook.windows-mail',
  'outlook.outlook-com',
  'gmail.*',
  'apple-mail.*',
  'yahoo.*',
  'samsung-email.*',
];

/**
 * Features some of those clients lack where the email still lays out the same: each is an
 * enhancement or a hint that the client ignores. Any other unsupported feature fails the check,
 * so a new one is reviewed before it ships.
 */
export const gracefulFeatures: Record<string, string> = {
  'color-scheme CSS property': 'dark-mode hint; without it the light design shows',
  'color-scheme meta tag': 'dark-mode hint; without it the light design shows',
  '@media': 'only the dark-mode styles sit in a media query; without it the light design shows',
  '<style> element': 'holds only the dark-mode styles; every layout style is inline',
  'display:none': 'one of the preheader’s layered hiding styles (the others hide it)',
  overflow: 'one of the preheader’s layered hiding styles',
  opacity: 'one of the preheader’s layered hiding styles',
  'max-height property': 'one of the preheader’s layered hiding styles',
  'border-radius': 'square corners instead of round ones',
  'text-decoration-line': 'Outlook underlines links by default, which is what we ask for',
  '<wbr> element': 'a break opportunity in the shown fallback URL; ignored, the URL breaks as before',
  'target attribute': 'the client opens links its own way',
  'role attribute': 'an accessibility hint on layout tables',
  '<body> element': 'replaced by a <div>; the page colour is repeated on the layout table',
  'word-break': 'Japanese only: keep-all breaks at phrase boundaries; without it lines break per character, as before',
  'overflow-wrap': 'Japanese only: the way out for a phrase wider than the screen; phrases are short',
};

/** Gmail clips a message past 102 KB; we stay well under it. */
export const SIZE_LIMIT_BYTES = 60 * 1024;

const htmlValidate = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    // What email HTML needs and browsers' HTML does not: say why for each.
    'doctype-html': 'off', // React Email's XHTML 1.0 Transitional doctype, which Outlook expects
    'void-style': 'off', // React writes <meta/>; both forms are valid HTML
    'attr-case': 'off', // React writes cellPadding/cellSpacing; attribute names are case-insensitive
    'no-inline-style': 'off', // inline styles are the only styles every client keeps
    'no-deprecated-attr': 'off', // width/align/border/cellpadding on tables are what Outlook reads
    'presentation-role-style': 'off', // role="presentation" is what mail clients' readers know
    'no-conditional-comment': 'off', // [if mso] blocks are for classic Outlook
    'long-title': 'off', // the title is the subject, whose length the subject line decides
  },
});

export interface EmailProblem {
  check: 'caniemail' | 'html-validate' | 'size';
  message: string;
}

/** Every problem of one rendered email's HTML; empty when it passes. */
export async function checkEmailHtml(html: string): Promise<EmailProblem[]> {
  const problems: EmailProblem[] = [];
  const { issues } = caniemail({ html, clients: checkedClients });
  const unsupported = new Map<string, Set<string>>();
  for (const [client, list] of issues.errors) {
    for (const issue of list) {
      if (issue.title in gracefulFeatures) continue;
      if (!unsupported.has(issue.title)) unsupported.set(issue.title, new Set());
      unsupported.get(issue.title)?.add(client);
    }
  }
  for (const [title, clients] of unsupported) {
    problems.push({ check: 'caniemail', message: `${title} is not supported by ${[...clients].join(', ')}` });
  }
  const report = await htmlValidate.validateString(html);
  for (const result of report.results) {
    for (const m of result.messages) {
      problems.push({ check: 'html-validate', message: `${m.ruleId} at ${m.line}:${m.column}: ${m.message}` });
    }
  }
  const bytes = Buffer.byteLength(html);
  if (bytes > SIZE_LIMIT_BYTES) {
    problems.push({ check: 'size', message: `${bytes} bytes, over the ${SIZE_LIMIT_BYTES}-byte limit` });
  }
  return problems;
}
