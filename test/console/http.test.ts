import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keyRing, scopes } from '../../server/keys.ts';
import type { Store } from '../../server/store/index.ts';
import { API_KEY, json } from '../support/app.ts';
import { browserOf, formFields, HOST, signIn } from '../support/console.ts';
import { outboxApp } from '../support/outbox.ts';
import { assertPostgresAvailable } from '../support/postgres.ts';
import { storeDrivers } from '../support/store-drivers.ts';

/**
 * The console through HTTP, as a browser talks to it: signing in and its throttle, the session
 * and its timeout, CSRF and origin checks on every form, the open mode's Host rule, the actions
 * end to end through the API's own step (idempotency, who acted), what the process forbids,
 * scopes, and escaping. On PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
 */

const auth = { Authorization: `Bearer ${API_KEY}` };
const MINUTE = 60_000;

it('runs on PostgreSQL too when CI requires it', () => {
  assertPostgresAvailable();
});

/** A clock the tests move: sessions time out without waiting. */
function movableClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), pass: (ms: number) => (offset += ms) };
}

let number = 61_000_000;
const activationBody = (overrides: Record<string, unknown> = {}) => ({
  enrollment: {
    number: String(++number),
    organizationName: 'Contoso Ltd',
    onlineServicesManager: { name: 'Dana Whitfield', email: 'dana@contoso.example' },
    vlscAdministrator: { email: 'vlsc@contoso.example' },
  },
  scenario: 'new-customer',
  signUpUrl: 'https://activation.example.com/sign-up?token=1',
  ...overrides,
});

describe.each(storeDrivers)('on $name', ({ open }) => {
  let store: Store;
  let reset: () => Promise<void>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, reset, close } = await open());
  });
  afterAll(() => close?.());
  beforeEach(() => reset());

  const keyed = (env: Record<string, string> = {}) => {
    const clock = movableClock();
    const { app } = outboxApp(store, { API_KEYS: API_KEY, ...env }, { clock: clock.now });
    const create = async (overrides?: Record<string, unknown>) => {
      const res = await app.request('/v1/activations', json(activationBody(overrides), auth));
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string; enrollment: { number: string }; emails: { id: string }[] };
    };
    return { app, clock, create };
  };

  describe('signing in', () => {
    it('sends a visitor to sign in, takes a key once, and keeps only its name in the session', async () => {
      const { app } = keyed();
      const browser = browserOf(app);
      const away = await browser.get('/console/activations?q=6100');
      expect(away.status).toBe(303);
      expect(away.headers.get('location')).toBe('/console/sign-in?next=%2Fconsole%2Factivations%3Fq%3D6100');

      const signedIn = await signIn(browser, API_KEY);
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toBe('/console/activations');
      const [cookie] = signedIn.headers.getSetCookie();
      expect(cookie).toMatch(/^console-session=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
      const value = decodeURIComponent(browser.cookies.get('console-session') ?? '');
      const session = JSON.parse(Buffer.from(value.split('.')[0] ?? '', 'base64url').toString());
      expect(session.identity.name).toMatch(/^key-[0-9a-f]{8}$/);
      // Which key of that name signed in: a digest, so a key replaced under the name ends the session.
      expect(session.identity.keyDigest).toMatch(/^[0-9a-f]{16}$/);
      expect(JSON.stringify(session)).not.toContain(API_KEY);

      const page = await browser.get('/console/activations');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(`Signed in as <strong>${session.identity.name}</strong>`);
    });

    it('refuses a wrong key, and throttles wrong keys per address with the API’s limit', async () => {
      const { app } = keyed({ AUTH_FAILURES_BURST: '2', AUTH_FAILURES_PER_MINUTE: '1' });
      const browser = browserOf(app);
      const first = await signIn(browser, 'not-the-key');
      expect(first.status).toBe(401);
      expect(await first.text()).toContain('That is not a valid API key.');
      expect((await signIn(browser, 'still-not-it')).status).toBe(401);
      const throttled = await signIn(browser, API_KEY);
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(browser.cookies.get('console-session')).toBeDefined();
      expect((await browser.get('/console/activations')).status).toBe(303);
    });

    it('counts wrong keys at the API and at the sign-in together: one limiter for both doors', async () => {
      const { app } = keyed({ AUTH_FAILURES_BURST: '2', AUTH_FAILURES_PER_MINUTE: '1' });
      for (const key of ['wrong-1', 'wrong-2']) {
        const res = await app.request('/v1/emails', { headers: { host: HOST, Authorization: `Bearer ${key}` } });
        expect(res.status).toBe(401);
      }
      const throttled = await signIn(browserOf(app), API_KEY);
      expect(throttled.status).toBe(429);
    });

    it('marks the cookie Secure, under the __Host- prefix, off loopback', async () => {
      const { app } = keyed({ HOST: '0.0.0.0', MAIL_TRANSPORT: 'mailbox' });
      const page = await app.request('/console/sign-in', { headers: { host: HOST } });
      const [cookie] = page.headers.getSetCookie();
      expect(cookie).toMatch(/^__Host-console-session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    });

    it('signs out, and the old page’s forms no longer act', async () => {
      const { app, create } = keyed();
      const a = await create();
      const browser = browserOf(app);
      await signIn(browser, API_KEY);
      const confirm = await (await browser.get(`/console/activations/${a.id}/resend`)).text();
      const out = await browser.post('/console/sign-out', formFields(confirm, '/console/sign-out'));
      expect(out.headers.get('location')).toBe('/console/sign-in?message=signed-out');
      expect(browser.cookies.has('console-session')).toBe(false);
      const late = await browser.post(
        `/console/activations/${a.id}/resend`,
        formFields(confirm, `/console/activations/${a.id}/resend`),
      );
      expect(late.status).toBe(401);
      expect((await store.getActivation(a.id))?.emails).toHaveLength(a.emails.length);
    });
  });

  describe('every form', () => {
    it('is refused without its CSRF token, with a wrong one, with another session’s, or from another origin', async () => {
      const { app, create } = keyed();
      const a = await create();
      const browser = browserOf(app);
      await signIn(browser, API_KEY);
      const action = `/console/activations/${a.id}/resend`;
      const fields = formFields(await (await browser.get(action)).text(), action);

      const other = browserOf(app);
      await signIn(other, API_KEY);
      const othersToken = formFields(await (await other.get(action)).text(), action)._csrf ?? '';

      const { _csrf, ...withoutToken } = fields;
      for (const [why, form, extra] of [
        ['no token', withoutToken, {}],
        ['a wrong token', { ...fields, _csrf: `${_csrf?.slice(0, -2)}xx` }, {}],
        ['another session’s token', { ...fields, _csrf: othersToken }, {}],
        ['another origin', fields, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
        ['a cross-site fetch', fields, { 'sec-fetch-site': 'cross-site' }],
      ] as const) {
        const refused = await browser.post(action, form, extra);
        expect(refused.status, why).toBe(403);
        expect(await refused.text(), why).toContain('nothing was done');
      }
      const after = await store.getActivation(a.id);
      expect(after?.events.map((e) => e.type)).not.toContain('activation.resent');
    });
  });

  describe('the session', () => {
    it('ends after the idle timeout: pages send to sign-in, a form is refused and does nothing', async () => {
      const { app, clock, create } = keyed({ CONSOLE_IDLE_MINUTES: '30' });
      const a = await create();
      const browser = browserOf(app);
      await signIn(browser, API_KEY);
      const action = `/console/activations/${a.id}/cancel`;
      const fields = formFields(await (await browser.get(action)).text(), action);

      clock.pass(29 * MINUTE);
      expect((await browser.get('/console/activations')).status).toBe(200);
      // Used a minute ago: idle time starts again from there.
      clock.pass(31 * MINUTE);
      const expired = await browser.get(`/console/activations/${a.id}`);
      expect(expired.status).toBe(303);
      expect(expired.headers.get('location')).toBe(
        `/console/sign-in?next=${encodeURIComponent(`/console/activations/${a.id}`)}&message=expired`,
      );
      const refused = await browser.post(action, fields);
      expect(refused.status).toBe(401);
      expect(await refused.text()).toContain('Your session ended');
      expect((await store.getActivation(a.id))?.state).toBe('awaiting-choice');
    });

    it('ends after twelve hours however busy', async () => {
      const { app, clock } = keyed();
      const browser = browserOf(app);
      await signIn(browser, API_KEY);
      // A visit every 20 minutes: never idle long enough to time out.
      for (let visit = 0; visit < 35; visit++) {
        clock.pass(20 * MINUTE);
        expect((await browser.get('/console/activations')).status, `visit ${visit}`).toBe(200);
      }
      // 11 h 40 min so far; 20 minutes on, the session is past twelve hours.
      clock.pass(20 * MINUTE + MINUTE);
      expect((await browser.get('/console/activations')).status).toBe(303);
    });
  });

  describe('open on loopback without keys', () => {
    it('needs no sign-in, answers loopback Host values only, and still wants each form’s token', async () => {
      const { app } = outboxApp(store);
      const a = (await (await app.request('/v1/activations', json(activationBody()))).json()) as { id: string };
      const browser = browserOf(app);
      const page = await browser.get('/console/activations');
      expect(page.status).toBe(200);
      expect(await page.text()).not.toContain('Sign out');
      for (const host of ['localhost:3000', '[::1]:3000', '127.0.0.5']) {
        expect((await app.request('/console/activations', { headers: { host } })).status, host).toBe(200);
      }
      for (const host of ['evil.example', 'evil.example:3000', '127.0.0.1.evil.example']) {
        expect((await app.request('/console/activations', { headers: { host } })).status, host).toBe(403);
      }
      expect((await browser.post(`/console/activations/${a.id}/cancel`, { idempotencyKey: 'k' })).status).toBe(403);
      expect((await browser.get('/console/sign-in')).headers.get('location')).toBe('/console/activations');
    });
  });

  describe('actions', () => {
    it('resends through the API’s step: the email on the timeline with who did it, once however often posted', async () => {
      const { app, create } = keyed();
      const a = await create();
      const browser = browserOf(app);
      await signIn(browser, API_KEY);
      const action = `/console/activations/${a.id}/resend`;
      const confirm = await (await browser.get(action)).text();
      expect(confirm).toContain('An activation email</strong> goes to dana@contoso.example');
      const fields = formFields(confirm, action);

      const done = await browser.post(action, fields);
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe(`/console/activations/${a.id}?done=resend`);
      const again = await browser.post(action, fields);
      expect(again.headers.get('location')).toBe(`/console/activations/${a.id}?done=resend&replayed=1`);

      const after = await store.getActivation(a.id);
      expect(after?.emails.filter((e) => e.purpose === 'activation')).toHaveLength(2);
      const timeline = await store.activationTimeline(a.id);
      const resent = timeline.find((e) => e.type === 'activation.resent');
      expect(resent).toMatchObject({
        kind: 'step',
        keyName: expect.stringMatching(/^key-[0-9a-f]{8}$/),
      });
      const page = await (await browser.get(`/console/activations/${a.id}?done=resend`)).text();
      expect(page).toContain('The activation email is on its way again.');
      expect(page).toMatch(/Activation email sent again<\/strong>.*by key-[0-9a-f]{8}/);
    });

    it('corrects the contacts: the API’s rules check the form, the review says what moves, then it is saved', async () => {
      const { app, create } = keyed();
      const a = await create();
      const browser = browserOf(app);
      await signIn(browser, API_KEY);
      const formPath = `/console/activations/${a.id}/contacts`;
      const form = formFields(await (await browser.get(formPath)).text(), formPath);
      expect(form).toMatchObject({ 'osm-email': 'dana@contoso.example', 'vlsc-email': 'vlsc@contoso.example' });

      const unchanged = await browser.post(formPath, form);
      expect(await unchanged.text()).toContain('Nothing changed');
      const wrong = await browser.post(formPath, { ...form, 'osm-email': 'not an address' });
      expect(wrong.status).toBe(422);
      const wrongPage = await wrong.text();
      expect(wrongPage).toMatch(/id="osm-email"[^>]*aria-invalid="true"[^>]*aria-describedby="osm-email-error"/);
      expect(wrongPage).toContain('id="osm-email-error"');
      const nobody = await browser.post(formPath, { ...form, 'osm-email': '', 'vlsc-email': '' });
      expect(nobody.status).toBe(422);
      expect(await nobody.text()).toContain('Nobody would receive the emails.');

      const review = await browser.post(formPath, {
        ...form,
        'osm-name': 'Lee Chen',
        'osm-email': 'lee@contoso.example',
      });
      const reviewPage = await review.text();
      expect(reviewPage).toContain(
        'Online Services Manager: Dana Whitfield &lt;dana@contoso.example&gt; → Lee Chen &lt;lee@contoso.example&gt;',
      );
      expect(reviewPage).toContain('Its emails will go to <strong>lee@contoso.example</strong>');
      expect(reviewPage).toContain('Nothing is sent now.');
      expect((await store.getActivation(a.id))?.recipient.email).toBe('dana@contoso.example');

      const saved = await browser.post(`${formPath}/confirm`, formFields(reviewPage, `${formPath}/confirm`));
      expect(saved.headers.get('location')).toBe(`/console/activations/${a.id}?done=contacts`);
      const after = await store.getActivation(a.id);
      expect(after?.recipient).toEqual({ email: 'lee@contoso.example', role: 'online-services-manager' });
      expect(after?.enrollment.onlineServicesManager).toEqual({ name: 'Lee Chen', email: 'lee@contoso.example' });
      // The reminders still waiting moved to the new recipient; nothing was sent now.
      const waiting = after?.emails.filter((e) => e.status === 'scheduled') ?? [];
      expect(waiting.length).toBeGreaterThan(0);
      expect(waiting.every((e) => e.to[0] === 'lee@contoso.example')).toBe(true);
      expect(after?.emails.filter((e) => e.status === 'queued' && e.purpose === 'activation')).toHaveLength(1);
    });

    it('cancels once, then offers nothing; a choice made shows as final with nothing to resend', async () => {
      const { app, create } = keyed();
      const a = await create();
      const chosen = await create();
      const choice = { option: 'sign-up', onlineServicesId: 'admin@contoso.onmicrosoft.com' };
      expect((await app.request(`/v1/activations/${chosen.id}/choice`, json(choice, auth))).status).toBe(200);
      const browser = browserOf(app);
      await signIn(browser, API_KEY);

      const action = `/console/activations/${a.id}/cancel`;
      const confirm = await (await browser.get(action)).text();
      expect(confirm).toMatch(
        /These 3 emails, still waiting, will not go out: an activation email about to go out, a reminder due <time [^>]+>[^<]+<\/time>, a reminder due/,
      );
      expect(confirm).toContain('Canceling cannot be undone.');
      await browser.post(action, formFields(confirm, action));
      expect((await store.getActivation(a.id))?.state).toBe('canceled');
      const canceled = await (await browser.get(`/console/activations/${a.id}`)).text();
      expect(canceled).toContain('nothing more can happen to it');
      expect(canceled).not.toMatch(/href="\/console\/activations\/[^"]+\/(resend|cancel|contacts)"/);
      expect((await browser.get(action)).status).toBe(409);
      expect((await browser.get(`/console/activations/${a.id}/contacts`)).status).toBe(409);

      const final = await (await browser.get(`/console/activations/${chosen.id}`)).text();
      expect(final).toContain('Final: the choice is one-time and irreversible.');
      expect(final).not.toContain(`href="/console/activations/${chosen.id}/resend"`);
      expect(final).toContain(`href="/console/activations/${chosen.id}/contacts"`);
      const resend = await browser.get(`/console/activations/${chosen.id}/resend`);
      expect(resend.status).toBe(409);
      expect(await resend.text()).toContain('there is nothing to resend');
    });

    it('lets a key without the activations scope read, and nothing more', async () => {
      const { app, create } = keyed({ API_KEYS: `${API_KEY},support-desk:read:reader-key` });
      const a = await create();
      const browser = browserOf(app);
      expect((await signIn(browser, 'reader-key')).status).toBe(303);
      const page = await (await browser.get(`/console/activations/${a.id}`)).text();
      expect(page).toContain('Signed in as <strong>support-desk</strong>');
      expect(page).toContain('lacks the &quot;activations&quot; scope');
      expect(page).not.toContain(`href="/console/activations/${a.id}/resend"`);
      expect((await browser.get(`/console/activations/${a.id}/resend`)).status).toBe(403);
      const fields = formFields(page, '/console/sign-out');
      const refused = await browser.post(`/console/activations/${a.id}/resend`, { ...fields, idempotencyKey: 'k1' });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('does not have the &quot;activations&quot; scope');
      expect((await store.getActivation(a.id))?.emails.filter((e) => e.purpose === 'activation')).toHaveLength(1);
    });

    it('refuses a key that may not read, and ends a session whose key is gone or narrowed', async () => {
      const ring = keyRing([
        { name: 'crm', scopes: ['send', 'activations'], secret: 'crm-key' },
        { name: 'desk', scopes: ['read', 'activations'], secret: 'desk-key' },
      ]);
      const { app } = outboxApp(store, { API_KEYS: 'placeholder-key' }, { keys: ring });
      const browser = browserOf(app);
      const crm = await signIn(browser, 'crm-key');
      expect(crm.status).toBe(403);
      expect(await crm.text()).toContain('The key crm may not read');

      expect((await signIn(browser, 'desk-key')).status).toBe(303);
      expect((await browser.get('/console/activations')).status).toBe(200);
      // The keys file read again: the desk's key narrowed, then removed.
      ring.replace([{ name: 'desk', scopes: ['activations'], secret: 'desk-key' }]);
      expect((await browser.get('/console/activations')).status).toBe(403);
      ring.replace([{ name: 'crm', scopes: ['send'], secret: 'crm-key' }]);
      const gone = await browser.get('/console/activations');
      expect(gone.status).toBe(303);
      expect(gone.headers.get('location')).toBe('/console/sign-in?next=%2Fconsole%2Factivations&message=key-removed');
      const signInPage = await browser.get(gone.headers.get('location') ?? '');
      expect(signInPage.status).toBe(200);
      expect(await signInPage.text()).toContain('no longer configured');
    });

    it('ends a session whose key was replaced under the same name (a leaked key rotated), and keeps the others', async () => {
      const ops = (secret: string) => ({ name: 'ops', scopes: [...scopes], secret });
      const desk = { name: 'desk', scopes: ['read', 'activations'] as const, secret: 'desk-key' };
      const ring = keyRing([ops('ops-leaked-key'), desk]);
      const { app } = outboxApp(store, { API_KEYS: 'placeholder-key' }, { keys: ring });
      const created = await app.request(
        '/v1/activations',
        json(activationBody(), { Authorization: 'Bearer desk-key' }),
      );
      const a = (await created.json()) as { id: string };
      const attacker = browserOf(app);
      const colleague = browserOf(app);
      expect((await signIn(attacker, 'ops-leaked-key')).status).toBe(303);
      expect((await signIn(colleague, 'desk-key')).status).toBe(303);
      const action = `/console/activations/${a.id}/cancel`;
      const fields = formFields(await (await attacker.get(action)).text(), action);
      const stolen = new Map(attacker.cookies);

      // The keys file read again: the same name, a new key.
      ring.replace([ops('ops-new-key'), desk]);
      const out = await attacker.get('/console/activations');
      expect(out.status).toBe(303);
      expect(out.headers.get('location')).toBe('/console/sign-in?next=%2Fconsole%2Factivations&message=key-removed');
      const signInPage = await attacker.get(out.headers.get('location') ?? '');
      expect(signInPage.status).toBe(200);
      expect(await signInPage.text()).toContain('no longer configured');

      // The old cookie, kept and sent again, is worth nothing: no page, no action.
      const replay = () => {
        const browser = browserOf(app);
        for (const [name, value] of stolen) browser.cookies.set(name, value);
        return browser;
      };
      expect((await replay().get('/console/activations')).status).toBe(303);
      const refused = await replay().post(action, fields);
      expect(refused.status).toBe(401);
      expect(await refused.text()).toContain('no longer configured');
      expect((await store.getActivation(a.id))?.state).toBe('awaiting-choice');

      // A session whose key is unchanged goes on; the new key signs in under the same name.
      expect((await colleague.get('/console/activations')).status).toBe(200);
      const rotated = browserOf(app);
      expect((await signIn(rotated, 'ops-new-key')).status).toBe(303);
      expect(await (await rotated.get('/console/activations')).text()).toContain('Signed in as <strong>ops</strong>');
    });
  });
});
