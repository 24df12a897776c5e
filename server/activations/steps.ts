import { v7 } from 'uuid';
import type { LinkPolicy, RenderedEmail, TemplateName } from '../../emails/_catalog/index.ts';
import { isLocale } from '../../emails/_catalog/locales.ts';
import { acknowledgementAfter, resolveRecipient } from '../../emails/_domain/activation.ts';
import type { RenderEmail } from '../render/threads.ts';
import type {
  ActivationChange,
  ActivationChoice,
  ActivationEmail,
  ActivationEnrollment,
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
import { canceledByChoice, type FollowUpPolicy, type FollowUpPurpose, isPending, planFollowUps } from './follow-ups.ts';
import { type ActivationCommand, type Refusal, refusalDetail, transition } from './machine.ts';

/**
 * The I/O shell around the activation's pure rules: reads the activation, asks the machine what
 * a command does, renders the emails the step sends, and stores the step in one transaction. A
 * step computed from a read that another step overtook is decided again from a fresh read, so
 * two racing choices end with one winner and one refusal, and exactly one acknowledgement.
 */

export interface ActivationStepsOptions {
  store: Store;
  render: RenderEmail;
  links: LinkPolicy;
  followUps: FollowUpPolicy;
  /** The clock that dates and schedules steps; tests move it instead of waiting days. */
  now: () => Date;
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

export type Command =
  | { type: 'choose'; choice: Omit<ActivationChoice, 'at'> }
  | { type: 'provision'; subscriptions: unknown[]; subscriptionsUrl: string }
  | { type: 'change-contacts'; enrollment: ActivationEnrollment }
  | { type: 'resend' }
  | { type: 'cancel' };

/** A step that keeps losing races is given up after this many tries (it never happens in practice). */
const MAX_TRIES = 8;

/** The recipient's greeting: the name the caller gave, else the resolved contact's. */
const greetingOf = (a: Pick<ActivationRecord, 'details' | 'enrollment'>): string | undefined =>
  a.details.recipientName ?? resolveRecipient(a.enrollment)?.contact.name;

/** The activation email's data, as rendered for this activation (a reminder when asked). */
export function activationData(a: Pick<ActivationRecord, 'scenario' | 'details' | 'enrollment'>, reminder = false) {
  const greeting = greetingOf(a);
  return {
    scenario: a.scenario,
    organizationName: a.enrollment.organizationName,
    ...(greeting ? { recipientName: greeting } : {}),
    enrollmentNumber: a.enrollment.number,
    ...(a.details.services?.length ? { services: a.details.services } : {}),
    ...(a.details.signInUrl ? { signInUrl: a.details.signInUrl } : {}),
    ...(a.details.signUpUrl ? { signUpUrl: a.details.signUpUrl } : {}),
    ...(reminder ? { reminder: true } : {}),
  };
}

const templateOf: Record<EmailPurpose, TemplateName> = {
  activation: 'activation',
  reminder: 'activation',
  acknowledgement: 'acknowledgement',
  'provisioning-confirmation': 'provisioning-confirmation',
  'trial-ending': 'trial-ending',
  'trial-ended': 'trial-ending',
};

/** The email's line on the timeline, as the store reads it back. */
const acceptedEvent = (email: NewEmail): TimelineEvent => ({
  type: 'email.accepted',
  at: email.createdAt,
  detail: `${email.purpose}${email.status === 'scheduled' ? `: due at ${email.scheduledAt?.toISOString()}` : ''}`,
  emailId: email.id,
});

export function createActivationSteps({ store, render, followUps, now }: ActivationStepsOptions) {
  async function email(
    a: ActivationRecord,
    purpose: EmailPurpose,
    data: Record<string, unknown>,
    at: Date,
    createdAt: Date,
    renders?: Map<string, Promise<RenderedEmail>>,
  ): Promise<NewEmail> {
    const template = templateOf[purpose];
    // Reminders are the same email each time: one step renders it once.
    // The activation's emails all speak the language it was created in.
    const locale = isLocale(a.details.locale) ? a.details.locale : undefined;
    const key = `${template}\n${locale}\n${JSON.stringify(data)}`;
    let rendering = renders?.get(key);
    if (!rendering) {
      rendering = render(template, data, locale);
      renders?.set(key, rendering);
    }
    const rendered = await rendering;
    const scheduled = at.getTime() > createdAt.getTime();
    return {
      id: v7(),
      template,
      data,
      to: [a.recipient.email],
      recipientRole: a.recipient.role,
      tags: a.details.tags,
      ...rendered,
      status: scheduled ? 'scheduled' : 'queued',
      scheduledAt: scheduled ? at : undefined,
      createdAt,
      activationId: a.id,
      purpose,
    };
  }

  const outgoing = (
    type: string,
    a: ActivationRecord,
    at: Date,
    extra: Record<string, unknown> = {},
  ): OutgoingEvent => ({
    id: v7(),
    type,
    payload: JSON.stringify({
      type,
      timestamp: at.toISOString(),
      data: {
        activationId: a.id,
        enrollmentNumber: a.enrollment.number,
        scenario: a.scenario,
        state: a.state,
        recipient: a.recipient,
        needsAttention: a.needsAttention,
        ...extra,
      },
    }),
  });

  async function create(
    input: Pick<ActivationRecord, 'scenario' | 'enrollment' | 'details'>,
    idempotency?: IdempotentStep,
  ): Promise<
    | { kind: 'created'; activation: ActivationWithHistory; emailsStored: number }
    | { kind: 'enrollment-taken'; activationId: string }
  > {
    const at = now();
    const resolved = resolveRecipient(input.enrollment);
    if (!resolved) throw new Error('an activation needs a recipient; the request validation checks for one');
    const activation: ActivationRecord = {
      id: v7(),
      ...input,
      state: 'awaiting-choice',
      recipient: { email: resolved.contact.email, role: resolved.role },
      needsAttention: false,
      attentionSince: at,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    const first = await email(activation, 'activation', activationData(activation), at, at);
    const renders = new Map<string, Promise<RenderedEmail>>();
    const followUpEmails = await Promise.all(
      planFollowUps(followUps, { scenario: input.scenario, trialEndsOn: input.details.trialEndsOn }, at).map((f) =>
        email(activation, f.purpose, followUpData(activation, f.purpose), f.at, at, renders),
      ),
    );
    const emails = [first, ...followUpEmails];
    const events = [{ type: 'activation.created', at, detail: `${input.scenario}, to the ${resolved.role}` }];
    const after = project(
      { ...activation, emails: [], events: [] },
      { events, emails, canceled: [], cancelDetail: '' },
    );
    const result = await store.createActivation({
      activation,
      events,
      emails,
      outgoing: [outgoing('activation.created', activation, at)],
      idempotency: idempotency && { request: idempotency.request, response: idempotency.respond(after) },
    });
    if (result.kind === 'enrollment-taken') return result;
    return { kind: 'created', activation: after, emailsStored: emails.length };
  }

  function followUpData(a: ActivationRecord, purpose: FollowUpPurpose): Record<string, unknown> {
    if (purpose === 'reminder') return activationData(a, true);
    const greeting = greetingOf(a);
    return {
      organizationName: a.enrollment.organizationName,
      ...(greeting ? { recipientName: greeting } : {}),
      trialEndsOn: a.details.trialEndsOn,
      // Once the trial has ended, the notice offers no option: it sends the customer to support.
      ...(purpose === 'trial-ended'
        ? { ended: true }
        : // Converting while keeping the trial's data is Sign In, which every trial customer is offered.
          { convertUrl: a.details.signInUrl }),
    };
  }

  /** What the activation looks like after a step, as the store will read it back. */
  function project(
    before: ActivationWithHistory,
    step: {
      set?: ActivationChange['set'];
      events: { type: string; at: Date; detail?: string | undefined }[];
      emails: NewEmail[];
      canceled: ActivationEmail[];
      cancelDetail: string;
      at?: Date;
    },
  ): ActivationWithHistory {
    const canceledIds = new Set(step.canceled.map((e) => e.id));
    const at = step.at ?? before.createdAt;
    // In the store's order: by time, the activation's own steps before its emails' events.
    const timeline: TimelineEvent[] = [
      ...before.events,
      ...step.events.map(({ type, at, detail }) => ({ type, at, ...(detail ? { detail } : {}) })),
      ...step.canceled.map((e) => ({
        type: 'email.canceled',
        at,
        detail: `${e.purpose}: ${step.cancelDetail}`,
        emailId: e.id,
      })),
      ...step.emails.map(acceptedEvent),
    ];
    return {
      ...before,
      ...step.set,
      version: before.version + 1,
      emails: [
        ...before.emails.map((e) => (canceledIds.has(e.id) ? { ...e, status: 'canceled' as const } : e)),
        ...step.emails.map((e) => ({
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
      events: timeline.sort((x, y) => x.at.getTime() - y.at.getTime()),
    };
  }

  /** The emails, events and changes one command makes, decided on `a` as read. */
  async function plan(a: ActivationWithHistory, command: Command, at: Date) {
    const pending = a.emails.filter((e) => isPending(e.status) && e.attempts === 0);
    const set: ActivationChange['set'] = { updatedAt: at };
    let emails: NewEmail[] = [];
    let canceled: ActivationEmail[] = [];
    let cancelDetail = '';
    let events: { type: string; at: Date; detail?: string }[] = [];
    let out: OutgoingEvent[] = [];
    switch (command.type) {
      case 'choose': {
        const choice: ActivationChoice = { ...command.choice, at: at.toISOString() };
        const next = { ...a, state: 'chosen' as const, choice };
        Object.assign(set, { state: 'chosen', choice });
        const purposes = canceledByChoice(choice.option);
        canceled = pending.filter((e) => purposes.includes(e.purpose));
        cancelDetail = `${choice.option} was chosen`;
        const greeting = greetingOf(a);
        emails = [
          await email(
            a,
            'acknowledgement',
            {
              kind: acknowledgementAfter[choice.option],
              organizationName: a.enrollment.organizationName,
              ...(greeting ? { recipientName: greeting } : {}),
              onlineServicesId: choice.onlineServicesId,
              ...(choice.tenantDomain ? { tenantDomain: choice.tenantDomain } : {}),
              ...(choice.subscriptionsUrl ? { subscriptionsUrl: choice.subscriptionsUrl } : {}),
            },
            at,
            at,
          ),
        ];
        events = [{ type: 'activation.choice_recorded', at, detail: choice.option }];
        out = [outgoing('activation.choice_recorded', next, at, { option: choice.option })];
        break;
      }
      case 'provision': {
        const next = { ...a, state: 'provisioned' as const };
        set.state = 'provisioned';
        const greeting = greetingOf(a);
        emails = [
          await email(
            a,
            'provisioning-confirmation',
            {
              organizationName: a.enrollment.organizationName,
              ...(greeting ? { recipientName: greeting } : {}),
              enrollmentNumber: a.enrollment.number,
              subscriptions: command.subscriptions,
              subscriptionsUrl: command.subscriptionsUrl,
            },
            at,
            at,
          ),
        ];
        const services = (command.subscriptions as { service: string }[]).map((s) => s.service);
        events = [{ type: 'activation.provisioned', at, detail: services.join(', ') }];
        out = [outgoing('activation.provisioned', next, at, { subscriptions: command.subscriptions })];
        break;
      }
      case 'change-contacts': {
        const resolved = resolveRecipient(command.enrollment);
        if (!resolved)
          throw new Error('a contact change must leave a recipient; the request validation checks for one');
        const next: ActivationRecord = {
          ...a,
          enrollment: command.enrollment,
          recipient: { email: resolved.contact.email, role: resolved.role },
        };
        Object.assign(set, {
          enrollment: next.enrollment,
          recipient: next.recipient,
          needsAttention: false,
          attentionSince: at,
        });
        // Follow-ups still waiting go to the new recipient (and greet them): each is replaced by
        // one rendered for them, due at the same time. Like the guide's change form, nothing is
        // sent now because of the change.
        const moved = next.recipient.email !== a.recipient.email || greetingOf(next) !== greetingOf(a);
        if (moved) {
          canceled = pending;
          cancelDetail = 'moved to the new recipient';
          const greeting = greetingOf(next);
          const renders = new Map<string, Promise<RenderedEmail>>();
          emails = await Promise.all(
            pending.map((e) => {
              const { recipientName: _, ...data } = e.data as Record<string, unknown>;
              return email(
                next,
                e.purpose,
                { ...data, ...(greeting ? { recipientName: greeting } : {}) },
                e.scheduledAt ?? at,
                at,
                renders,
              );
            }),
          );
        }
        events = [
          {
            type: 'activation.contacts_changed',
            at,
            detail: `recipient: the ${resolved.role}${next.recipient.email === a.recipient.email ? ' (unchanged)' : ''}`,
          },
        ];
        break;
      }
      case 'resend':
        set.needsAttention = false;
        set.attentionSince = at;
        emails = [await email(a, 'activation', activationData(a), at, at)];
        events = [{ type: 'activation.resent', at, detail: `to the ${a.recipient.role}` }];
        break;
      case 'cancel': {
        const next = { ...a, state: 'canceled' as const };
        set.state = 'canceled';
        canceled = pending;
        cancelDetail = 'the activation was canceled';
        events = [{ type: 'activation.canceled', at }];
        out = [outgoing('activation.canceled', next, at)];
        break;
      }
    }
    return { set, emails, canceled, cancelDetail, events, outgoing: out };
  }

  const machineCommand = (command: Command): ActivationCommand =>
    command.type === 'choose' ? { type: 'choose', option: command.choice.option } : { type: command.type };

  async function apply(id: string, command: Command, idempotency?: IdempotentStep): Promise<StepResult> {
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const a = await store.getActivation(id);
      if (!a) return { kind: 'not-found' };
      const outcome = transition(a, machineCommand(command));
      if (outcome.kind === 'refused') {
        return {
          kind: 'refused',
          reason: outcome.reason,
          detail: refusalDetail(outcome.reason, a, machineCommand(command)),
        };
      }
      if (outcome.kind === 'unchanged') return { kind: 'done', activation: a, changed: false, emailsStored: 0 };
      const at = now();
      const step = await plan(a, command, at);
      const after = project(a, { ...step, at });
      const result = await store.changeActivation({
        id,
        version: a.version,
        set: step.set,
        cancel: { ids: step.canceled.map((e) => e.id), detail: step.cancelDetail, at },
        emails: step.emails,
        events: step.events,
        outgoing: step.outgoing,
        idempotency: idempotency && { request: idempotency.request, response: idempotency.respond(after) },
      });
      if (result === 'applied')
        return { kind: 'done', activation: after, changed: true, emailsStored: step.emails.length };
    }
    throw new Error(`activation ${id}: the step lost ${MAX_TRIES} races in a row`);
  }

  return { create, apply };
}

export type ActivationSteps = ReturnType<typeof createActivationSteps>;
