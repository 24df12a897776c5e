import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivationMailClient } from '../../server/client/index.ts';
import { type Listener, listen } from '../../server/listen.ts';
import type { Store } from '../../server/store/index.ts';
import { API_KEY, newCustomer } from '../support/app.ts';
import { openTestStore, outboxApp } from '../support/outbox.ts';

/** The generated client (activation-mail/client) against a live server over HTTP. */

let store: Store;
let server: Listener;
let baseUrl: string;
beforeAll(async () => {
  ({ store } = await openTestStore());
  const { app } = outboxApp(store, { API_KEYS: API_KEY });
  const listening = await listen(app, { host: '127.0.0.1', port: 0, requestTimeoutMs: 10_000 });
  server = listening.server;
  baseUrl = `http://127.0.0.1:${listening.address.port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await store?.close();
});

describe('activation-mail/client', () => {
  it('sends an activation email, reads it back and renders, typed end to end', async () => {
    const mail = createActivationMailClient({ baseUrl, apiKey: API_KEY });
    const sent = await mail.POST('/v1/emails', {
      body: {
        template: 'activation',
        data: { scenario: 'new-customer', organizationName: 'Contoso Ltd', signUpUrl: newCustomer.signUpUrl },
        to: 'osm@contoso.com',
      },
      headers: { 'Idempotency-Key': 'client-test-1' },
    });
    expect(sent.response.status).toBe(202);
    expect(sent.data?.status).toBe('queued');
    const id = sent.data?.id ?? '';

    const read = await mail.GET('/v1/emails/{id}', { params: { path: { id } } });
    expect(read.data).toMatchObject({ id, template: 'activation', to: ['osm@contoso.com'] });

    const rendered = await mail.POST('/v1/templates/trial-ending/render', {
      body: {
        data: {
          organizationName: 'Contoso Ltd',
          trialEndsOn: '2026-12-24',
          convertUrl: 'https://activation.example.com/convert',
        },
      },
    });
    expect(rendered.data?.subject).toContain('Contoso Ltd');
  });

  it('gives the problem, typed, when the server refuses', async () => {
    const mail = createActivationMailClient({ baseUrl, apiKey: 'wrong-key' });
    const { data, error, response } = await mail.GET('/v1/templates');
    expect(response.status).toBe(401);
    expect(data).toBeUndefined();
    expect(error?.type).toBe('urn:activation-mail:problem:unauthorized');
  });

  it('lets the compiler catch a misspelled field or another template’s data', () => {
    const mail = createActivationMailClient({ baseUrl, apiKey: API_KEY });
    // Never called: only type-checked (npm run typecheck fails if these compile).
    const typed = () => [
      mail.POST('/v1/emails', {
        body: {
          template: 'activation',
          // @ts-expect-error signupUrl is not a field: signUpUrl is
          data: { scenario: 'new-customer', organizationName: 'Contoso Ltd', signupUrl: 'https://x.example.com' },
          to: 'osm@contoso.com',
        },
      }),
      mail.POST('/v1/emails', {
        body: {
          template: 'trial-ending',
          // @ts-expect-error the activation template's data is not the trial-ending template's
          data: { scenario: 'new-customer', organizationName: 'Contoso Ltd', signUpUrl: 'https://x.example.com' },
          to: ['osm@contoso.com', 'it@contoso.com'],
        },
      }),
    ];
    expect(typeof typed).toBe('function');
  });
});
