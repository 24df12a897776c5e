import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultBrand } from '../../emails/_catalog/index.ts';
import { ConfigError, isLoopbackHost, loadConfig } from '../../server/config.ts';

const failure = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected loadConfig to fail');
};

describe('loadConfig', () => {
  it('has working defaults: loopback, port 3000, embedded store, local mailbox, the seed brand', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      apiKeys: [],
      dataDir: './data',
      databaseUrl: undefined,
      transport: 'mailbox',
      linkHosts: [],
      logLevel: 'info',
      workerConcurrency: 4,
      maxAttempts: 8,
      bodyLimit: 256 * 1024,
      resendRateLimit: 5,
      resendBatchSize: 100,
      // A render thread where there is a second core (as on every machine CI runs on).
      renderThreads: availableParallelism() > 1 ? 1 : 0,
    });
    expect(config.brand).toEqual(defaultBrand);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      PORT: '8080',
      API_KEYS: ' key-one-0123456789 , key-two-0123456789,',
      DATA_DIR: '/var/lib/activation-mail',
      DATABASE_URL: 'postgres://mail:pw@db:5432/mail',
      RESEND_API_KEY: 're_123',
      RESEND_WEBHOOK_SECRET: 'whsec_abc',
      RESEND_BASE_URL: 'http://127.0.0.1:9999',
      EMAIL_FROM: 'Activation <activation@example.com>',
      LINK_HOSTS: 'Activation.Example.com,portal.example.com',
      LOG_LEVEL: 'debug',
      WORKER_CONCURRENCY: '16',
      RENDER_THREADS: '0',
      MAX_ATTEMPTS: '3',
      BODY_LIMIT: '65536',
      RESEND_RATE_LIMIT: '10',
      RESEND_BATCH_SIZE: '1',
      BRAND_NAME: 'Northwind Online',
      SUPPORT_PORTAL_URL: 'https://support.northwind.example',
      SUPPORT_PHONE: '1-800-555-0100',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      databaseUrl: 'postgres://mail:pw@db:5432/mail',
      transport: 'resend',
      resendApiKey: 're_123',
      resendWebhookSecret: 'whsec_abc',
      resendBaseUrl: 'http://127.0.0.1:9999',
      emailFrom: 'Activation <activation@example.com>',
      linkHosts: ['activation.example.com', 'portal.example.com'],
      logLevel: 'debug',
      workerConcurrency: 16,
      renderThreads: 0,
      maxAttempts: 3,
      bodyLimit: 65536,
      resendRateLimit: 10,
      resendBatchSize: 1,
    });
    expect(config.apiKeys.map((k) => k.secret)).toEqual(['key-one-0123456789', 'key-two-0123456789']);
    expect(config.brand).toMatchObject({
      name: 'Northwind Online',
      product: defaultBrand.product,
      supportPortalUrl: 'https://support.northwind.example',
      phone: { ...defaultBrand.phone, number: '1-800-555-0100' },
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', API_KEYS: '', RESEND_API_KEY: '' })).toMatchObject({
      port: 3000,
      transport: 'mailbox',
    });
  });

  it.each([['abc'], ['70000'], ['-1'], ['80.5'], ['0x10CC'], ['1e3'], ['0b101']])(
    'refuses PORT=%s, naming PORT',
    (port) => {
      expect(failure({ PORT: port })).toMatch(/^\s*PORT: /m);
    },
  );

  it('refuses to run open on a non-loopback HOST', () => {
    expect(failure({ HOST: '0.0.0.0' })).toMatch(/API_KEYS: required when HOST \(0\.0\.0\.0\)/);
    expect(
      loadConfig({ HOST: '0.0.0.0', API_KEYS: 'k-0123456789abcdef', MAIL_TRANSPORT: 'mailbox' }).apiKeys,
    ).toHaveLength(1);
  });

  it('refuses guessable keys (under 16 characters) on a public HOST, never echoing them', () => {
    const message = failure({ HOST: '0.0.0.0', API_KEYS: 'k-0123456789abcdef,short' });
    expect(message).toMatch(/API_KEYS: each key must be at least 16 characters/);
    expect(message).not.toContain('short,');
    expect(loadConfig({ API_KEYS: 'k' }).apiKeys.map((k) => k.secret)).toEqual(['k']);
  });

  it('has request limits that an integration never reaches, and reads them from the environment', () => {
    expect(loadConfig({})).toMatchObject({
      rateLimit: { perSecond: 50, burst: 100 },
      authFailureLimit: { perMinute: 10, burst: 20 },
      requestTimeoutMs: 10_000,
    });
    expect(loadConfig({ RATE_LIMIT_PER_SECOND: '0', RATE_LIMIT_BURST: '5' }).rateLimit).toEqual({
      perSecond: 0,
      burst: 5,
    });
    expect(failure({ REQUEST_TIMEOUT_MS: '10' })).toMatch(/^\s*REQUEST_TIMEOUT_MS: /m);
  });

  it('keeps personal data 90 days and finished activations a year unless told otherwise (0: forever)', () => {
    expect(loadConfig({}).retentionDays).toBe(90);
    expect(loadConfig({ RETENTION_DAYS: '0' }).retentionDays).toBe(0);
    expect(loadConfig({ RETENTION_DAYS: '45' }).retentionDays).toBe(45);
    expect(failure({ RETENTION_DAYS: '-1' })).toMatch(/^\s*RETENTION_DAYS: /m);
    expect(failure({ RETENTION_DAYS: '30d' })).toMatch(/^\s*RETENTION_DAYS: /m);
    expect(loadConfig({}).activationRetentionDays).toBe(365);
    expect(loadConfig({ ACTIVATION_RETENTION_DAYS: '0' }).activationRetentionDays).toBe(0);
    expect(failure({ ACTIVATION_RETENTION_DAYS: 'a year' })).toMatch(/^\s*ACTIVATION_RETENTION_DAYS: /m);
  });

  it('keeps emails in the local mailbox off loopback only when told to (MAIL_TRANSPORT=mailbox)', () => {
    const publicHost = { HOST: '0.0.0.0', API_KEYS: 'k-0123456789abcdef' };
    expect(failure(publicHost)).toMatch(
      /MAIL_TRANSPORT: RESEND_API_KEY is not set and HOST \(0\.0\.0\.0\) is not a loopback address: set RESEND_API_KEY to send, or MAIL_TRANSPORT=mailbox/,
    );
    expect(loadConfig({ ...publicHost, MAIL_TRANSPORT: 'mailbox' }).transport).toBe('mailbox');
    expect(loadConfig({ ...publicHost, RESEND_API_KEY: 're_1', EMAIL_FROM: 'a@example.com' }).transport).toBe('resend');
    // On loopback the mailbox is the default; with a Resend key, it can still be chosen.
    expect(loadConfig({}).transport).toBe('mailbox');
    expect(
      loadConfig({ RESEND_API_KEY: 're_1', EMAIL_FROM: 'a@example.com', MAIL_TRANSPORT: 'mailbox' }).transport,
    ).toBe('mailbox');
    expect(failure({ MAIL_TRANSPORT: 'resend' })).toMatch(/MAIL_TRANSPORT: resend needs RESEND_API_KEY/);
    expect(failure({ MAIL_TRANSPORT: 'smtp' })).toMatch(/MAIL_TRANSPORT: must be resend or mailbox/);
  });

  it('requires EMAIL_FROM with RESEND_API_KEY', () => {
    expect(failure({ RESEND_API_KEY: 're_123' })).toMatch(/EMAIL_FROM: required when RESEND_API_KEY is set/);
  });

  it('names every bad variable at once, never echoing a secret', () => {
    const message = failure({
      PORT: 'x',
      DATABASE_URL: 'mysql://db/mail',
      SUPPORT_PORTAL_URL: 'http://portal.example.com',
      LINK_HOSTS: 'ok.example.com,not a host',
      LOG_LEVEL: 'loud',
      WORKER_CONCURRENCY: '0',
      RENDER_THREADS: '-1',
      API_KEYS: 'has space',
    });
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'SUPPORT_PORTAL_URL',
      'LINK_HOSTS',
      'LOG_LEVEL',
      'WORKER_CONCURRENCY',
      'RENDER_THREADS',
      'API_KEYS',
    ]) {
      expect(message).toMatch(new RegExp(`^\\s*${name}: `, 'm'));
    }
    expect(message).not.toContain('has space');
  });

  it('knows loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '10.0.0.1', 'example.com']) expect(isLoopbackHost(host), host).toBe(false);
  });
});

describe('activation settings', () => {
  it('defaults to reminders on days 7 and 14, the trial notice 7 days ahead, and no events out', () => {
    const config = loadConfig({});
    expect(config.activationReminderDays).toEqual([7, 14]);
    expect(config.trialNoticeDays).toBe(7);
    expect(config.eventsWebhook).toBeUndefined();
  });

  it('reads the follow-ups and the events endpoint', () => {
    const config = loadConfig({
      ACTIVATION_REMINDER_DAYS: '10, 3',
      TRIAL_NOTICE_DAYS: '5',
      EVENTS_WEBHOOK_URL: 'https://erp.example.com/hooks/activation-mail',
      EVENTS_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
    expect(config.activationReminderDays).toEqual([3, 10]);
    expect(config.trialNoticeDays).toBe(5);
    expect(config.eventsWebhook).toEqual({
      url: 'https://erp.example.com/hooks/activation-mail',
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
  });

  it('refuses bad values, naming each variable', () => {
    const message = failure({
      ACTIVATION_REMINDER_DAYS: '7,x,0',
      TRIAL_NOTICE_DAYS: '40',
      EVENTS_WEBHOOK_URL: 'ftp://erp.example.com',
      EVENTS_WEBHOOK_SECRET: 'not-a-secret',
    });
    expect(message).toMatch(/ACTIVATION_REMINDER_DAYS: must be whole numbers of days/);
    expect(message).toMatch(/TRIAL_NOTICE_DAYS: must be between 0 and 30/);
    expect(message).toMatch(/EVENTS_WEBHOOK_URL: must be an http\(s\):\/\/ URL/);
    expect(message).toMatch(/EVENTS_WEBHOOK_SECRET: must be a Standard Webhooks secret/);
    expect(failure({ ACTIVATION_REMINDER_DAYS: '7,7' })).toMatch(/must not repeat a day/);
    expect(failure({ EVENTS_WEBHOOK_URL: 'https://erp.example.com/h' })).toMatch(/set both/);
  });

  it('sends events over https only, except to a receiver on this machine', () => {
    const secret = { EVENTS_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };
    expect(failure({ ...secret, EVENTS_WEBHOOK_URL: 'http://erp.example.com/hooks' })).toMatch(
      /EVENTS_WEBHOOK_URL: must be https:\/\/ \(http:\/\/ only to a loopback address\)/,
    );
    for (const url of ['http://127.0.0.1:9000/h', 'http://localhost:9000/h', 'http://[::1]:9000/h']) {
      expect(loadConfig({ ...secret, EVENTS_WEBHOOK_URL: url }).eventsWebhook?.url, url).toBe(url);
    }
  });
});

describe('traces (OpenTelemetry)', () => {
  it('are off unless an OTLP endpoint is set, and off again with OTEL_SDK_DISABLED', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).tracing).toEqual({
      sampler: 'parentbased_always_on',
      ratio: 1,
    });
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector.example.com/v1/traces' }).tracing,
    ).toBeDefined();
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }).tracing,
    ).toBeUndefined();
    // The specification reads them in any case, and `none` turns traces alone off.
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'TRUE' }).tracing,
    ).toBeUndefined();
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_EXPORTER: 'none' }).tracing,
    ).toBeUndefined();
    // Off, another SDK's values in a shared environment never stop the start.
    expect(
      loadConfig({ OTEL_TRACES_SAMPLER: 'xray', OTEL_TRACES_SAMPLER_ARG: '5', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })
        .tracing,
    ).toBeUndefined();
  });

  it('refuse, when on, a protocol this server does not send and batch sizes that would drop every span', () => {
    const on = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
    expect(loadConfig({ ...on, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).tracing).toBeDefined();
    expect(failure({ ...on, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toContain(
      'OTEL_EXPORTER_OTLP_PROTOCOL: must be http/json',
    );
    expect(failure({ ...on, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' })).toContain(
      'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: must be http/json',
    );
    expect(failure({ ...on, OTEL_BSP_MAX_QUEUE_SIZE: '0' })).toContain(
      'OTEL_BSP_MAX_QUEUE_SIZE: must be a whole number above 0',
    );
  });

  it('read the sampler the specification names, and refuse what it does not', () => {
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }).tracing,
    ).toEqual({ sampler: 'parentbased_traceidratio', ratio: 0.25 });
    const message = failure({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318', OTEL_TRACES_SAMPLER: 'sometimes' });
    expect(message).toContain('OTEL_EXPORTER_OTLP_ENDPOINT: must be an http(s):// URL');
    expect(message).toContain('OTEL_TRACES_SAMPLER: must be one of always_on, always_off, traceidratio');
    expect(
      failure({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '2',
      }),
    ).toContain('OTEL_TRACES_SAMPLER_ARG: must be a ratio between 0 and 1');
  });
});
