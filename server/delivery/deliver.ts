import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { ClaimedBatch, ClaimedEmail, Store } from '../store/index.ts';
import { attributes, contextOf, failSpan, inSpan, SpanKind, tracer } from '../tracing/spans.ts';
import { type Decision, decide, type RetryPolicy } from './retry-policy.ts';
import type { SendBudget } from './send-budget.ts';
import type { ProviderLimit, SendOutcome, Transport } from './transport.ts';
import { createTurns } from './turns.ts';

/**
 * One claimed request through to its outcome: wait for its turn, send it, decide what each
 * email's outcome means (retry-policy.ts), and record it. A refusal for the provider's own limit
 * holds back every send, here and, with a shared budget, everywhere.
 */

export interface Counter {
  inc(by?: number): void;
}

/** What the worker reports for `/metrics`, beside the sent/failed/retried counters. */
export interface DeliveryObserver {
  /** The provider refused a request for one of its limits. */
  refused?(limit: ProviderLimit): void;
  /** Emails parked because a quota is spent. */
  parked?(limit: 'daily-quota' | 'monthly-quota', emails: number): void;
  /** Emails in one request sent. */
  requestSize?(emails: number): void;
}

export interface DelivererOptions {
  store: Store;
  transport: Transport;
  owner: string;
  retry: RetryPolicy;
  sendTimeoutMs: number;
  log: Logger;
  budget?: SendBudget | undefined;
  counters: { sent?: Counter; captured?: Counter; failed?: Counter; retried?: Counter; outcomeUnknown?: Counter };
  observer: DeliveryObserver;
}

/** Stands in for an outcome the provider's answer did not give (it listed fewer emails than sent). */
const lost: SendOutcome = { ok: false, retryable: true, reason: 'the provider did not answer for this email' };

/** A refusal of the request itself (not of a limit, not worth retrying as it is). */
const isRequestFault = (outcome: SendOutcome) => !outcome.ok && !outcome.retryable && outcome.limit === undefined;

type Sent = { kind: 'outcomes'; outcomes: Map<string, SendOutcome> } | { kind: 'refused-whole'; outcome: SendOutcome };

/** Sends one request (an email on its own, or a batch) and says what became of each email. */
async function sendRequest(transport: Transport, batch: ClaimedBatch, signal: AbortSignal): Promise<Sent> {
  try {
    if (batch.key === undefined && batch.emails.length === 1) {
      const [email] = batch.emails as [ClaimedEmail];
      return { kind: 'outcomes', outcomes: new Map([[email.id, await transport.send(email, signal)]]) };
    }
    const answer = await transport.sendBatch(batch.emails, batch.key ?? batch.emails[0]?.id ?? '', signal);
    if (answer.kind === 'whole' && isRequestFault(answer.outcome) && batch.emails.length > 1) {
      return { kind: 'refused-whole', outcome: answer.outcome };
    }
    const outcomeOf = (i: number) =>
      answer.kind === 'each' ? (answer.outcomes[i] ?? answer.outcomes[0] ?? lost) : answer.outcome;
    return { kind: 'outcomes', outcomes: new Map(batch.emails.map((email, i) => [email.id, outcomeOf(i)])) };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return {
      kind: 'outcomes',
      outcomes: new Map(batch.emails.map((email) => [email.id, { ok: false, retryable: true, reason }])),
    };
  }
}

/** What kind of failure an outcome is, for a span's `error.type` (the reason's text may quote an address). */
const errorTypeOf = (outcome: Extract<SendOutcome, { ok: false }>) =>
  outcome.limit ?? (outcome.unanswered ? 'no_answer' : outcome.retryable ? 'retryable' : 'refused');

/**
 * The provider call as a CLIENT span. An email sent alone: a child of its own trace (the request
 * that accepted it). A batch carries emails of many traces: its span starts a trace of its own,
 * linked to each member's, as the OpenTelemetry conventions have it for work done for several
 * traces at once; and each member gets a span of the same call in its own trace, linked back to
 * the batch's, so that an email's trace shows its provider call whichever way it was sent, and
 * is sampled as that trace is (a root span's sampling ignores its links).
 */
async function sendTraced(transport: Transport, batch: ClaimedBatch, signal: AbortSignal): Promise<Sent> {
  const alone = batch.key === undefined && batch.emails.length === 1;
  const first = batch.emails[0];
  const links = alone
    ? []
    : batch.emails.flatMap((email) => {
        const linked = trace.getSpanContext(contextOf(email.traceContext));
        return linked ? [{ context: linked, attributes: { [attributes.emailId]: email.id } }] : [];
      });
  const started = Date.now();
  return inSpan(
    `${transport.name} ${alone ? 'send' : 'send batch'}`,
    {
      kind: SpanKind.CLIENT,
      parent: alone ? contextOf(first?.traceContext) : ROOT_CONTEXT,
      links,
      attributes: {
        [attributes.transport]: transport.name,
        [attributes.batchSize]: batch.emails.length,
        ...(alone && first ? { [attributes.emailId]: first.id, [attributes.attempt]: first.attempts } : {}),
      },
    },
    async (span) => {
      const sent = await sendRequest(transport, batch, signal);
      const outcomeOf = (id: string) => (sent.kind === 'refused-whole' ? sent.outcome : sent.outcomes.get(id));
      const failed = batch.emails.map((email) => outcomeOf(email.id)).find((outcome) => outcome && !outcome.ok);
      if (failed && !failed.ok) failSpan(span, errorTypeOf(failed));
      if (!alone) {
        for (const email of batch.emails) {
          if (!email.traceContext) continue;
          const member = tracer.startSpan(
            `${transport.name} send`,
            {
              kind: SpanKind.CLIENT,
              startTime: started,
              links: [{ context: span.spanContext() }],
              attributes: {
                [attributes.transport]: transport.name,
                [attributes.batchSize]: batch.emails.length,
                [attributes.emailId]: email.id,
                [attributes.attempt]: email.attempts,
              },
            },
            contextOf(email.traceContext),
          );
          const outcome = outcomeOf(email.id);
          if (outcome && !outcome.ok) failSpan(member, errorTypeOf(outcome));
          member.end();
        }
      }
      return sent;
    },
  );
}

/**
 * Stores what happened to one email. Every outcome of a send passes here once, as a `Decision`,
 * so that whatever follows a status change can hook in at one place.
 */
async function record(
  { store, owner, counters, log }: DelivererOptions,
  email: ClaimedEmail,
  decision: Decision,
): Promise<void> {
  const context = (reason: string) => ({ emailId: email.id, attempt: email.attempts, reason });
  let held: boolean;
  switch (decision.action) {
    case 'sent':
      held = await store.markSent(email.id, owner, decision.providerId);
      if (held) counters.sent?.inc();
      break;
    case 'captured':
      held = await store.markCaptured(email.id, owner);
      if (held) counters.captured?.inc();
      break;
    case 'retry':
      held = await store.markRetry(email.id, owner, decision.delayMs, decision.reason);
      if (held) counters.retried?.inc();
      log.warn({ ...context(decision.reason), delayMs: decision.delayMs }, 'send will be retried');
      break;
    case 'wait':
    case 'park':
      held = await store.markWaiting(
        email.id,
        owner,
        decision.delayMs,
        decision.action === 'wait' ? 'throttled' : 'parked',
        decision.reason,
      );
      break;
    case 'fail':
      held = await store.markFailed(email.id, owner, decision.reason);
      if (held) counters.failed?.inc();
      log.error(context(decision.reason), 'email failed');
      break;
    case 'unknown':
      held = await store.markOutcomeUnknown(email.id, owner, decision.reason);
      if (held) counters.outcomeUnknown?.inc();
      log.error(
        context(decision.reason),
        'no readable answer from the provider on any attempt: whether the email went out is unknown',
      );
      break;
  }
  if (!held)
    log.warn({ emailId: email.id }, 'lease lost before the outcome was recorded; another worker has the email');
}

export function createDeliverer(options: DelivererOptions) {
  const { store, transport, owner, retry, sendTimeoutMs, log, budget, observer } = options;
  const turns = budget ? createTurns(budget.intervalMs) : undefined;
  /** The provider's latest "stop until" that this worker knows of. */
  let pausedUntil = 0;
  /** Requests claimed and waiting for their turn: they do not count toward the worker's concurrency. */
  let awaitingTurn = 0;

  /** A refusal for the provider's own limit holds back every send, here and (shared budget) everywhere. */
  async function heed(decision: Decision, emails: number): Promise<void> {
    if (decision.action !== 'wait' && decision.action !== 'park') return;
    observer.refused?.(decision.limit);
    if (decision.action === 'park') {
      observer.parked?.(decision.limit, emails);
      log.warn(
        { limit: decision.limit, emails, resumeInMs: decision.delayMs },
        'provider quota spent: delivery parked',
      );
    }
    // A key still in progress concerns that key only; rate and quota concern every request
    // that takes from the budget (with none, only the email waits).
    if (decision.limit === 'concurrent' || !budget) return;
    const until = Date.now() + decision.delayMs;
    pausedUntil = Math.max(pausedUntil, until);
    await budget.pauseUntil(until).catch((err: unknown) => log.warn({ err }, 'could not share the provider pause'));
  }

  const handBack = (batch: ClaimedBatch, reason: string, untried = false) =>
    Promise.all(batch.held.map((id) => store.release(id, owner, reason, untried)));

  /** The provider refused a batch as a whole, for something in it: each email is tried on its own. */
  async function split(emails: ClaimedEmail[], outcome: SendOutcome): Promise<void> {
    const reason = outcome.ok ? '' : outcome.reason;
    log.warn(
      { emails: emails.length, reason },
      'the provider refused a batch as a whole: its emails are tried one by one',
    );
    await Promise.all(emails.map((email) => store.leaveBatch(email.id, owner, reason)));
  }

  /** Decides each held email's outcome (a request-wide answer gets one decision) and records it. */
  async function settle(mine: ClaimedEmail[], outcomes: Map<string, SendOutcome>): Promise<void> {
    const shared = new Map<SendOutcome, Decision>();
    const decisionOf = (email: ClaimedEmail) => {
      const outcome = outcomes.get(email.id) ?? lost;
      const decision = shared.get(outcome) ?? decide(retry, email.attempts, outcome);
      shared.set(outcome, decision);
      return decision;
    };
    const decisions = new Map(mine.map((email) => [email.id, decisionOf(email)]));
    for (const [outcome, decision] of shared) {
      if (!outcome.ok) await heed(decision, mine.filter((e) => outcomes.get(e.id) === outcome).length);
    }
    await Promise.all(mine.map((email) => record(options, email, decisions.get(email.id) ?? decisionOf(email))));
  }

  async function deliver(batch: ClaimedBatch, slotAt: number | undefined, shutdown: AbortSignal): Promise<void> {
    const held = new Set(batch.held);
    const mine = batch.emails.filter((email) => held.has(email.id));
    awaitingTurn++;
    try {
      if (turns && slotAt !== undefined) await turns.wait(slotAt, shutdown);
    } finally {
      awaitingTurn--;
    }
    if (shutdown.aborted) return void (await handBack(batch, 'the server shut down before the send', true));
    // The provider asked for a pause after this slot was granted: wait, without spending the attempt.
    if (pausedUntil > Date.now()) {
      const wait: Decision = {
        action: 'wait',
        limit: 'rate',
        delayMs: pausedUntil - Date.now(),
        reason: 'the provider asked to pause sending',
      };
      await Promise.all(mine.map((email) => record(options, email, wait)));
      return;
    }
    observer.requestSize?.(batch.emails.length);
    const sent = await sendTraced(transport, batch, AbortSignal.any([shutdown, AbortSignal.timeout(sendTimeoutMs)]));
    // Stopped mid-send: whether or not the provider got it, the next try carries the same key.
    if (shutdown.aborted) return void (await handBack(batch, 'the server shut down during the send'));
    if (sent.kind === 'refused-whole') return split(mine, sent.outcome);
    await settle(mine, sent.outcomes);
  }

  return {
    deliver,
    /** Requests claimed and still waiting for their turn. */
    awaitingTurn: () => awaitingTurn,
    /** Epoch ms until which the provider asked to pause (0 once past). */
    pausedUntil: () => (pausedUntil > Date.now() ? pausedUntil : 0),
    /** A pause the budget reported (another instance was refused). */
    notePause(until: number) {
      pausedUntil = Math.max(pausedUntil, until);
    },
  };
}
