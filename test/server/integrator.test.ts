import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivationMailClient, type ProblemType } from '../../server/client/index.ts';
import { type Listener, listen } from '../../server/listen.ts';
import type { Store } from '../../server/store/index.ts';
import { API_KEY } from '../support/app.ts';
import { checkResponse } from '../support/contract.ts';
import { openTestStore, outboxApp } from '../support/outbox.ts';

/**
 * An integrator's program: the generated client (openapi-typescript + openapi-fetch, as
 * `activation-mail/client`) calls every operation of the document against a live server over
 * HTTP, and branches on problem types for 409, 422 and 429, as the document tells it to. Every
 * answer is checked against the served document on the way.
 */

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const RATE_LIMIT_BURST = 3;

let store: Store;
const servers: Listener[] = [];
let baseUrl: string;
let limitedUrl: string;

async function serve(env: Record<string, string>): Promise<string> {
  const { app } = outboxApp(store, { API_KEYS: API_KEY, RESEND_WEBHOOK_SECRET: SECRET, ...env });
  const listening = await listen(app, { host: '127.0.0.1', port: 0, requestTimeoutMs: 10_000 });
  servers.push(listening.server);
  return `http://127.0.0.1:${listening.address.port}`;
}

beforeAll(async () => {
  ({ store } = await openTestStore());
  baseUrl = await serve({});
  limitedUrl = await serve({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: String(RATE_LIMIT_BURST) });
});
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await store?.close();
});

/** fetch that checks every answer against the served document, as testApp() does in-process. */
const checkedFetch = async (request: Request): Promise<Response> => {
  const response = await fetch(request);
  await checkResponse(request.method, new URL(request.url).pathname, response.clone());
  return response;
};

const client = (url = baseUrl) => createActivationMailClient({ baseUrl: url, apiKey: API_KEY, fetch: checkedFetch });

/** What a program does with a refusal: branch on its type, never on its prose. */
function handle(error: { type: ProblemType; status: number } | undefined): string {
  switch (error?.type) {
    case 'urn:activation-mail:problem:enrollment-taken':
      return 'already started: read the existing activation';
    case 'urn:activation-mail:problem:choice-already-made':
      return 'the customer chose already: show the choice';
    case 'urn:activation-mail:problem:validation-failed':
      return 'fix the request';
    case 'urn:activation-mail:problem:idempotency-key-reused':
      return 'a new key for a new request';
    case 'urn:activation-mail:problem:rate-limited':
      return 'wait Retry-After seconds';
    default:
      return `unexpected: ${error?.type}`;
  }
}

const links = {
  signUpUrl: 'https://activation.example.com/sign-up?token=1',
  subscriptionsUrl: 'https://portal.example.com/subscriptions',
};

describe('a program built on the generated client', () => {
  it('calls every operation of the document, PATCH with null included', async () => {
    const mail = client();
    const called = new Set<string>();
    const ok = <T extends { response: Response }>(operation: string, result: T, status: number) => {
      expect(result.response.status, operation).toBe(status);
      called.add(operation);
      return result;
    };

    ok('GET /healthz', await mail.GET('/healthz'), 200);
    ok('GET /readyz', await mail.GET('/readyz'), 200);
    ok('GET /metrics', await mail.GET('/metrics', { parseAs: 'text' }), 200);

    const templates = ok('GET /v1/templates', await mail.GET('/v1/templates'), 200);
    expect(templates.data?.data.map((t) => t.name)).toContain('activation');

    const activationData = {
      scenario: 'new-customer' as const,
      organizationName: 'Contoso Ltd',
      signUpUrl: links.signUpUrl,
    };
    ok(
      'POST /v1/templates/activation/render',
      await mail.POST('/v1/templates/activation/render', { body: { data: activationData } }),
      200,
    );
    ok(
      'POST /v1/templates/acknowledgement/render',
      await mail.POST('/v1/templates/acknowledgement/render', {
        body: {
          data: {
            kind: 'profile-created',
            organizationName: 'Contoso Ltd',
            onlineServicesId: 'admin@contoso.onmicrosoft.com',
            subscriptionsUrl: links.subscriptionsUrl,
          },
        },
      }),
      200,
    );
    ok(
      'POST /v1/templates/provisioning-confirmation/render',
      await mail.POST('/v1/templates/provisioning-confirmation/render', {
        body: {
          data: {
            organizationName: 'Contoso Ltd',
            subscriptions: [{ service: 'Exchange Online (Plan 1)', quantity: 10 }],
            subscriptionsUrl: links.subscriptionsUrl,
          },
        },
      }),
      200,
    );
    ok(
      'POST /v1/templates/trial-ending/render',
      await mail.POST('/v1/templates/trial-ending/render', {
        body: {
          data: { organizationName: 'Contoso Ltd', trialEndsOn: '2030-01-31', convertUrl: links.signUpUrl },
        },
      }),
      200,
    );

    const later = new Date(Date.now() + 86_400_000).toISOString();
    const sent = ok(
      'POST /v1/emails',
      await mail.POST('/v1/emails', {
        body: { template: 'activation', data: activationData, to: 'osm@contoso.com', scheduledAt: later },
        headers: { 'Idempotency-Key': 'integrator-send-1' },
      }),
      202,
    );
    const emailId = sent.data?.id ?? '';
    ok(
      'POST /v1/emails/batch',
      await mail.POST('/v1/emails/batch', {
        body: { emails: [{ template: 'activation', data: activationData, to: 'it@contoso.com' }] },
      }),
      202,
    );
    ok('GET /v1/emails', await mail.GET('/v1/emails', { params: { query: { limit: 10 } } }), 200);
    ok('GET /v1/emails/{id}', await mail.GET('/v1/emails/{id}', { params: { path: { id: emailId } } }), 200);
    const html = ok(
      'GET /v1/emails/{id}/html',
      await mail.GET('/v1/emails/{id}/html', { params: { path: { id: emailId } }, parseAs: 'text' }),
      200,
    );
    expect(html.data).toContain('Contoso Ltd');
    const canceledEmail = ok(
      'POST /v1/emails/{id}/cancel',
      await mail.POST('/v1/emails/{id}/cancel', { params: { path: { id: emailId } } }),
      200,
    );
    expect(canceledEmail.data?.status).toBe('canceled');

    const created = ok(
      'POST /v1/activations',
      await mail.POST('/v1/activations', {
        body: {
          enrollment: {
            number: '62345678',
            organizationName: 'Contoso Ltd',
            onlineServicesManager: { name: 'Dana Whitfield', email: 'osm@contoso.com' },
            vlscAdministrator: { name: 'Lee Chen', email: 'lee@contoso.com' },
          },
          scenario: 'new-customer',
          signUpUrl: links.signUpUrl,
        },
        headers: { 'Idempotency-Key': 'integrator-activation-1' },
      }),
      201,
    );
    const id = created.data?.id ?? '';
    ok(
      'GET /v1/activations',
      await mail.GET('/v1/activations', { params: { query: { needsAttention: false, limit: 5 } } }),
      200,
    );
    ok('GET /v1/activations/{id}', await mail.GET('/v1/activations/{id}', { params: { path: { id } } }), 200);
    const patched = ok(
      'PATCH /v1/activations/{id}',
      await mail.PATCH('/v1/activations/{id}', {
        params: { path: { id } },
        body: { enrollment: { vlscAdministrator: null } },
      }),
      200,
    );
    expect(patched.data?.enrollment.vlscAdministrator).toBeUndefined();
    ok(
      'POST /v1/activations/{id}/resend',
      await mail.POST('/v1/activations/{id}/resend', { params: { path: { id } } }),
      200,
    );
    const chosen = ok(
      'POST /v1/activations/{id}/choice',
      await mail.POST('/v1/activations/{id}/choice', {
        params: { path: { id } },
        body: { option: 'sign-up', onlineServicesId: 'admin@contoso.onmicrosoft.com' },
      }),
      200,
    );
    expect(chosen.data?.state).toBe('chosen');
    ok(
      'POST /v1/activations/{id}/provisioned',
      await mail.POST('/v1/activations/{id}/provisioned', {
        params: { path: { id } },
        body: {
          subscriptions: [{ service: 'Exchange Online (Plan 1)', quantity: 10 }],
          subscriptionsUrl: links.subscriptionsUrl,
        },
      }),
      200,
    );
    const other = await mail.POST('/v1/activations', {
      body: {
        enrollment: { number: '62345679', organizationName: 'Fabrikam, Inc.', noticesContact: { email: 'n@f.com' } },
        scenario: 'new-customer',
        signUpUrl: links.signUpUrl,
      },
    });
    ok(
      'POST /v1/activations/{id}/cancel',
      await mail.POST('/v1/activations/{id}/cancel', { params: { path: { id: other.data?.id ?? '' } } }),
      200,
    );
    const erasure = ok(
      'POST /v1/erasures',
      await mail.POST('/v1/erasures', { body: { email: 'former.employee@contoso.com' } }),
      200,
    );
    expect(erasure.data?.erased).toEqual({ emails: 0, activations: 0, eventDeliveries: 0, idempotencyKeys: 0 });

    const event = JSON.stringify({
      type: 'email.delivered',
      created_at: new Date().toISOString(),
      data: { email_id: 're_unknown', created_at: new Date().toISOString(), to: ['osm@contoso.com'] },
    });
    const at = new Date();
    const svixId = `msg_${randomBytes(8).toString('hex')}`;
    ok(
      'POST /webhooks/resend',
      await mail.POST('/webhooks/resend', {
        params: {
          header: {
            'svix-id': svixId,
            'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
            'svix-signature': new Webhook(SECRET).sign(svixId, at, event),
          },
        },
        body: JSON.parse(event),
        bodySerializer: () => event,
      }),
      200,
    );

    const documented = await (await fetch(`${baseUrl}/openapi.json`)).json();
    const operations = Object.entries(documented.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect([...called].sort()).toEqual(operations.sort());
  });

  it('handles 409 and 422 by their problem types', async () => {
    const mail = client();
    const body = {
      enrollment: {
        number: '71234567',
        organizationName: 'Northwind Traders',
        vlscAdministrator: { name: 'Lee Chen', email: 'lee@northwind.com' },
      },
      scenario: 'bypass-customer' as const,
      signInUrl: 'https://activation.example.com/sign-in?token=3',
      signUpUrl: links.signUpUrl,
    };
    const first = await mail.POST('/v1/activations', { body, headers: { 'Idempotency-Key': 'integrator-2' } });
    expect(first.response.status).toBe(201);

    const taken = await mail.POST('/v1/activations', { body });
    expect(taken.response.status).toBe(409);
    expect(handle(taken.error)).toBe('already started: read the existing activation');
    // The 409 names the activation that holds the enrollment, typed: no cast.
    expect(taken.error?.activationId).toBe(first.data?.id);

    const reused = await mail.POST('/v1/activations', {
      body: { ...body, enrollment: { ...body.enrollment, number: '71234568' } },
      headers: { 'Idempotency-Key': 'integrator-2' },
    });
    expect(reused.response.status).toBe(422);
    expect(handle(reused.error)).toBe('a new key for a new request');

    const id = first.data?.id ?? '';
    const choice = { params: { path: { id } }, body: { option: 'sign-up' as const, onlineServicesId: 'a@n.com' } };
    expect((await mail.POST('/v1/activations/{id}/choice', choice)).response.status).toBe(200);
    const again = await mail.POST('/v1/activations/{id}/choice', {
      ...choice,
      body: { ...choice.body, option: 'sign-in' as const },
    });
    expect(again.response.status).toBe(409);
    expect(handle(again.error)).toBe('the customer chose already: show the choice');

    const invalid = await mail.POST('/v1/activations', {
      // A generated client cannot foresee a runtime rule the document does not state; this one it states (https only).
      body: { ...body, signUpUrl: 'http://activation.example.com/sign-up' },
    });
    expect(invalid.response.status).toBe(422);
    expect(handle(invalid.error)).toBe('fix the request');
    expect(invalid.error?.errors?.map((e) => e.path)).toContain('signUpUrl');
    expect(invalid.error?.requestId).toBe(invalid.response.headers.get('X-Request-Id'));
  });

  it('handles 429 by its problem type and Retry-After', async () => {
    const mail = client(limitedUrl);
    // All at once, so the bucket (RATE_LIMIT_BURST tokens, one more a second) cannot refill between them.
    const answers = await Promise.all(Array.from({ length: RATE_LIMIT_BURST + 2 }, () => mail.GET('/v1/templates')));
    const limited = answers.find((a) => a.response.status === 429);
    expect(limited?.response.status).toBe(429);
    expect(handle(limited?.error)).toBe('wait Retry-After seconds');
    expect(Number(limited?.response.headers.get('Retry-After'))).toBeGreaterThan(0);
  });
});
