import type { OptionId, ScenarioId } from '../../emails/_domain/activation.ts';
import type { EmailPurpose } from './model.ts';

/**
 * When the follow-ups of an activation go out, and which of them a later step cancels: pure,
 * the time passed in. Reminders and the trial-ending notice are the operator's policy, not the
 * guide's (it says nothing of reminders); their timing is configuration.
 */

const DAY_MS = 24 * 60 * 60_000;

export interface FollowUpPolicy {
  /** Days after creation when a reminder goes out while no option is chosen. */
  reminderDays: readonly number[];
  /** Days before the trial's end when the trial-ending notice goes out. */
  trialNoticeDays: number;
}

export interface FollowUp {
  purpose: Extract<EmailPurpose, 'reminder' | 'trial-ending'>;
  /** When it goes out; at or before `now` means at once. */
  at: Date;
}

/** The follow-ups scheduled when an activation is created at `now`. */
export function planFollowUps(
  policy: FollowUpPolicy,
  activation: { scenario: ScenarioId; trialEndsOn?: string | undefined },
  now: Date,
): FollowUp[] {
  const plan: FollowUp[] = policy.reminderDays.map((days) => ({
    purpose: 'reminder',
    at: new Date(now.getTime() + days * DAY_MS),
  }));
  if (activation.scenario === 'trial-customer' && activation.trialEndsOn) {
    const ends = Date.parse(`${activation.trialEndsOn}T00:00:00Z`);
    plan.push({
      purpose: 'trial-ending',
      at: new Date(Math.max(now.getTime(), ends - policy.trialNoticeDays * DAY_MS)),
    });
  }
  return plan;
}

/** Purposes of the pending emails that a choice cancels: reminders always; the trial notice on Sign In. */
export function canceledByChoice(option: OptionId): EmailPurpose[] {
  // Sign In keeps the trial's data (the trial becomes the paid subscription); Sign Up starts
  // afresh, so the trial's data will still be deleted and the notice stays.
  return option === 'sign-in' ? ['reminder', 'trial-ending'] : ['reminder'];
}

/** Emails still waiting to go out: they can be canceled or moved to another recipient. */
export const isPending = (status: string) => status === 'scheduled' || status === 'queued';
