import {
  type Attributes,
  type Context,
  context,
  type Link,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { TraceCarrier } from './carrier.ts';

/**
 * The spans the service makes, through `@opentelemetry/api` only: without the SDK (traces off,
 * tracing/sdk.ts never loaded) every call here is a no-op that allocates next to nothing, and
 * no trace context is captured or sent.
 *
 * What a span may carry: ids (emails, activations, events), counts, statuses, route patterns.
 * Never an address, a subject, template data or a provider's error text (it can quote an
 * address): the span says that something failed and how (`error.type`), the email's own
 * timeline says the rest.
 */

export type { TraceCarrier };

/** Our own attributes, namespaced as the semantic conventions ask of application attributes. */
export const attributes = {
  emailId: 'activation_mail.email.id',
  /** A request that accepted several emails (a batch send, an activation step). */
  emailIds: 'activation_mail.email.ids',
  activationId: 'activation_mail.activation.id',
  /** Which try of the email this is (1 for the first). */
  attempt: 'activation_mail.email.attempt',
  /** Emails in one provider request. */
  batchSize: 'activation_mail.batch.size',
  transport: 'activation_mail.transport',
  providerEventType: 'activation_mail.provider_event.type',
  /** What recording a provider event did: `recorded`, `duplicate`. */
  settlement: 'activation_mail.settlement',
  eventId: 'activation_mail.event.id',
  eventType: 'activation_mail.event.type',
} as const;

export const tracer = trace.getTracer('activation-mail');

/** The active trace context as W3C headers, to store with what this request causes; undefined when nothing is traced. */
export function currentTraceCarrier(): TraceCarrier | undefined {
  const carrier: Partial<TraceCarrier> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? (carrier as TraceCarrier) : undefined;
}

/** A stored trace context, as the parent of the spans of later work; the root context when there is none. */
export function contextOf(carrier: TraceCarrier | null | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}

/** Adds ids to the span of the request being served (the HTTP span), if it is traced. */
export function noteOnRequest(attrs: Attributes): void {
  const span = trace.getActiveSpan();
  if (span?.isRecording()) span.setAttributes(attrs);
}

/** The email ids as attributes: one id, or the list. */
export const emailIdAttributes = (ids: string[]): Attributes =>
  ids.length === 1 ? { [attributes.emailId]: ids[0] } : { [attributes.emailIds]: ids };

/** Marks a span failed, with a short kind of failure (never a message that could quote personal data). */
export function failSpan(span: Span, errorType: string): void {
  span.setAttribute(ATTR_ERROR_TYPE, errorType);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/** Runs `work` in a span (active while it runs, so spans it starts are its children), ended when it settles. */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; links?: Link[]; parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const { parent = context.active(), ...spanOptions } = options;
  return tracer.startActiveSpan(name, spanOptions, parent, async (span) => {
    try {
      return await work(span);
    } catch (err) {
      failSpan(span, err instanceof Error ? err.name : 'error');
      throw err;
    } finally {
      span.end();
    }
  });
}

export { SpanKind };
