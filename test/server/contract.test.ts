import { describe, expect, it } from 'vitest';
import { json, newCustomer, testApp } from '../support/app.ts';
import { checkEvent, checkResponse } from '../support/contract.ts';

/** The contract check itself: it must catch a response that drifts from the served document. */

const REQUEST_ID = { 'X-Request-Id': 'test-1' };
const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...REQUEST_ID, ...headers },
  });
const problemResponse = (status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: 'about:blank', title: 't', status, detail: 'd' }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...REQUEST_ID, ...headers },
  });

describe('contract checks', () => {
  it('pass what the server answers', async () => {
    const { app } = testApp();
    // testApp's requests are checked already; this one is checked again, explicitly.
    const res = await app.request('/v1/templates/activation/render', json({ data: newCustomer }));
    await expect(checkResponse('POST', '/v1/templates/activation/render', res)).resolves.toBeUndefined();
  });

  it('catch a problem type the document does not list', async () => {
    const unknownType = new Response(JSON.stringify({ type: 'urn:x', title: 't', status: 404, detail: 'd' }), {
      status: 404,
      headers: { 'Content-Type': 'application/problem+json', ...REQUEST_ID },
    });
    await expect(checkResponse('GET', '/v1/emails/0190', unknownType)).rejects.toThrow(/does not match the document/);
  });

  it('catch a body that breaks its schema', async () => {
    await expect(
      checkResponse('POST', '/v1/templates/trial-ending/render', jsonResponse(200, { subject: 's', html: 1 })),
    ).rejects.toThrow(/does not match the document/);
  });

  it('catch a status the operation does not document', async () => {
    await expect(checkResponse('GET', '/v1/templates', problemResponse(418))).rejects.toThrow(/is not documented/);
  });

  it('catch a missing required header', async () => {
    const noRequestId = new Response(JSON.stringify({ status: 'ok' }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
    await expect(checkResponse('GET', '/healthz', noRequestId)).rejects.toThrow(/X-Request-Id/);
    await expect(
      checkResponse('GET', '/v1/templates', problemResponse(429, { RateLimit: 'r', 'RateLimit-Policy': 'p' })),
    ).rejects.toThrow(/Retry-After/);
    await expect(checkResponse('GET', '/v1/templates', problemResponse(401))).rejects.toThrow(/WWW-Authenticate/);
  });

  it('catch a content type the operation does not document', async () => {
    const html = new Response('<p>', { status: 200, headers: { 'Content-Type': 'text/html', ...REQUEST_ID } });
    await expect(checkResponse('GET', '/v1/emails/0190', html.clone())).rejects.toThrow(/is text\/html/);
    await expect(checkResponse('GET', '/v1/emails/0190/html', html)).resolves.toBeUndefined();
  });

  it('catch an event sent to EVENTS_WEBHOOK_URL that the document does not describe', async () => {
    const data = {
      activationId: '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f',
      enrollmentNumber: '62345678',
      scenario: 'new-customer',
      state: 'canceled',
      recipient: { email: 'osm@contoso.com', role: 'online-services-manager' },
      needsAttention: false,
    };
    const timestamp = new Date().toISOString();
    await expect(checkEvent({ type: 'activation.canceled', timestamp, data })).resolves.toBeUndefined();
    await expect(checkEvent({ type: 'activation.renamed', timestamp, data })).rejects.toThrow(/not among/);
    const { state: _left, ...withoutState } = data;
    await expect(checkEvent({ type: 'activation.canceled', timestamp, data: withoutState })).rejects.toThrow(
      /does not match the document/,
    );
  });
});
