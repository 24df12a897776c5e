import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { App } from './http.ts';

/**
 * The HTTP listener around the app, with Node's timeouts brought down from minutes to seconds:
 * a request whose headers and body have not all arrived after `requestTimeoutMs` is answered
 * 408 and its connection closed, so slow senders (authenticated or not) cannot hold
 * connections. Node checks the deadlines every `connectionsCheckingInterval`, 30 s by default:
 * checked every second here, so a deadline is kept to about a second.
 */

export interface ListenOptions {
  host: string;
  port: number;
  requestTimeoutMs: number;
}

export type Listener = ReturnType<typeof serve>;

export async function listen(
  app: Pick<App, 'fetch'>,
  { host, port, requestTimeoutMs }: ListenOptions,
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
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
  return { server, address };
}
