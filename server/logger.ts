import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { type DestinationStream, type Level, type Logger, pino } from 'pino';

export type { Logger };

const EMAIL = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[a-z]{2,}/gi;
const REDACTED = '[redacted]';

/**
 * Email addresses are personal data: no log line carries one, whichever field it hides in.
 * Every line goes through here, so what holds no address is returned as it is, not copied.
 */
export function redactEmails<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return (value.includes('@') ? value.replace(EMAIL, REDACTED) : value) as T;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) {
    const redacted = value.map((v) => redactEmails(v, depth + 1));
    return (redacted.some((v, i) => v !== value[i]) ? redacted : value) as T;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, field] of Object.entries(value)) {
    const redacted = redactEmails(field, depth + 1);
    if (redacted !== field) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = redacted;
    }
  }
  return (copy ?? value) as T;
}

/** Quoted values and a query's parameters are where a database error repeats the data it refused. */
const scrubMessage = (text: string): string =>
  text
    .replace(/\nparams: [\s\S]*/, '\nparams: [redacted]')
    .replace(/"[^"\n]*"/g, '"[redacted]"')
    .replace(/\([^()\n]*\)=\([^\n]*\)/g, '([redacted])=([redacted])');

/**
 * Errors as logged: name, scrubbed message and stack, code, and the same for their cause. Never
 * the properties a database error carries its statement's parameters or the failing row in
 * (`params`, `detail`, `where`…): those hold addresses and template data.
 */
export function safeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? scrubMessage(err) : err;
  const { code, severity, routine } = err as Error & { code?: unknown; severity?: unknown; routine?: unknown };
  const message = scrubMessage(err.message);
  const stack = err.stack?.replace(err.message, message);
  return {
    type: err.name,
    message,
    ...(stack ? { stack } : {}),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof severity === 'string' ? { severity } : {}),
    ...(typeof routine === 'string' ? { routine } : {}),
    ...(err.cause !== undefined && depth < 3 ? { cause: safeError(err.cause, depth + 1) } : {}),
  };
}

/**
 * A line written while a traced request or send is under way carries its ids, as the
 * OpenTelemetry conventions name them for logs, so a log search leads to the trace. Without
 * traces there is no active span, and nothing is added.
 */
function traceIds(): { trace_id?: string; span_id?: string; trace_flags?: string } {
  const span = trace.getActiveSpan();
  // Sampled or not: an unsampled request's trace id still goes out (events, the caller's own trace).
  // A new object each time: pino merges the line's own fields into what the mixin returns, so a
  // shared one would carry one line's fields (a request's path, a signal) into every later line.
  if (!span || !isSpanContextValid(span.spanContext())) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  return { trace_id: traceId, span_id: spanId, trace_flags: traceFlags.toString(16).padStart(2, '0') };
}

export interface LoggerOptions {
  level?: Level | 'silent';
  /** Where lines go; standard output when absent. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

export function createLogger({ level = 'info', destination }: LoggerOptions = {}): Logger {
  return pino(
    {
      level,
      base: { service: 'activation-mail' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'authorization',
          '*.authorization',
          'headers.authorization',
          '*.headers.authorization',
          'headers.cookie',
          '*.headers.cookie',
          'apiKey',
          '*.apiKey',
        ],
        censor: REDACTED,
      },
      serializers: { err: safeError, error: safeError },
      mixin: traceIds,
      formatters: { log: (object) => redactEmails(object) },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? redactEmails(a) : a)) as Parameters<typeof method>,
          );
        },
      },
    },
    destination,
  );
}

export type LoggerVariables = { requestId: string };

/**
 * One line per request (request id, method, path, status, milliseconds). The path is logged
 * without its query string, which is where personal data would otherwise slip in. The id is a
 * field of the line rather than of a child logger: pino's children cost more to make than the
 * line costs to write (0.04 ms a request).
 */
export const requestLogger =
  (logger: Logger): MiddlewareHandler<{ Variables: LoggerVariables }> =>
  async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const line = {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round(performance.now() - started),
    };
    if (status >= 500) logger.error(line, 'request failed');
    else logger.info(line, 'request');
  };
