import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics, in a registry of the app's own (not prom-client's global one) so that
 * several apps in one process, as in tests, never collide. Other modules register their
 * metrics on `registry`.
 */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  renderDuration: Histogram<'template'>;
  /** Emails stored for sending (one per email, a batch counts each). */
  emailsAccepted: Counter;
  emailsSent: Counter;
  /** Emails the local mailbox kept instead of sending (MAIL_TRANSPORT=mailbox): never counted as sent. */
  emailsCaptured: Counter;
  emailsFailed: Counter;
  /** Sends that failed and were scheduled again. */
  emailsRetried: Counter;
  /** Emails out of attempts, the last without a readable answer: status `outcome_unknown`. */
  emailsOutcomeUnknown: Counter;
  /** Requests the provider refused for one of its limits (rate, concurrent, daily-quota, monthly-quota). */
  providerRefusals: Counter<'limit'>;
  /** Emails parked until a spent quota resets. */
  emailsParked: Counter<'quota'>;
  /** Emails in each request sent to the provider. */
  requestSize: Histogram;
}

export function createMetrics({ processMetrics = true }: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    renderDuration: new Histogram({
      name: 'email_render_duration_seconds',
      help: 'Time to render one email (subject, HTML and text), by template, waiting for a render thread included',
      labelNames: ['template'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers: [registry],
    }),
    emailsAccepted: new Counter({
      name: 'emails_accepted_total',
      help: 'Emails accepted and stored for sending',
      registers: [registry],
    }),
    emailsSent: new Counter({
      name: 'emails_sent_total',
      help: 'Emails handed to the transport successfully',
      registers: [registry],
    }),
    emailsCaptured: new Counter({
      name: 'emails_captured_total',
      help: 'Emails the local mailbox kept instead of sending (MAIL_TRANSPORT=mailbox): nothing left the machine',
      registers: [registry],
    }),
    emailsFailed: new Counter({
      name: 'emails_failed_total',
      help: 'Emails given up on: refused by the provider, or out of attempts',
      registers: [registry],
    }),
    emailsRetried: new Counter({
      name: 'emails_retried_total',
      help: 'Sends that failed and were scheduled to be tried again',
      registers: [registry],
    }),
    emailsOutcomeUnknown: new Counter({
      name: 'emails_outcome_unknown_total',
      help: 'Emails out of attempts without a readable answer from the provider: whether they went out is unknown until its webhook events say',
      registers: [registry],
    }),
    providerRefusals: new Counter({
      name: 'provider_refusals_total',
      help: 'Requests the provider refused for one of its limits (never counted as an attempt), by limit',
      labelNames: ['limit'],
      registers: [registry],
    }),
    emailsParked: new Counter({
      name: 'emails_parked_total',
      help: 'Emails parked until the provider quota that refused them resets, by quota',
      labelNames: ['quota'],
      registers: [registry],
    }),
    requestSize: new Histogram({
      name: 'provider_request_emails',
      help: 'Emails carried by each request to the provider (1 alone, up to 100 in a batch)',
      buckets: [1, 2, 5, 10, 25, 50, 100],
      registers: [registry],
    }),
  };
}

export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * The route pattern that answered (`/v1/templates/:name/render`), never the raw path, so that
 * ids and typos in URLs cannot blow up the number of series.
 */
export function routeLabel(c: Parameters<MiddlewareHandler>[0]): string {
  const handler = matchedRoutes(c).findLast((route) => route.method !== 'ALL');
  return handler?.path ?? UNMATCHED_ROUTE;
}

export const httpMetrics =
  (metrics: Metrics): MiddlewareHandler =>
  async (c, next) => {
    const started = performance.now();
    await next();
    const labels = { method: c.req.method, route: routeLabel(c), status: String(c.res.status) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, (performance.now() - started) / 1000);
  };
