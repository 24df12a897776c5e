/**
 * The floor of the send bench: the server as `npm start` serves it (the same app, render thread,
 * worker and logging, from `serveWith`), over a store that keeps nothing, so POST /v1/emails is
 * answered 202 without storing. What the real server serves beyond this is the cost of storing.
 * Bundled and run by send.bench.ts in a process of its own, as the server is (see buildFloor there).
 */
import { ConfigError, loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { serveWith } from '../../server/serve.ts';
import type { Store } from '../../server/store/index.ts';

/** Every call answered at once: accepted emails vanish, nothing is ever due or waiting. */
const answers: Partial<Record<keyof Store, unknown>> = {
  dialect: 'pglite',
  ping: true,
  claimBatches: [],
  claimDue: [],
  claimEvents: [],
  countDue: 0,
  purgeExpiredIdempotencyKeys: 0,
  queueDepth: { queued: 0, scheduled: 0, sending: 0 },
  eventDepth: { pending: 0, delivering: 0, delivered: 0, failed: 0 },
};
const keepsNothing = new Proxy({} as Store, {
  get: (_target, name: string) => {
    if (name === 'dialect') return answers.dialect;
    if (name === 'then') return undefined;
    return async () => (name in answers ? answers[name as keyof Store] : undefined);
  },
});

try {
  const config = loadConfig();
  await serveWith(config, createLogger({ level: config.logLevel }), keepsNothing);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
