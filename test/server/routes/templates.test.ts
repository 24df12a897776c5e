import { describe, expect, it } from 'vitest';
import { templateNames, variants } from '../../../emails/_catalog/index.ts';
import { json, newCustomer, PROBLEM_JSON, testApp } from '../../support/app.ts';

const RENDER = '/v1/templates/activation/render';

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
  const body = (await res.json()) as {
    type: string;
    title: string;
    status: number;
    detail: string;
    errors?: { path: string; message: string }[];
  };
  expect(body.status).toBe(res.status);
  expect(body.type).toMatch(/^urn:activation-mail:problem:|^about:blank$/);
  expect(body.title).toBeTruthy();
  expect(body.detail).toBeTruthy();
  return body;
}

const errorPaths = async (res: Response) => {
  expect(res.status).toBe(422);
  return (await problemOf(res)).errors?.map((e) => e.path);
};

describe('GET /v1/templates', () => {
  it('lists every template with its description and the JSON Schema of its data', async () => {
    const { app } = testApp();
    const res = await app.request('/v1/templates');
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { name: string; description: string; schema: object }[] };
    expect(data.map((t) => t.name)).toEqual([...templateNames]);
    for (const t of data) {
      expect(t.description.length).toBeGreaterThan(10);
      expect(t.schema).not.toHaveProperty('$schema');
    }
    // Three forms: before the end with its Sign In link, after Sign Up without any, once the trial has ended without any.
    type Form = { required?: string[]; oneOf?: Form[] };
    const trialEnding = data.find((t) => t.name === 'trial-ending')?.schema as Form;
    const forms = (trialEnding.oneOf ?? []).flatMap((form) => form.oneOf ?? [form]);
    expect(forms.map((form) => form.required)).toEqual([
      expect.arrayContaining(['organizationName', 'trialEndsOn', 'convertUrl']),
      expect.arrayContaining(['organizationName', 'trialEndsOn', 'signedUp']),
      expect.arrayContaining(['organizationName', 'trialEndsOn', 'ended']),
    ]);
  });
});

describe('POST /v1/templates/{name}/render', () => {
  it.each(variants.map((v) => [`${v.template}/${v.variant}`, v] as const))('renders %s', async (_label, variant) => {
    const { app } = testApp();
    const res = await app.request(`/v1/templates/${variant.template}/render`, json({ data: variant.data }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const email = (await res.json()) as { subject: string; html: string; text: string };
    expect(email.subject.length).toBeGreaterThan(5);
    expect(email.html).toMatch(/^<!DOCTYPE html/i);
    expect(email.text.length).toBeGreaterThan(50);
  });

  it('accepts locale en-US and signs with the configured brand', async () => {
    const { app } = testApp({ BRAND_NAME: 'Northwind Online', BRAND_PRODUCT: 'Northwind Suite' });
    const res = await app.request(RENDER, json({ data: newCustomer, locale: 'en-US' }));
    expect(res.status).toBe(200);
    const email = (await res.json()) as { subject: string; html: string };
    expect(email.subject).toBe('Activate Northwind Suite for Contoso Ltd');
    expect(email.html).toContain('Northwind Online');
  });

  it('escapes data in the HTML: a script tag never appears raw', async () => {
    const { app } = testApp();
    const res = await app.request(
      RENDER,
      json({ data: { ...newCustomer, organizationName: '<script>alert(1)</script>', recipientName: '<b>x</b>' } }),
    );
    expect(res.status).toBe(200);
    const { html } = (await res.json()) as { html: string };
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('answers 404 for an unknown template, naming the known ones', async () => {
    const { app } = testApp();
    const res = await app.request('/v1/templates/welcome/render', json({ data: {} }));
    expect(res.status).toBe(404);
    expect((await problemOf(res)).detail).toContain('activation');
  });

  it('refuses a non-https link with the path of the field', async () => {
    const { app } = testApp();
    const res = await app.request(
      RENDER,
      json({ data: { ...newCustomer, signUpUrl: 'http://activation.example.com/x' } }),
    );
    expect(await errorPaths(res)).toEqual(['data.signUpUrl']);
  });

  it('refuses a link outside LINK_HOSTS and accepts one inside', async () => {
    const { app } = testApp({ LINK_HOSTS: 'activation.example.com, portal.example.com' });
    const outside = await app.request(
      RENDER,
      json({ data: { ...newCustomer, signUpUrl: 'https://evil.example.net/x' } }),
    );
    expect(outside.status).toBe(422);
    const problem = await problemOf(outside);
    expect(problem.errors).toEqual([{ path: 'data.signUpUrl', message: expect.stringContaining('allowed host') }]);
    expect((await app.request(RENDER, json({ data: newCustomer }))).status).toBe(200);
  });

  it('refuses CR or LF in a one-line field', async () => {
    const { app } = testApp();
    const res = await app.request(RENDER, json({ data: { ...newCustomer, organizationName: 'Contoso\r\nBcc: x' } }));
    expect(await errorPaths(res)).toEqual(['data.organizationName']);
  });

  it('refuses unknown fields, in data and beside it, listing every problem at once', async () => {
    const { app } = testApp();
    const res = await app.request(RENDER, json({ data: { ...newCustomer, orgName: 'typo' }, extra: true }));
    expect(await errorPaths(res)).toEqual(['data.orgName', 'extra']);
  });

  it('refuses a link for an option the scenario does not offer', async () => {
    const { app } = testApp();
    const res = await app.request(RENDER, json({ data: { ...newCustomer, signInUrl: 'https://a.example.com/in' } }));
    expect(await errorPaths(res)).toEqual(['data.signInUrl']);
  });

  it('gives one entry per problem with nested paths', async () => {
    const { app } = testApp();
    const res = await app.request(
      '/v1/templates/provisioning-confirmation/render',
      json({ data: { organizationName: '', subscriptions: [{ service: 'Exchange Online', quantity: 0 }] } }),
    );
    const problem = await problemOf(res);
    expect(res.status).toBe(422);
    expect(problem.errors?.map((e) => e.path)).toEqual([
      'data.organizationName',
      'data.subscriptions.0.quantity',
      'data.subscriptionsUrl',
    ]);
    expect(problem.errors?.find((e) => e.path === 'data.subscriptionsUrl')?.message).toBe('is required');
  });

  it('refuses a missing data object, a wrong locale and a body that is not an object', async () => {
    const { app } = testApp();
    expect(await errorPaths(await app.request(RENDER, json({})))).toEqual(['data']);
    expect(await errorPaths(await app.request(RENDER, json({ data: newCustomer, locale: 'fr' })))).toEqual(['locale']);
    expect(await errorPaths(await app.request(RENDER, json([newCustomer])))).toEqual(['']);
  });

  it('answers 400 to malformed JSON', async () => {
    const { app } = testApp();
    const res = await app.request(RENDER, json('{"data": {'));
    expect(res.status).toBe(400);
    expect((await problemOf(res)).type).toBe('urn:activation-mail:problem:malformed-json');
  });

  it('answers 415 to a body that is not JSON', async () => {
    const { app } = testApp();
    const res = await app.request(RENDER, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ data: newCustomer }),
    });
    expect(res.status).toBe(415);
    await problemOf(res);
  });

  it('answers 413 to a body over BODY_LIMIT, announced or streamed', async () => {
    const { app } = testApp({ BODY_LIMIT: '2048' });
    const big = JSON.stringify({ data: { ...newCustomer, organizationName: 'x'.repeat(4000) } });
    const announced = await app.request(RENDER, json(big, { 'Content-Length': String(big.length) }));
    expect(announced.status).toBe(413);
    await problemOf(announced);
    const streamed = await app.request(RENDER, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });
});
