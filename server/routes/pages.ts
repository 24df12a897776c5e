import { join } from 'node:path';
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { App, RouteModule } from '../http.ts';
import { problem, respondProblem } from '../problem.ts';
import { referenceBundle } from './reference-bundle.ts';

/**
 * The pages people open in a browser beside the API:
 * - `GET /`: what this server offers, with links to the API reference, the OpenAPI document, the
 *   console and the local mailbox (each only when this server mounts it) and the health routes;
 * - `GET /reference`: the interactive API reference, self-hosted: Scalar's standalone bundle
 *   served from here under a content-hashed URL (cached for good), configured without its hosted
 *   services (no AI agent, no MCP generator, no developer tools with "Deploy", no telemetry, no
 *   fonts from its CDN) and held to them by a Content-Security-Policy that lets the page call
 *   this server only;
 * - `GET /favicon.svg` (and `/favicon.ico`, which browsers ask for on their own).
 * None of them is part of the API contract: they are not in the OpenAPI document.
 */

const TITLE = 'activation-mail';

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><title>${TITLE}</title><rect width="32" height="32" rx="6" fill="#0b5cad"/><path d="M6 10h20v13H6z" fill="none" stroke="#fff" stroke-width="2" stroke-linejoin="round"/><path d="m6 11 10 7 10-7" fill="none" stroke="#fff" stroke-width="2" stroke-linejoin="round"/></svg>`;

const PAGE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** The root page: plain HTML, no script. */
const ROOT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The reference page: scripts from this server only (the bundle and its configuration, no inline
 * script); Scalar writes its styles inline; the API client's test requests and the document come
 * from this server.
 */
const REFERENCE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface Link {
  path: string;
  title: string;
  what: string;
}

/** The links of the root page; an optional one shows only when a route of this server answers it. */
const links: (Link & { optional?: boolean })[] = [
  { path: '/reference', title: 'API reference', what: 'every route, schema and error, with samples to try' },
  { path: '/openapi.json', title: 'OpenAPI document', what: 'OpenAPI 3.1, to generate a client from' },
  {
    path: '/console',
    title: 'Console',
    what: 'activations, their timelines and emails, for operators and support',
    optional: true,
  },
  { path: '/mailbox', title: 'Mailbox', what: 'emails kept on this machine instead of sent', optional: true },
  { path: '/healthz', title: 'Liveness', what: '/healthz' },
  { path: '/readyz', title: 'Readiness', what: '/readyz: 503 while the store does not answer' },
  { path: '/metrics', title: 'Metrics', what: '/metrics, Prometheus text' },
];

/** Scalar's configuration: the reference as a self-hosted page (see the Scalar configuration docs). */
const referenceConfig = {
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: 'never',
  favicon: '/favicon.svg',
  documentDownloadType: 'json',
  defaultHttpClient: { targetKey: 'shell', clientKey: 'curl' },
  // "Selected Auth Type: bearerAuth" left no room for "Authentication Required": the selector names the scheme only.
  localization: { translations: { apiClient: { authSelector: { selectedType: '{type}' } } } },
};

/**
 * The page's own script: reads the document, adds the quick-start card (a working curl call and
 * the typed client) as Scalar's `x-scalar-sdk-installation`, and points "Test Request" at the
 * server the page came from rather than the document's default 127.0.0.1:3000.
 */
const REFERENCE_SCRIPT = `(() => {
  const origin = window.location.origin;
  const config = ${JSON.stringify(referenceConfig)};
  const shell = [
    'Every /v1 call takes one of the keys in API_KEYS as a bearer token (none while the server runs open on loopback). Render an email, nothing sent:',
    '',
    '\`\`\`sh',
    'curl -s ' + origin + '/v1/templates/activation/render \\\\',
    '  -H "Authorization: Bearer $API_KEY" \\\\',
    "  -H 'Content-Type: application/json' \\\\",
    '  -d \\'{"data": {"scenario": "new-customer", "organizationName": "Contoso Ltd", "signUpUrl": "https://activation.example.com/sign-up"}}\\'',
    '\`\`\`',
  ].join('\\n');
  const typescript = [
    'The typed client, generated from this document (\`activation-mail/client\`, openapi-fetch): a misspelt field does not compile.',
    '',
    '\`\`\`ts',
    "import { createActivationMailClient } from 'activation-mail/client';",
    '',
    "const mail = createActivationMailClient({ baseUrl: '" + origin + "', apiKey: process.env.API_KEY });",
    "const { data, error } = await mail.GET('/v1/templates');",
    '\`\`\`',
  ].join('\\n');
  const app = document.getElementById('app');
  fetch('/openapi.json')
    .then((response) => {
      if (!response.ok) throw new Error('GET /openapi.json answered ' + response.status);
      return response.json();
    })
    .then((openapi) => {
      openapi.info['x-scalar-sdk-installation'] = [
        { lang: 'Shell', description: shell },
        { lang: 'TypeScript', description: typescript },
      ];
      Scalar.createApiReference(app, {
        ...config,
        content: openapi,
        servers: [{ url: origin, description: 'This server' }],
      });
    })
    .catch((error) => {
      app.textContent = 'The API reference could not load the OpenAPI document (' + error.message + '). It is at /openapi.json.';
    });
})();
`;

function mount(app: App): void {
  app.get('/', (c) => {
    // Decided per request, once every route module has registered: a link only where a route answers.
    const mounted = (path: string) => app.routes.some((r) => r.method === 'GET' && r.path === path);
    const shown = links.filter((l) => !l.optional || mounted(l.path));
    return c.html(
      html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${TITLE}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:44rem;padding:1.5rem;color:#1f2328}a{color:#0b5cad}li{margin:.4rem 0}.what{color:#57606a}@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}a{color:#79b8ff}.what{color:#9ba6b2}}</style>
</head>
<body>
<main>
<h1>${TITLE}</h1>
<p>The emails of the Office 365 for Enterprises activation process, rendered and sent through an HTTP API.</p>
<ul>
${shown.map((l) => html`<li><a href="${l.path}">${l.title}</a> <span class="what">${l.what}</span></li>`)}
</ul>
</main>
</body>
</html>`,
      200,
      { ...PAGE_HEADERS, 'Content-Security-Policy': ROOT_CSP, 'Cache-Control': 'no-cache' },
    );
  });

  const bundle = referenceBundle(join(import.meta.dirname, 'assets'));

  app.get('/reference', async (c) => {
    const { hash } = await bundle();
    return c.html(
      `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${TITLE} API reference</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>
<body>
<noscript>The API reference needs JavaScript. The OpenAPI document is at <a href="/openapi.json">/openapi.json</a>.</noscript>
<div id="app"></div>
<script src="/reference/scalar-${hash}.js"></script>
<script src="/reference/reference.js"></script>
</body>
</html>`,
      200,
      { ...PAGE_HEADERS, 'Content-Security-Policy': REFERENCE_CSP, 'Cache-Control': 'no-cache' },
    );
  });

  app.get('/reference/reference.js', (c) =>
    c.body(REFERENCE_SCRIPT, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    }),
  );

  app.get('/reference/:file{scalar-[0-9a-f]+\\.js}', async (c) => {
    const { hash, plain, gzip } = await bundle();
    if (c.req.param('file') !== `scalar-${hash}.js`) {
      return respondProblem(c, problem('not-found', 'No such version of the reference bundle: reload /reference.'));
    }
    const gzipped = /\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '');
    return c.body(gzipped ? gzip : plain, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      // The URL names the content: a new bundle is a new URL.
      'Cache-Control': 'public, max-age=31536000, immutable',
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
      ...(gzipped ? { 'Content-Encoding': 'gzip' } : {}),
    });
  });

  const favicon = (c: Context) =>
    c.body(FAVICON, 200, {
      'Content-Type': 'image/svg+xml',
      'Cache-Control': 'public, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
    });
  app.get('/favicon.svg', favicon);
  // Browsers ask for /favicon.ico on their own; every current one reads an SVG icon.
  app.get('/favicon.ico', favicon);
}

/** Pages for people, not part of the API: not in the OpenAPI document. */
export const pageRoutes: RouteModule<Record<string, never>> = { documented: [], mount };
