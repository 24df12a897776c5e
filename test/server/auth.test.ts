import { describe, expect, it } from 'vitest';
import { keyMatcher } from '../../server/auth.ts';
import { API_KEY, json, newCustomer, PROBLEM_JSON, testApp } from '../support/app.ts';

const RENDER = '/v1/templates/activation/render';

/** API keys on /v1 (server/auth.ts). */

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
