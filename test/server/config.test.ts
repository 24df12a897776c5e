import { describe, expect, it } from 'vitest';
import { defaultBrand } from '../../emails/_components/brand.ts';
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
    });
    expect(config.brand).toEqual(defaultBrand);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      PORT: '8080',
      API_KEYS: ' key-one , key-two,',
      DATA_DIR: '/var/lib/activation-mail',
      DATABASE_URL: 'postgres://mail:pw@db:5432/mail',
      RESEND_API_KEY: 're_123',
      RESEND_WEBHOOK_SECRET: 'whsec_abc',
      RESEND_BASE_URL: 'http://127.0.0.1:9999',
      EMAIL_FROM: 'Activation <activation@example.com>',
      LINK_HOSTS: 'Activation.Example.com,portal.example.com',
      LOG_LEVEL: 'debug',
      WORKER_CONCURRENCY: '16',
      MAX_ATTEMPTS: '3',
      BODY_LIMIT: '65536',
      BRAND_NAME: 'Northwind Online',
      SUPPORT_PORTAL_URL: 'https://support.northwind.example',
      SUPPORT_PHONE: '1-800-555-0100',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      apiKeys: ['key-one', 'key-two'],
      databaseUrl: 'postgres://mail:pw@db:5432/mail',
      transport: 'resend',
      resendApiKey: 're_123',
      resendWebhookSecret: 'whsec_abc',
      resendBaseUrl: 'http://127.0.0.1:9999',
      emailFrom: 'Activation <activation@example.com>',
      linkHosts: ['activation.example.com', 'portal.example.com'],
      logLevel: 'debug',
      workerConcurrency: 16,
      maxAttempts: 3,
      bodyLimit: 65536,
    });
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

  it.each([['abc'], ['70000'], ['-1'], ['80.5']])('refuses PORT=%s, naming PORT', (port) => {
    expect(failure({ PORT: port })).toMatch(/^\s*PORT: /m);
  });

  it('refuses to run open on a non-loopback HOST', () => {
    expect(failure({ HOST: '0.0.0.0' })).toMatch(/API_KEYS: required when HOST \(0\.0\.0\.0\)/);
    expect(loadConfig({ HOST: '0.0.0.0', API_KEYS: 'k' }).apiKeys).toEqual(['k']);
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
      API_KEYS: 'has space',
    });
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'SUPPORT_PORTAL_URL',
      'LINK_HOSTS',
      'LOG_LEVEL',
      'WORKER_CONCURRENCY',
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
