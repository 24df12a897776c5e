/** @jsxImportSource hono/jsx */
import { clientAddress } from '../auth.ts';
import type { App, RouteModule } from '../http.ts';
import { mountActions } from './actions.tsx';
import { mountActivationPage } from './activation.tsx';
import { mountActivationList } from './activations.tsx';
import { mountAssets } from './assets.ts';
import { mountDelivery } from './delivery.tsx';
import { mountEmailPage } from './email.tsx';
import { mountEmailList } from './emails.tsx';
import { type ConsoleDeps, consoleKit, formOf, type Kit, safeNext, sameOrigin } from './kit.tsx';
import { SignInPage } from './sign-in.tsx';

/**
 * `/console`: the operations console for people, served by the API's process (issue 24) and
 * left out of the OpenAPI document. Pages are rendered on the server with Hono's JSX and work
 * without script; they read through the store's functions and act through the API's own step
 * runner. What every request goes through (headers, host, origin, session, CSRF, scope) is in
 * kit.tsx; each view, with its route, has a file of its own.
 */

export type { ConsoleDeps };

function mountSignIn(app: App, kit: Kit): void {
  const { sessions, deps } = kit;

  app.get('/console/sign-in', async (c) => {
    if (!kit.hostAllowed(c) || kit.open) return c.redirect('/console/activations', 303);
    const read = await sessions.read(c);
    if (read.kind === 'active' && read.session.identity) return c.redirect(safeNext(c.req.query('next')), 303);
    const session = read.kind === 'active' ? read.session : await sessions.start(c);
    const message = c.req.query('message');
    return kit.render(
      c,
      200,
      <SignInPage
        csrf={sessions.csrfToken(session)}
        tz={kit.tzOf(c)}
        next={safeNext(c.req.query('next'))}
        message={message === 'expired' || message === 'signed-out' ? message : undefined}
      />,
    );
  });

  app.post('/console/sign-in', async (c) => {
    if (!kit.hostAllowed(c) || kit.open || !deps.authenticate) return c.redirect('/console/activations', 303);
    if (!sameOrigin(c))
      return kit.problemPage(c, 403, 'Refused', 'The form was not sent from the console’s sign-in page.');
    const form = await formOf(c);
    const next = safeNext(form.next);
    const read = await sessions.read(c);
    const again = async (
      status: 401 | 403 | 429,
      message: 'wrong-key' | 'form-expired' | 'throttled',
      retry?: number,
    ) => {
      const session = await sessions.start(c);
      const page = (
        <SignInPage
          csrf={sessions.csrfToken(session)}
          tz={kit.tzOf(c)}
          next={next}
          message={message}
          retryAfterSeconds={retry}
        />
      );
      const response = await kit.render(c, status, page);
      if (retry) response.headers.set('Retry-After', String(retry));
      return response;
    };
    if (read.kind !== 'active' || !sessions.checkCsrf(read.session, form._csrf)) return again(403, 'form-expired');
    // The API's failed-authentication limit, per client address: a guesser waits before the key is even compared.
    const throttle = deps.signInFailures;
    const address = clientAddress(c);
    if (throttle.enabled) {
      const allowance = throttle.check(address, false);
      if (!allowance.allowed) return again(429, 'throttled', allowance.retryAfterSeconds);
    }
    const identity = form.key ? deps.authenticate(form.key) : undefined;
    if (!identity) {
      if (throttle.enabled) throttle.check(address);
      return again(401, 'wrong-key');
    }
    if (!identity.scopes.includes('read')) {
      return kit.problemPage(c, 403, 'Not allowed', `The key ${identity.name} may not read, which the console needs.`);
    }
    // A new session id: one planted before sign-in is worth nothing after it.
    await sessions.start(c, identity);
    return c.redirect(next, 303);
  });

  app.post('/console/sign-out', async (c) => {
    if (!sameOrigin(c)) return kit.problemPage(c, 403, 'Refused', 'The form was not sent from a page of the console.');
    const read = await sessions.read(c);
    const form = await formOf(c);
    if (read.kind === 'active' && !sessions.checkCsrf(read.session, form._csrf)) {
      return kit.problemPage(c, 403, 'Refused', 'The form’s security token is wrong; you are still signed in.');
    }
    sessions.end(c);
    return c.redirect('/console/sign-in?message=signed-out', 303);
  });
}

function mount(app: App, deps: ConsoleDeps): void {
  const kit = consoleKit(deps);
  mountAssets(app);
  app.get('/console', (c) => c.redirect('/console/activations', 303));
  mountSignIn(app, kit);
  mountActivationList(app, kit);
  mountActions(app, kit);
  mountActivationPage(app, kit);
  mountEmailList(app, kit);
  mountEmailPage(app, kit, deps.emailFrom);
  mountDelivery(app, kit);
  // Anything else under /console is a page that is not there, said as a page.
  app.get(
    '/console/*',
    kit.page('read', (c, view) => kit.problemPage(c, 404, 'Not found', `Nothing is at ${c.req.path}.`, view)),
  );
}

/** Undocumented: pages for people, not part of the API. */
export const consoleRoutes: RouteModule<ConsoleDeps> = { documented: [], mount };
