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

describe('one-line fields: invisible characters', () => {
  const render = (organizationName: string) =>
    testApp().app.request('/v1/templates/activation/render', json({ data: { ...newCustomer, organizationName } }));

  it.each([
    ['a line separator', 'Contoso\u2028Ltd'],
    ['a paragraph separator', 'Contoso\u2029Ltd'],
    ['a zero-width space', 'Con\u200btoso Ltd'],
    ['a word joiner', 'Contoso\u2060Ltd'],
    ['a byte order mark', '\ufeffContoso Ltd'],
    ['a left-to-right mark in Latin text', 'Contoso\u200e Ltd'],
    ['a right-to-left mark in Latin text', 'Contoso\u200f Ltd'],
    ['an Arabic letter mark in Latin text', 'Contoso\u061c Ltd'],
    ['a joiner that joins nothing', 'Contoso \u200d Ltd'],
  ])('refuse %s: 422 naming the field', async (_label, organizationName) => {
    const res = await render(organizationName);
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors?.map((e) => e.path)).toEqual(['data.organizationName']);
  });

  it.each([
    ['a soft hyphen', 'Contoso. verify at evil\u00ad.example/login'],
    ['a function application', 'Contoso. verify at evil\u2061.example/login'],
    ['an invisible plus', 'Contoso. verify at evil\u2064.example/login'],
    ['an inhibit symmetric swapping', 'Contoso. verify at evil\u206a.example/login'],
    ['a nominal digit shape', 'Contoso. verify at evil\u206f.example/login'],
    ['a tag character', 'Contoso. verify at evil\u{e0041}.example/login'],
    ['a cancel tag', 'Contoso\u{e007f} Ltd'],
  ])('refuse %s, which hides what the text says: 422 naming the field', async (_label, organizationName) => {
    const res = await render(organizationName);
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors).toEqual([
      { path: 'data.organizationName', message: expect.stringMatching(/invisible characters/) },
    ]);
  });

  it.each([
    ['a Japanese company', '株式会社フォース'],
    ['a diaeresis', 'Zoë'],
    ['an apostrophe and a hyphen', "O'Brien-Smith"],
    ['an Arabic name with a non-joiner', 'ناصر\u200cالدين للتجارة'],
    ['a Hindi name with a joiner and a non-joiner', 'श्री राम क्\u200dष स्मिथ\u200cजी'],
  ])('keep %s', async (_label, organizationName) => {
    expect((await render(organizationName)).status).toBe(200);
  });

  it.each([
    ['a right-to-left mark in Hebrew text', 'קונטוסו\u200f (ישראל) בע"מ'],
    ['a zero-width non-joiner inside a Persian word', 'شرکت می\u200cخواهم'],
    ['a joiner inside an emoji sequence', 'Contoso 👩\u200d💻 Labs'],
  ])('keep %s, which the script needs', async (_label, organizationName) => {
    expect((await render(organizationName)).status).toBe(200);
  });
});

describe('text fields carry no links (with LINK_HOSTS)', () => {
  const env = { LINK_HOSTS: 'activation.example.com' };
  const render = (organizationName: string, extra: Record<string, string> = env) =>
    testApp(extra).app.request('/v1/templates/activation/render', json({ data: { ...newCustomer, organizationName } }));

  it.each([
    ['a link', 'Contoso. URGENT: verify now at https://evil.example/login'],
    ['a link of another scheme', 'Contoso ftp://evil.example'],
    ['a www host', 'Contoso, see www.evil.example'],
    ['a bare host name', 'Contoso (evil.example/login)'],
    ['an address’s @host', 'Contoso: write to billing@evil.example'],
    ['an internationalized host', 'Contoso bücher.example'],
    ['a fullwidth full stop', 'Contoso. verify at evil\uff0eexample/login'],
    ['an ideographic full stop', 'Contoso. verify at evil\u3002example/login'],
    ['a halfwidth ideographic full stop', 'Contoso. verify at evil\uff61example/login'],
    ['a fullwidth scheme', 'Contoso ｈｔｔｐｓ：／／evil'],
  ])('refuse %s: 422 naming the field', async (_label, organizationName) => {
    const res = await render(organizationName);
    expect(res.status).toBe(422);
    const { errors } = await problemOf(res);
    expect(errors).toEqual([
      { path: 'data.organizationName', message: expect.stringMatching(/mail clients would make it a link/) },
    ]);
  });

  it.each([
    ['a soft hyphen', 'Contoso. verify at evil\u00ad.example/login'],
    ['an invisible operator', 'Contoso. verify at evil\u2062.example/login'],
    ['a deprecated format character', 'Contoso. verify at evil\u206c.example/login'],
    ['a tag character', 'Contoso. verify at evil\u{e0065}.example/login'],
  ])('refuse a host hidden by %s: 422 naming the field', async (_label, organizationName) => {
    const res = await render(organizationName);
    expect(res.status).toBe(422);
    const { errors } = await problemOf(res);
    expect(errors?.map((e) => e.path)).toEqual(['data.organizationName', 'data.organizationName']);
    expect(errors?.map((e) => e.message)).toEqual([
      expect.stringMatching(/invisible characters/),
      expect.stringMatching(/host name \(evil\.example\): mail clients would make it a link/),
    ]);
  });

  it('keeps ordinary names, and names the allowed host', async () => {
    for (const name of [
      'Contoso Ltd.',
      'Contoso Ltd. Co',
      'A.B. Contoso',
      'Contoso activation.example.com team',
      'Contoso activation\uff0eexample\uff0ecom team',
      '株式会社フォース',
      'Zoë',
      "O'Brien-Smith",
      'ناصر\u200cالدين للتجارة',
      'श्री राम क्\u200dष स्मिथ\u200cजी',
    ]) {
      expect((await render(name)).status, name).toBe(200);
    }
  });

  it('leaves text alone without LINK_HOSTS (any https host is allowed then)', async () => {
    expect((await render('Contoso https://evil.example', {})).status).toBe(200);
  });

  it('checks every text field the emails show: names, services, contacts', async () => {
    const { app } = outboxApp(store, env);
    const res = await app.request(
      '/v1/emails',
      json({
        template: 'activation',
        data: { ...newCustomer, recipientName: 'Dana www.evil.example', services: ['Exchange', 'evil.example'] },
        enrollment: { onlineServicesManager: { name: 'see https://evil.example', email: 'osm@contoso.com' } },
      }),
    );
    expect(res.status).toBe(422);
    expect((await problemOf(res)).errors?.map((e) => e.path).sort()).toEqual([
      'data.recipientName',
      'data.services.1',
      'enrollment.onlineServicesManager.name',
    ]);
    expect(await storedCount(store)).toBe(0);
  });
});

describe('text fields of activations carry no links (with LINK_HOSTS)', () => {
  it('refuses a link in the organization, a contact’s name or a service, on creation and on a contact change', async () => {
    const { app } = outboxApp(store, { LINK_HOSTS: 'activation.example.com' });
    const created = await app.request(
      '/v1/activations',
      json({
        enrollment: {
          number: '62345678',
          organizationName: 'Contoso, verify at https://evil.example',
          onlineServicesManager: { name: 'Dana (www.evil.example)', email: 'osm@contoso.com' },
        },
        scenario: 'new-customer',
        signUpUrl: newCustomer.signUpUrl,
        services: ['evil.example'],
      }),
    );
    expect(created.status).toBe(422);
    expect((await problemOf(created)).errors?.map((e) => e.path).sort()).toEqual([
      'enrollment.onlineServicesManager.name',
      'enrollment.organizationName',
      'services.0',
    ]);
    const patched = await app.request('/v1/activations/01a20f75-6dce-7372-89eb-31f51219c55f', {
      ...json({ enrollment: { noticesContact: { name: 'see evil.example', email: 'n@contoso.com' } } }),
      method: 'PATCH',
    });
    expect(patched.status).toBe(422);
    expect((await problemOf(patched)).errors?.map((e) => e.path)).toEqual(['enrollment.noticesContact.name']);
    expect(await storedCount(store)).toBe(0);
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
