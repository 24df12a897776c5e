import { describe, expect, it } from 'vitest';
import { canceledByChoice, planFollowUps } from '../../server/activations/follow-ups.ts';
import {
  type ActivationCommand,
  type ActivationSnapshot,
  activationStates,
  type Outcome,
  transition,
} from '../../server/activations/machine.ts';

/** The activation's rules without HTTP or a database: every state × command, and the follow-up plan. */

const commands: ActivationCommand[] = [
  { type: 'choose', option: 'sign-in' },
  { type: 'choose', option: 'sign-up' },
  { type: 'provision' },
  { type: 'change-contacts' },
  { type: 'resend' },
  { type: 'cancel' },
];

const label = (c: ActivationCommand) => (c.type === 'choose' ? `choose ${c.option}` : c.type);

const moved = (from: string, to: string): Outcome => ({ kind: 'moved', from, to }) as Outcome;
const refused = (reason: string): Outcome => ({ kind: 'refused', reason }) as Outcome;
const unchanged: Outcome = { kind: 'unchanged' };

/** A bypass customer (both options offered); when chosen, it chose Sign Up. */
const snapshot = (state: (typeof activationStates)[number]): ActivationSnapshot => ({
  state,
  scenario: 'bypass-customer',
  ...(state === 'chosen' || state === 'provisioned' ? { choice: { option: 'sign-up' } } : {}),
});

const table: Record<(typeof activationStates)[number], Outcome[]> = {
  'awaiting-choice': [
    moved('awaiting-choice', 'chosen'),
    moved('awaiting-choice', 'chosen'),
    refused('choice-required'),
    moved('awaiting-choice', 'awaiting-choice'),
    moved('awaiting-choice', 'awaiting-choice'),
    moved('awaiting-choice', 'canceled'),
  ],
  chosen: [
    refused('choice-already-made'),
    unchanged,
    moved('chosen', 'provisioned'),
    moved('chosen', 'chosen'),
    refused('already-chosen'),
    moved('chosen', 'canceled'),
  ],
  provisioned: [
    refused('choice-already-made'),
    unchanged,
    moved('provisioned', 'provisioned'),
    moved('provisioned', 'provisioned'),
    refused('already-chosen'),
    moved('provisioned', 'canceled'),
  ],
  canceled: [
    refused('canceled'),
    refused('canceled'),
    refused('canceled'),
    refused('canceled'),
    refused('canceled'),
    unchanged,
  ],
};

describe('transition', () => {
  for (const state of activationStates) {
    commands.forEach((command, i) => {
      it(`${state} × ${label(command)} → ${JSON.stringify(table[state][i])}`, () => {
        expect(transition(snapshot(state), command)).toEqual(table[state][i]);
      });
    });
  }

  it('refuses an option the scenario does not offer, before anything else', () => {
    expect(
      transition({ state: 'awaiting-choice', scenario: 'new-customer' }, { type: 'choose', option: 'sign-in' }),
    ).toEqual(refused('not-offered'));
    expect(
      transition(
        { state: 'chosen', scenario: 'new-customer', choice: { option: 'sign-up' } },
        { type: 'choose', option: 'sign-in' },
      ),
    ).toEqual(refused('not-offered'));
    expect(
      transition({ state: 'awaiting-choice', scenario: 'trial-customer' }, { type: 'choose', option: 'sign-in' }),
    ).toEqual(moved('awaiting-choice', 'chosen'));
  });
});

describe('follow-ups', () => {
  const now = new Date('2026-12-01T09:00:00Z');
  const policy = { reminderDays: [7, 14], trialNoticeDays: 7 };

  it('plans reminders after each configured day, and no trial notice outside a trial', () => {
    expect(planFollowUps(policy, { scenario: 'new-customer' }, now)).toEqual([
      { purpose: 'reminder', at: new Date('2026-12-08T09:00:00Z') },
      { purpose: 'reminder', at: new Date('2026-12-15T09:00:00Z') },
    ]);
    expect(planFollowUps({ ...policy, reminderDays: [] }, { scenario: 'bypass-customer' }, now)).toEqual([]);
  });

  it('plans the trial notice TRIAL_NOTICE_DAYS before the end, or now when that has passed', () => {
    expect(
      planFollowUps({ ...policy, reminderDays: [] }, { scenario: 'trial-customer', trialEndsOn: '2026-12-24' }, now),
    ).toEqual([
      { purpose: 'trial-ending', at: new Date('2026-12-17T00:00:00Z') },
      { purpose: 'trial-ended', at: new Date('2026-12-25T00:00:00Z') },
    ]);
    expect(
      planFollowUps({ ...policy, reminderDays: [] }, { scenario: 'trial-customer', trialEndsOn: '2026-12-03' }, now),
    ).toEqual([
      { purpose: 'trial-ending', at: now },
      { purpose: 'trial-ended', at: new Date('2026-12-04T00:00:00Z') },
    ]);
  });

  it('a choice cancels the reminders; Sign In also the trial notice', () => {
    expect(canceledByChoice('sign-up')).toEqual(['reminder', 'trial-ended']);
    expect(canceledByChoice('sign-in')).toEqual(['reminder', 'trial-ending', 'trial-ended']);
  });
});
