import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
} from '@opentelemetry/semantic-conventions';
import type { MiddlewareHandler } from 'hono';
import { routeLabel, UNMATCHED_ROUTE } from '../metrics.ts';
import { tracer } from './spans.ts';

/**
 * One SERVER span per request, with the stable HTTP semantic conventions: named
 * `{method} {route}` (the route's pattern, never the path), a child of the caller's
 * `traceparent` when it sends one. Liveness, readiness and metrics are not traced. Route
 * handlers run inside the span, so what they store carries its context (tracing/spans.ts,
 * `currentTraceCarrier`).
 *
 * Why not @hono/otel: it records `url.full`, query string included, and a console search's
 * query is an address. Here the query is never recorded, and a path segment that looks like an
 * address (a caller's mistake, `/v1/emails/dana@contoso.com`) is replaced, as the conventions
 * ask of sensitive parts of `url.path`.
 */

const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/** `url.path` with any segment that could name a person replaced. */
export function scrubbedPath(path: string): string {
  if (!path.includes('@') && !/%40/i.test(path)) return path;
  return path
    .split('/')
    .map((segment) => (segment.includes('@') || /%40/i.test(segment) ? 'REDACTED' : segment))
    .join('/');
}

/** Probes and scrapes: every few seconds from a supervisor or Prometheus, noise in a trace store. */
const UNTRACED = new Set(['/healthz', '/readyz', '/metrics']);

export const httpTracing = (): MiddlewareHandler =>
  async function traceRequest(c, next) {
    if (UNTRACED.has(c.req.path)) return next();
    const parent = propagation.extract(ROOT_CONTEXT, c.req.raw.headers, headerGetter);
    const url = new URL(c.req.url);
    const method = c.req.method;
    const span = tracer.startSpan(
      method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: method,
          [ATTR_URL_PATH]: scrubbedPath(url.pathname),
          [ATTR_URL_SCHEME]: url.protocol.slice(0, -1),
          [ATTR_SERVER_ADDRESS]: url.hostname,
          [ATTR_SERVER_PORT]: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
        },
      },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      const route = routeLabel(c);
      if (route !== UNMATCHED_ROUTE) {
        span.setAttribute(ATTR_HTTP_ROUTE, route);
        span.updateName(`${method} ${route}`);
      }
      const status = c.res.status;
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      // A server span fails on 5xx only: a 4xx is the caller's, and the request was served.
      if (status >= 500) {
        span.setAttribute(ATTR_ERROR_TYPE, String(status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    }
  };
