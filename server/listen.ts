import type { AddressInfo, Socket } from 'node:net';
import { serve } from '@hono/node-server';
import { addressKey } from './client-address.ts';
import { type FloodWatch, lastResortGc, watchFloods } from './flood-memory.ts';
import type { App } from './http.ts';
import type { Logger } from './logger.ts';

/**
 * The HTTP listener around the app, with Node's timeouts brought down from minutes to seconds:
 * a request whose headers and body have not all arrived after `requestTimeoutMs` is answered
 * 408 and its connection closed, so slow senders (authenticated or not) cannot hold
 * connections. Node checks the deadlines every `connectionsCheckingInterval`, 30 s by default:
 * checked every second here, so a deadline is kept to about a second.
 *
 * Connections are capped, in all (`maxConnections`, which Node enforces by closing the new
 * socket) and per client address, so a flood of idle or half-open connections cannot take
 * every file descriptor and the memory that goes with them: a connection past a cap is closed
 * at once, before a byte is read, and a warning says so at most once a minute per cap.
 *
 * Once a flood is over, the memory it took is handed back (flood-memory.ts): a flood is a cap
 * reached, or a quarter of MAX_CONNECTIONS open at once (1,024 without that cap).
 */

export interface ListenOptions {
  host: string;
  port: number;
  requestTimeoutMs: number;
  /** Open connections kept, in all and from one address; 0 (or absent): no cap. */
  connections?: { max: number; perAddress: number };
  logger?: Pick<Logger, 'warn' | 'info'>;
  /** After a flood (flood-memory.ts): how long a calm ends it, 10 s, and what hands its memory back, V8's last-resort GC. */
  afterFlood?: { calmMs?: number; release?: () => void };
}

export type Listener = ReturnType<typeof serve>;

const CAP_WARNING_INTERVAL_MS = 60_000;
const FLOOD_CALM_MS = 10_000;
const FLOOD_AT_WITHOUT_CAP = 1024;

export async function listen(
  app: Pick<App, 'fetch'>,
  { host, port, requestTimeoutMs, connections, logger, afterFlood }: ListenOptions,
): Promise<{ server: Listener; address: AddressInfo }> {
  const server = serve({
    fetch: app.fetch,
    hostname: host,
    port,
    serverOptions: {
      requestTimeout: requestTimeoutMs,
      headersTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, requestTimeoutMs),
    },
  });
  const floods = watchFloods({
    floodAt: connections?.max ? Math.ceil(connections.max / 4) : FLOOD_AT_WITHOUT_CAP,
    calmMs: afterFlood?.calmMs ?? FLOOD_CALM_MS,
    release: afterFlood?.release ?? lastResortGc(),
    logger,
  });
  server.on('connection', (socket: Socket) => {
    floods.opened();
    socket.once('close', floods.closed);
  });
  server.once('close', floods.stop);
  if (connections) capConnections(server, connections, logger, floods);
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
  return { server, address };
}

function capConnections(
  server: Listener,
  { max, perAddress }: { max: number; perAddress: number },
  logger: Pick<Logger, 'warn'> | undefined,
  floods: Pick<FloodWatch, 'refused'>,
): void {
  const warnedAt = { all: Number.NEGATIVE_INFINITY, address: Number.NEGATIVE_INFINITY };
  const warn = (cap: keyof typeof warnedAt, message: string) => {
    const now = Date.now();
    if (now - warnedAt[cap] < CAP_WARNING_INTERVAL_MS) return;
    warnedAt[cap] = now;
    logger?.warn(message);
  };
  if (max > 0) {
    server.maxConnections = max;
    server.on('drop', () => {
      floods.refused();
      warn('all', `${max} connections are open (MAX_CONNECTIONS): new ones are closed until some end`);
    });
  }
  if (perAddress <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = addressKey(socket.remoteAddress);
    const count = (open.get(address) ?? 0) + 1;
    if (count > perAddress) {
      floods.refused();
      warn(
        'address',
        `an address has ${perAddress} connections open (MAX_CONNECTIONS_PER_ADDRESS): its new ones are closed until some end`,
      );
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
