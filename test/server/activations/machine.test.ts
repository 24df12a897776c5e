import { describe, expect, it } from 'vitest';
import {
  activationStates,
  type Command,
  type Context,
  type NewActivationRequest,
  type Outcome,
  start,
  transition,
} from '../../../server/activations/machine.ts';
import type { ActivationState, ActivationWithHistory } from '../../../server/activations/model.ts';

/**
 * The activation's rules without HTTP or a database: every state × command, and what each plan
 * holds (state, timeline events, emails with their data and time, cancellations, events out).
 */

const now = new Date('2026-12-01T09:00:00Z');
const DAY = 24 * 60 * 60_000;
const context: Context = { now, followUps: { reminderDays: [7, 14], trialNoticeDays: 7 } };

const choose = (option: 'sign-in' | 'sign-up'): Command => ({
  type: 'choose',
  choice: { option, onlineServicesId: 'admin@contoso.onmicrosoft.com' },
});

const commands: [string, Command][] = [
  ['choose sign-in', choose('sign-in')],
  ['choose sign-up', choose('sign-up')],
  ['provision', { type: 'provision', subscriptions: [{ service: 'X', quantity: 1 }], subscriptionsUrl: 'https://a/s' }],
  ['change contacts', { type: 'change-contacts', contacts: { vlscAdministrator: { email: 'lee@contoso.com' } } }],
  ['resend', { type: 'resend' }],
  ['cancel', { type: 'cancel' }],
];

const bypassCustomer: NewActivationRequest = {
  id: '01900000-0000-7000-8000-000000000001',
  scenario: 'bypass-customer',
  enrollment: {
    number: '63456789',
    organizationName: 'Northwind Traders',
    onlineServicesManager: { name: 'Dana Whitfield', email: 'dana@northwind.example' },
  },
  details: { signInUrl: 'https://a/in', signUpUrl: 'https://a/up' },
};

/** A trial customer whose trial's last day is 2026-12-24: it is over at 2026-12-25T00:00Z. */
const trialCustomer: NewActivationRequest = {
  ...bypassCustomer,
  scenario: 'trial-customer',
  details: { ...bypassCustomer.details, trialEndsOn: '2026-12-24' },
};
const trialOver = new Date('2026-12-25T00:00:00Z');

/**
 * An activation created at `now` (a bypass customer unless told: both options offered), with its
 * activation email sent and its follow-ups waiting (two reminders; a trial's two notices).
 */
function activation(state: ActivationState, request: NewActivationRequest = bypassCustomer): ActivationWithHistory {
  const planned = start(request, context);
  if (!planned) throw new Error('no recipient');
  const chosen = state === 'chosen' || state === 'provisioned';
  return {
    ...planned.next,
    state,
    ...(chosen ? { choice: { option: 'sign-up', at: now.toISOString(), onlineServicesId: 'a@b.example' } } : {}),
    emails: planned.emails.map((e, i) => ({
      id: `email-${i}`,
      purpose: e.purpose,
      template: 'activation',
      data: e.data,
      to: [planned.next.recipient.email],
      status: i === 0 ? 'sent' : 'scheduled',
      attempts: i === 0 ? 1 : 0,
      scheduledAt: i === 0 ? undefined : e.at,
      createdAt: now,
    })),
    events: [],
  };
}

/** What the table compares: the outcome, and for a plan the state it leads to. */
const summary = (outcome: Outcome) =>
  outcome.kind === 'planned'
    ? `→ ${outcome.plan.next.state}`
    : outcome.kind === 'refused'
      ? `refused: ${outcome.reason}`
      : 'unchanged';

const table: Record<ActivationState, string[]> = {
  'awaiting-choice': [
    '→ chosen',
    '→ chosen',
    'refused: choice-required',
    '→ awaiting-choice',
    '→ awaiting-choice',
    '→ canceled',
  ],
  chosen: [
    'refused: choice-already-made',
    'unchanged',
    '→ provisioned',
    '→ chosen',
    'refused: nothing-to-resend',
    '→ canceled',
  ],
  provisioned: [
    'refused: choice-already-made',
    'unchanged',
    '→ provisioned',
    '→ provisioned',
    'refused: nothing-to-resend',
    '→ canceled',
  ],
  canceled: [
    'refused: canceled',
    'refused: canceled',
    'refused: canceled',
    'refused: canceled',
    'refused: canceled',
    'unchanged',
  ],
};

/**
 * A trial customer once the trial has ended: as above, except that the activation email, which
 * offers to keep the trial, is not resent (the process names no option then).
 */
const trialOverTable: Record<ActivationState, string[]> = {
  ...table,
  'awaiting-choice': [
    '→ chosen',
    '→ chosen',
    'refused: choice-required',
    '→ awaiting-choice',
    'refused: trial-ended',
    '→ canceled',
  ],
};

describe.each([
  { customer: 'a bypass customer', request: bypassCustomer, at: now, expected: table },
  {
    customer: 'a trial customer once the trial has ended',
    request: trialCustomer,
    at: trialOver,
    expected: trialOverTable,
  },
])('transition: every state × command, for $customer', ({ request, at, expected }) => {
  for (const state of activationStates) {
    commands.forEach(([label, command], i) => {
      it(`${state} × ${label} ${expected[state][i]}`, () => {
        expect(summary(transition(activation(state, request), command, { ...context, now: at }))).toBe(
          expected[state][i],
        );
      });
    });
  }
});

describe('plans', () => {
  const plan = (state: ActivationState, command: Command, request = bypassCustomer, at = now) => {
    const outcome = transition(activation(state, request), command, { ...context, now: at });
    if (outcome.kind !== 'planned') throw new Error(`not planned: ${JSON.stringify(outcome)}`);
    return outcome.plan;
  };

  it('start: the activation email now, reminders later, one event and one event out', () => {
    const started = start(
      {
        id: 'a',
        scenario: 'trial-customer',
        enrollment: { number: '1', organizationName: 'Fabrikam', noticesContact: { email: 'n@fabrikam.example' } },
        details: { signInUrl: 'https://a/in', signUpUrl: 'https://a/up', trialEndsOn: '2026-12-24' },
      },
      context,
    );
    expect(started?.next).toMatchObject({
      state: 'awaiting-choice',
      recipient: { email: 'n@fabrikam.example', role: 'notices-contact' },
    });
    expect(started?.emails.map((e) => [e.purpose, e.at.toISOString()])).toEqual([
      ['activation', now.toISOString()],
      ['reminder', new Date(now.getTime() + 7 * DAY).toISOString()],
      ['reminder', new Date(now.getTime() + 14 * DAY).toISOString()],
      ['trial-ending', '2026-12-17T00:00:00.000Z'],
      ['trial-ended', '2026-12-25T00:00:00.000Z'],
    ]);
    expect(started?.emails[3]?.data).toMatchObject({ trialEndsOn: '2026-12-24', convertUrl: 'https://a/in' });
    expect(started?.emails[4]?.data).toMatchObject({ trialEndsOn: '2026-12-24', ended: true });
    expect(started?.events.map((e) => e.type)).toEqual(['activation.created']);
    expect(started?.outgoing.map((e) => e.type)).toEqual(['activation.created']);
  });

  it('start: no plan without a contact to send to', () => {
    expect(
      start(
        { id: 'a', scenario: 'new-customer', enrollment: { number: '1', organizationName: 'X' }, details: {} },
        context,
      ),
    ).toBeUndefined();
  });

  it('a choice acknowledges it and cancels the pending reminders, not what was sent', () => {
    const chosen = plan('awaiting-choice', choose('sign-in'));
    expect(chosen.next.choice).toEqual({
      option: 'sign-in',
      onlineServicesId: 'admin@contoso.onmicrosoft.com',
      at: now.toISOString(),
    });
    expect(chosen.emails).toEqual([
      {
        purpose: 'acknowledgement',
        data: {
          kind: 'tenant-associated',
          organizationName: 'Northwind Traders',
          recipientName: 'Dana Whitfield',
          onlineServicesId: 'admin@contoso.onmicrosoft.com',
        },
        at: now,
      },
    ]);
    expect(chosen.cancel).toEqual({ ids: ['email-1', 'email-2'], detail: 'sign-in was chosen' });
    expect(chosen.outgoing).toEqual([{ type: 'activation.choice_recorded', data: { option: 'sign-in' } }]);
  });

  it('Sign Up replaces the pending trial-ending notice by its form after Sign Up, due when it was', () => {
    const chosen = plan('awaiting-choice', choose('sign-up'), trialCustomer);
    // The reminders, the notice that offers Sign In and the trial-ended notice are canceled…
    expect(chosen.cancel).toEqual({ ids: ['email-1', 'email-2', 'email-3', 'email-4'], detail: 'sign-up was chosen' });
    // … and the notice goes out as planned, in the form that offers no option.
    expect(chosen.emails.map((e) => [e.purpose, e.at.toISOString()])).toEqual([
      ['acknowledgement', now.toISOString()],
      ['trial-ending', '2026-12-17T00:00:00.000Z'],
    ]);
    expect(chosen.emails[1]?.data).toEqual({
      organizationName: 'Northwind Traders',
      recipientName: 'Dana Whitfield',
      trialEndsOn: '2026-12-24',
      signedUp: true,
    });
  });

  it('Sign In cancels the trial-ending notice with the other follow-ups and plans none in its place', () => {
    const chosen = plan('awaiting-choice', choose('sign-in'), trialCustomer);
    expect(chosen.cancel.ids).toEqual(['email-1', 'email-2', 'email-3', 'email-4']);
    expect(chosen.emails.map((e) => e.purpose)).toEqual(['acknowledgement']);
  });

  it('Sign Up replaces only a notice still waiting: one already sent is not sent again', () => {
    const a = activation('awaiting-choice', trialCustomer);
    const sent = {
      ...a,
      emails: a.emails.map((e) => (e.purpose === 'trial-ending' ? { ...e, status: 'sent' as const, attempts: 1 } : e)),
    };
    const outcome = transition(sent, choose('sign-up'), context);
    if (outcome.kind !== 'planned') throw new Error(`not planned: ${JSON.stringify(outcome)}`);
    expect(outcome.plan.emails.map((e) => e.purpose)).toEqual(['acknowledgement']);
    expect(outcome.plan.cancel.ids).toEqual(['email-1', 'email-2', 'email-4']);
  });

  it('Sign Up once the trial has ended cancels a notice still waiting and plans none: it would say the trial ends', () => {
    const chosen = plan('awaiting-choice', choose('sign-up'), trialCustomer, trialOver);
    expect(chosen.cancel.ids).toEqual(['email-1', 'email-2', 'email-3', 'email-4']);
    expect(chosen.emails.map((e) => e.purpose)).toEqual(['acknowledgement']);
  });

  it('a trial customer’s activation email is resent until the trial’s end, and refused from then on', () => {
    const beforeEnd = plan('awaiting-choice', { type: 'resend' }, trialCustomer, new Date(trialOver.getTime() - 1));
    expect(beforeEnd.emails.map((e) => e.purpose)).toEqual(['activation']);
    const outcome = transition(
      activation('awaiting-choice', trialCustomer),
      { type: 'resend' },
      {
        ...context,
        now: trialOver,
      },
    );
    expect(outcome).toEqual({
      kind: 'refused',
      reason: 'trial-ended',
      detail: expect.stringContaining('The trial ended on 2026-12-24'),
    });
    expect(outcome.kind === 'refused' && outcome.detail).toMatch(/support/);
  });

  it('a contact change moves what waits to the new recipient, due as before, and sends nothing now', () => {
    const changed = plan('awaiting-choice', {
      type: 'change-contacts',
      contacts: { onlineServicesManager: null, vlscAdministrator: { name: 'Lee Chen', email: 'lee@contoso.com' } },
    });
    expect(changed.next.recipient).toEqual({ email: 'lee@contoso.com', role: 'vlsc-administrator' });
    expect(changed.cancel.ids).toEqual(['email-1', 'email-2']);
    expect(changed.emails.map((e) => [e.purpose, e.at.getTime() > now.getTime(), e.data.recipientName])).toEqual([
      ['reminder', true, 'Lee Chen'],
      ['reminder', true, 'Lee Chen'],
    ]);
    expect(changed.outgoing).toEqual([]);
  });

  it('a contact change that leaves nobody to send to is refused', () => {
    const outcome = transition(
      activation('awaiting-choice'),
      { type: 'change-contacts', contacts: { onlineServicesManager: null } },
      context,
    );
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'no-recipient' });
  });

  it('an option the scenario does not offer is refused, whatever the state', () => {
    const newCustomer = { ...activation('awaiting-choice'), scenario: 'new-customer' as const };
    expect(transition(newCustomer, choose('sign-in'), context)).toMatchObject({
      kind: 'refused',
      reason: 'not-offered',
    });
  });

  it('a cancel cancels everything still waiting and sends activation.canceled', () => {
    const canceled = plan('awaiting-choice', { type: 'cancel' });
    expect(canceled.cancel.ids).toEqual(['email-1', 'email-2']);
    expect(canceled.emails).toEqual([]);
    expect(canceled.outgoing).toEqual([{ type: 'activation.canceled' }]);
  });
});
