import { describe, expect, it } from 'vitest';
import {
  activationStates,
  type Command,
  type Context,
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

/** A bypass customer (both options offered) with its activation email and two reminders waiting. */
function activation(state: ActivationState): ActivationWithHistory {
  const planned = start(
    {
      id: '01900000-0000-7000-8000-000000000001',
      scenario: 'bypass-customer',
      enrollment: {
        number: '63456789',
        organizationName: 'Northwind Traders',
        onlineServicesManager: { name: 'Dana Whitfield', email: 'dana@northwind.example' },
      },
      details: { signInUrl: 'https://a/in', signUpUrl: 'https://a/up' },
    },
    context,
  );
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

describe('transition: every state × command', () => {
  for (const state of activationStates) {
    commands.forEach(([label, command], i) => {
      it(`${state} × ${label} ${table[state][i]}`, () => {
        expect(summary(transition(activation(state), command, context))).toBe(table[state][i]);
      });
    });
  }
});

describe('plans', () => {
  const plan = (state: ActivationState, command: Command) => {
    const outcome = transition(activation(state), command, context);
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
