import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Listener, type ListenOptions, listen } from '../../server/listen.ts';
import { API_KEY, newCustomer, testApp } from '../support/app.ts';
import { readUntilClosed } from '../support/raw-socket.ts';
import { until } from '../support/until.ts';

/** The connection-level edges, over real HTTP: what a client's next request and the server's sockets see. */

let server: Listener | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function serveApp(
  env: Record<string, string> = {},
  caps: Pick<ListenOptions, 'connections' | 'logger' | 'afterFlood'> = {},
) {
  const made = testApp({ API_KEYS: API_KEY, BODY_LIMIT: '2048', REQUEST_TIMEOUT_MS: '1000', ...env });
  const listening = await listen(made.app, { host: '127.0.0.1', port: 0, requestTimeoutMs: 1000, ...caps });
  server = listening.server;
  return { ...made, url: `http://127.0.0.1:${listening.address.port}`, port: listening.address.port };
}

const render = (url: string, body: string) =>
  fetch(`${url}/v1/templates/activation/render`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${API_KEY}` },
    body,
  });

describe('a body over BODY_LIMIT', () => {
  it('is answered 413 with Connection: close, and the client’s next request succeeds', async () => {
    const { url } = await serveApp();
    // Node's fetch keeps connections alive: the next request reuses this one unless told it is closed.
    for (let i = 0; i < 3; i++) {
      const big = await render(url, JSON.stringify({ data: { ...newCustomer, organizationName: 'x'.repeat(10_000) } }));
      expect(big.status).toBe(413);
      expect(big.headers.get('connection')).toBe('close');
      await big.text();
      const ok = await render(url, JSON.stringify({ data: newCustomer }));
      expect(ok.status).toBe(200);
    }
  });

  it('is answered 413 when it is chunked (no length announced), and a chunked body within the limit is read', async () => {
    const { url } = await serveApp();
    const chunked = (body: string) =>
      fetch(`${url}/v1/templates/activation/render`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${API_KEY}` },
        body: new Blob([body]).stream(),
        duplex: 'half',
      } as RequestInit);
    const big = await chunked(JSON.stringify({ data: { ...newCustomer, organizationName: 'x'.repeat(10_000) } }));
    expect(big.status).toBe(413);
    await big.text();
    const ok = await chunked(JSON.stringify({ data: newCustomer }));
    expect(ok.status).toBe(200);
    expect((await ok.json()).subject).toContain(newCustomer.organizationName);
  });
});

describe('a slow body', () => {
  it('is cut off after REQUEST_TIMEOUT_MS, not minutes', async () => {
    const { port } = await serveApp();
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const started = Date.now();
    // The listener's deadline holds for every route, the open webhook route included.
    socket.write(
      `POST /v1/templates/activation/render HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${API_KEY}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":`,
    );
    const { data, closed } = await readUntilClosed(socket, 8000);
    expect(closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(data).toMatch(/^HTTP\/1\.1 408/);
    socket.destroy();
  });
});

describe('a client that aborts its upload', () => {
  it.each([
    ['with a Content-Length', 'Content-Length: 1000\r\n\r\n{"data":'],
    ['chunked', 'Transfer-Encoding: chunked\r\n\r\n8\r\n{"data":\r\n'],
  ])('%s, is not counted or logged as a server error', async (_label, rest) => {
    const { port, url, log } = await serveApp();
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /v1/templates/activation/render HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${API_KEY}\r\nContent-Type: application/json\r\n${rest}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).not.toMatch(/status="5\d\d"/);
    const lines = log.lines.filter((line) => line.level === 50);
    expect(lines).toEqual([]);
  });
});

describe('connection caps', () => {
  /** Opens `n` idle connections and waits until the server has each (or closed it). */
  async function idle(port: number, n: number): Promise<Socket[]> {
    const sockets = Array.from({ length: n }, () => connect(port, '127.0.0.1'));
    await Promise.all(sockets.map((s) => new Promise((resolve) => s.once('connect', resolve))));
    return sockets;
  }
  const healthz = (port: number) => fetch(`http://127.0.0.1:${port}/healthz`, { headers: { Connection: 'close' } });

  it.each([
    ['from one address', { max: 0, perAddress: 3 }, /MAX_CONNECTIONS_PER_ADDRESS/],
    ['in all', { max: 3, perAddress: 0 }, /MAX_CONNECTIONS\)/],
  ])(
    '%s: one past the cap is closed before a byte is read, and a warning says so once',
    async (_, connections, named) => {
      const warnings: string[] = [];
      const { port } = await serveApp({}, { connections, logger: { warn: (m: string) => warnings.push(m) } as never });
      const held = await idle(port, 3);
      const [extra] = await idle(port, 1);
      if (!extra) throw new Error('no socket');
      extra.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      const refused = await readUntilClosed(extra, 3000);
      expect(refused).toEqual({ data: '', closed: true });
      const [another] = await idle(port, 1);
      if (another) expect(await readUntilClosed(another, 3000)).toEqual({ data: '', closed: true });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(named);
      expect(warnings[0]).not.toContain('127.0.0.1');
      // Once the held connections end, new ones are served again.
      for (const s of held) s.destroy();
      await until(async () => (await healthz(port).catch(() => undefined))?.status === 200, 5000, 'a served request');
    },
  );

  it('once a flood they stopped is over, ask once for the memory back', async () => {
    const release = vi.fn();
    const info = vi.fn();
    const { port } = await serveApp(
      {},
      {
        connections: { max: 0, perAddress: 3 },
        logger: { warn: () => undefined, info } as never,
        afterFlood: { calmMs: 300, release },
      },
    );
    const refusedAt = Date.now();
    const sockets = await idle(port, 6);
    await until(() => release.mock.calls.length > 0, 5000, 'a release');
    expect(Date.now() - refusedAt).toBeGreaterThanOrEqual(300);
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(release).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0]?.[1]).toMatch(/flood is over/);
  });

  it('are on by default, with room for a proxy’s pool', () => {
    const { config } = testApp({ API_KEYS: API_KEY });
    expect(config.connections).toEqual({ max: 4096, perAddress: 256 });
  });
});
