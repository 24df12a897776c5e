import { describe, expect, it } from 'vitest';
import { json, PROBLEM_JSON, testApp } from '../support/app.ts';

const RENDER = '/v1/templates/activation/render';

/** The app's error paths (server/app.ts): every failure a problem, never a stack. */

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
