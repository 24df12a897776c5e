import type { App, RouteModule } from '../http.ts';
import { UUID } from './params.ts';

/**
 * `/mailbox`, with the local transport only: the console's mailbox now (`/console/mailbox`, the
 * emails the local mailbox captured, each as it would arrive). These paths send old bookmarks
 * there, where the console's sign-in, session and CSRF rules apply.
 */

// biome-ignore lint/complexity/noBannedTypes: the redirects need nothing
export type MailboxRouteDeps = {};

function mount(app: App): void {
  app.get('/mailbox', (c) => c.redirect('/console/mailbox', 301));
  app.get('/mailbox/:id', (c) => {
    const id = c.req.param('id');
    return c.redirect(UUID.test(id) ? `/console/emails/${id.toLowerCase()}` : '/console/mailbox', 301);
  });
}

/** Undocumented: pages for people, not part of the API. */
export const mailboxRoutes: RouteModule<MailboxRouteDeps> = { documented: [], mount };
