import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { templateNames } from '../../../emails/_catalog/index.ts';
import { createLogger, redactEmails } from '../../../server/logger.ts';
import type { Store } from '../../../server/store/index.ts';
import { json, logSink, newCustomer, PROBLEM_JSON, testApp } from '../../support/app.ts';

describe('health and readiness', () => {
  it('/healthz answers 200 while the process runs', async () => {
    const { app } = testApp();
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  const readiness: [string, () => Promise<boolean>, number][] = [
    ['answers', async () => true, 200],
    ['does not answer', async () => false, 503],
    ['throws', () => Promise.reject(new Error('connection refused')), 503],
  ];
  it.each(readiness)('/readyz when the store %s', async (_label, isReady, status) => {
    // Readiness is the store's: a store that answers only `ping` is enough here.
    const store = { ping: isReady } as unknown as Store;
    const { app } = testApp({}, { outbox: { store, onAccepted: () => undefined } });
    const res = await app.request('/readyz');
    expect(res.status).toBe(status);
    if (status === 503) expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
  });
});

describe('/metrics', () => {
  it('counts requests by route pattern and status and times renders', async () => {
    const { app } = testApp();
    await app.request('/v1/templates/activation/render', json({ data: newCustomer }));
    await app.request('/v1/templates/activation/render', json({ data: {} }));
    await app.request('/no/such/path');
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('http_requests_total{method="POST",route="/v1/templates/:name/render",status="200"} 1');
    expect(text).toContain('http_requests_total{method="POST",route="/v1/templates/:name/render",status="422"} 1');
    expect(text).toContain('http_requests_total{method="GET",route="(unmatched)",status="404"} 1');
    expect(text).toMatch(/http_request_duration_seconds_bucket\{.*route="\/v1\/templates\/:name\/render"/);
    expect(text).toContain('email_render_duration_seconds_count{template="activation"} 1');
  });
});

describe('/openapi.json', () => {
  it('is OpenAPI 3.1 listing every path, one render operation per template, and problem responses', async () => {
    const { app } = testApp();
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { operationId?: string; responses: Record<string, { content?: object; headers?: object }> }>
      >;
      components: { schemas: Record<string, { properties?: Record<string, { $ref?: string }> }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths);
    for (const template of templateNames) expect(paths).toContain(`/v1/templates/${template}/render`);
    expect(paths).not.toContain('/v1/templates/{name}/render');
    // Documented whatever the configuration: this app has no store and no webhook secret.
    expect(paths).toEqual(expect.arrayContaining(['/v1/emails', '/v1/emails/batch', '/webhooks/resend', '/healthz']));
    const render = doc.paths['/v1/templates/activation/render']?.post;
    expect(render?.operationId).toBe('renderActivation');
    expect(Object.keys(render?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '413', '415', '422', '429', '500']),
    );
    expect(render?.responses['422']?.content).toHaveProperty(['application/problem+json']);
    expect(render?.responses['429']?.headers).toHaveProperty(['Retry-After']);
    expect(render?.responses['401']?.headers).toHaveProperty(['WWW-Authenticate']);
    expect(doc.components.schemas.RenderActivationRequest?.properties?.data?.$ref).toBe(
      '#/components/schemas/ActivationData',
    );
    expect(doc.components.schemas.ProvisioningConfirmationData).toBeDefined();
    const operationIds = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(operationIds.every(Boolean)).toBe(true);
  });

  it('is the same whatever the configuration', async () => {
    const plain = await (await testApp().app.request('/openapi.json')).text();
    const configured = testApp({
      API_KEYS: 'a-key-0123456789abcdef',
      LINK_HOSTS: 'activation.example.com',
      RESEND_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      RATE_LIMIT_PER_SECOND: '5',
    });
    const other = await (
      await configured.app.request('/openapi.json', { headers: { Authorization: 'Bearer a-key-0123456789abcdef' } })
    ).text();
    expect(other).toBe(plain);
  });

  it('is served as c.json sent it, with a strong ETag the same on every request, revalidated each time', async () => {
    const { app } = testApp();
    const first = await app.request('/openapi.json');
    const second = await app.request('/openapi.json');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(second.headers.get('etag')).toBe(etag);
    for (const res of [first, second]) {
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
      expect(res.headers.get('content-encoding')).toBeNull();
    }
    const text = await first.text();
    expect(await second.text()).toBe(text);
    // Byte for byte what c.json sent: JSON.stringify of the document, no indentation.
    expect(text).toBe(JSON.stringify(JSON.parse(text)));
    const head = await app.request('/openapi.json', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(etag);
    expect(await head.text()).toBe('');
  });

  it('answers 304 without a body when If-None-Match holds its ETag, one per content coding', async () => {
    const { app } = testApp();
    const plainTag = (await app.request('/openapi.json')).headers.get('etag') ?? '';
    const etag =
      (await app.request('/openapi.json', { headers: { 'Accept-Encoding': 'gzip' } })).headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(etag).not.toBe(plainTag);
    // The plain representation's tag does not validate the gzipped one, nor the reverse.
    const crossed = await app.request('/openapi.json', {
      headers: { 'If-None-Match': plainTag, 'Accept-Encoding': 'gzip' },
    });
    expect(crossed.status).toBe(200);
    const plainAgain = await app.request('/openapi.json', { headers: { 'If-None-Match': plainTag } });
    expect(plainAgain.status).toBe(304);
    const matching = [etag, `W/${etag}`, `"other", ${etag}`, '*'];
    for (const ifNoneMatch of matching) {
      const res = await app.request('/openapi.json', {
        headers: { 'If-None-Match': ifNoneMatch, 'Accept-Encoding': 'gzip' },
      });
      expect(res.status, ifNoneMatch).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toBe('');
    }
    const stale = await app.request('/openapi.json', { headers: { 'If-None-Match': '"other", W/"older"' } });
    expect(stale.status).toBe(200);
    expect((await stale.text()).length).toBeGreaterThan(0);
  });

  it('is gzipped when Accept-Encoding allows it, and plain otherwise', async () => {
    const { app } = testApp();
    const plain = await (await app.request('/openapi.json')).text();
    const encoded = async (acceptEncoding: string) => {
      const res = await app.request('/openapi.json', { headers: { 'Accept-Encoding': acceptEncoding } });
      expect(res.status).toBe(200);
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
      expect(res.headers.get('content-type')).toBe('application/json');
      return { encoding: res.headers.get('content-encoding'), body: Buffer.from(await res.arrayBuffer()) };
    };
    for (const acceptEncoding of ['gzip', 'gzip, deflate, br, zstd', 'br;q=1.0, GZIP;q=0.5', '*']) {
      const { encoding, body } = await encoded(acceptEncoding);
      expect(encoding, acceptEncoding).toBe('gzip');
      expect(body.length).toBeLessThan(Buffer.byteLength(plain));
      expect(gunzipSync(body).toString('utf8')).toBe(plain);
    }
    for (const acceptEncoding of ['identity', 'br, deflate', 'gzip;q=0', 'br, gzip;q=0.000', '*, gzip;q=0', '*;q=0']) {
      const { encoding, body } = await encoded(acceptEncoding);
      expect(encoding, acceptEncoding).toBeNull();
      expect(body.toString('utf8')).toBe(plain);
    }
  });
});

describe('logging', () => {
  it('writes one line per request with its id, method, path, status and time', async () => {
    const { app, log } = testApp();
    const res = await app.request(
      '/v1/templates/activation/render?to=someone@example.com',
      json({ data: newCustomer }),
    );
    const requestLines = log.lines.filter((l) => l.msg === 'request');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      requestId: res.headers.get('x-request-id'),
      method: 'POST',
      path: '/v1/templates/activation/render',
      status: 200,
      ms: expect.any(Number),
    });
    expect(log.raw.join('\n')).not.toContain('someone@example.com');
  });

  it('redacts Authorization and email addresses wherever they appear', () => {
    const sink = logSink();
    const logger = createLogger({ destination: sink.stream });
    logger.info(
      { headers: { authorization: 'Bearer secret-key' }, to: ['ann@contoso.com'], note: 'cc bob@fabrikam.example' },
      'sent to ann@contoso.com',
    );
    const line = sink.raw.join('\n');
    expect(line).not.toMatch(/secret-key|ann@contoso\.com|bob@fabrikam/);
    expect(line).toContain('[redacted]');
    expect(redactEmails({ a: ['x y@z.org'] })).toEqual({ a: ['x [redacted]'] });
  });
});
