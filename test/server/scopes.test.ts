import { randomBytes } from 'node:crypto';
import { v7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Scope, scopes } from '../../server/keys.ts';
import type { Store } from '../../server/store/index.ts';
import { json, newCustomer } from '../support/app.ts';
import { browserOf, signIn } from '../support/console.ts';
import { openTestStore, outboxApp } from '../support/outbox.ts';

/**
 * Key scopes, route by route: a table of every route the app answers × every scope → allowed
 * or 403, made from the app's own route list and the scopes each operation declares in the
 * served document. A route added without a scope fails here (and `handle()` refuses to
 * register a /v1 operation that declares none). The console's pages and forms take a signed-in
 * session instead of a bearer key, with the same keys and scopes: their own table below.
 */

let store: Store;
beforeAll(async () => {
  ({ store } = await openTestStore({ eventsOut: true }));
});
afterAll(() => store?.close());

const secretOf = (scope: Scope) => `${scope}-only-key-0123456789abcdef`;
const DESK = 'desk-key-0123456789abcdef';
const env = {
  API_KEYS: scopes.map((scope) => `${scope}-only:${scope}:${secretOf(scope)}`).join(','),
  RESEND_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
  EVENTS_WEBHOOK_URL: 'https://events.example.com/hook',
  EVENTS_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
};

/** Routes that are not operations of the document, with the scopes they let in ([] = public). */
const undocumented: Record<string, readonly Scope[]> = {
  'GET /': [],
  'GET /favicon.svg': [],
  'GET /favicon.ico': [],
  'GET /openapi.json': [],
  'GET /reference': [],
  'GET /reference/reference.js': [],
  'GET /reference/:file{scalar-[0-9a-f]+\\.js}': [],
  // Redirects to the console, where its sign-in applies.
  'GET /mailbox': [],
  'GET /mailbox/:id': [],
  // Any other template name: a 404 for a key that may render.
  'POST /v1/templates/:name/render': ['send'],
};

interface Operation {
  security?: Record<string, string[]>[];
}

/** The scopes each documented operation declares, keyed like Hono's routes (`GET /v1/emails/:id`). */
function documentedScopes(doc: { paths: Record<string, Record<string, Operation>> }): Map<string, Scope[]> {
  const declared = new Map<string, Scope[]>();
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const key = `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`;
      if (!operation.security) throw new Error(`${key} declares no security`);
      declared.set(key, operation.security.flatMap((r) => r.bearerAuth ?? []) as Scope[]);
    }
  }
  return declared;
}

/**
 * The console's routes, with the scope a signed-in key needs ([] = reached without signing in).
 * Reading needs `read`; each action the scope of the API call it mirrors.
 */
const consoleScopes: Record<string, readonly Scope[]> = {
  'GET /console': [],
  'GET /console/sign-in': [],
  'POST /console/sign-in': [],
  'POST /console/sign-out': [],
  'GET /console/assets/:name': [],
  'GET /console/activations': ['read'],
  'GET /console/activations/:id': ['read'],
  'GET /console/emails': ['read'],
  'GET /console/mailbox': ['read'],
  'GET /console/emails/:id': ['read'],
  'GET /console/emails/:id/body': ['read'],
  'GET /console/delivery': ['read'],
  'GET /console/*': ['read'],
  'GET /console/activations/:id/resend': ['activations'],
  'POST /console/activations/:id/resend': ['activations'],
  'GET /console/activations/:id/cancel': ['activations'],
  'POST /console/activations/:id/cancel': ['activations'],
  'GET /console/activations/:id/contacts': ['activations'],
  'POST /console/activations/:id/contacts': ['activations'],
  'POST /console/activations/:id/contacts/confirm': ['activations'],
};

const concrete = (path: string) =>
  path.replace(':id', v7()).replace(':name', 'no-such-template').replace('*', 'no-such-page');

describe('key scopes, route by route', async () => {
  const { app } = outboxApp(store, env);
  const doc = await (await app.request('/openapi.json')).json();
  const declared = documentedScopes(doc);
  const all = [
    ...new Map(app.routes.filter((r) => r.method !== 'ALL').map((r) => [`${r.method} ${r.path}`, r] as const)).keys(),
  ];
  const routes = all.filter((route) => !route.includes(' /console'));

  it('knows the scope of every route the app answers', () => {
    const consoleUnknown = all.filter((route) => route.includes(' /console') && !(route in consoleScopes));
    expect(consoleUnknown, 'console routes with no scope in this table').toEqual([]);
    const unknown = routes.filter((route) => !declared.has(route) && !(route in undocumented));
    expect(unknown, 'routes with no declared scope').toEqual([]);
    for (const route of routes.filter((r) => r.includes(' /v1/'))) {
      expect(declared.get(route) ?? undocumented[route], `${route} needs a scope`).not.toHaveLength(0);
    }
  });

  interface Case {
    route: string;
    scope: Scope | 'none';
    expected: 'allowed' | '403';
  }
  const table = routes.flatMap((route): Case[] => {
    const allowed = declared.get(route) ?? undocumented[route] ?? [];
    if (allowed.length === 0) return [{ route, scope: 'none', expected: 'allowed' }];
    return scopes.map((scope) => ({ route, scope, expected: allowed.includes(scope) ? 'allowed' : '403' }));
  });

  it.each(table)('$route with $scope: $expected', async ({ route, scope, expected }) => {
    const [method = 'GET', path = '/'] = route.split(' ');
    const headers: Record<string, string> = scope === 'none' ? {} : { Authorization: `Bearer ${secretOf(scope)}` };
    const init = method === 'GET' ? { headers } : { ...json({}, headers), method };
    const res = await app.request(concrete(path), init);
    if (expected === '403') {
      expect(res.status).toBe(403);
      const problem = await res.json();
      expect(problem).toMatchObject({ type: 'urn:activation-mail:problem:forbidden', status: 403 });
      expect(problem.detail).toContain(`"${scope}-only"`);
    } else {
      expect([401, 403]).not.toContain(res.status);
    }
  });
});

describe('the console’s scopes, route by route', async () => {
  const { app } = outboxApp(store, {
    API_KEYS: [
      ...scopes.map((scope) => `${scope}-only:${scope}:${secretOf(scope)}`),
      `desk:read+activations:${DESK}`,
    ].join(','),
  });
  const signedIn = async (key: string) => {
    const browser = browserOf(app);
    expect((await signIn(browser, key)).status).toBe(303);
    return browser;
  };
  const reader = await signedIn(secretOf('read'));
  const desk = await signedIn(DESK);
  const scoped = Object.entries(consoleScopes).filter(([, needed]) => needed.length > 0);
  /** What a signed-in key meets on a route its scopes do not cover. */
  const refusal = (scope: Scope) => `does not have the &quot;${scope}&quot; scope`;

  it.each(scopes.filter((s) => s !== 'read'))('refuses to sign in a key without read (%s only)', async (scope) => {
    const browser = browserOf(app);
    const res = await signIn(browser, secretOf(scope));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(`The key ${scope}-only may not read`);
  });

  it.each(scoped)('%s needs %j', async (route, needed) => {
    const [method = 'GET', path = '/'] = route.split(' ');
    const url = concrete(path);
    const ask = (browser: ReturnType<typeof browserOf>) =>
      method === 'GET' ? browser.get(url) : browser.post(url, {});
    for (const [browser, held] of [
      [reader, ['read']],
      [desk, ['read', 'activations']],
    ] as const) {
      const res = await ask(browser);
      const text = await res.text();
      const [scope = 'read'] = needed;
      if (held.some((s) => needed.includes(s))) {
        expect(res.status, `${route} as ${held.join('+')}`).not.toBe(401);
        expect(text).not.toContain(refusal(scope));
      } else {
        expect(res.status, `${route} as ${held.join('+')}`).toBe(403);
        expect(text).toContain(refusal(scope));
      }
    }
  });
});

describe('refusals reveal no id the key may not read', () => {
  it('names the activation holding an enrollment only to a key with read', async () => {
    const both = 'crm-read-key-0123456789abcdef';
    const { app } = outboxApp(store, {
      API_KEYS: `crm:activations:${secretOf('activations')},crm-read:activations+read:${both}`,
    });
    const body = {
      enrollment: {
        number: String(Date.now()).slice(-8),
        organizationName: 'Contoso Ltd',
        onlineServicesManager: { email: 'osm@contoso.com' },
      },
      scenario: 'new-customer',
      signUpUrl: newCustomer.signUpUrl,
    };
    const as = (key: string) => json(body, { Authorization: `Bearer ${key}` });
    const created = await app.request('/v1/activations', as(both));
    expect(created.status).toBe(201);
    const { id } = await created.json();

    const blind = await app.request('/v1/activations', as(secretOf('activations')));
    expect(blind.status).toBe(409);
    const hidden = await blind.text();
    expect(hidden).toContain('enrollment-taken');
    expect(hidden).not.toContain(id);

    const seeing = await app.request('/v1/activations', as(both));
    expect(await seeing.json()).toMatchObject({ status: 409, activationId: id });
  });
});
