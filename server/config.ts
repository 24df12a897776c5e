import { isIP } from 'node:net';
import { z } from 'zod';
import { type Brand, defaultBrand } from '../emails/_components/brand.ts';

/**
 * The environment, read once at start and validated: a bad value stops the start with a
 * message naming each variable at fault, instead of surfacing later as a strange failure.
 */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const NO_CR_LF = /^[^\r\n]*$/;
// Keys travel in an HTTP header, so they are limited to visible ASCII without spaces or commas.
const API_KEY = /^[\x21-\x2b\x2d-\x7e]+$/;

const integer = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be between ${min} and ${max}` })
    .max(max, { error: `must be between ${min} and ${max}` })
    .default(fallback);

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

export const isLoopbackHost = (host: string): boolean => {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice('::ffff:'.length) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
};

const envSchema = z.object({
  HOST: z
    .string()
    .refine((h) => isIP(h.replace(/^\[|\]$/g, '')) !== 0 || HOST_NAME.test(h), {
      error: 'must be an IP address or a host name',
    })
    .default('127.0.0.1'),
  PORT: integer(0, 65535, 3000),
  API_KEYS: commaList(z.string().regex(API_KEY, { error: 'each key must be visible ASCII without spaces' })),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  RESEND_API_KEY: z.string().optional(),
  RESEND_WEBHOOK_SECRET: z.string().optional(),
  RESEND_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
  EMAIL_FROM: emailSender,
  LINK_HOSTS: commaList(z.string().regex(HOST_NAME, { error: 'each entry must be a host name like example.com' })),
  LOG_LEVEL: z.enum(logLevels, { error: `must be one of: ${logLevels.join(', ')}` }).default('info'),
  WORKER_CONCURRENCY: integer(1, 256, 4),
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
});

export interface Config {
  host: string;
  port: number;
  /** Empty: the API is open (allowed only on a loopback host). */
  apiKeys: string[];
  dataDir: string;
  databaseUrl: string | undefined;
  /** `resend` when RESEND_API_KEY is set, else the local mailbox. */
  transport: 'resend' | 'mailbox';
  resendApiKey: string | undefined;
  resendWebhookSecret: string | undefined;
  resendBaseUrl: string | undefined;
  emailFrom: string | undefined;
  /** Host names every link in template data must point at; empty: any https host. */
  linkHosts: string[];
  logLevel: (typeof logLevels)[number];
  workerConcurrency: number;
  maxAttempts: number;
  /** Largest request body, in bytes. */
  bodyLimit: number;
  brand: Brand;
}

/** Docker and shells often pass `FOO=` for "unset"; treat it so, rather than as an empty value. */
const withoutEmpty = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));

/** Rules across variables, checked on the raw values so they are reported along with any other fault. */
function crossVariableProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const host = env.HOST ?? '127.0.0.1';
  if (!env.API_KEYS?.replaceAll(',', '').trim() && !isLoopbackHost(host)) {
    problems.push(
      `API_KEYS: required when HOST (${host}) is not a loopback address: the API would be open to the network`,
    );
  }
  if (env.RESEND_API_KEY && !env.EMAIL_FROM) problems.push('EMAIL_FROM: required when RESEND_API_KEY is set');
  return problems;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = withoutEmpty(env);
  const parsed = envSchema.safeParse(raw);
  const problems = [
    ...(parsed.error?.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`) ?? []),
    ...crossVariableProblems(raw),
  ];
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    apiKeys: e.API_KEYS,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    transport: e.RESEND_API_KEY ? 'resend' : 'mailbox',
    resendApiKey: e.RESEND_API_KEY,
    resendWebhookSecret: e.RESEND_WEBHOOK_SECRET,
    resendBaseUrl: e.RESEND_BASE_URL,
    emailFrom: e.EMAIL_FROM,
    linkHosts: e.LINK_HOSTS.map((h) => h.toLowerCase()),
    logLevel: e.LOG_LEVEL,
    workerConcurrency: e.WORKER_CONCURRENCY,
    maxAttempts: e.MAX_ATTEMPTS,
    bodyLimit: e.BODY_LIMIT,
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
  };
}
