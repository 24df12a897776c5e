/** @jsxImportSource hono/jsx */
import type { Context, Handler } from 'hono';
import { html } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isLoopbackHost } from '../config.ts';
import { type Caller, type KeyGate, may, OPEN_CALLER, type Scope } from '../keys.ts';
import type { ActivationStepDeps } from '../routes/activations.ts';
import { datesOf } from './dates.tsx';
import { Notice, Page, type View } from './layout.tsx';
import { type ConsoleSessions, consoleSessions, type Session } from './session.ts';

/**
 * What every console page and action goes through before its own work: the security headers
 * (a strict CSP, no framing), the Host rule of open mode, the same-origin rule and the CSRF
 * token of every POST, the session and its timeout, and the scope the page needs. A handler
 * receives the `View` of a request that passed all of it.
 */

export interface ConsoleDeps extends ActivationStepDeps {
  /**
   * The API's key gate: signing in checks a key there, under the same wrong-key allowance per
   * address as /v1; open (no keys, loopback only), the console needs no sign-in.
   */
  keys: KeyGate;
  sessions: { secret: string; idleMs: number; maxMs: number; secure: boolean };
  /** Where emails go: the local mailbox has a view of its own. */
  transport: 'resend' | 'mailbox';
  /** Requests per second the provider allows (RESEND_RATE_LIMIT), for the budget. */
  providerRate: number;
  /** The sender the emails show (EMAIL_FROM, or the brand's no-reply). */
  emailFrom: string;
}

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on a form post.
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** A console path to go back to after signing in; anything else goes to the activations. */
export const safeNext = (value: unknown): string =>
  typeof value === 'string' && /^\/console(\/[A-Za-z0-9/_?=&%.-]*)?$/.test(value) && !value.includes('//')
    ? value
    : '/console/activations';

const hostOf = (c: Context): string | undefined => {
  const host = c.req.header('host');
  if (!host) return undefined;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
};

/** Whether a POST comes from a page of this origin: `Sec-Fetch-Site` and `Origin`, when sent, say so. */
export function sameOrigin(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === c.req.header('host');
  } catch {
    return false;
  }
}

export type Form = Record<string, string>;

export function consoleKit(deps: ConsoleDeps) {
  const sessions: ConsoleSessions = consoleSessions({ ...deps.sessions, clock: deps.clock });
  const open = deps.keys.open;

  const render = async (c: Context, status: ContentfulStatusCode, page: Child) =>
    c.html(html`<!doctype html>${await page}`, status, securityHeaders);

  const tzOf = (c: Context) => datesOf(c).timeZone;

  /** A page that says what went wrong, for someone signed in or not. */
  const problemPage = (c: Context, status: ContentfulStatusCode, title: string, text: string, view?: View) =>
    render(
      c,
      status,
      <Page title={title} view={view} tz={tzOf(c)}>
        <h1>{title}</h1>
        <Notice tone="bad">
          <p>{text}</p>
        </Notice>
        <p>
          <a href="/console/activations">Go to the activations</a>
        </p>
      </Page>,
    );

  /** Open mode takes requests for a loopback host only: a page elsewhere cannot reach it by DNS rebinding. */
  const hostAllowed = (c: Context) => {
    if (!open) return true;
    const host = hostOf(c);
    return host !== undefined && isLoopbackHost(host);
  };

  const viewOf = (c: Context, session: Session, identity: Caller): View => ({
    dates: datesOf(c),
    csrf: sessions.csrfToken(session),
    identity,
    path: c.req.path,
    mailbox: deps.transport === 'mailbox',
    open,
  });

  type Gate = { kind: 'in'; session: Session; view: View } | { kind: 'out'; response: Response };

  /** The session of a request, or the answer for one that has none (or whose session ended). */
  async function gate(c: Context, scope: Scope): Promise<Gate> {
    if (!hostAllowed(c)) {
      return {
        kind: 'out',
        response: await problemPage(c, 403, 'Not this host', 'The console answers on loopback only.'),
      };
    }
    const read = await sessions.read(c);
    let session: Session | undefined = read.kind === 'active' ? read.session : undefined;
    if (open && !session?.identity) session = await sessions.start(c, OPEN_CALLER);
    // The key's scopes as the keys are now: a key removed or narrowed since sign-in counts at once,
    // and so does one replaced under the same name (a leaked key rotated): its digest differs.
    const current = session?.identity && deps.keys.named(session.identity.name);
    const caller = current?.keyDigest === session?.identity?.keyDigest ? current : undefined;
    if (session?.identity && !caller) sessions.end(c);
    if (!session || !caller) {
      if (c.req.method !== 'GET') {
        const text = session?.identity
          ? 'The key you signed in with is no longer configured; nothing was done. Sign in again.'
          : read.kind === 'expired'
            ? 'Your session ended after a while without use; nothing was done. Sign in again.'
            : 'You are not signed in; nothing was done.';
        return { kind: 'out', response: await problemPage(c, 401, 'Sign in again', text) };
      }
      const next = encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''));
      const reason = session?.identity ? '&message=key-removed' : read.kind === 'expired' ? '&message=expired' : '';
      return { kind: 'out', response: c.redirect(`/console/sign-in?next=${next}${reason}`, 303) };
    }
    const view = viewOf(c, session, caller);
    if (!may(caller, scope)) {
      const text = `The key you signed in with (${caller.name}) does not have the "${scope}" scope this needs.`;
      return { kind: 'out', response: await problemPage(c, 403, 'Not allowed', text, view) };
    }
    return { kind: 'in', session, view };
  }

  /** A page for someone signed in whose key has `scope`. */
  const page =
    (scope: Scope, handler: (c: Context, view: View) => Promise<Response>): Handler =>
    async (c) => {
      const gated = await gate(c, scope);
      return gated.kind === 'out' ? gated.response : handler(c, gated.view);
    };

  /** A form post: same origin, signed in with `scope`, with this session's CSRF token. */
  const action =
    (scope: Scope, handler: (c: Context, view: View, form: Form) => Promise<Response>): Handler =>
    async (c) => {
      if (!sameOrigin(c)) {
        return problemPage(c, 403, 'Refused', 'The form was not sent from a page of the console; nothing was done.');
      }
      const gated = await gate(c, scope);
      if (gated.kind === 'out') return gated.response;
      const form = await formOf(c);
      if (!sessions.checkCsrf(gated.session, form._csrf)) {
        return problemPage(
          c,
          403,
          'Refused',
          'The form’s security token is missing or wrong (it may come from an older page); nothing was done. Go back, reload the page and try again.',
          gated.view,
        );
      }
      return handler(c, gated.view, form);
    };

  return { deps, sessions, open, render, problemPage, page, action, hostAllowed, tzOf };
}

/** The posted form's text fields (files are ignored). */
export async function formOf(c: Context): Promise<Form> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return {};
  const body = await c.req.parseBody();
  const form: Form = {};
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') form[name] = value;
  return form;
}

export type Kit = ReturnType<typeof consoleKit>;
