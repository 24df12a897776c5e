/** @jsxImportSource hono/jsx */
import type { App } from '../http.ts';
import { UUID } from '../routes/params.ts';
import type { EmailWithEvents } from '../store/index.ts';
import { When } from './dates.tsx';
import type { Kit } from './kit.tsx';
import { Notice, Page, StatusBadge, type View } from './layout.tsx';
import { StackTable } from './parts.tsx';

/**
 * `/console/emails/{id}`: one email as its recipient got it, with its story: headers, status,
 * attempts, the provider's id and last error, every event, the HTML in a sandboxed frame and
 * the text version. The frame loads `/console/emails/{id}/body`, served with a CSP of its own:
 * no script, no origin (the CSP `sandbox`, as well as the frame's), inline styles only, and
 * images from `data:` only unless the person asks for remote images (which tell the sender
 * that the email was opened, so they stay off by default). Once retention (RETENTION_DAYS)
 * erased an email, the page says so and when, and shows what stays: status, times, events.
 */

const list = (addresses: string[] | null | undefined) => (addresses?.length ? addresses.join(', ') : undefined);

/** The email's HTML with its links opening a new tab, as from a mail client, out of the sandbox. */
export function framed(html: string): string {
  const base = '<base target="_blank">';
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) return `${base}${html}`;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}${base}${html.slice(at)}`;
}

export const emailBodyCsp = (remoteImages: boolean) =>
  [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `img-src data:${remoteImages ? ' https:' : ''}`,
    'font-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    'sandbox allow-popups allow-popups-to-escape-sandbox',
  ].join('; ');

function Headers({ email, from, view }: { email: EmailWithEvents; from: string; view: View }) {
  const rows: [string, unknown][] = email.erasedAt
    ? [['From', from]]
    : [
        ['From', from],
        ['To', list(email.to)],
        ['Cc', list(email.cc)],
        ['Bcc', list(email.bcc)],
        ['Reply-To', list(email.replyTo)],
        ['Subject', email.subject],
      ];
  return (
    <dl class="facts">
      {rows
        .filter(([, value]) => value !== undefined)
        .map(([label, value]) => (
          <>
            <dt>{label}</dt>
            <dd>{String(value)}</dd>
          </>
        ))}
      <dt>Status</dt>
      <dd>
        <StatusBadge status={email.status} />
      </dd>
      <dt>Template</dt>
      <dd>
        {email.template}
        {email.recipientRole ? `, to the ${email.recipientRole}` : ''}
        {email.locale ? `, in ${email.locale}` : ''}
      </dd>
      {email.activationId ? (
        <>
          <dt>Activation</dt>
          <dd>
            <a href={`/console/activations/${email.activationId}`}>The activation</a>
            {email.purpose ? ` (its ${email.purpose} email)` : ''}
          </dd>
        </>
      ) : null}
      <dt>Accepted</dt>
      <dd>
        <When date={email.createdAt} dates={view.dates} />
      </dd>
      {email.scheduledAt ? (
        <>
          <dt>Due</dt>
          <dd>
            <When date={email.scheduledAt} dates={view.dates} />
          </dd>
        </>
      ) : null}
      <dt>Attempts</dt>
      <dd>{email.attempts}</dd>
      <dt>Provider id</dt>
      <dd class="mono">{email.providerId ?? '—'}</dd>
      {email.lastError ? (
        <>
          <dt>Last error</dt>
          <dd class="mono">{email.lastError}</dd>
        </>
      ) : null}
    </dl>
  );
}

function Events({ email, view }: { email: EmailWithEvents; view: View }) {
  return (
    <StackTable
      columns={[
        { label: 'When', cell: (e) => <When date={e.at} dates={view.dates} /> },
        {
          label: 'Event',
          cell: (e) => (
            <>
              <StatusBadge status={e.type} />
              {e.keyName ? <span class="detail"> by {e.keyName}</span> : null}
            </>
          ),
        },
        { label: 'Detail (the provider’s answer)', short: 'Detail', class: 'mono', cell: (e) => e.detail ?? '—' },
      ]}
      rows={email.events}
    />
  );
}

/** An email retention erased: what stays of it, and when the rest went. */
function ErasedEmail({
  email,
  erasedAt,
  from,
  view,
}: {
  email: EmailWithEvents;
  erasedAt: Date;
  from: string;
  view: View;
}) {
  return (
    <Page title={`Erased ${email.template} email`} view={view} tz={view.dates.timeZone}>
      <p>
        <a href="/console/emails">Emails</a>
      </p>
      <h1>Erased {email.template} email</h1>
      <Notice tone="warn">
        <p>
          Its addresses, subject, content, data and event details were erased{' '}
          <When date={erasedAt} dates={view.dates} />, at the end of the retention period (RETENTION_DAYS). Its status,
          times and events stay.
        </p>
      </Notice>
      <Headers email={email} from={from} view={view} />
      <h2>Events</h2>
      <Events email={email} view={view} />
    </Page>
  );
}

export function mountEmailPage(app: App, kit: Kit, from: string): void {
  const { store } = kit.deps;
  app.get(
    '/console/emails/:id',
    kit.page('read', async (c, view) => {
      const id = c.req.param('id') ?? '';
      const email = UUID.test(id) ? await store.getEmail(id.toLowerCase()) : undefined;
      if (!email) return kit.problemPage(c, 404, 'No such email', `There is no email with id ${id}.`, view);
      if (email.erasedAt)
        return kit.render(c, 200, <ErasedEmail email={email} erasedAt={email.erasedAt} from={from} view={view} />);
      const remote = c.req.query('images') === 'remote';
      const body = `/console/emails/${email.id}/body${remote ? '?images=remote' : ''}`;
      return kit.render(
        c,
        200,
        <Page title={email.subject} view={view} tz={view.dates.timeZone}>
          <p>
            <a href="/console/emails">Emails</a>
          </p>
          <h1>{email.subject}</h1>
          <Headers email={email} from={from} view={view} />
          <h2>Events</h2>
          <Events email={email} view={view} />
          <h2>As received</h2>
          <p>
            {remote ? (
              <>
                Remote images are shown. <a href={`/console/emails/${email.id}`}>Block remote images</a>
              </>
            ) : (
              <>
                Remote images are blocked, as many mail clients do.{' '}
                <a href={`/console/emails/${email.id}?images=remote`}>Show remote images</a>
              </>
            )}
          </p>
          <iframe
            class="email-frame"
            title={`The email “${email.subject}” as HTML`}
            src={body}
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            referrerpolicy="no-referrer"
          />
          <h2 id="text-version">Text version</h2>
          <section class="text" aria-labelledby="text-version" tabindex={0}>
            <pre>{email.text}</pre>
          </section>
        </Page>,
      );
    }),
  );

  app.get(
    '/console/emails/:id/body',
    kit.page('read', async (c) => {
      const id = c.req.param('id') ?? '';
      const html = UUID.test(id) ? await store.getEmailHtml(id.toLowerCase()) : undefined;
      if (html === undefined) return c.text('No such email.', 404);
      if (html === null) return c.text('Retention erased this email’s content.', 410);
      return c.body(framed(html), 200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': emailBodyCsp(c.req.query('images') === 'remote'),
        'X-Frame-Options': 'SAMEORIGIN',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
      });
    }),
  );
}
