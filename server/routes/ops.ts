import { createHash } from 'node:crypto';
import { constants, gzipSync } from 'node:zlib';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { accepts } from 'hono/accepts';
import { type App, handle, type RouteModule } from '../http.ts';
import type { Metrics } from '../metrics.ts';
import { ProblemError, problem, problemResponses } from '../problem.ts';

/** Operations: liveness, readiness, metrics and the OpenAPI document (its reference page: pages.ts). */

const READY_TIMEOUT_MS = 2000;

const statusSchema = z
  .object({ status: z.literal('ok').openapi({ description: 'Always `ok`: the answer itself is the signal' }) })
  .openapi('Status', { description: 'The process (or the store) answers' });

const healthRoute = createRoute({
  operationId: 'getHealth',
  security: [],
  method: 'get',
  path: '/healthz',
  tags: ['Operations'],
  summary: 'Liveness',
  description: 'Answers 200 while the process runs.',
  responses: {
    200: {
      description: 'The process runs',
      content: { 'application/json': { schema: statusSchema, example: { status: 'ok' } } },
    },
  },
});

const readyRoute = createRoute({
  operationId: 'getReadiness',
  security: [],
  method: 'get',
  path: '/readyz',
  tags: ['Operations'],
  summary: 'Readiness',
  description: 'Answers 200 when the store answers, else 503: take the instance out of rotation.',
  responses: {
    200: {
      description: 'Ready to serve',
      content: { 'application/json': { schema: statusSchema, example: { status: 'ok' } } },
    },
    ...problemResponses({ 503: 'Not ready: the store does not answer' }),
  },
});

const metricsRoute = createRoute({
  operationId: 'getMetrics',
  security: [],
  method: 'get',
  path: '/metrics',
  tags: ['Operations'],
  summary: 'Prometheus metrics',
  description:
    'Request counts and durations, render times, emails accepted, sent, failed and retried, and the queue depth.',
  responses: {
    200: {
      description: 'Prometheus text exposition format',
      content: {
        'text/plain': {
          schema: z.string(),
          example:
            '# HELP emails_accepted_total Emails accepted and stored for sending\n# TYPE emails_accepted_total counter\nemails_accepted_total 42\n',
        },
      },
    },
  },
});

/** The document's own parts; the same whatever the configuration, so a client generated from one server fits all. */
const documentInfo: Parameters<App['getOpenAPI31Document']>[0] = {
  openapi: '3.1.0',
  info: {
    title: 'activation-mail',
    version: '1.0.0',
    description: [
      'Render and send the emails of the Office 365 for Enterprises activation process, and carry each enrollment through it (activations).',
      '',
      '- **Base URL**: where your server listens (`HOST` and `PORT`, default `http://127.0.0.1:3000`, or its public address behind a proxy). The document is the same on every server, so give your client the base URL: it has no default host.',
      '- **Authentication**: `Authorization: Bearer <key>` on every `/v1` operation (a server running open on loopback takes none).',
      '- **Errors** are RFC 9457 `application/problem+json`: branch on `type` (the `ProblemType` enum), and quote `requestId` (also the `X-Request-Id` header of every answer) when you report one.',
      '- **Retries**: writes take an `Idempotency-Key`; the same key and body answer the first response again for 24 hours.',
      '- **Limits**: every `/v1` answer carries the IETF draft `RateLimit` and `RateLimit-Policy` headers of the API key’s limit; past it, 429 with `Retry-After`.',
      '- **Lists** are newest first, paged with `limit` and the opaque `nextCursor`, sent back with the same filters.',
      '- **Compatibility**: within `/v1`, changes only add (operations, optional fields, response fields, enum values announced in the changelog); anything that would break a client is listed in CHANGELOG.md first.',
    ].join('\n'),
    license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
    contact: { name: 'activation-mail maintainers' },
  },
  servers: [
    {
      url: '{origin}',
      description: 'Your server: give its base URL to your client',
      variables: {
        origin: {
          default: 'http://127.0.0.1:3000',
          description: 'Scheme, host and port the server is reached at (the default is a local server’s HOST and PORT)',
        },
      },
    },
  ],
  security: [{ bearerAuth: [] }],
  tags: [
    { name: 'Templates', description: 'Render the activation emails' },
    { name: 'Emails', description: 'Send emails and follow their delivery' },
    {
      name: 'Activations',
      description: 'One enrollment through the activation process: the choice, follow-ups, timeline',
    },
    {
      name: 'Erasures',
      description: 'Erase one person’s data by address (the `admin` scope), recorded without the address',
    },
    { name: 'Webhooks', description: 'Delivery events from the provider' },
    {
      name: 'Events',
      description:
        'Events the service sends to your systems (EVENTS_WEBHOOK_URL), signed per Standard Webhooks: see `webhooks`',
    },
    { name: 'Operations', description: 'Health, readiness and metrics' },
  ],
};

/** Readiness that neither hangs on a stuck dependency nor turns its exception into a 500. */
async function checkReady(isReady: () => Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([isReady(), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export interface OpsRouteDeps {
  metrics: Metrics;
  /** Whether the store answers; `/readyz` is 503 while it is false. */
  isReady: () => Promise<boolean>;
}

function mount(app: App, { metrics, isReady }: OpsRouteDeps): void {
  handle(app, healthRoute, (c) => c.json({ status: 'ok' as const }, 200));

  handle(app, readyRoute, async (c) => {
    if (!(await checkReady(isReady))) throw new ProblemError(problem('unavailable', 'The store does not answer.'));
    return c.json({ status: 'ok' as const }, 200);
  });

  handle(app, metricsRoute, async (c) =>
    c.text(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }),
  );

  let served: ServedDocument | undefined;
  app.get('/openapi.json', (c) => {
    // Built on first request, once every route module has registered its routes; serialized,
    // compressed and hashed that once, so a flood of requests costs no JSON.stringify each.
    served ??= serveOnce(app.getOpenAPI31Document(documentInfo));
    const gzip = acceptsGzip(c);
    const etag = gzip ? served.gzipEtag : served.etag;
    const headers = { ETag: etag, Vary: 'Accept-Encoding', 'Cache-Control': 'no-cache' };
    if (noneMatch(c.req.header('If-None-Match'), etag)) return c.body(null, 304, headers);
    if (gzip) {
      return c.body(served.gzip, 200, { ...headers, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    }
    return c.body(served.text, 200, { ...headers, 'Content-Type': 'application/json' });
  });
}

interface ServedDocument {
  /** Exactly what `c.json(document)` sent. */
  text: string;
  gzip: Uint8Array<ArrayBuffer>;
  /** Strong, one per representation (RFC 9110, 8.8.3): the plain text's, and the gzipped bytes'. */
  etag: string;
  gzipEtag: string;
}

function serveOnce(document: object): ServedDocument {
  const text = JSON.stringify(document);
  const compressed = gzipSync(text, { level: constants.Z_BEST_COMPRESSION });
  const hash = createHash('sha256').update(text).digest('base64url').slice(0, 22);
  return {
    text,
    gzip: new Uint8Array(compressed.buffer, compressed.byteOffset, compressed.byteLength) as Uint8Array<ArrayBuffer>,
    etag: `"${hash}"`,
    gzipEtag: `"${hash}-gzip"`,
  };
}

/**
 * `If-None-Match` (RFC 9110 §13.1.2): `*`, or a list of entity tags compared weakly (a `W/`
 * prefix does not matter).
 */
function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.match(/"[^"]*"/g)?.includes(etag) ?? false;
}

/**
 * Whether `Accept-Encoding` allows gzip (RFC 9110 §12.5.3): its own entry (or `x-gzip`), else `*`,
 * with a q-value above 0; no header means no preference, answered plain.
 */
const acceptsGzip = (c: Context): boolean =>
  accepts(c, {
    header: 'Accept-Encoding',
    supports: ['gzip'],
    default: 'identity',
    match: (entries) => {
      const named = entries.find((e) => ['gzip', 'x-gzip'].includes(e.type.toLowerCase()));
      const any = entries.find((e) => e.type === '*');
      return ((named ?? any)?.q ?? 0) > 0 ? 'gzip' : 'identity';
    },
  }) === 'gzip';

export const opsRoutes: RouteModule<OpsRouteDeps> = { documented: [healthRoute, readyRoute, metricsRoute], mount };
