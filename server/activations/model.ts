import type { OptionId, RecipientRole, ScenarioId } from '../../emails/_domain/activation.ts';
import type { EmailStatus } from '../delivery/email-status.ts';

/**
 * An activation as the service holds it: one Volume Licensing enrollment going through the
 * guide's process, its emails and its timeline. Plain data, shared by the rules
 * (machine.ts), the store and the API's views.
 */

export const activationStates = ['awaiting-choice', 'chosen', 'provisioned', 'canceled'] as const;
export type ActivationState = (typeof activationStates)[number];

/** Why an activation sent an email. */
export const emailPurposes = [
  'activation',
  'reminder',
  'acknowledgement',
  'provisioning-confirmation',
  'trial-ending',
  'trial-ended',
] as const;
export type EmailPurpose = (typeof emailPurposes)[number];

/** What an activation's timeline holds: its own steps, and the steps of its emails. */
export const timelineEventTypes = [
  'activation.created',
  'activation.choice_recorded',
  'activation.provisioned',
  'activation.contacts_changed',
  'activation.resent',
  'activation.needs_attention',
  'activation.canceled',
  'email.accepted',
  'email.sent',
  'email.captured',
  'email.delivered',
  'email.delivery_delayed',
  'email.bounced',
  'email.complained',
  'email.failed',
  'email.outcome_unknown',
  'email.canceled',
] as const;
export type TimelineEventType = (typeof timelineEventTypes)[number];

/** The activation's events sent to the caller's systems (EVENTS_WEBHOOK_URL). */
export const activationEventTypesOut = [
  'activation.created',
  'activation.choice_recorded',
  'activation.provisioned',
  'activation.needs_attention',
  'activation.canceled',
] as const;
export type ActivationEventTypeOut = (typeof activationEventTypesOut)[number];

export interface Contact {
  name?: string | undefined;
  email: string;
}

export interface ActivationEnrollment {
  number: string;
  organizationName: string;
  onlineServicesManager?: Contact | undefined;
  vlscAdministrator?: Contact | undefined;
  noticesContact?: Contact | undefined;
}

/** The creation request's other fields, kept to render the activation's later emails. */
export interface ActivationDetails {
  signInUrl?: string | undefined;
  signUpUrl?: string | undefined;
  services?: string[] | undefined;
  recipientName?: string | undefined;
  trialEndsOn?: string | undefined;
  locale?: string | undefined;
  tags?: Record<string, string> | undefined;
}

export interface ActivationChoice {
  option: OptionId;
  at: string;
  onlineServicesId: string;
  tenantDomain?: string | undefined;
  subscriptionsUrl?: string | undefined;
}

export interface ActivationRecord {
  id: string;
  scenario: ScenarioId;
  state: ActivationState;
  enrollment: ActivationEnrollment;
  details: ActivationDetails;
  recipient: { email: string; role: RecipientRole };
  choice?: ActivationChoice | undefined;
  needsAttention: boolean;
  attentionSince: Date;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ActivationEmail {
  id: string;
  purpose: EmailPurpose;
  template: string;
  /** The template data it was rendered from (to render it again for a new recipient). */
  data: unknown;
  to: string[];
  status: EmailStatus;
  attempts: number;
  scheduledAt?: Date | undefined;
  createdAt: Date;
}

export interface TimelineEvent {
  type: string;
  at: Date;
  detail?: string | undefined;
  emailId?: string | undefined;
  /** The name of the API key whose request made the change; absent for the service's own steps. */
  keyName?: string | undefined;
}

export interface ActivationWithHistory extends ActivationRecord {
  /** Oldest first. */
  emails: ActivationEmail[];
  /** The activation's steps and its emails' events, in the order they were written. */
  events: TimelineEvent[];
}
