import { describe, expect, it } from 'vitest';
import { keyMatcher } from '../../server/auth.ts';
import { API_KEY, json, newCustomer, PROBLEM_JSON, testApp } from './fixtures.ts';

const RENDER = '/v1/templates/activation/render';

describe('API keys', () => {
  const secured = () => testApp({ API_KEYS: `other-key-abcdefghijklmnop,${API_KEY}` });

  it('answers 401 with WWW-Authenticate when the key is missing', async () => {
    const { app } = secured();
    const res = await app.request('/v1/templates');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="activation-mail"');
  });

  it.each([
    ['a wrong key', 'Bearer not-the-key'],
    ['a key of another length', `Bearer ${API_KEY}x`],
    ['another scheme', `Basic ${API_KEY}`],
    ['no key after the scheme', 'Bearer '],
  ])('answers 401 to %s', async (_label, authorization) => {
    const { app } = secured();
    const res = await app.request('/v1/templates', { headers: { Authorization: authorization } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await res.text()).not.toContain(API_KEY);
  });

  it('lets any configured key through, before the body is even read', async () => {
    const { app } = secured();
    const ok = await app.request(RENDER, json({ data: newCustomer }, { Authorization: `bearer ${API_KEY}` }));
    expect(ok.status).toBe(200);
    expect((await app.request(RENDER, json('{not json'))).status).toBe(401);
  });

  it('leaves operations routes open', async () => {
    const { app } = secured();
    for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json']) {
      expect((await app.request(path)).status).toBe(200);
    }
  });

  it('never writes a key to the log', async () => {
    const { app, log } = secured();
    await app.request('/v1/templates', { headers: { Authorization: `Bearer ${API_KEY}` } });
    await app.request('/v1/templates', { headers: { Authorization: 'Bearer wrong-key' } });
    expect(log.raw.join('\n')).not.toMatch(/test-key|wrong-key/);
  });

  it('matches keys by digest, whatever their length', () => {
    const matches = keyMatcher(['short', 'a-much-longer-key-than-the-first']);
    expect(matches('short')).toBe(true);
    expect(matches('a-much-longer-key-than-the-first')).toBe(true);
    expect(matches('shor')).toBe(false);
    expect(matches('')).toBe(false);
  });
});

describe('error paths', () => {
  it('answers 404 problem+json to an unknown route', async () => {
    const { app } = testApp();
    const res = await app.request('/v2/nothing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
  });

  it('answers 405 with Allow to a known path under the wrong method', async () => {
    const { app } = testApp();
    const res = await app.request(RENDER, { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
    const del = await app.request('/v1/templates', { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 500 problem+json without the message or stack of the error, and logs it', async () => {
    const { app, log } = testApp();
    app.get('/boom', () => {
      throw new Error('database password is hunter2');
    });
    const res = await app.request('/boom');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
    const body = await res.text();
    expect(body).not.toMatch(/hunter2|at .*\.ts/);
    expect(body).toContain(res.headers.get('x-request-id') ?? 'missing id');
    expect(log.raw.join('\n')).toContain('hunter2');
  });

  it('echoes X-Request-Id, keeping a well-formed one from the caller', async () => {
    const { app } = testApp();
    const given = await app.request('/healthz', { headers: { 'X-Request-Id': 'req-123' } });
    expect(given.headers.get('x-request-id')).toBe('req-123');
    const made = await app.request('/v1/templates/none/render', json({}));
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
