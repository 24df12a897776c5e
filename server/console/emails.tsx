/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { z } from 'zod';
import { locales, templateNames } from '../../emails/_catalog/index.ts';
import type { App } from '../http.ts';
import { type EmailStatus, type EmailSummary, emailStatuses } from '../store/index.ts';
import { startOfDay, When } from './dates.tsx';
import type { Kit } from './kit.tsx';
import { Notice, Page, StatusBadge, type View } from './layout.tsx';
import { Pager, pageLink, StackTable } from './parts.tsx';

/**
 * `/console/emails`: every email, newest first, filtered by status, template, recipient, locale
 * and acceptance date. `/console/mailbox` is the same list narrowed to the emails the local
 * mailbox captured instead of sending (MAIL_TRANSPORT=mailbox): what `/mailbox` used to show.
 */

const PAGE_SIZE = 50;
const DAY_MS = 86_400_000;

/** The status of an email the local mailbox took instead of sending it. */
export const capturedStatus: EmailStatus = 'captured';

const blank = z.literal('').transform(() => undefined);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date' })
  .optional()
  .or(blank);

export const emailFilters = z.object({
  status: z.enum(emailStatuses).optional().or(blank),
  template: z.enum(templateNames).optional().or(blank),
  recipient: z.string().max(254, { error: 'must be at most 254 characters' }).optional(),
  locale: z.enum(locales).optional().or(blank),
  from: day,
  to: day,
  before: z.uuid().optional(),
});
export type EmailFilters = z.infer<typeof emailFilters>;

function Filters({
  path,
  filters,
  errors,
  mailbox,
}: {
  path: string;
  filters: EmailFilters;
  errors: string[];
  mailbox: boolean;
}) {
  return (
    <search>
      <form method="get" action={path} class="filters" aria-label="Find emails">
        {mailbox ? null : (
          <div>
            <label for="status">Status</label>
            <select id="status" name="status">
              <option value="">Any</option>
              {emailStatuses.map((s) => (
                <option value={s} selected={filters.status === s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
        )}
        <div>
          <label for="template">Template</label>
          <select id="template" name="template">
            <option value="">Any</option>
            {templateNames.map((t) => (
              <option value={t} selected={filters.template === t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="recipient">Recipient address</label>
          <input id="recipient" name="recipient" type="search" value={filters.recipient ?? ''} maxlength={254} />
        </div>
        <div>
          <label for="locale">Language</label>
          <select id="locale" name="locale">
            <option value="">Any</option>
            {locales.map((l) => (
              <option value={l} selected={filters.locale === l}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="from">Accepted from</label>
          <input id="from" name="from" type="date" value={filters.from ?? ''} />
        </div>
        <div>
          <label for="to">Accepted to</label>
          <input id="to" name="to" type="date" value={filters.to ?? ''} />
        </div>
        <div>
          <button type="submit">Filter</button> <a href={path}>Clear</a>
        </div>
        {errors.length > 0 ? (
          <div class="wide">
            <Notice tone="bad">
              <p>Some filters were ignored: {errors.join('; ')}.</p>
            </Notice>
          </div>
        ) : null}
      </form>
    </search>
  );
}

function EmailRows({ rows, view }: { rows: EmailSummary[]; view: View }) {
  return (
    <StackTable
      columns={[
        {
          label: 'Subject',
          cell: (e) => <a href={`/console/emails/${e.id}`}>{e.erasedAt ? '(erased)' : e.subject}</a>,
        },
        { label: 'To', cell: (e) => (e.erasedAt ? '(erased)' : e.to.join(', ')) },
        { label: 'Template', cell: (e) => e.template },
        { label: 'Language', cell: (e) => e.locale ?? '—' },
        { label: 'Status', cell: (e) => <StatusBadge status={e.status} /> },
        { label: 'Accepted', cell: (e) => <When date={e.createdAt} dates={view.dates} /> },
      ]}
      rows={rows}
    />
  );
}

export function mountEmailList(app: App, kit: Kit): void {
  const { store } = kit.deps;
  const list = (mailbox: boolean) =>
    kit.page('read', async (c: Context, view: View) => {
      const path = mailbox ? '/console/mailbox' : '/console/emails';
      const parsed = emailFilters.safeParse(c.req.query());
      const filters: EmailFilters = parsed.success ? parsed.data : {};
      const errors = parsed.success
        ? []
        : parsed.error.issues.map((i) => `${String(i.path[0] ?? 'query')} ${i.message.toLowerCase()}`);
      const tz = view.dates.timeZone;
      const rows = await store.findEmails({
        status: mailbox ? capturedStatus : filters.status,
        template: filters.template,
        recipient: filters.recipient,
        locale: filters.locale,
        from: filters.from ? startOfDay(filters.from, tz) : undefined,
        until: filters.to ? new Date(startOfDay(filters.to, tz).getTime() + DAY_MS) : undefined,
        before: filters.before,
        limit: PAGE_SIZE + 1,
      });
      const shown = rows.slice(0, PAGE_SIZE);
      const last = shown.at(-1);
      const { before: _, ...kept } = filters;
      const older = rows.length > PAGE_SIZE && last ? pageLink(path, kept, last.id) : undefined;
      const title = mailbox ? 'Mailbox' : 'Emails';
      return kit.render(
        c,
        parsed.success ? 200 : 400,
        <Page title={title} view={view} tz={tz}>
          <h1>{title}</h1>
          {mailbox ? (
            <p>
              {view.mailbox
                ? 'Emails go to the local mailbox (MAIL_TRANSPORT=mailbox): they are kept here, as they would arrive, instead of being sent. Nothing leaves this machine.'
                : 'A provider is configured: emails are sent, and the local mailbox keeps nothing new. Emails it captured earlier are listed here.'}
            </p>
          ) : null}
          <Filters path={path} filters={filters} errors={errors} mailbox={mailbox} />
          {shown.length === 0 ? (
            <p>
              {mailbox ? 'The mailbox is empty.' : 'No email matches.'} Emails sent with <code>POST /v1/emails</code> or
              by an activation appear here.
            </p>
          ) : (
            <EmailRows rows={shown} view={view} />
          )}
          <Pager first={filters.before ? pageLink(path, kept) : undefined} older={older} />
        </Page>,
      );
    });
  app.get('/console/emails', list(false));
  app.get('/console/mailbox', list(true));
}
