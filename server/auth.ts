import type { RouteConfig } from '@hono/zod-openapi';
import { type Scope, scopes } from './keys.ts';

/**
 * The OpenAPI side of API keys: each operation declares the scope it needs in its `security`
 * requirement (OpenAPI 3.1 lets a bearer scheme list role names there), so the document shows
 * it and one place decides; `handle()` (http.ts) puts the matching check before the handler.
 */

/** The OpenAPI security scheme name that /v1 routes declare. */
export const BEARER_SCHEME = 'bearerAuth';

/** The security requirement of an operation open to keys holding `scope`. */
export const requires = (scope: Scope) => [{ [BEARER_SCHEME]: [scope] }];

/**
 * The scopes a route's declaration lets in: empty for a public route (`security: []`). A route
 * that declares nothing, or the bearer scheme without a scope, is a mistake: it would be open to
 * every key, so it throws when the route is registered.
 */
export function declaredScopes(route: Pick<RouteConfig, 'security' | 'method' | 'path'>): Scope[] {
  const where = `${route.method.toUpperCase()} ${route.path}`;
  if (!route.security) throw new Error(`${where} declares no security: give it requires(scope), or [] if public`);
  const declared = route.security.flatMap((requirement) => requirement[BEARER_SCHEME] ?? []);
  if (route.security.length > 0 && declared.length === 0) throw new Error(`${where} declares no scope`);
  const unknown = declared.filter((s) => !(scopes as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`${where} declares unknown scopes: ${unknown.join(', ')}`);
  return scopes.filter((s) => declared.includes(s));
}
