/**
 * A trace context as it is stored and sent: the W3C Trace Context headers (`traceparent`, and
 * `tracestate` when there is one), exactly as the propagator writes them. Stored with an email
 * or an event out, it makes later work (a worker's provider call, a webhook, a delivery to the
 * caller's endpoint) a part of the trace of the request that caused it.
 */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}
