import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { type Config, readKeysFile } from './config.ts';
import { createEventDispatcher, type EventDispatcher } from './delivery/event-dispatcher.ts';
import { createEventSender } from './delivery/event-sender.ts';
import { mailboxTransport } from './delivery/mailbox-transport.ts';
import { registerPacingGauges } from './delivery/pacing-metrics.ts';
import { ruleFor } from './delivery/pacing-rule.ts';
import { resendTransport } from './delivery/resend-transport.ts';
import { defaultRetryPolicy } from './delivery/retry-policy.ts';
import { localBudget, type SendBudget, storeBudget } from './delivery/send-budget.ts';
import type { Transport } from './delivery/transport.ts';
import { createWorker, type DeliveryObserver } from './delivery/worker.ts';
import { keyRing } from './keys.ts';
import { listen } from './listen.ts';
import type { Logger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { startRenderThreads } from './render/threads.ts';
import type { Store } from './store/store.ts';

/**
 * What `npm start` runs once the store is open: the app, the delivery worker and events out,
 * listening on HOST:PORT, and their orderly stop. main.ts imports this module while the store's
 * thread opens PGlite, so that the two start side by side.
 */

/** How long requests in flight may take to finish once shutdown begins. */
const DRAIN_TIMEOUT_MS = 10_000;

export interface RunningServer {
  /** Where it listens, with the actual port when PORT=0. */
  url: string;
  logger: Logger;
  /**
   * Stops accepting and claiming, waits for requests and sends in flight (at most
   * DRAIN_TIMEOUT_MS; sends still running then are handed back), closes the store, then resolves.
   */
  close(): Promise<void>;
  /** Reads API_KEYS_FILE again (SIGHUP): valid, its keys replace the old ones; not, the old ones stay. */
  reloadKeys(): void;
}

const urlOf = ({ address, family, port }: AddressInfo) =>
  `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;

export async function serveWith(config: Config, logger: Logger, store: Store): Promise<RunningServer> {
  const metrics = createMetrics();
  const rendering = startRenderThreads({
    threads: config.renderThreads,
    brand: config.brand,
    onStop: (err) =>
      logger.error({ err }, 'a render thread stopped: the emails it held failed, the next one starts another'),
  });
  const transport = transportFor(config);
  const worker = createWorker({
    store,
    transport,
    logger,
    concurrency: config.workerConcurrency,
    retry: defaultRetryPolicy(config.maxAttempts),
    counters: {
      sent: metrics.emailsSent,
      captured: metrics.emailsCaptured,
      failed: metrics.emailsFailed,
      retried: metrics.emailsRetried,
      outcomeUnknown: metrics.emailsOutcomeUnknown,
    },
    budget: budgetFor(config, transport, store),
    batchSize: config.resendBatchSize,
    observer: deliveryObserver(metrics),
    retention: { days: config.retentionDays, activationDays: config.activationRetentionDays },
  });
  registerPacingGauges(metrics, store, () => worker.pausedUntil());
  // Events out (EVENTS_WEBHOOK_URL): delivered from the store, with the emails' backoff.
  const events: EventDispatcher | undefined = config.eventsWebhook
    ? createEventDispatcher({
        store,
        sender: createEventSender(config.eventsWebhook),
        logger,
        retry: defaultRetryPolicy(config.maxAttempts),
      })
    : undefined;
  const keys = keyRing(config.apiKeys);
  const app = createApp({
    config,
    keys,
    logger,
    metrics,
    renderer: rendering,
    clock: () => new Date(),
    outbox: {
      store,
      onAccepted: () => {
        worker.wake();
        events?.wake();
      },
    },
  });

  const { server, address } = await listen(app, {
    host: config.host,
    port: config.port,
    requestTimeoutMs: config.requestTimeoutMs,
    connections: config.connections,
    logger,
  });
  const url = urlOf(address);
  worker.start();
  events?.start();
  logger.info({ url, transport: config.transport, store: store.dialect }, `listening on ${url}`);

  let closing: Promise<void> | undefined;
  const closeHttp = () =>
    new Promise<void>((resolve, reject) => {
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
  const close = () => {
    closing ??= (async () => {
      const [http] = await Promise.allSettled([
        closeHttp(),
        worker.stop(DRAIN_TIMEOUT_MS),
        events?.stop(DRAIN_TIMEOUT_MS),
      ]);
      await Promise.all([store.close(), rendering.close()]);
      if (http.status === 'rejected') throw http.reason;
    })();
    return closing;
  };
  const reloadKeys = () => {
    if (!config.apiKeysFile) return;
    const read = readKeysFile(config.apiKeysFile, config.host);
    if (read.problems.length > 0) {
      logger.error({ problems: read.problems }, 'API_KEYS_FILE was not reloaded: the keys in use stay');
      return;
    }
    keys.replace(read.keys);
    logger.info({ keys: read.keys.map((k) => k.name) }, `API_KEYS_FILE reloaded: ${read.keys.length} keys`);
  };
  return { url, logger, close, reloadKeys };
}

/**
 * Resend's limit belongs to the team: on PostgreSQL every instance takes its slots from one
 * budget in the database; on PGlite there is one process, and the budget lives in it. The local
 * mailbox has no limit.
 */
function budgetFor(config: Config, transport: Transport, store: Store): SendBudget | undefined {
  if (transport.name === 'mailbox') return undefined;
  const rule = ruleFor(config.resendRateLimit);
  return store.dialect === 'postgres' ? storeBudget(store, rule) : localBudget(rule);
}

function deliveryObserver(metrics: Metrics): DeliveryObserver {
  return {
    refused: (limit) => metrics.providerRefusals.inc({ limit }),
    parked: (quota, emails) => metrics.emailsParked.inc({ quota }, emails),
    requestSize: (emails) => metrics.requestSize.observe(emails),
  };
}

function transportFor(config: Config): Transport {
  if (config.transport === 'mailbox') return mailboxTransport();
  if (!config.resendApiKey || !config.emailFrom)
    throw new Error('the resend transport needs RESEND_API_KEY and EMAIL_FROM');
  return resendTransport({ apiKey: config.resendApiKey, from: config.emailFrom, baseUrl: config.resendBaseUrl });
}
