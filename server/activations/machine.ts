import {
  acknowledgementAfter,
  type OptionId,
  offeredOptions,
  offersOption,
  resolveRecipient,
} from '../../emails/_domain/activation.ts';
import { activationData, followUpData, greetingOf, signedUpNoticeData } from './email-data.ts';
import { canceledByChoice, type FollowUpPolicy, isPending, planFollowUps, trialEnd } from './follow-ups.ts';
import type {
  ActivationChoice,
  ActivationEnrollment,
  ActivationEventTypeOut,
  ActivationRecord,
  ActivationWithHistory,
  Contact,
  EmailPurpose,
} from './model.ts';

/**
 * The activation's rules as pure functions: `start` plans a new activation, `transition` plans
 * what a command does to one, or refuses it. A plan is everything the step does: the new state,
 * its timeline events, the emails to send or schedule (`{purpose, data, at}`), the emails it
 * cancels and the events that go out. No clock (the time comes in), no store, no rendering:
 * steps.ts carries plans out.
 */

export type { ActivationState } from './model.ts';
export { activationStates } from './model.ts';

export type ContactRole = 'onlineServicesManager' | 'vlscAdministrator' | 'noticesContact';

export interface Subscription {
  service: string;
  quantity: number;
  startsOn?: string | undefined;
  endsOn?: string | undefined;
}

export type Command =
  | { type: 'choose'; choice: Omit<ActivationChoice, 'at'> }
  | { type: 'provision'; subscriptions: Subscription[]; subscriptionsUrl: string }
  /** Contacts to set; null removes one, one left out is kept. */
  | { type: 'change-contacts'; contacts: Partial<Record<ContactRole, Contact | null>> }
  | { type: 'resend' }
  | { type: 'cancel' };

export type Refusal =
  /** The scenario does not offer this option. */
  | 'not-offered'
  /** The other option was chosen already: the choice is one-time and irreversible. */
  | 'choice-already-made'
  /** The activation email's choice is made: there is nothing to resend. */
  | 'nothing-to-resend'
  /**
   * A trial customer's trial has ended with no choice made: the activation email offers to keep
   * the trial (Sign In), which the process no longer promises, so it is not sent again.
   */
  | 'trial-ended'
  /** Provisioning comes after a choice. */
  | 'choice-required'
  /** Nothing happens to a canceled activation any more. */
  | 'canceled'
  /** The contacts would leave nobody to send to. */
  | 'no-recipient';

export interface PlannedEmail {
  purpose: EmailPurpose;
  data: Record<string, unknown>;
  /** When it goes out: now (queued) or later (scheduled). */
  at: Date;
}

export interface Plan {
  /** The activation after the step. */
  next: ActivationRecord;
  events: { type: string; at: Date; detail?: string }[];
  emails: PlannedEmail[];
  /** Pending emails the step cancels, and why. */
  cancel: { ids: string[]; detail: string };
  /** Events for the caller's systems (`activation.needs_attention` is the store's: it follows an email's status). */
  outgoing: { type: Exclude<ActivationEventTypeOut, 'activation.needs_attention'>; data?: Record<string, unknown> }[];
}

export type Outcome =
  | { kind: 'planned'; plan: Plan }
  /** Asked again what was already done: answered as done, nothing changes, nothing is sent. */
  | { kind: 'unchanged' }
  | { kind: 'refused'; reason: Refusal; detail: string };

export interface Context {
  now: Date;
  followUps: FollowUpPolicy;
}

export interface NewActivationRequest extends Pick<ActivationRecord, 'scenario' | 'enrollment' | 'details'> {
  id: string;
}

const noCancel = { ids: [], detail: '' };
const refused = (reason: Refusal, detail: string): Outcome => ({ kind: 'refused', reason, detail });

/** A new activation: its activation email to the resolved contact, and its follow-ups. */
export function start(request: NewActivationRequest, { now, followUps }: Context): Plan | undefined {
  const resolved = resolveRecipient(request.enrollment);
  if (!resolved) return undefined;
  const next: ActivationRecord = {
    ...request,
    state: 'awaiting-choice',
    recipient: { email: resolved.contact.email, role: resolved.role },
    needsAttention: false,
    attentionSince: now,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return {
    next,
    events: [{ type: 'activation.created', at: now, detail: `${next.scenario}, to the ${resolved.role}` }],
    emails: [
      { purpose: 'activation', data: activationData(next), at: now },
      ...planFollowUps(followUps, { scenario: next.scenario, trialEndsOn: next.details.trialEndsOn }, now).map((f) => ({
        purpose: f.purpose,
        data: followUpData(next, f.purpose),
        at: f.at,
      })),
    ],
    cancel: noCancel,
    outgoing: [{ type: 'activation.created' }],
  };
}

export function transition(a: ActivationWithHistory, command: Command, { now }: Context): Outcome {
  if (a.state === 'canceled') {
    return command.type === 'cancel'
      ? { kind: 'unchanged' }
      : refused('canceled', 'The activation is canceled; start a new one for the enrollment.');
  }
  const pending = a.emails.filter((e) => isPending(e.status) && e.attempts === 0);
  switch (command.type) {
    case 'choose':
      return choose(a, command.choice, now, pending);
    case 'provision': {
      if (!a.choice) {
        return refused(
          'choice-required',
          'Services are provisioned after the customer chooses an option; record the choice first.',
        );
      }
      const greeting = greetingOf(a);
      const next = { ...a, state: 'provisioned' as const, updatedAt: now };
      return planned({
        next,
        events: [
          { type: 'activation.provisioned', at: now, detail: command.subscriptions.map((s) => s.service).join(', ') },
        ],
        emails: [
          {
            purpose: 'provisioning-confirmation',
            data: {
              organizationName: a.enrollment.organizationName,
              ...(greeting ? { recipientName: greeting } : {}),
              enrollmentNumber: a.enrollment.number,
              subscriptions: command.subscriptions,
              subscriptionsUrl: command.subscriptionsUrl,
            },
            at: now,
          },
        ],
        cancel: noCancel,
        outgoing: [{ type: 'activation.provisioned', data: { subscriptions: command.subscriptions } }],
      });
    }
    case 'change-contacts':
      return changeContacts(a, command.contacts, now, pending);
    case 'resend':
      if (a.choice) {
        return refused(
          'nothing-to-resend',
          `The activation email offers a choice that was already made (${a.choice.option}); there is nothing to resend.`,
        );
      }
      if (trialIsOver(a, now)) {
        return refused(
          'trial-ended',
          `The trial ended on ${a.details.trialEndsOn} and the activation email offers to keep it (Sign In); once a trial has ended, the process names no option, so the email is not sent again. The trial-ended notice sends the customer to support.`,
        );
      }
      return planned({
        next: { ...a, needsAttention: false, attentionSince: now, updatedAt: now },
        events: [{ type: 'activation.resent', at: now, detail: `to the ${a.recipient.role}` }],
        emails: [{ purpose: 'activation', data: activationData(a), at: now }],
        cancel: noCancel,
        outgoing: [],
      });
    case 'cancel':
      return planned({
        next: { ...a, state: 'canceled', updatedAt: now },
        events: [{ type: 'activation.canceled', at: now }],
        emails: [],
        cancel: { ids: pending.map((e) => e.id), detail: 'the activation was canceled' },
        outgoing: [{ type: 'activation.canceled' }],
      });
  }
}

const planned = (plan: Plan): Outcome => ({ kind: 'planned', plan });

/** Whether `a` is a trial customer's activation whose trial is over at `now`. */
const trialIsOver = (a: ActivationRecord, now: Date): boolean =>
  a.scenario === 'trial-customer' && !!a.details.trialEndsOn && now >= trialEnd(a.details.trialEndsOn);

function choose(
  a: ActivationWithHistory,
  wanted: Omit<ActivationChoice, 'at'>,
  now: Date,
  pending: ActivationWithHistory['emails'],
): Outcome {
  if (!offersOption(a.scenario, wanted.option)) {
    return refused(
      'not-offered',
      `Scenario "${a.scenario}" offers ${offeredOptions(a.scenario).join(' and ')} only, not ${wanted.option}.`,
    );
  }
  if (a.choice) {
    return a.choice.option === wanted.option
      ? { kind: 'unchanged' }
      : refused(
          'choice-already-made',
          `The choice is one-time and irreversible: ${a.choice.option} was already chosen.`,
        );
  }
  const choice: ActivationChoice = { ...wanted, at: now.toISOString() };
  const canceled = canceledByChoice(choice.option);
  // Sign Up does not end the trial, but its waiting notice offers Sign In, which is no longer the
  // customer's to take: it is replaced by the form that offers no option, due when it was. Once
  // the trial is over, a notice saying that it ends would come too late: none replaces it.
  const signedUpNotices = choice.option === 'sign-up' ? pending.filter((e) => e.purpose === 'trial-ending') : [];
  const replacements = trialIsOver(a, now) ? [] : signedUpNotices;
  const greeting = greetingOf(a);
  return planned({
    next: { ...a, state: 'chosen', choice, updatedAt: now },
    events: [{ type: 'activation.choice_recorded', at: now, detail: choice.option }],
    emails: [
      {
        purpose: 'acknowledgement',
        data: {
          kind: acknowledgementAfter[choice.option],
          organizationName: a.enrollment.organizationName,
          ...(greeting ? { recipientName: greeting } : {}),
          onlineServicesId: choice.onlineServicesId,
          ...(choice.tenantDomain ? { tenantDomain: choice.tenantDomain } : {}),
          ...(choice.subscriptionsUrl ? { subscriptionsUrl: choice.subscriptionsUrl } : {}),
        },
        at: now,
      },
      ...replacements.map((e) => ({
        purpose: e.purpose,
        data: signedUpNoticeData(a),
        at: e.scheduledAt ?? now,
      })),
    ],
    cancel: {
      ids: pending.filter((e) => canceled.includes(e.purpose) || signedUpNotices.includes(e)).map((e) => e.id),
      detail: `${choice.option} was chosen`,
    },
    outgoing: [{ type: 'activation.choice_recorded', data: { option: choice.option } satisfies { option: OptionId } }],
  });
}

/**
 * Like the guide's Contract Information Change Request Form, a contact change sends nothing by
 * itself: follow-ups still waiting go to the new recipient (and greet them), each replaced by
 * one due at the same time.
 */
function changeContacts(
  a: ActivationWithHistory,
  contacts: Partial<Record<ContactRole, Contact | null>>,
  now: Date,
  pending: ActivationWithHistory['emails'],
): Outcome {
  const enrollment: ActivationEnrollment = { ...a.enrollment };
  for (const [role, contact] of Object.entries(contacts) as [ContactRole, Contact | null | undefined][]) {
    if (contact === null) delete enrollment[role];
    else if (contact !== undefined) enrollment[role] = contact;
  }
  const resolved = resolveRecipient(enrollment);
  if (!resolved) {
    return refused(
      'no-recipient',
      'would leave no contact to send to: keep or give onlineServicesManager, vlscAdministrator or noticesContact',
    );
  }
  const next: ActivationRecord = {
    ...a,
    enrollment,
    recipient: { email: resolved.contact.email, role: resolved.role },
    needsAttention: false,
    attentionSince: now,
    updatedAt: now,
  };
  const moved = next.recipient.email !== a.recipient.email || greetingOf(next) !== greetingOf(a);
  const greeting = greetingOf(next);
  return planned({
    next,
    events: [
      {
        type: 'activation.contacts_changed',
        at: now,
        detail: `recipient: the ${resolved.role}${next.recipient.email === a.recipient.email ? ' (unchanged)' : ''}`,
      },
    ],
    emails: moved
      ? pending.map((e) => {
          const { recipientName: _, ...data } = e.data as Record<string, unknown>;
          return {
            purpose: e.purpose,
            data: { ...data, ...(greeting ? { recipientName: greeting } : {}) },
            at: e.scheduledAt ?? now,
          };
        })
      : [],
    cancel: moved ? { ids: pending.map((e) => e.id), detail: 'moved to the new recipient' } : noCancel,
    outgoing: [],
  });
}
