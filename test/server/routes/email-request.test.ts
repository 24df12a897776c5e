import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../server/store/index.ts';
import { json, newCustomer, testApp } from '../../support/app.ts';
import { outboxApp, storedCount, TRUNCATE_ALL } from '../../support/outbox.ts';

/** The send body's rules (server/routes/email-request.ts): links, one-line fields, and the work one request may ask for. */

let pglite: PGlite;
let store: Store;
beforeAll(async () => {
  pglite = new PGlite();
  store = await openStore({ dataDir: 'memory://', pglite });
});
afterAll(() => store?.close());
beforeEach(async () => {
  await pglite.exec(TRUNCATE_ALL);
});

type Problem = { status: number; detail: string; errors?: { path: string; message: string }[] };
const problemOf = async (res: Response) => (await res.json()) as Problem;
const send = (extra: Record<string, unknown> = {}) => ({
  template: 'activation',
  data: newCustomer,
  to: 'osm@contoso.com',
  ...extra,
});

describe('links (LINK_HOSTS)', () => {
  const RENDER = '/v1/templates/activation/render';
  const render = (signUpUrl: string) =>
    testApp({ LINK_HOSTS: 'activation.example.com' }).app.request(
      RENDER,
      json({ data: { ...newCustomer, signUpUrl } }),
    );

  it.each([
    ['a backslash before @', 'https://activation.example.com\\@evil.com/'],
    ['backslashes for slashes', 'https:\\\\activation.example.com/x'],
    ['no slashes', 'https:activation.example.com/x'],
    ['user info', 'https://user:pw@activation.example.com/x'],
    ['user info naming the allowed host', 'https://activation.example.com@evil.com/x'],
    ['an encoded dot in the host', 'https://activation.example.com%2eevil.com/'],
  ])('refuses %s: 422 naming the field', async (_label, url) => {
    const res = await render(url);
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors?.map((e) => e.path)).toEqual(['data.signUpUrl']);
  });

  it('writes the normalized URL into the email', async () => {
    const res = await render('https://Activation.Example.com:443/sign-up?token=1');
    expect(res.status).toBe(200);
    const { html, text } = (await res.json()) as { html: string; text: string };
    expect(html).toContain('href="https://activation.example.com/sign-up?token=1"');
    expect(html).not.toContain('Activation.Example.com');
    expect(text).toContain('https://activation.example.com/sign-up?token=1');
  });
});

describe('one-line fields', () => {
  it.each([
    ['a right-to-left override', 'Contoso \u202egnp.exe'],
    ['a left-to-right isolate', 'Contoso \u2066Ltd'],
    ['a C1 control', 'Contoso\u0085Ltd'],
    ['an escape', 'Contoso\u001b[31m'],
    ['a tab', 'Contoso\tLtd'],
  ])('refuse %s: 422 naming the field', async (_label, organizationName) => {
    const { app } = testApp();
    const res = await app.request(
      '/v1/templates/activation/render',
      json({ data: { ...newCustomer, organizationName } }),
    );
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors).toEqual([
      { path: 'data.organizationName', message: expect.stringMatching(/control characters|single line/) },
    ]);
  });
});

describe('the work one request may ask for', () => {
  it('caps the recipients of a batch, all emails together', async () => {
    const { app } = outboxApp(store);
    const to = Array.from({ length: 50 }, (_, i) => `r${i}@contoso.com`);
    const res = await app.request('/v1/emails/batch', json({ emails: Array.from({ length: 21 }, () => send({ to })) }));
    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem.errors).toEqual([{ path: 'emails', message: expect.stringMatching(/at most 1000 recipients/) }]);
    expect(await storedCount(store)).toBe(0);
  });

  it('lists at most 100 problems in one 422, and says how many there were', async () => {
    const { app } = outboxApp(store);
    const bad = { template: 'activation', data: {}, to: 'nope', cc: 'nope', tags: { x: '' } };
    const res = await app.request('/v1/emails/batch', json({ emails: Array.from({ length: 100 }, () => bad) }));
    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem.errors).toHaveLength(100);
    expect(problem.detail).toMatch(/^The request has \d{3} problems; errors lists the first 100\.$/);
  });
});
