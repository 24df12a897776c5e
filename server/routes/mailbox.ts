import type { Context } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { bearerAuth } from '../auth.ts';
import type { Config } from '../config.ts';
import type { App, RouteModule } from '../http.ts';
import { problem, respondProblem } from '../problem.ts';
import type { EmailSummary, Store } from '../store/index.ts';
import { decodeCursor, encodeCursor, UUID } from './params.ts';

/**
 * `GET /mailbox`, with the local transport only: what was "sent", newest first, and each email
 * as it would arrive (headers, the HTML in a sandboxed frame, the text version). Every value
 * is escaped by `html`; the email's HTML runs without scripts, in a frame of no origin.
 * Behind the API keys when there are any (without keys the server listens on loopback only).
 */

const PAGE_SIZE = 50;

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const STYLE = `
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem; color: #1b1b1b; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
  dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
  iframe { width: 100%; height: 70vh; border: 1px solid #ccc; background: #fff; }
  pre { white-space: pre-wrap; background: #f6f6f6; padding: 1rem; overflow-wrap: anywhere; }
  .status { font-family: ui-monospace, monospace; }
`;

const page = (title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) => html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · activation-mail mailbox</title>
<style>${STYLE}</style>
</head>
<body>
<header><p><a href="/mailbox">Mailbox</a> · emails kept locally instead of sent (no RESEND_API_KEY)</p></header>
<main>${body}</main>
</body>
</html>`;

const list = (addresses: string[] | null) => (addresses?.length ? addresses.join(', ') : '');

const row = (email: EmailSummary) => html`<tr>
<td><time datetime="${email.createdAt.toISOString()}">${email.createdAt.toISOString().replace('T', ' ').slice(0, 19)}</time></td>
<td>${list(email.to)}</td>
<td><a href="/mailbox/${email.id}">${email.subject}</a></td>
<td>${email.template}</td>
<td class="status">${email.status}</td>
</tr>`;

/** Links in the email open in a new tab, out of the sandbox, as they would from a mail client. */
const framed = (emailHtml: string) => `<base target="_blank">${emailHtml}`;

export interface MailboxRouteDeps {
  store: Store;
  config: Pick<Config, 'apiKeys' | 'emailFrom' | 'brand'>;
}

function mount(app: App, { config, store }: MailboxRouteDeps): void {
  const from = config.emailFrom ?? `${config.brand.name} <no-reply@localhost>`;
  const respond = async (c: Context, content: ReturnType<typeof page>, status: 200 | 404 = 200) =>
    c.html(await content, status, SECURITY_HEADERS);

  app.use('/mailbox', bearerAuth(config.apiKeys));
  app.use('/mailbox/*', bearerAuth(config.apiKeys));

  app.get('/mailbox', async (c) => {
    const cursor = c.req.query('cursor');
    const before = cursor ? decodeCursor(cursor) : undefined;
    const rows = await store.listEmails({ limit: PAGE_SIZE + 1, before });
    const emails = rows.slice(0, PAGE_SIZE);
    const last = emails.at(-1);
    const older = rows.length > PAGE_SIZE && last ? `/mailbox?cursor=${encodeCursor(last.id)}` : undefined;
    const body = html`<h1>Mailbox</h1>
${
  emails.length === 0
    ? html`<p>Nothing yet. Send an email with <code>POST /v1/emails</code> and it appears here.</p>`
    : html`<table>
<thead><tr><th scope="col">Created (UTC)</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Template</th><th scope="col">Status</th></tr></thead>
<tbody>${emails.map(row)}</tbody>
</table>`
}
${older ? html`<p><a href="${older}">Older emails</a></p>` : ''}`;
    return respond(c, page('Mailbox', body));
  });

  app.get('/mailbox/:id', async (c) => {
    const id = c.req.param('id');
    const email = UUID.test(id) ? await store.getEmail(id.toLowerCase()) : undefined;
    if (!email) return respondProblem(c, problem('not-found', `There is no email with id "${id}".`));
    const body = html`<h1>${email.subject}</h1>
<dl>
<dt>From</dt><dd>${from}</dd>
<dt>To</dt><dd>${list(email.to)}</dd>
${email.cc?.length ? html`<dt>Cc</dt><dd>${list(email.cc)}</dd>` : ''}
${email.bcc?.length ? html`<dt>Bcc</dt><dd>${list(email.bcc)}</dd>` : ''}
${email.replyTo?.length ? html`<dt>Reply-To</dt><dd>${list(email.replyTo)}</dd>` : ''}
<dt>Date</dt><dd>${email.updatedAt.toISOString()}</dd>
<dt>Status</dt><dd class="status">${email.status}</dd>
<dt>Template</dt><dd>${email.template}${email.recipientRole ? ` (to the ${email.recipientRole})` : ''}</dd>
</dl>
<h2>HTML</h2>
<iframe title="The email as HTML" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${framed(email.html)}"></iframe>
<h2>Text</h2>
<pre>${email.text}</pre>`;
    return respond(c, page(email.subject, body));
  });
}

/** Undocumented: a page for people, not part of the API. */
export const mailboxRoutes: RouteModule<MailboxRouteDeps> = { documented: [], mount };
