import { v7 } from 'uuid';
import { defaultLocale, isLocale, type TemplateName } from '../../emails/_catalog/index.ts';
import type { Renderer, StoredEmail } from '../render/threads.ts';
import type {
  ActivationRecord,
  ActivationWithHistory,
  EmailPurpose,
  IdempotencyRequest,
  IdempotentResponse,
  NewEmail,
  OutgoingEvent,
  Store,
  TimelineEvent,
} from '../store/index.ts';
import {
  attributes,
  currentTraceCarrier,
  emailIdAttributes,
  noteOnRequest,
  type TraceCarrier,
} from '../tracing/spans.ts';
import { type FollowUpPolicy, sendBefore } from './follow-ups.ts';
import { type Command, type NewActivationRequest, type Plan, type Refusal, start, transition } from './machine.ts';

/**
 * The I/O shell around the activation's rules: read the activation, ask the machine what a
 * command does (machine.ts), render the emails the plan sends, and store the step in one
 * transaction. A step planned from a read that another step overtook is planned again from a
 * fresh read, so two racing choices end with one winner and one refusal, and exactly one
 * acknowledgement.
 */

export interface ActivationStepsOptions {
  store: Store;
  renderForStore: Renderer['renderForStore'];
  followUps: FollowUpPolicy;
  /** The clock that dates and schedules steps; tests move it instead of waiting days. */
  clock: () => Date;
}

/** What the route stores with its Idempotency-Key, given the activation after the step. */
export interface IdempotentStep {
  request: IdempotencyRequest;
  respond: (activation: ActivationWithHistory) => IdempotentResponse;
}

export type StepResult =
  /** `emailsStored`: the emails the step queued or scheduled (counted in emails_accepted_total). */
  | { kind: 'done'; activation: ActivationWithHistory; changed: boolean; emailsStored: number }
  | { kind: 'not-found' }
  | { kind: 'refused'; reason: Refusal; detail: string };

export type CreateResult =
  | { kind: 'created'; activation: ActivationWithHistory; emailsStored: number }
  | { kind: 'enrollment-taken'; activationId: string };

/** A step that keeps losing races is given up after this many tries (it never happens in practice). */
const MAX_TRIES = 8;

const templateOf: Record<EmailPurpose, TemplateName> = {
  activation: 'activation',
  reminder: 'activation',
  acknowledgement: 'acknowledgement',
  'provisioning-confirmation': 'provisioning-confirmation',
  'trial-ending': 'trial-ending',
  'trial-ended': 'trial-ending',
};

export function createActivationSteps({ store, renderForStore, followUps, clock }: ActivationStepsOptions) {
  /** The plan's emails, rendered for the activation after the step; identical ones (reminders) once. */
  async function emailsOf(a: ActivationRecord, plan: Plan, now: Date, keyName: string): Promise<NewEmail[]> {
    // The activation's emails all speak the language it was created in.
    const locale = isLocale(a.details.locale) ? a.details.locale : undefined;
    const renders = new Map<string, Promise<StoredEmail>>();
    return Promise.all(
      plan.emails.map(async ({ purpose, data, at }) => {
        const template = templateOf[purpose];
        const key = `${template}\n${JSON.stringify(data)}`;
        let rendering = renders.get(key);
        if (!rendering) {
          rendering = renderForStore(template, data, locale);
          renders.set(key, rendering);
        }
        const scheduled = at.getTime() > now.getTime();
        return {
          id: v7(),
          template,
          data,
          to: [a.recipient.email],
          recipientRole: a.recipient.role,
          tags: a.details.tags,
          ...(await rendering),
          status: scheduled ? 'scheduled' : 'queued',
          scheduledAt: scheduled ? at : undefined,
          createdAt: now,
          activationId: a.id,
          purpose,
          keyName,
          locale: locale ?? defaultLocale,
          sendBefore: sendBefore(purpose, { scenario: a.scenario, trialEndsOn: a.details.trialEndsOn }),
        } satisfies NewEmail;
      }),
    );
  }

  /** The plan's events out, each with its stable id and its body as it will be signed, naming the key that made the change. */
  const outgoingOf = (a: ActivationRecord, plan: Plan, now: Date, keyName: string): OutgoingEvent[] =>
    plan.outgoing.map(({ type, data }) => ({
      id: v7(),
      type,
      payload: JSON.stringify({
        type,
        timestamp: now.toISOString(),
        data: {
          activationId: a.id,
          enrollmentNumber: a.enrollment.number,
          scenario: a.scenario,
          state: a.state,
          recipient: a.recipient,
          needsAttention: a.needsAttention,
          ...data,
          keyName,
        },
      }),
    }));

  /**
   * The step's ids on the request's span, and its trace context on its emails: their provider
   * calls, webhooks and events out join the trace of the request that caused them. Returns the
   * context, for the step's own events out.
   */
  function traced(activationId: string, emails: NewEmail[]): TraceCarrier | undefined {
    noteOnRequest({
      [attributes.activationId]: activationId,
      ...(emails.length > 0 ? emailIdAttributes(emails.map((email) => email.id)) : {}),
    });
    const traceContext = currentTraceCarrier();
    for (const email of emails) email.traceContext = traceContext;
    return traceContext;
  }

  /** Starts an activation for the key named `keyName`. */
  async function create(request: Omit<NewActivationRequest, 'id'>, keyName: string, idempotency?: IdempotentStep) {
    const now = clock();
    const plan = start({ id: v7(), ...request }, { now, followUps });
    if (!plan) throw new Error('an activation needs a recipient; the request validation checks for one');
    const emails = await emailsOf(plan.next, plan, now, keyName);
    const after = project({ ...plan.next, version: 0, emails: [], events: [] }, plan, emails, now, keyName);
    const result = await store.createActivation({
      activation: plan.next,
      keyName,
      events: plan.events,
      emails,
      outgoing: outgoingOf(plan.next, plan, now, keyName),
      idempotency: idempotency && { request: idempotency.request, response: idempotency.respond(after) },
      traceContext: traced(plan.next.id, emails),
    });
    if (result.kind === 'enrollment-taken') return result;
    return { kind: 'created', activation: after, emailsStored: emails.length } satisfies CreateResult;
  }

  /** Carries out a command on an activation for the key named `keyName`. */
  async function apply(
    id: string,
    command: Command,
    keyName: string,
    idempotency?: IdempotentStep,
  ): Promise<StepResult> {
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const a = await store.getActivation(id);
      if (!a) return { kind: 'not-found' };
      const now = clock();
      const outcome = transition(a, command, { now, followUps });
      if (outcome.kind === 'refused') return outcome;
      if (outcome.kind === 'unchanged') return { kind: 'done', activation: a, changed: false, emailsStored: 0 };
      const { plan } = outcome;
      const emails = await emailsOf(plan.next, plan, now, keyName);
      const after = project(a, plan, emails, now, keyName);
      const { next } = plan;
      const result = await store.changeActivation({
        id,
        version: a.version,
        set: {
          state: next.state,
          enrollment: next.enrollment,
          recipient: next.recipient,
          choice: next.choice,
          needsAttention: next.needsAttention,
          attentionSince: next.attentionSince,
          updatedAt: next.updatedAt,
        },
        cancel: { ...plan.cancel, at: now },
        keyName,
        events: plan.events,
        emails,
        outgoing: outgoingOf(next, plan, now, keyName),
        idempotency: idempotency && { request: idempotency.request, response: idempotency.respond(after) },
        traceContext: traced(id, emails),
      });
      if (result === 'applied') return { kind: 'done', activation: after, changed: true, emailsStored: emails.length };
    }
    throw new Error(`activation ${id}: the step lost ${MAX_TRIES} races in a row`);
  }

  return { create, apply };
}

export type ActivationSteps = ReturnType<typeof createActivationSteps>;

/**
 * The activation after a step, as the store will read it back: the timeline gains, in the order
 * the store writes them, the step's events, the emails it cancels, then the emails it accepts.
 */
function project(
  before: ActivationWithHistory,
  plan: Plan,
  emails: NewEmail[],
  now: Date,
  keyName: string,
): ActivationWithHistory {
  const canceled = new Set(plan.cancel.ids);
  const purposeOf = new Map(before.emails.map((e) => [e.id, e.purpose]));
  const timeline: TimelineEvent[] = [
    ...before.events,
    ...plan.events.map(({ type, at, detail }) => ({ type, at, ...(detail ? { detail } : {}), keyName })),
    ...plan.cancel.ids.map((emailId) => ({
      type: 'email.canceled',
      at: now,
      detail: `${purposeOf.get(emailId)}: ${plan.cancel.detail}`,
      emailId,
      keyName,
    })),
    ...emails.map((email) => ({
      type: 'email.accepted',
      at: email.createdAt,
      detail: `${email.purpose}${email.status === 'scheduled' ? `: due at ${email.scheduledAt?.toISOString()}` : ''}`,
      emailId: email.id,
      keyName,
    })),
  ];
  return {
    ...plan.next,
    version: before.version + 1,
    emails: [
      ...before.emails.map((e) => (canceled.has(e.id) ? { ...e, status: 'canceled' as const } : e)),
      ...emails.map((e) => ({
        id: e.id,
        purpose: e.purpose as EmailPurpose,
        template: e.template,
        data: e.data,
        to: e.to,
        status: e.status,
        attempts: 0,
        scheduledAt: e.scheduledAt,
        createdAt: e.createdAt,
      })),
    ],
    events: timeline,
  };
}
