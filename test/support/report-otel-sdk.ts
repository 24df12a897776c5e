import { registerHooks } from 'node:module';

/**
 * Preloaded into a server process (`node --import`): writes `loaded the OpenTelemetry SDK` to
 * stderr when a module of the bundle that holds the OTLP exporter is loaded, so that a test can
 * tell that with traces off the SDK is never even loaded.
 */

registerHooks({
  load(url, context, nextLoad) {
    const loaded = nextLoad(url, context);
    const { source } = loaded;
    const text = typeof source === 'string' ? source : source ? Buffer.from(source as Uint8Array).toString('utf8') : '';
    if (url.includes('/dist/server/') && text.includes('"v1/traces"')) {
      process.stderr.write('loaded the OpenTelemetry SDK\n');
    }
    return loaded;
  },
});
