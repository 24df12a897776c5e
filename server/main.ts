import { type Config, ConfigError, isLoopbackHost, loadConfig } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import type { RunningServer } from './serve.ts';

export type { RunningServer };

/**
 * `npm start`: read the configuration, open the store (migrating it), start the delivery
 * worker, listen on HOST:PORT, and on SIGTERM or SIGINT stop accepting, let requests in flight
 * finish, stop claiming emails and finish or hand back the sends in flight, close the store,
 * and exit 0.
 *
 * Only the configuration and the logger are imported up front. The store's thread is started
 * first, then the rest of the server (routes, templates, React, delivery) is imported while that
 * thread opens PGlite: on 2 cores the two overlap instead of following each other.
 */

export async function start(
  config: Config,
  logger: Logger = createLogger({ level: config.logLevel }),
): Promise<RunningServer> {
  if (config.apiKeys.length === 0 && !config.apiKeysFile) {
    logger.warn(
      `!!! API_KEYS is not set: the API is OPEN to anyone who can reach ${config.host}. ` +
        'That is allowed only on a loopback address; set API_KEYS before exposing this server.',
    );
  }
  if (config.transport === 'mailbox' && !isLoopbackHost(config.host)) {
    logger.warn(
      `!!! MAIL_TRANSPORT=mailbox on ${config.host}: no email leaves this machine; each is kept in the store, ` +
        'status "captured", and shown at /mailbox.',
    );
  }
  // Traces on: the SDK first, so that every span the server starts has somewhere to go. Off, it
  // is never loaded (its own chunk of the bundle), and the spans are the API's no-ops.
  const tracing = config.tracing ? (await import('./tracing/sdk.ts')).startTracing(config.tracing, logger) : undefined;
  try {
    const server = await openAndServe(config, logger);
    if (!tracing) return server;
    // Last, once the worker and events out have stopped: their final spans go out too.
    return {
      ...server,
      close: async () => {
        try {
          await server.close();
        } finally {
          await tracing.shutdown().catch((err: unknown) => logger.warn({ err }, 'could not export the last spans'));
        }
      },
    };
  } catch (err) {
    if (tracing) await tracing.shutdown().catch(() => undefined);
    throw err;
  }
}

async function openAndServe(config: Config, logger: Logger): Promise<RunningServer> {
  const { openStore } = await import('./store/open.ts');
  const opening = openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    eventsOut: config.eventsWebhook !== undefined,
    onConnectionError: (err) => logger.warn({ err }, 'a PostgreSQL connection failed; the pool replaces it'),
    // Serving on without a store would only answer 500s and 503s: exit, so that a supervisor
    // restarts the server, which hands the sends that were in flight back to the queue.
    onLost: (err) => {
      logger.fatal({ err }, 'the store stopped answering: exiting');
      process.exit(1);
    },
  });
  // Not awaited before the store is: a failure to open it is the one to report.
  const serving = import('./serve.ts');
  serving.catch(() => undefined);
  const store = await opening;
  try {
    const { serveWith } = await serving;
    return await serveWith(config, logger, store);
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
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
  const shutdown = async (server: RunningServer, signal: NodeJS.Signals) => {
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
  // The first SIGTERM or SIGINT stops the server as any stop does: draining, closing the store.
  // One during start-up (the seed's copy, migrations) waits for the server to be up. Later ones
  // change nothing: a terminal's Ctrl-C or a kill of the process group reaches npm and node both,
  // and npm passes its copy on, so node gets the signal twice.
  let server: RunningServer | undefined;
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = signal;
    if (server) void shutdown(server, signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // With API_KEYS_FILE, SIGHUP reads it again (keys rotate without a restart), as nginx reloads;
  // without, SIGHUP keeps its default (a closed terminal stops the server).
  if (config.apiKeysFile) process.on('SIGHUP', () => server?.reloadKeys());
  server = await start(config);
  if (signalled) await shutdown(server, signalled);
}

// Node before 24 (and 22.18) has no import.meta.main: the server would exit 0 having done nothing.
if (Number(process.versions.node.split('.')[0]) < 24) {
  console.error(`could not start: activation-mail needs Node 24 or later; this is Node ${process.versions.node}`);
  process.exit(1);
}

if (import.meta.main) {
  await main().catch((err: unknown) => {
    console.error('could not start:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
