import { randomUUID } from 'node:crypto';
import { context, DiagLogLevel, diag, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { getNumberFromEnv, setGlobalErrorHandler, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Config, TracesSampler } from '../config.ts';
import type { Logger } from '../logger.ts';

/**
 * The OpenTelemetry SDK, started only when traces are on (config.ts: `tracing`): main.ts imports
 * this module dynamically then, so that without OTEL_EXPORTER_OTLP_ENDPOINT none of the SDK is
 * loaded, and every span the code starts through `@opentelemetry/api` is a no-op.
 *
 * Spans go out in batches over OTLP/HTTP (JSON) to OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`
 * (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is); the exporter reads its other standard
 * variables (OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, _COMPRESSION) itself, the resource reads
 * OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES; the batching reads OTEL_BSP_*. Contexts travel
 * as W3C Trace Context.
 */

export interface Tracing {
  /** Exports the spans still buffered, then stops: called last when the server stops. */
  shutdown(): Promise<void>;
}

export const DEFAULT_SERVICE_NAME = 'activation-mail';

/** OTEL_TRACES_SAMPLER as the specification defines it; the default, parentbased_always_on, follows the caller's decision. */
export function samplerFor(name: TracesSampler, ratio: number): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}

/** How long the last export may take at shutdown: with the collector down, the exporter's own retries would hold the stop for 10 s more. */
const SHUTDOWN_EXPORT_MS = 3_000;

/** At most one warning a minute about exports: a collector that is down fails every batch. */
const WARN_EVERY_MS = 60_000;

export function startTracing(settings: NonNullable<Config['tracing']>, logger: Pick<Logger, 'warn'>): Tracing {
  // The SDK's own diagnostics (an export refused, spans dropped for a full queue) go to our log
  // as warnings, at most one a minute; without this they went nowhere.
  let warnedAt = Number.NEGATIVE_INFINITY;
  const warn = (message: string) => {
    if (Date.now() - warnedAt < WARN_EVERY_MS) return;
    warnedAt = Date.now();
    logger.warn(
      { detail: message.slice(0, 300) },
      'traces: the OpenTelemetry SDK reports a problem (repeats are not logged for a minute)',
    );
  };
  diag.setLogger(
    { error: warn, warn, info: () => {}, debug: () => {}, verbose: () => {} },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
  setGlobalErrorHandler((err) => warn(err instanceof Error ? err.message : String(err)));
  // The SDK's own attributes (telemetry.sdk.*), then ours: the service's name (OTEL_SERVICE_NAME
  // and OTEL_RESOURCE_ATTRIBUTES win over it) and this process's instance, so that two instances'
  // spans can be told apart.
  const resource = defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: DEFAULT_SERVICE_NAME, 'service.instance.id': randomUUID() }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new TracerProvider({
    resource,
    sampler: samplerFor(settings.sampler, settings.ratio),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter(),
        // The specification's OTEL_BSP_* variables, which this SDK no longer reads itself.
        scheduledDelayMillis: getNumberFromEnv('OTEL_BSP_SCHEDULE_DELAY'),
        exportTimeoutMillis: getNumberFromEnv('OTEL_BSP_EXPORT_TIMEOUT'),
        maxQueueSize: getNumberFromEnv('OTEL_BSP_MAX_QUEUE_SIZE'),
        maxExportBatchSize: getNumberFromEnv('OTEL_BSP_MAX_EXPORT_BATCH_SIZE'),
      }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return {
    async shutdown() {
      const gaveUp = Symbol('gave up');
      const ended = await Promise.race([
        provider.shutdown(),
        new Promise<typeof gaveUp>((resolve) => setTimeout(resolve, SHUTDOWN_EXPORT_MS, gaveUp).unref()),
      ]);
      if (ended === gaveUp)
        logger.warn(`traces: the last spans were not exported within ${SHUTDOWN_EXPORT_MS} ms: given up`);
      trace.disable();
      propagation.disable();
      context.disable();
      diag.disable();
    },
  };
}
