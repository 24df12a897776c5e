import type { OpenAPIHono, RouteConfig, RouteHandler } from '@hono/zod-openapi';
import { declaredScopes } from './auth.ts';
import { type KeyVariables, requireScope } from './keys.ts';
import type { LoggerVariables } from './logger.ts';

/**
 * The seams of the HTTP app, in a leaf module so that route modules never import the app that
 * mounts them. A route module declares the dependencies it needs (none optional) and how it
 * mounts; `createApp` (app.ts) decides once which modules to mount, and registers every module's
 * documented operations itself, in one order, whether the module is mounted or not: the
 * served OpenAPI document is the same whatever the configuration.
 */

/** What middleware puts on a request's context: its id, and (behind the key gate) the caller's key name and scopes. */
export type AppEnv = { Variables: LoggerVariables & KeyVariables };
export type App = OpenAPIHono<AppEnv>;

export interface RouteModule<Deps> {
  /** The operations it documents, in the order the document lists them. */
  documented: readonly RouteConfig[];
  /** Registers its handlers (with `handle`, so the document is left to createApp). */
  mount(app: App, deps: Deps): void;
}

/**
 * Registers a documented operation's handler, with its request validation, and leaves the
 * document alone (createApp registers the documented form of each operation once). The scope
 * the operation declares in its `security` is checked first, before anything of the request is
 * read: a key outside it gets 403, whatever the body.
 */
export function handle<R extends RouteConfig>(app: App, route: R, handler: RouteHandler<R, AppEnv>): void {
  const needed = declaredScopes(route);
  const own = route.middleware === undefined ? [] : [route.middleware].flat();
  const hidden: R = { ...route, hide: true, middleware: needed.length > 0 ? [requireScope(needed), ...own] : own };
  app.openapi(hidden, handler);
}
