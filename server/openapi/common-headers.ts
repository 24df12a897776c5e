import type { OpenAPIHono } from '@hono/zod-openapi';
import { type RouteConfig, z } from '@hono/zod-openapi';

/**
 * The headers the app's middleware puts on answers, documented once as components and added
 * to each documented response where they apply, so that no route repeats them: `X-Request-Id`
 * on every answer, and the per-key limit's `RateLimit` and `RateLimit-Policy` on every `/v1`
 * answer that got past authentication (every status but 401). A response that documents one of
 * them itself (the 429's, required there) keeps its own.
 */

export const REQUEST_ID_HEADER = 'X-Request-Id';

const stringHeader = (description: string, required: boolean) => ({
  description,
  required,
  schema: { type: 'string' as const },
});

const components = {
  [REQUEST_ID_HEADER]: stringHeader(
    'This request’s id, also in a problem’s `requestId` and in our logs: the `X-Request-Id` the caller sent, if it is 1 to 255 letters, digits, `_`, `-` or `=`; otherwise a new UUID',
    true,
  ),
  RateLimit: stringHeader(
    'What is left of this API key’s limit (IETF draft `RateLimit` header): `"per-key";r=<requests left>;t=<seconds until the bucket is full>`. Absent while the limit is off.',
    false,
  ),
  'RateLimit-Policy': stringHeader(
    'The per-key limit (IETF draft `RateLimit-Policy` header): `"per-key";q=<burst>;w=<seconds>`. Absent while the limit is off.',
    false,
  ),
};

type CommonHeader = keyof typeof components;
const ref = (name: CommonHeader) => ({ $ref: `#/components/headers/${name}` });

/** Adds the common headers to the document's components. */
export function registerCommonHeaders(registry: OpenAPIHono['openAPIRegistry']): void {
  for (const [name, header] of Object.entries(components)) registry.registerComponent('headers', name, header);
}

/** The route with the common headers on each of its responses. */
export function withCommonHeaders<R extends RouteConfig>(route: R): R {
  const limited = route.path.startsWith('/v1/');
  const responses: RouteConfig['responses'] = {};
  for (const [status, response] of Object.entries(route.responses)) {
    if ('$ref' in response) {
      responses[status] = response;
      continue;
    }
    if (response.headers instanceof z.ZodType) throw new Error(`${route.path}: document response headers as objects`);
    const common: Partial<Record<CommonHeader, { $ref: string }>> = { [REQUEST_ID_HEADER]: ref(REQUEST_ID_HEADER) };
    if (limited && status !== '401')
      Object.assign(common, { RateLimit: ref('RateLimit'), 'RateLimit-Policy': ref('RateLimit-Policy') });
    responses[status] = { ...response, headers: { ...common, ...response.headers } };
  }
  return { ...route, responses };
}
