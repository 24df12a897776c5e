/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import { type Identity, may, type Scope } from './access.ts';
import { assetUrl } from './assets.ts';
import type { Dates } from './dates.tsx';

/**
 * The frame of every console page: a skip link, the navigation (the current page marked),
 * who is signed in with the sign-out form, and the page in `<main>`. Everything rendered goes
 * through Hono's JSX, which escapes every value; no page has an inline script or style.
 */

/** What every view needs about the request it answers. */
export interface View {
  dates: Dates;
  /** The CSRF token every form carries. */
  csrf: string;
  identity: Identity;
  /** The path of the page, to mark it in the navigation. */
  path: string;
  /** Whether the local mailbox holds the emails (no provider): its view is listed then. */
  mailbox: boolean;
  /** Open on loopback without keys: there is nobody to sign out. */
  open: boolean;
}

export const may_ = (view: View, scope: Scope) => may(view.identity, scope);

const sections = [
  { href: '/console/activations', label: 'Activations' },
  { href: '/console/emails', label: 'Emails' },
  { href: '/console/mailbox', label: 'Mailbox', mailboxOnly: true },
  { href: '/console/delivery', label: 'Delivery' },
];

export function Csrf({ view }: { view: View }) {
  return <input type="hidden" name="_csrf" value={view.csrf} />;
}

function Header({ view }: { view: View }) {
  return (
    <header class="top">
      <div class="bar">
        <a class="brand" href="/console/activations">
          activation-mail console
        </a>
        <nav class="main" aria-label="Console">
          <ul>
            {sections
              .filter((s) => !s.mailboxOnly || view.mailbox)
              .map((s) => (
                <li>
                  <a
                    href={s.href}
                    aria-current={view.path === s.href || view.path.startsWith(`${s.href}/`) ? 'page' : undefined}
                  >
                    {s.label}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <div class="who">
          <span>
            Signed in as <strong>{view.identity.name}</strong>
          </span>
          {view.open ? null : (
            <form method="post" action="/console/sign-out">
              <Csrf view={view} />
              <button type="submit" class="secondary">
                Sign out
              </button>
            </form>
          )}
        </div>
      </div>
    </header>
  );
}

/** A whole page. `view` absent: a page for nobody signed in yet (sign-in, errors before it). */
export function Page({ title, view, tz, children }: { title: string; view?: View; tz: string; children: Child }) {
  return (
    <html lang="en" data-tz={tz}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{`${title} · activation-mail console`}</title>
        <link rel="stylesheet" href={assetUrl('console.css')} />
        <script type="module" src={assetUrl('console.js')} />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        {view ? <Header view={view} /> : null}
        <main id="main" tabindex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}

/** A message at the top of a page: `role="status"` for news, `role="alert"` for problems. */
export function Notice({ tone, children }: { tone: 'good' | 'bad' | 'warn' | 'info'; children: Child }) {
  return (
    <div class={`notice ${tone === 'info' ? '' : tone}`} role={tone === 'bad' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** Statuses by how they read: delivered is good news, a bounce bad, a wait a warning. */
export function StatusBadge({ status }: { status: string }) {
  const tone = ['delivered', 'sent', 'provisioned', 'chosen', 'captured'].includes(status)
    ? 'good'
    : ['bounced', 'complained', 'failed', 'outcome_unknown'].includes(status)
      ? 'bad'
      : ['delivery_delayed', 'throttled', 'parked', 'retry', 'awaiting-choice'].includes(status)
        ? 'warn'
        : 'muted';
  return <span class={`status ${tone}`}>{status}</span>;
}
