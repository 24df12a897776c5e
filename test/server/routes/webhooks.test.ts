import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { EMAIL_ID_TAG } from '../../../server/delivery/resend-transport.ts';
import { type Listener, listen } from '../../../server/listen.ts';
import { WEBHOOK_BODY_LIMIT, WEBHOOK_FAILURES } from '../../../server/routes/webhooks.ts';
import type { Store } from '../../../server/store/index.ts';
import { json, newCustomer, PROBLEM_JSON } from '../../support/app.ts';
import { openTestStore, outboxApp } from '../../support/outbox.ts';
import { readUntilClosed } from '../../support/raw-socket.ts';
import { signedWebhook } from '../../support/signed-webhook.ts';

/** Resend's signed events (server/routes/webhooks.ts), through the app with a real outbox on PGlite. */

let store: Store;
let reset: () => Promise<void>;
beforeAll(async () => {
  ({ store, reset } = await openTestStore());
});
afterAll(() => store?.close());
beforeEach(() => reset());

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const signed = (event: unknown, { secret = SECRET, ...message }: { id?: string; at?: Date; secret?: string } = {}) =>
  signedWebhook(event, secret, message);

/** An email accepted, claimed and sent as the worker would, with `providerId` from the provider. */
async function sentEmail(app: ReturnType<typeof outboxApp>['app'], providerId: string) {
  const { id } = await (
    await app.request('/v1/emails', json({ template: 'activation', data: newCustomer, to: 'a@c.com' }))
  ).json();
  await store.claimDue('w', 1, 60_000);
  await store.markSent(id, 'w', providerId);
  return id as string;
}

const resendEvent = (type: string, providerId: string, extra: Record<string, unknown> = {}) => ({
  type,
  created_at: '2026-11-24T10:00:00.000Z',
  data: {
    email_id: providerId,
    created_at: '2026-11-24T09:59:00.000Z',
    from: 'x@y.com',
    to: ['a@c.com'],
    subject: 's',
    ...extra,
  },
});

describe('POST /webhooks/resend', () => {
  const app = () => outboxApp(store, { RESEND_WEBHOOK_SECRET: SECRET }).app;

  it('records a verified event once and moves the email’s status', async () => {
    const a = app();
    const id = await sentEmail(a, 're_1');
    const delivered = signed(resendEvent('email.delivered', 're_1'), { id: 'msg_delivered' });
    const first = await a.request('/webhooks/resend', delivered);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ status: 'recorded' });
    const again = await a.request(
      '/webhooks/resend',
      signed(resendEvent('email.delivered', 're_1'), { id: 'msg_delivered' }),
    );
    expect(await again.json()).toEqual({ status: 'duplicate' });

    const email = await (await a.request(`/v1/emails/${id}`)).json();
    expect(email.status).toBe('delivered');
    expect(email.events.filter((e: { type: string }) => e.type === 'delivered')).toEqual([
      { type: 'delivered', at: '2026-11-24T10:00:00.000Z' },
    ]);
  });

  it.each([
    [
      'email.bounced',
      'bounced',
      { bounce: { type: 'Permanent', subType: 'General', message: 'Mailbox does not exist' } },
      'Permanent/General: Mailbox does not exist',
    ],
    ['email.complained', 'complained', {}, undefined],
    ['email.delivery_delayed', 'delivery_delayed', {}, undefined],
    ['email.opened', 'delivered', {}, undefined],
    ['email.clicked', 'delivered', { click: { link: 'https://x.example.com/?t=secret' } }, undefined],
  ])('%s moves the email to %s', async (type, status, extra, detail) => {
    const a = app();
    const id = await sentEmail(a, 're_2');
    expect((await a.request('/webhooks/resend', signed(resendEvent(type, 're_2', extra)))).status).toBe(200);
    const email = await (await a.request(`/v1/emails/${id}`)).json();
    expect(email.status).toBe(status);
    expect(email.events.at(-1)).toEqual({
      type: type.slice('email.'.length),
      at: expect.any(String),
      ...(detail ? { detail } : {}),
    });
  });

  it.each([['0000-01-01T00:00:00Z'], ['+275760-09-13T00:00:00.000Z'], ['not a time']])(
    'records a signed event whose created_at (%s) the store cannot hold at the time it arrives, never a 500',
    async (createdAt) => {
      const a = app();
      const id = await sentEmail(a, 're_range');
      const event = { ...resendEvent('email.delivered', 're_range'), created_at: createdAt };
      const res = await a.request('/webhooks/resend', signed(event));
      expect(res.status).toBe(200);
      const email = await (await a.request(`/v1/emails/${id}`)).json();
      expect(email.status).toBe('delivered');
      expect(Math.abs(Date.parse(email.events.at(-1).at) - Date.now())).toBeLessThan(60_000);
    },
  );

  it('settles an email whose outcome is unknown, found by the id tag it carried', async () => {
    const a = app();
    const { id } = await (
      await a.request('/v1/emails', json({ template: 'activation', data: newCustomer, to: 'a@c.com' }))
    ).json();
    await store.claimDue('w', 1, 60_000);
    await store.markOutcomeUnknown(id, 'w', 'no answer from Resend in time');
    const unknown = await (await a.request(`/v1/emails/${id}`)).json();
    expect(unknown).toMatchObject({ status: 'outcome_unknown', lastError: 'no answer from Resend in time' });
    expect((await (await a.request('/v1/emails?status=outcome_unknown')).json()).data).toMatchObject([{ id }]);

    const event = resendEvent('email.bounced', 're_never_known', {
      tags: { [EMAIL_ID_TAG]: id },
      bounce: { type: 'Permanent', subType: 'General', message: 'Mailbox does not exist' },
    });
    expect(await (await a.request('/webhooks/resend', signed(event))).json()).toEqual({ status: 'recorded' });
    expect(await (await a.request(`/v1/emails/${id}`)).json()).toMatchObject({ status: 'bounced' });
  });

  it('finds the email by the id tag before the send call has returned', async () => {
    const a = app();
    const { id } = await (
      await a.request('/v1/emails', json({ template: 'activation', data: newCustomer, to: 'a@c.com' }))
    ).json();
    await store.claimDue('w', 1, 60_000);
    const event = resendEvent('email.delivered', 're_unknown_yet', { tags: { [EMAIL_ID_TAG]: id } });
    expect(await (await a.request('/webhooks/resend', signed(event))).json()).toEqual({ status: 'recorded' });
    expect((await store.getEmail(id))?.status).toBe('delivered');
  });

  it.each([
    ['no signature', (r: ReturnType<typeof signed>) => ({ ...r, headers: { 'Content-Type': 'application/json' } })],
    [
      'another secret’s signature',
      () => signed(resendEvent('email.bounced', 're_3'), { secret: `whsec_${randomBytes(24).toString('base64')}` }),
    ],
    [
      'a stale timestamp',
      () => signed(resendEvent('email.bounced', 're_3'), { at: new Date(Date.now() - 6 * 60_000) }),
    ],
    [
      'a body changed after signing',
      (r: ReturnType<typeof signed>) => ({ ...r, body: r.body.replace('bounced', 'delivered') }),
    ],
  ])('answers 401 to %s and changes nothing', async (_label, tamper) => {
    const a = app();
    const id = await sentEmail(a, 're_3');
    const res = await a.request('/webhooks/resend', tamper(signed(resendEvent('email.bounced', 're_3'))));
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
    const email = await store.getEmail(id);
    expect(email?.status).toBe('sent');
    expect(email?.events.map((e) => e.type)).toEqual(['queued', 'sending', 'sent']);
  });

  it('acknowledges events it has no use for', async () => {
    const a = app();
    for (const event of [resendEvent('contact.created', 'x'), resendEvent('email.delivered', 're_not_ours')]) {
      const res = await a.request('/webhooks/resend', signed(event));
      expect(await res.json()).toEqual({ status: 'ignored' });
    }
    const notAnEvent = await a.request('/webhooks/resend', signed({ hello: 'world' }));
    expect(notAnEvent.status).toBe(422);
  });

  it('is not served without RESEND_WEBHOOK_SECRET', async () => {
    const { app: bare } = outboxApp(store);
    expect((await bare.request('/webhooks/resend', signed(resendEvent('email.delivered', 'x')))).status).toBe(404);
  });
});

/** An event padded (with a field the service ignores) to exactly `bytes` bytes of JSON. */
function eventOfSize(bytes: number, providerId: string) {
  const event = resendEvent('email.delivered', providerId, { padding: '' });
  const padding = 'x'.repeat(bytes - JSON.stringify(event).length);
  return { ...event, data: { ...event.data, padding } };
}

/** The Svix headers of a request, with its timestamp `offsetS` seconds from now (never a fixed date). */
const svixHeaders = (offsetS = 0) => ({
  'svix-id': `msg_${randomBytes(8).toString('hex')}`,
  'svix-timestamp': String(Math.floor(Date.now() / 1000) + offsetS),
  'svix-signature': `v1,${randomBytes(32).toString('base64')}`,
});

describe('POST /webhooks/resend, before the body is read', () => {
  const app = () => outboxApp(store, { RESEND_WEBHOOK_SECRET: SECRET }).app;
  const stale = () => new Date(Date.now() - 10 * 60_000);

  it.each([
    ['no signature headers', () => ({})],
    ['no svix-signature', () => ({ ...svixHeaders(), 'svix-signature': undefined })],
    ['no svix-id', () => ({ ...svixHeaders(), 'svix-id': undefined })],
    ['a timestamp 10 minutes old', () => svixHeaders(-600)],
    ['a timestamp 10 minutes ahead', () => svixHeaders(600)],
    ['a timestamp that is not Unix seconds', () => ({ ...svixHeaders(), 'svix-timestamp': new Date().toISOString() })],
  ])('refuses %s with 401 and Connection: close', async (_label, headers) => {
    const a = app();
    const given = Object.fromEntries(Object.entries(headers()).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
    const res = await a.request('/webhooks/resend', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...given },
      body: JSON.stringify(resendEvent('email.delivered', 're_x')),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
    expect(res.headers.get('www-authenticate')).toBe('Svix realm="resend-webhooks"');
    expect(res.headers.get('connection')).toBe('close');
  });

  it('refuses a correctly signed event with a stale timestamp and a large body the same way', async () => {
    const a = app();
    const id = await sentEmail(a, 're_stale');
    const request = signed(eventOfSize(200_000, 're_stale'), { at: stale() });
    const res = await a.request('/webhooks/resend', request);
    expect(res.status).toBe(401);
    expect(res.headers.get('connection')).toBe('close');
    expect((await store.getEmail(id))?.status).toBe('sent');
  });
});

describe('POST /webhooks/resend, a body over 64 KiB', () => {
  const app = () => outboxApp(store, { RESEND_WEBHOOK_SECRET: SECRET }).app;

  it('is refused 413 with Connection: close, though correctly signed; 64 KiB exactly is read', async () => {
    expect(WEBHOOK_BODY_LIMIT).toBe(64 * 1024);
    const a = app();
    const id = await sentEmail(a, 're_big');
    const over = await a.request('/webhooks/resend', signed(eventOfSize(WEBHOOK_BODY_LIMIT + 1, 're_big')));
    expect(over.status).toBe(413);
    expect(over.headers.get('content-type')).toBe(PROBLEM_JSON);
    expect(over.headers.get('connection')).toBe('close');
    expect((await over.json()).type).toBe('urn:activation-mail:problem:payload-too-large');
    expect((await store.getEmail(id))?.status).toBe('sent');

    const exact = await a.request('/webhooks/resend', signed(eventOfSize(WEBHOOK_BODY_LIMIT, 're_big')));
    expect(exact.status).toBe(200);
    expect(await exact.json()).toEqual({ status: 'recorded' });
    expect((await store.getEmail(id))?.status).toBe('delivered');
  });
});

describe('POST /webhooks/resend over real HTTP', () => {
  let server: Listener | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  /** The deadline for a body is far longer than any answer awaited here: an answer that waited for the body would miss. */
  async function serve() {
    const made = outboxApp(store, { RESEND_WEBHOOK_SECRET: SECRET, REQUEST_TIMEOUT_MS: '10000' });
    const listening = await listen(made.app, { host: '127.0.0.1', port: 0, requestTimeoutMs: 10_000 });
    server = listening.server;
    return { ...made, port: listening.address.port, url: `http://127.0.0.1:${listening.address.port}` };
  }

  /** Sends the headers, announcing `length` bytes of body, and only the body's first few bytes. */
  async function partialRequest(port: number, headers: Record<string, string>, length: number) {
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.write(
      `POST /webhooks/resend HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${lines.join('')}Content-Length: ${length}\r\n\r\n{"type":`,
    );
    return socket;
  }

  it.each([
    ['a stale timestamp', () => svixHeaders(-600), 200_000, 401],
    ['no signature headers', () => ({}), 200_000, 401],
    ['fresh signature headers and a body announced over 64 KiB', () => svixHeaders(), WEBHOOK_BODY_LIMIT + 1, 413],
  ])(
    'answers %s at once, without waiting for the body, and closes the connection',
    async (_label, headers, length, status) => {
      const { port } = await serve();
      const started = Date.now();
      const socket = await partialRequest(port, headers(), length);
      const { data, closed } = await readUntilClosed(socket, 5000);
      socket.destroy();
      expect(data).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(data).toMatch(/\r\nconnection: close\r\n/i);
      expect(closed).toBe(true);
      expect(Date.now() - started).toBeLessThan(2000);
    },
  );

  it('waits for the body of a request whose headers pass (so the answers above did not)', async () => {
    const { port } = await serve();
    const socket = await partialRequest(port, svixHeaders(), 1000);
    const { data, closed } = await readUntilClosed(socket, 500);
    socket.destroy();
    expect({ data, closed }).toEqual({ data: '', closed: false });
  });

  it('refuses a signed body over 64 KiB, announced or chunked, with 413 and Connection: close; the next event is recorded', async () => {
    const { url } = await serve();
    const a = outboxApp(store).app;
    const id = await sentEmail(a, 're_http');
    const big = signed(eventOfSize(WEBHOOK_BODY_LIMIT + 1, 're_http'));
    const announced = await fetch(`${url}/webhooks/resend`, big);
    const chunked = await fetch(`${url}/webhooks/resend`, {
      ...big,
      body: new Blob([big.body]).stream(),
      duplex: 'half',
    } as RequestInit);
    for (const res of [announced, chunked]) {
      expect(res.status).toBe(413);
      expect(res.headers.get('connection')).toBe('close');
      expect((await res.json()).type).toBe('urn:activation-mail:problem:payload-too-large');
    }
    expect((await store.getEmail(id))?.status).toBe('sent');

    const ok = await fetch(`${url}/webhooks/resend`, signed(resendEvent('email.delivered', 're_http')));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'recorded' });
    expect((await store.getEmail(id))?.status).toBe('delivered');
  });

  /** A request sent from `from` (any 127.x address reaches the loopback listener): its status, headers and body. */
  function post(port: number, from: string, request: { headers: Record<string, string>; body: string }) {
    return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          localAddress: from,
          method: 'POST',
          path: '/webhooks/resend',
          headers: request.headers,
          agent: false,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end(request.body);
    });
  }

  const forged = (providerId: string) => {
    const { headers, body } = signed(resendEvent('email.delivered', providerId));
    return { headers: { ...headers, 'svix-signature': `v1,${randomBytes(32).toString('base64')}` }, body };
  };

  it('refuses an address 429, unread and closed, once its wrong signatures spend the allowance; signed events spend none, and other addresses pass', async () => {
    // The allowance refills with the wall clock (one every 6 s): held still, however slow the machine.
    vi.useFakeTimers({ toFake: ['Date'] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const { app, port } = await serve();
    const id = await sentEmail(app, 're_forged');

    // All but one of the allowance spent; then signed events (were they to spend, the second would be refused).
    for (let i = 1; i < WEBHOOK_FAILURES.burst; i++)
      expect((await post(port, '127.0.0.1', forged('re_forged'))).status).toBe(401);
    for (let i = 0; i < 3; i++) {
      const ok = await post(port, '127.0.0.1', signed(resendEvent('email.delivery_delayed', 're_forged')));
      expect(ok.status).toBe(200);
    }
    const last = await post(port, '127.0.0.1', forged('re_forged'));
    expect(last.status).toBe(401);

    // None left: refused at the headers, the body never read (only its first bytes were sent).
    const started = Date.now();
    const socket = await partialRequest(port, svixHeaders(), 1000);
    const { data, closed } = await readUntilClosed(socket, 5000);
    socket.destroy();
    expect(data).toMatch(/^HTTP\/1\.1 429 /);
    expect(data).toMatch(/\r\nconnection: close\r\n/i);
    expect(data).toMatch(/\r\nretry-after: 6\r\n/i);
    expect(data).toMatch(/\r\nratelimit-policy: "webhook-failures";q=20;w=120\r\n/i);
    expect(data).toContain('urn:activation-mail:problem:rate-limited');
    expect(closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);

    // Even a correctly signed event from that address waits; from another address it is recorded.
    const refused = await post(port, '127.0.0.1', signed(resendEvent('email.delivered', 're_forged')));
    expect(refused.status).toBe(429);
    expect(refused.headers.connection).toBe('close');
    expect((await store.getEmail(id))?.status).toBe('delivery_delayed');
    const other = await post(port, '127.0.0.2', signed(resendEvent('email.delivered', 're_forged')));
    expect(other.status).toBe(200);
    expect(JSON.parse(other.body)).toEqual({ status: 'recorded' });
    expect((await store.getEmail(id))?.status).toBe('delivered');

    // Retry-After later, the address has one more try.
    vi.setSystemTime(Date.now() + 6_000);
    expect((await post(port, '127.0.0.1', forged('re_forged'))).status).toBe(401);
    expect((await post(port, '127.0.0.1', forged('re_forged'))).status).toBe(429);
  });
});
