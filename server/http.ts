import type { OpenAPIHono, RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { LoggerVariables } from './logger.ts';

/**
 * The seams of the HTTP app, in a leaf module so that route modules never import the app that
 * mounts them. A route module declares the dependencies it needs (none optional) and how it
 * mounts; `createApp` (app.ts) decides once which modules to mount, and registers every module's
 * documented operations itself, in one order, whether the module is mounted or not: the
 * served OpenAPI document is the same whatever the configuration.
 */

export type AppEnv = { Variables: LoggerVariables };
export type App = OpenAPIHono<AppEnv>;

export interface RouteModule<Deps> {
  /** The operations it documents, in the order the document lists them. */
  documented: readonly RouteConfig[];
  /** Registers its handlers (with `handle`, so the document is left to createApp). */
  mount(app: App, deps: Deps): void;
}

/**
 * Registers a documented operation's handler, with its request validation, and leaves the
 * document alone (createApp registers the documented form of each operation once).
 */
export function handle<R extends RouteConfig>(app: App, route: R, handler: RouteHandler<R, AppEnv>): void {
  const hidden: R = { ...route, hide: true };
  app.openapi(hidden, handler);
}
