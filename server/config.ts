import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { type Brand, defaultBrand } from '../emails/_domain/brand.ts';
import { isLoopbackName } from './client-address.ts';
import { type ApiKey, keyFileEntries, parseKeys } from './keys.ts';

/**
 * The environment, read once at start and validated: a bad value stops the start with a
 * message naming each variable at fault, instead of surfacing later as a strange failure.
 */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** OTEL_TRACES_SAMPLER's values that the OpenTelemetry specification defines for traces. */
export const tracesSamplers = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type TracesSampler = (typeof tracesSamplers)[number];

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const NO_CR_LF = /^[^\r\n]*$/;

// Decimal digits only: Number() would also read `0x10CC`, `1e3` or ` 80 ` as numbers.
const integer = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, { error: 'must be a whole number' })
    .optional()
    .transform((raw) => (raw === undefined ? fallback : Number(raw)))
    .pipe(
      z
        .number()
        .min(min, { error: `must be between ${min} and ${max}` })
        .max(max, { error: `must be between ${min} and ${max}` }),
    );

const commaList = (item: z.ZodString) =>
  z
    .string()
    .optional()
    .transform((raw) =>
      (raw ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

const line = (fallback: string) => z.string().regex(NO_CR_LF, { error: 'must be a single line' }).default(fallback);

const httpsUrl = (fallback: string) =>
  z.url({ protocol: /^https$/, error: 'must be an absolute https:// URL' }).default(fallback);

const emailSender = z
  .string()
  .regex(/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/, {
    error: 'must be an address like "Activation <activation@example.com>" or activation@example.com',
  })
  .optional();

/** Whether HOST (or a URL's host) names this machine only. */
export const isLoopbackHost = isLoopbackName;

const envSchema = z.object({
  HOST: z
    .string()
    .refine((h) => isIP(h.replace(/^\[|\]$/g, '')) !== 0 || HOST_NAME.test(h), {
      error: 'must be an IP address or a host name',
    })
    .default('127.0.0.1'),
  PORT: integer(0, 65535, 3000),
  // Each entry a plain key (every scope) or name:scope+scope:key (server/keys.ts); checked below.
  API_KEYS: z.string().optional(),
  API_KEYS_FILE: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  RESEND_API_KEY: z.string().optional(),
  MAIL_TRANSPORT: z.enum(['resend', 'mailbox'], { error: 'must be resend or mailbox' }).optional(),
  RESEND_WEBHOOK_SECRET: z.string().optional(),
  RESEND_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
  EMAIL_FROM: emailSender,
  LINK_HOSTS: commaList(z.string().regex(HOST_NAME, { error: 'each entry must be a host name like example.com' })),
  LOG_LEVEL: z.enum(logLevels, { error: `must be one of: ${logLevels.join(', ')}` }).default('info'),
  WORKER_CONCURRENCY: integer(1, 256, 4),
  // Threads that render emails beside the main thread: one where there is a second core, which
  // served the most on 2 cores (README, "The render path"); larger machines may set more.
  RENDER_THREADS: integer(0, 64, availableParallelism() > 1 ? 1 : 0),
  MAX_ATTEMPTS: integer(1, 100, 8),
  BODY_LIMIT: integer(1024, 64 * 1024 * 1024, 256 * 1024),
  BRAND_NAME: line(defaultBrand.name),
  BRAND_PRODUCT: line(defaultBrand.product),
  SUPPORT_PORTAL_URL: httpsUrl(defaultBrand.supportPortalUrl),
  SUPPORT_INTERNATIONAL_URL: httpsUrl(defaultBrand.internationalSupportUrl),
  SUPPORT_PHONE: line(defaultBrand.phone.number),
  SUPPORT_PHONE_OPTION: line(defaultBrand.phone.option),
  SUPPORT_PHONE_REGION: line(defaultBrand.phone.region),
  SUPPORT_HOURS: line(defaultBrand.phone.hours),
  SUPPORT_DAYS: line(defaultBrand.phone.days),
  // Pacing the provider (issue #8): Resend's limit is per team, 5 requests/s unless raised;
  // a batch request carries up to 100 emails (1: every email in a request of its own).
  RESEND_RATE_LIMIT: integer(1, 1000, 5),
  RESEND_BATCH_SIZE: integer(1, 100, 100),
  // Activations (issue #10): the follow-ups' timing, and where events go out to.
  ACTIVATION_REMINDER_DAYS: z
    .string()
    .default('7,14')
    .transform((raw) => raw.split(',').map((s) => s.trim()))
    .pipe(
      z
        .array(
          z.coerce
            .number<string>({ error: 'must be whole numbers of days, like 7,14' })
            .int({ error: 'must be whole numbers of days, like 7,14' })
            .min(1, { error: 'each must be between 1 and 365 days' })
            .max(365, { error: 'each must be between 1 and 365 days' }),
        )
        .max(10, { error: 'must list at most 10 reminders' })
        .refine((days) => new Set(days).size === days.length, { error: 'must not repeat a day' }),
    ),
  TRIAL_NOTICE_DAYS: integer(0, 30, 7),
  // Events carry recipients' addresses: only over TLS, unless the receiver is on this machine.
  EVENTS_WEBHOOK_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s):// URL' })
    .refine((url) => url.startsWith('https:') || isLoopbackHost(new URL(url).hostname), {
      error: 'must be https:// (http:// only to a loopback address): events carry recipients’ addresses',
    })
    .optional(),
  EVENTS_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, { error: 'must be a Standard Webhooks secret: whsec_ and base64' })
    .optional(),
  // Hardened edges (issue #9): per-key request limits, failed-auth throttling, slow-body timeout.
  // The defaults are far above what an integration needs (a batch carries 100 emails) and far
  // below what a flood sends; 0 turns a limit off.
  RATE_LIMIT_PER_SECOND: integer(0, 1_000_000, 50),
  RATE_LIMIT_BURST: integer(1, 1_000_000, 100),
  AUTH_FAILURES_PER_MINUTE: integer(0, 1_000_000, 10),
  AUTH_FAILURES_BURST: integer(1, 1_000_000, 20),
  REQUEST_TIMEOUT_MS: integer(1000, 300_000, 10_000),
  PUBLIC_RATE_LIMIT_PER_SECOND: integer(0, 1_000_000, 20),
  PUBLIC_RATE_LIMIT_BURST: integer(1, 1_000_000, 60),
  MAX_CONNECTIONS: integer(0, 1_000_000, 4096),
  MAX_CONNECTIONS_PER_ADDRESS: integer(0, 1_000_000, 256),
  // Retention (issue #23): 90 days covers a quarter's support questions ("did they get it?") and
  // outlasts every late provider event and every retry of events out (three days); 0 keeps all.
  RETENTION_DAYS: integer(0, 3650, 90),
  // A provisioned or canceled activation: a year answers questions about the enrollment's first
  // year (its renewal comes as a new order); 0 keeps them.
  ACTIVATION_RETENTION_DAYS: integer(0, 3650, 365),
  // The console (issue #24): the key that signs its session cookies, so that every instance
  // behind one address accepts them (unset: a random one per process, and a restart signs
  // everyone out), and how long a session lasts idle.
  CONSOLE_SESSION_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  CONSOLE_IDLE_MINUTES: integer(1, 24 * 60, 30),
  // Traces (OpenTelemetry), off unless an OTLP endpoint is set. The exporter reads the other
  // OTEL_EXPORTER_OTLP_* variables itself (headers, timeout, compression), and the resource
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES. The sampler and protocol are checked in
  // tracingProblems, and only when traces are on: with them off, a shared environment's values
  // for another SDK never stop this server.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
});

export interface Config {
  /**
   * Traces, when OTEL_EXPORTER_OTLP_ENDPOINT (or its _TRACES_ form) is set, OTEL_SDK_DISABLED is
   * not `true` and OTEL_TRACES_EXPORTER not `none`: the sampler (OTEL_TRACES_SAMPLER, and
   * OTEL_TRACES_SAMPLER_ARG for the ratio).
   */
  tracing?: { sampler: TracesSampler; ratio: number } | undefined;
  host: string;
  port: number;
  /** The keys of API_KEYS or API_KEYS_FILE; empty: the API is open (allowed only on a loopback host). */
  apiKeys: ApiKey[];
  /** API_KEYS_FILE: read again on SIGHUP, so keys rotate without a restart. */
  apiKeysFile: string | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
  /**
   * MAIL_TRANSPORT; unset: `resend` when RESEND_API_KEY is set, else the local mailbox, which
   * off loopback must be chosen explicitly (it delivers nothing).
   */
  transport: 'resend' | 'mailbox';
  resendApiKey: string | undefined;
  resendWebhookSecret: string | undefined;
  resendBaseUrl: string | undefined;
  emailFrom: string | undefined;
  /** Host names every link in template data must point at; empty: any https host. */
  linkHosts: string[];
  logLevel: (typeof logLevels)[number];
  workerConcurrency: number;
  /** Threads that render emails (0: the main thread renders them). */
  renderThreads: number;
  maxAttempts: number;
  /** Largest request body, in bytes. */
  bodyLimit: number;
  brand: Brand;
  /** Requests per second the provider allows the whole team (every instance together). */
  resendRateLimit: number;
  /** Most emails in one request to the provider. */
  resendBatchSize: number;
  /** Days after an activation's creation when a reminder goes out while no option is chosen (sorted). */
  activationReminderDays: number[];
  /** Days before a trial's end when the trial-ending notice goes out. */
  trialNoticeDays: number;
  /** Where events go out, signed with the secret; absent: no events are queued. */
  eventsWebhook: { url: string; secret: string } | undefined;
  /** Requests each API key (or, open, the whole server) may make: a token bucket. */
  rateLimit: { perSecond: number; burst: number };
  /** Requests with a wrong key each client address may make before it has to wait. */
  authFailureLimit: { perMinute: number; burst: number };
  /** How long a request's headers and body may take to arrive, in milliseconds. */
  requestTimeoutMs: number;
  /** Requests each client address may make to the routes that take no key (pages, documents, probes). */
  publicRateLimit: { perSecond: number; burst: number };
  /** Open connections the server keeps, in all and from one address; 0: no cap. */
  connections: { max: number; perAddress: number };
  /** RETENTION_DAYS: days a settled email's personal data is kept; 0: forever. */
  retentionDays: number;
  /** ACTIVATION_RETENTION_DAYS: days a provisioned or canceled activation is kept; 0: forever. */
  activationRetentionDays: number;
  /** The console's sessions: the secret that signs them (absent: one made at start), and their idle timeout. */
  console: { sessionSecret: string | undefined; idleMinutes: number };
}

/** Keys shorter than this are refused when the server listens beyond loopback: guessable. */
export const MIN_PUBLIC_KEY_LENGTH = 16;

/** Docker and shells often pass `FOO=` for "unset"; treat it so, rather than as an empty value. */
const withoutEmpty = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));

/**
 * The keys of API_KEYS or API_KEYS_FILE and what is wrong with them (never a key itself). Off
 * loopback, a short key is guessable and refused. The file is read again on SIGHUP with the
 * same checks (`readKeysFile`).
 */
export function checkKeys(
  variable: 'API_KEYS' | 'API_KEYS_FILE',
  entries: readonly string[],
  host: string,
): { keys: ApiKey[]; problems: string[] } {
  const { keys, problems } = parseKeys(entries);
  const short = keys.filter((k) => k.secret.length < MIN_PUBLIC_KEY_LENGTH).length;
  if (short > 0 && !isLoopbackHost(host)) {
    problems.push(
      `each key must be at least ${MIN_PUBLIC_KEY_LENGTH} characters when HOST (${host}) is not a loopback address (${short} shorter)`,
    );
  }
  return { keys, problems: problems.map((p) => `${variable}: ${p}`) };
}

/** API_KEYS_FILE's keys, as at start; a file that cannot be read or lists no key is a problem. */
export function readKeysFile(path: string, host: string): { keys: ApiKey[]; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return {
      keys: [],
      problems: [`API_KEYS_FILE: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`],
    };
  }
  const checked = checkKeys('API_KEYS_FILE', keyFileEntries(text), host);
  if (checked.keys.length === 0 && checked.problems.length === 0) checked.problems.push('API_KEYS_FILE: lists no key');
  return checked;
}

/** The keys the server starts with, from whichever variable names them. */
function keysOf(env: Record<string, string | undefined>): { keys: ApiKey[]; problems: string[] } {
  const host = env.HOST ?? '127.0.0.1';
  const entries = (env.API_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (env.API_KEYS_FILE) {
    const fromFile = readKeysFile(env.API_KEYS_FILE, host);
    if (entries.length > 0) fromFile.problems.push('API_KEYS, API_KEYS_FILE: set one or the other');
    return fromFile;
  }
  const checked = checkKeys('API_KEYS', entries, host);
  if (entries.length === 0 && !isLoopbackHost(host)) {
    checked.problems.push(
      `API_KEYS: required when HOST (${host}) is not a loopback address: the API would be open to the network`,
    );
  }
  return checked;
}

/** Rules across variables, checked on the raw values so they are reported along with any other fault. */
function crossVariableProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (env.RESEND_API_KEY && !env.EMAIL_FROM) problems.push('EMAIL_FROM: required when RESEND_API_KEY is set');
  const host = env.HOST ?? '127.0.0.1';
  if (env.MAIL_TRANSPORT === 'resend' && !env.RESEND_API_KEY) {
    problems.push('MAIL_TRANSPORT: resend needs RESEND_API_KEY');
  }
  if (!env.MAIL_TRANSPORT && !env.RESEND_API_KEY && !isLoopbackHost(host)) {
    problems.push(
      `MAIL_TRANSPORT: RESEND_API_KEY is not set and HOST (${host}) is not a loopback address: set RESEND_API_KEY to send, or MAIL_TRANSPORT=mailbox to keep every email on this machine (nothing is delivered)`,
    );
  }
  if (Boolean(env.EVENTS_WEBHOOK_URL) !== Boolean(env.EVENTS_WEBHOOK_SECRET)) {
    problems.push('EVENTS_WEBHOOK_URL, EVENTS_WEBHOOK_SECRET: set both (events are signed) or neither');
  }
  return problems;
}

/** Whether traces are on: an OTLP endpoint, and neither OTEL_SDK_DISABLED=true nor OTEL_TRACES_EXPORTER=none (any case, as the specification reads them). */
const tracesOn = (env: Record<string, string | undefined>) =>
  Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) &&
  env.OTEL_SDK_DISABLED?.toLowerCase() !== 'true' &&
  env.OTEL_TRACES_EXPORTER?.toLowerCase() !== 'none';

/** The sampler and how spans leave, checked when traces are on. */
function tracingSettings(env: Record<string, string | undefined>): {
  settings?: { sampler: TracesSampler; ratio: number };
  problems: string[];
} {
  if (!tracesOn(env)) return { problems: [] };
  const problems: string[] = [];
  const sampler = (env.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on').toLowerCase();
  if (!(tracesSamplers as readonly string[]).includes(sampler)) {
    problems.push(`OTEL_TRACES_SAMPLER: must be one of ${tracesSamplers.join(', ')}`);
  }
  const ratio = env.OTEL_TRACES_SAMPLER_ARG === undefined ? 1 : Number(env.OTEL_TRACES_SAMPLER_ARG);
  if (sampler.endsWith('traceidratio') && !(ratio >= 0 && ratio <= 1)) {
    problems.push('OTEL_TRACES_SAMPLER_ARG: must be a ratio between 0 and 1');
  }
  if ((env.OTEL_TRACES_EXPORTER ?? 'otlp').toLowerCase() !== 'otlp') {
    problems.push('OTEL_TRACES_EXPORTER: must be otlp (or none, for no traces)');
  }
  for (const name of ['OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL']) {
    const protocol = env[name];
    if (protocol !== undefined && protocol !== 'http/json') {
      problems.push(`${name}: must be http/json, the only protocol this server sends (OTLP over HTTP, JSON)`);
    }
  }
  for (const name of [
    'OTEL_BSP_SCHEDULE_DELAY',
    'OTEL_BSP_EXPORT_TIMEOUT',
    'OTEL_BSP_MAX_QUEUE_SIZE',
    'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
  ]) {
    const value = env[name];
    if (value !== undefined && !/^[1-9][0-9]{0,8}$/.test(value))
      problems.push(`${name}: must be a whole number above 0`);
  }
  return problems.length > 0 ? { problems } : { settings: { sampler: sampler as TracesSampler, ratio }, problems };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = withoutEmpty(env);
  const parsed = envSchema.safeParse(raw);
  const keys = keysOf(raw);
  const tracing = tracingSettings(raw);
  const problems = [
    ...(parsed.error?.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`) ?? []),
    ...keys.problems,
    ...crossVariableProblems(raw),
    ...tracing.problems,
  ];
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    apiKeys: keys.keys,
    apiKeysFile: e.API_KEYS_FILE,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    transport: e.MAIL_TRANSPORT ?? (e.RESEND_API_KEY ? 'resend' : 'mailbox'),
    resendApiKey: e.RESEND_API_KEY,
    resendWebhookSecret: e.RESEND_WEBHOOK_SECRET,
    resendBaseUrl: e.RESEND_BASE_URL,
    emailFrom: e.EMAIL_FROM,
    linkHosts: e.LINK_HOSTS.map((h) => h.toLowerCase()),
    logLevel: e.LOG_LEVEL,
    workerConcurrency: e.WORKER_CONCURRENCY,
    renderThreads: e.RENDER_THREADS,
    maxAttempts: e.MAX_ATTEMPTS,
    bodyLimit: e.BODY_LIMIT,
    resendRateLimit: e.RESEND_RATE_LIMIT,
    resendBatchSize: e.RESEND_BATCH_SIZE,
    rateLimit: { perSecond: e.RATE_LIMIT_PER_SECOND, burst: e.RATE_LIMIT_BURST },
    authFailureLimit: { perMinute: e.AUTH_FAILURES_PER_MINUTE, burst: e.AUTH_FAILURES_BURST },
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    publicRateLimit: { perSecond: e.PUBLIC_RATE_LIMIT_PER_SECOND, burst: e.PUBLIC_RATE_LIMIT_BURST },
    connections: { max: e.MAX_CONNECTIONS, perAddress: e.MAX_CONNECTIONS_PER_ADDRESS },
    retentionDays: e.RETENTION_DAYS,
    activationRetentionDays: e.ACTIVATION_RETENTION_DAYS,
    console: { sessionSecret: e.CONSOLE_SESSION_SECRET, idleMinutes: e.CONSOLE_IDLE_MINUTES },
    brand: {
      name: e.BRAND_NAME,
      product: e.BRAND_PRODUCT,
      supportPortalUrl: e.SUPPORT_PORTAL_URL,
      internationalSupportUrl: e.SUPPORT_INTERNATIONAL_URL,
      phone: {
        number: e.SUPPORT_PHONE,
        option: e.SUPPORT_PHONE_OPTION,
        region: e.SUPPORT_PHONE_REGION,
        hours: e.SUPPORT_HOURS,
        days: e.SUPPORT_DAYS,
      },
    },
    activationReminderDays: [...e.ACTIVATION_REMINDER_DAYS].sort((a, b) => a - b),
    trialNoticeDays: e.TRIAL_NOTICE_DAYS,
    eventsWebhook:
      e.EVENTS_WEBHOOK_URL && e.EVENTS_WEBHOOK_SECRET
        ? { url: e.EVENTS_WEBHOOK_URL, secret: e.EVENTS_WEBHOOK_SECRET }
        : undefined,
    tracing: tracing.settings,
  };
}
