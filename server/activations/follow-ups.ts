import type { OptionId, ScenarioId } from '../../emails/_domain/activation.ts';
import type { EmailPurpose } from './model.ts';

/**
 * When the follow-ups of an activation go out, and which of them a later step cancels: pure,
 * the time passed in. Reminders are the operator's policy, not the guide's (it says nothing of
 * reminders); their timing is configuration.
 *
 * A trial ends with its last day, `trialEndsOn` (the end of that day, UTC). The guide says
 * nothing of what the options keep once a trial has ended, only that customers are told before
 * its data is deleted. So nothing due at or after the end may still offer to keep the trial:
 * a reminder (the activation email again, "Sign in and keep your trial") that would fall there is
 * not planned, and in its place one notice goes out at the end, while no option is chosen, that
 * says the trial has ended and sends the customer to support before they choose
 * (`trial-ended`, the trial-ending email's `ended` form). That notice offers no option and
 * claims nothing about the data.
 */

export const DAY_MS = 24 * 60 * 60_000;

export interface FollowUpPolicy {
  /** Days after creation when a reminder goes out while no option is chosen. */
  reminderDays: readonly number[];
  /** Days before the trial's last day when the trial-ending notice goes out. */
  trialNoticeDays: number;
}

export type FollowUpPurpose = Extract<EmailPurpose, 'reminder' | 'trial-ending' | 'trial-ended'>;

export interface FollowUp {
  purpose: FollowUpPurpose;
  /** When it goes out; at or before `now` means at once. */
  at: Date;
}

/** The moment a trial whose last day is `trialEndsOn` (YYYY-MM-DD) is over: the next day's start, UTC. */
export const trialEnd = (trialEndsOn: string): Date => new Date(Date.parse(`${trialEndsOn}T00:00:00Z`) + DAY_MS);

/**
 * Whether an email's words offer to keep the trial (Sign In keeps its data) or speak of its end
 * as still to come: a trial customer's activation email and reminders offer Sign In, and the
 * trial-ending notice asks the customer to convert (or, after Sign Up, says when the trial
 * ends). Once the trial has ended they say what is no longer true.
 */
export const offersToKeepTrial = (purpose: EmailPurpose, scenario: ScenarioId): boolean =>
  purpose === 'trial-ending' || ((purpose === 'reminder' || purpose === 'activation') && scenario === 'trial-customer');

/**
 * Until when an activation's email may go out: follow-ups that offer to keep the trial are not
 * planned past its end, and one still waiting then (a queue behind, a provider's quota) is
 * canceled at claim, never sent. The other emails have no deadline.
 */
export function sendBefore(
  purpose: EmailPurpose,
  activation: { scenario: ScenarioId; trialEndsOn?: string | undefined },
): Date | undefined {
  return activation.trialEndsOn && offersToKeepTrial(purpose, activation.scenario)
    ? trialEnd(activation.trialEndsOn)
    : undefined;
}

/** The follow-ups scheduled when an activation is created at `now`, in the order they fall due. */
export function planFollowUps(
  policy: FollowUpPolicy,
  activation: { scenario: ScenarioId; trialEndsOn?: string | undefined },
  now: Date,
): FollowUp[] {
  const reminders: FollowUp[] = policy.reminderDays.map((days) => ({
    purpose: 'reminder',
    at: new Date(now.getTime() + days * DAY_MS),
  }));
  if (activation.scenario !== 'trial-customer' || !activation.trialEndsOn) return reminders;

  const end = trialEnd(activation.trialEndsOn);
  const lastDay = end.getTime() - DAY_MS;
  const plan = reminders.filter((r) => r.at < end);
  plan.push({
    purpose: 'trial-ending',
    at: new Date(Math.max(now.getTime(), lastDay - policy.trialNoticeDays * DAY_MS)),
  });
  plan.push({ purpose: 'trial-ended', at: new Date(Math.max(now.getTime(), end.getTime())) });
  return plan.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * Purposes of the pending emails that a choice cancels outright: the reminders and the trial-ended
 * notice always (a choice is made); the trial-ending notice on Sign In only.
 */
export function canceledByChoice(option: OptionId): EmailPurpose[] {
  // Sign In keeps the trial's data (the trial becomes the paid subscription); Sign Up starts
  // afresh, but the trial still ends: its notice stays, replaced by the form that offers no
  // option (machine.ts), since it would otherwise offer Sign In.
  return option === 'sign-in' ? ['reminder', 'trial-ending', 'trial-ended'] : ['reminder', 'trial-ended'];
}

/** Emails still waiting to go out: they can be canceled or moved to another recipient. */
export const isPending = (status: string) => status === 'scheduled' || status === 'queued';
