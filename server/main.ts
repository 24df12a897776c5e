import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMetrics } from './metrics.ts';

/**
 * `npm start`: read the configuration, build the app, listen on HOST:PORT, and on SIGTERM or
 * SIGINT stop accepting, let requests in flight finish, and exit 0.
 */

/** How long requests in flight may take to finish once shutdown begins. */
const DRAIN_TIMEOUT_MS = 10_000;

export interface RunningServer {
  /** Where it listens, with the actual port when PORT=0. */
  url: string;
  logger: Logger;
  /** Stops accepting, waits for requests in flight (at most DRAIN_TIMEOUT_MS), then resolves. */
  close(): Promise<void>;
}

const urlOf = ({ address, family, port }: AddressInfo) =>
  `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;

export async function start(
  config: Config,
  logger: Logger = createLogger({ level: config.logLevel }),
): Promise<RunningServer> {
  if (config.apiKeys.length === 0) {
    logger.warn(
      `!!! API_KEYS is not set: the API is OPEN to anyone who can reach ${config.host}. ` +
        'That is allowed only on a loopback address; set API_KEYS before exposing this server.',
    );
  }
  const app = createApp({ config, logger, metrics: createMetrics() });

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port });
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
  const url = urlOf(address);
  logger.info({ url, transport: config.transport }, `listening on ${url}`);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve, reject) => {
      const force = setTimeout(() => {
        logger.warn('requests still in flight after the drain timeout: closing their connections');
        if ('closeAllConnections' in server) server.closeAllConnections();
      }, DRAIN_TIMEOUT_MS);
      force.unref();
      server.close((err) => {
        clearTimeout(force);
        if (err) reject(err);
        else resolve();
      });
      // Idle keep-alive connections would otherwise hold the close open.
      if ('closeIdleConnections' in server) server.closeIdleConnections();
    });
    return closing;
  };
  return { url, logger, close };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const server = await start(config);
  const shutdown = async (signal: NodeJS.Signals) => {
    server.logger.info({ signal }, 'shutting down');
    try {
      await server.close();
      server.logger.info('stopped');
      process.exit(0);
    } catch (err) {
      server.logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (import.meta.main) {
  await main().catch((err: unknown) => {
    console.error('could not start:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
