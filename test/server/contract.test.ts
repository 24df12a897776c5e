import { describe, expect, it } from 'vitest';
import { json, newCustomer, testApp } from '../support/app.ts';
import { checkResponse } from '../support/contract.ts';

/** The contract check itself: it must catch a response that drifts from the served document. */

const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const problemResponse = (status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: 'urn:x', title: 't', status, detail: 'd' }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });

describe('contract checks', () => {
  it('pass what the server answers', async () => {
    const { app } = testApp();
    // testApp's requests are checked already; this one is checked again, explicitly.
    const res = await app.request('/v1/templates/activation/render', json({ data: newCustomer }));
    await expect(checkResponse('POST', '/v1/templates/activation/render', res)).resolves.toBeUndefined();
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
    await expect(checkResponse('GET', '/v1/templates', problemResponse(429))).rejects.toThrow(/Retry-After/);
    await expect(checkResponse('GET', '/v1/templates', problemResponse(401))).rejects.toThrow(/WWW-Authenticate/);
  });

  it('catch a content type the operation does not document', async () => {
    const html = new Response('<p>', { status: 200, headers: { 'Content-Type': 'text/html' } });
    await expect(checkResponse('GET', '/v1/emails/0190', html.clone())).rejects.toThrow(/is text\/html/);
    await expect(checkResponse('GET', '/v1/emails/0190/html', html)).resolves.toBeUndefined();
  });
});
