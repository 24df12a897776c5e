import { resolveRecipient } from '../../emails/_domain/activation.ts';
import type { FollowUpPurpose } from './follow-ups.ts';
import type { ActivationRecord } from './model.ts';

/** The template data an activation's emails are rendered from: pure, from the activation as it stands. */

/** The recipient's greeting: the name the caller gave, else the resolved contact's. */
export const greetingOf = (a: Pick<ActivationRecord, 'details' | 'enrollment'>): string | undefined =>
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

/** A follow-up's data: the activation email as a reminder, or a trial notice (before or at its end). */
export function followUpData(a: ActivationRecord, purpose: FollowUpPurpose): Record<string, unknown> {
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

/**
 * The trial-ending notice for a customer who chose Sign Up: the trial still ends on its date, but
 * the one-time choice is made, so the notice offers no option (no Sign In link).
 */
export function signedUpNoticeData(a: ActivationRecord): Record<string, unknown> {
  const greeting = greetingOf(a);
  return {
    organizationName: a.enrollment.organizationName,
    ...(greeting ? { recipientName: greeting } : {}),
    trialEndsOn: a.details.trialEndsOn,
    signedUp: true,
  };
}
