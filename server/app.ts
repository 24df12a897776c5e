import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import type { RouterRoute } from 'hono/types';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { BEARER_SCHEME } from './auth.ts';
import { bodyLimit } from './body-limit.ts';
import { perKeyRateLimit, publicRateLimit } from './caller-limits.ts';
import { type Config, isLoopbackHost } from './config.ts';
import { type ConsoleDeps, consoleRoutes } from './console/index.tsx';
import { registerEventDepth } from './delivery/event-depth.ts';
import { registerQueueDepth } from './delivery/queue-depth.ts';
import type { App, AppEnv, RouteModule } from './http.ts';
import { type KeyGate, type KeyRing, keyGate, keyRing, scopeDescriptions, scopes } from './keys.ts';
import { type Logger, requestLogger } from './logger.ts';
import { httpMetrics, type Metrics } from './metrics.ts';
import { registerCommonHeaders, withCommonHeaders } from './openapi/common-headers.ts';
import { registerEventsOut } from './openapi/events-out.ts';
import {
  GENERIC_PROBLEM_TYPE,
  type Problem,
  ProblemError,
  type ProblemKind,
  problem,
  problemKinds,
  respondProblem,
  validationHook,
} from './problem.ts';
import type { Renderer } from './render/threads.ts';
import { activationRoutes } from './routes/activations.ts';
import { emailRoutes } from './routes/emails.ts';
import { erasureRoutes } from './routes/erasures.ts';
import { mailboxRoutes } from './routes/mailbox.ts';
import { opsRoutes } from './routes/ops.ts';
import { pageRoutes } from './routes/pages.ts';
import { templateRoutes } from './routes/templates.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import type { Store } from './store/index.ts';
import { httpTracing } from './tracing/http.ts';

/**
 * The HTTP app: middleware, the route modules this configuration mounts, and the error paths
 * that make every failure an RFC 9457 problem. Building it does no I/O, so tests drive it with
 * `app.request`.
 */

export interface AppDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  /** How emails are rendered: the server's render threads, or the calling thread. */
  renderer: Renderer;
  /** The clock requests and activations are dated by; tests move it instead of waiting days. */
  clock: () => Date;
  /** The outbox, and what to wake once something is stored in it. Absent: the app renders only. */
  outbox?: { store: Store; onAccepted: () => void } | undefined;
  /** The keys, when the caller replaces them later (API_KEYS_FILE on SIGHUP); default: the configuration's. */
  keys?: KeyRing | undefined;
}

export function createApp(deps: AppDeps): App {
  const { config, logger, metrics, renderer, clock, outbox } = deps;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const open = config.apiKeys.length === 0 && !config.apiKeysFile;
  // One gate for every door a key is presented at (/v1 and the console's sign-in), so one
  // wrong-key allowance per address covers them all.
  const keys = keyGate({
    ring: open ? undefined : (deps.keys ?? keyRing(config.apiKeys)),
    failures: config.authFailureLimit,
  });

  // Traces on (OTEL_EXPORTER_OTLP_ENDPOINT): one span per request, around everything else.
  if (config.tracing) app.use(httpTracing());
  app.use(requestId());
  app.use(httpMetrics(metrics));
  app.use(requestLogger(logger));
  app.use(publicRateLimit(config.publicRateLimit));
  // Authentication comes before the body is read: an unauthenticated caller gets 401, never 413 or 422.
  app.use('/v1/*', keys.middleware);
  app.use('/v1/*', perKeyRateLimit(config.rateLimit));
  app.use(
    bodyLimit({
      maxSize: config.bodyLimit,
      // The rest of the body is never read: closing the connection after this answer keeps the
      // unread bytes from being taken for the client's next request on it.
      onError: (c) =>
        respondProblem(c, problem('payload-too-large', `The request body is larger than ${config.bodyLimit} bytes.`), {
          Connection: 'close',
        }),
    }),
  );

  app.openAPIRegistry.registerComponent('securitySchemes', BEARER_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    description: `One of the keys in API_KEYS or API_KEYS_FILE (not required while the server runs open on loopback). Each operation names the scope its key needs: ${scopes.map((s) => `\`${s}\` (${scopeDescriptions[s]})`).join('; ')}. A key outside it gets 403.`,
  });

  registerCommonHeaders(app.openAPIRegistry);
  registerEventsOut(app.openAPIRegistry);

  const rules = { links: { hosts: config.linkHosts }, clock };
  const store = outbox?.store;
  if (store) registerQueueDepth(metrics.registry, store);
  if (store && config.eventsWebhook) registerEventDepth(metrics.registry, store);

  // Every module's operations are documented, in this order, whatever is mounted: a module
  // that this configuration leaves out answers 404 to its paths.
  const include = <Deps>(module: RouteModule<Deps>, moduleDeps: Deps | undefined) => {
    for (const route of module.documented) app.openAPIRegistry.registerPath(withCommonHeaders(route));
    if (moduleDeps) module.mount(app, moduleDeps);
  };
  const followUps = { reminderDays: config.activationReminderDays, trialNoticeDays: config.trialNoticeDays };
  const secret = config.resendWebhookSecret;
  include(opsRoutes, { metrics, isReady: store ? () => store.ping() : async () => true });
  include(pageRoutes, {});
  include(templateRoutes, { ...rules, metrics, render: renderer.render });
  include(emailRoutes, outbox && { ...rules, ...outbox, metrics, renderForStore: renderer.renderForStore, open });
  include(
    activationRoutes,
    outbox && { ...rules, ...outbox, metrics, renderForStore: renderer.renderForStore, open, followUps },
  );
  include(erasureRoutes, store && { store, logger, clock });
  include(webhookRoutes, store && secret ? { store, secret, logger, failures: config.authFailureLimit } : undefined);
  include(mailboxRoutes, store && config.transport === 'mailbox' ? {} : undefined);
  include(consoleRoutes, outbox && consoleDeps(deps, outbox, followUps, keys));

  app.notFound(notFound(app));
  app.onError(onError(logger));
  return app;
}

/** Sessions last at most this long, however active: a forgotten browser is signed out by morning. */
const CONSOLE_SESSION_MAX_MS = 12 * 60 * 60_000;

/** The console's dependencies: people sign in at the API's key gate, with the keys' names and scopes. */
function consoleDeps(
  { config, metrics, renderer, clock }: AppDeps,
  outbox: NonNullable<AppDeps['outbox']>,
  followUps: ConsoleDeps['followUps'],
  keys: KeyGate,
): ConsoleDeps {
  return {
    store: outbox.store,
    onAccepted: outbox.onAccepted,
    metrics,
    renderForStore: renderer.renderForStore,
    clock,
    links: { hosts: config.linkHosts },
    followUps,
    keys,
    sessions: {
      secret: config.console.sessionSecret ?? randomBytes(32).toString('base64url'),
      idleMs: config.console.idleMinutes * 60_000,
      maxMs: CONSOLE_SESSION_MAX_MS,
      secure: !isLoopbackHost(config.host),
    },
    transport: config.transport,
    providerRate: config.resendRateLimit,
    emailFrom: config.emailFrom ?? `${config.brand.name} <no-reply@localhost>`,
  };
}

const patterns = new Map<string, RegExp>();

/** A Hono route path (`/v1/templates/:name/render`) as a regular expression over request paths. */
function patternOf(routePath: string): RegExp {
  let pattern = patterns.get(routePath);
  if (!pattern) {
    const segments = routePath.split('/').map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    });
    pattern = new RegExp(`^${segments.join('/')}$`);
    patterns.set(routePath, pattern);
  }
  return pattern;
}

/** The methods some route answers on this path; middleware (`ALL`) does not count. */
function allowedMethods(routes: readonly RouterRoute[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method !== 'ALL' && patternOf(route.path).test(path)) methods.add(route.method);
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods];
}

/** 405 with `Allow` when the path exists under another method, else 404. */
const notFound =
  (app: App): NotFoundHandler =>
  (c) => {
    const allowed = allowedMethods(app.routes, c.req.path);
    if (allowed.length > 0) {
      return respondProblem(
        c,
        problem('method-not-allowed', `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(', ')}.`),
        { Allow: allowed.join(', ') },
      );
    }
    return respondProblem(c, problem('not-found', `Nothing is at ${c.req.method} ${c.req.path}.`));
  };

/** What nginx logs for a request whose client left before the answer: counted apart from 5xx. */
const CLIENT_CLOSED_REQUEST = 499;

const httpExceptionProblem = (err: HTTPException): Problem => {
  if (err.status === 400 && /json/i.test(err.message)) {
    return problem('malformed-json', 'The request body is not valid JSON.');
  }
  if (err.status === 415) {
    return problem('unsupported-media-type', 'Send the body as JSON, with "Content-Type: application/json".');
  }
  const kind = (Object.keys(problemKinds) as ProblemKind[]).find((k) => problemKinds[k].status === err.status);
  if (kind) return problem(kind, err.message || problemKinds[kind].title);
  const title = STATUS_CODES[err.status] ?? 'Error';
  return { type: GENERIC_PROBLEM_TYPE, title, status: err.status, detail: err.message || title };
};

/** Expected HTTP errors keep their status; anything else is a 500 whose stack goes to the log, never the client. */
const onError =
  (logger: Logger): ErrorHandler<AppEnv> =>
  (err, c: Context<AppEnv>) => {
    if (err instanceof ProblemError) return respondProblem(c, err.problem, err.headers);
    if (err instanceof HTTPException && err.status < 500) return respondProblem(c, httpExceptionProblem(err));
    const id = c.get('requestId');
    if (c.req.raw.signal.aborted) {
      // The client went away (an upload cut short): nobody reads this answer, and it is not our fault.
      logger.info({ requestId: id, method: c.req.method, path: c.req.path }, 'client closed the request');
      return c.body(null, CLIENT_CLOSED_REQUEST as ContentfulStatusCode);
    }
    logger.error({ requestId: id, err }, 'unhandled error');
    return respondProblem(
      c,
      problem(
        'internal-error',
        `Something went wrong on our side${id ? `; quote request id ${id} if you report it` : ''}.`,
      ),
    );
  };
