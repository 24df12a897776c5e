import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/index.ts';
import { API_KEY, json, newCustomer } from '../support/app.ts';
import { openTestStore, outboxApp } from '../support/outbox.ts';

/**
 * The server without API keys (loopback only) refuses a browser: DNS rebinding (a foreign Host)
 * and cross-site requests that change something (server/keys.ts, openModeRefusal).
 */

let store: Store;
let reset: () => Promise<void>;
beforeAll(async () => {
  ({ store, reset } = await openTestStore());
});
afterAll(() => store?.close());
beforeEach(() => reset());

async function liveActivation(app: ReturnType<typeof outboxApp>['app']): Promise<string> {
  const res = await app.request(
    '/v1/activations',
    json({
      enrollment: { number: '62345678', organizationName: 'Contoso Ltd', noticesContact: { email: 'n@contoso.com' } },
      scenario: 'new-customer',
      signUpUrl: newCustomer.signUpUrl,
    }),
  );
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

const stateOf = async (app: ReturnType<typeof outboxApp>['app'], id: string) =>
  (await (await app.request(`/v1/activations/${id}`)).json()).state;

describe('open mode (no API keys)', () => {
  it('answers loopback names only: a rebound host name gets 403, for the API and the console’s mailbox', async () => {
    const { app } = outboxApp(store);
    const rebound = await app.request('http://evil.example:3000/v1/emails');
    expect(rebound.status).toBe(403);
    expect((await rebound.json()).type).toBe('urn:activation-mail:problem:forbidden');
    const page = await app.request('/console/mailbox', { headers: { host: 'evil.example:3000' } });
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('The console answers on loopback only.');
    for (const host of ['127.0.0.1:3000', 'localhost:3000', '[::1]:3000', 'app.localhost']) {
      expect((await app.request(`http://${host}/v1/emails`)).status, host).toBe(200);
    }
  });

  it('refuses a cross-site text/plain POST that would cancel an activation', async () => {
    const { app } = outboxApp(store);
    const id = await liveActivation(app);
    const forged = await app.request(`/v1/activations/${id}/cancel`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' },
      body: 'x',
    });
    expect(forged.status).toBe(403);
    expect(await stateOf(app, id)).toBe('awaiting-choice');
  });

  it('refuses another origin and another site, even on this machine, when only Origin or Sec-Fetch-Site says so', async () => {
    const { app } = outboxApp(store);
    const id = await liveActivation(app);
    const cancel = (headers: Record<string, string>) =>
      app.request(`/v1/activations/${id}/cancel`, { method: 'POST', headers });
    expect((await cancel({ Origin: 'http://localhost:8080' })).status).toBe(403);
    expect((await cancel({ Origin: 'null' })).status).toBe(403);
    expect((await cancel({ 'Sec-Fetch-Site': 'same-site' })).status).toBe(403);
    expect(await stateOf(app, id)).toBe('awaiting-choice');
    // The same origin (a page the server itself served), or no page at all (curl, an SDK), may.
    expect((await cancel({ Origin: 'http://localhost', 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
    expect(await stateOf(app, id)).toBe('canceled');
  });

  it('lets programs through: no Origin, no Sec-Fetch-Site', async () => {
    const { app } = outboxApp(store);
    const id = await liveActivation(app);
    expect((await app.request(`/v1/activations/${id}/cancel`, { method: 'POST' })).status).toBe(200);
  });

  it('leaves a server with keys to its keys: a browser cannot add the Authorization header cross-site', async () => {
    const { app } = outboxApp(store, { API_KEYS: API_KEY });
    const res = await app.request('http://mail.internal.example/v1/emails', {
      headers: { Authorization: `Bearer ${API_KEY}` },
    });
    expect(res.status).toBe(200);
  });
});
