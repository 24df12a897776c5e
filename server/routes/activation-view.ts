import { z } from '@hono/zod-openapi';
import { templateNames } from '../../emails/_catalog/index.ts';
import { optionIds, recipientRoles, scenarioIds } from '../../emails/_domain/activation.ts';
import {
  type ActivationRecord,
  type ActivationWithHistory,
  activationStates,
  emailPurposes,
  emailStatuses,
} from '../store/index.ts';
import { activationEnrollmentSchema } from './activation-request.ts';
import { pageSchema } from './params.ts';

/** How an activation looks in API answers: its schemas (for the OpenAPI document) and the mapping from the store. */

const time = () => z.string().openapi({ format: 'date-time', example: '2026-12-01T09:00:00.000Z' });

const activationEmailSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid', description: 'Follow it at GET /v1/emails/{id}' }),
    purpose: z.enum(emailPurposes),
    template: z.enum(templateNames),
    to: z.array(z.string()),
    status: z.enum(emailStatuses),
    scheduledAt: time().optional().openapi({ description: 'When a follow-up goes out' }),
  })
  .openapi('ActivationEmail');

export const timelineEventSchema = z
  .object({
    type: z.string().openapi({
      description:
        'activation.created, activation.choice_recorded, activation.provisioned, activation.contacts_changed, activation.resent, activation.needs_attention, activation.canceled; or an email’s step: email.accepted, email.sent, email.delivered, email.delivery_delayed, email.bounced, email.complained, email.failed, email.outcome_unknown, email.canceled',
      example: 'activation.created',
    }),
    at: time(),
    detail: z.string().optional(),
    emailId: z.string().optional().openapi({ format: 'uuid', description: 'The email, for an email’s step' }),
  })
  .openapi('ActivationEvent');

const activationFields = {
  id: z.string().openapi({ format: 'uuid' }),
  scenario: z.enum(scenarioIds),
  state: z.enum(activationStates),
  enrollment: activationEnrollmentSchema,
  recipient: z.object({ email: z.string(), role: z.enum(recipientRoles) }).openapi({
    description: 'Who the emails go to, resolved from the enrollment',
  }),
  choice: z
    .object({
      option: z.enum(optionIds),
      at: time(),
      onlineServicesId: z.string(),
      tenantDomain: z.string().optional(),
    })
    .optional(),
  needsAttention: z.boolean().openapi({
    description:
      'The latest activation email or reminder to the recipient bounced, complained or failed: check the contacts. A contact change or a resend clears it.',
  }),
  createdAt: time(),
  updatedAt: time(),
};

export const activationSummarySchema = z.object(activationFields).openapi('ActivationSummary');

export const activationSchema = z
  .object({
    ...activationFields,
    emails: z.array(activationEmailSchema).openapi({ description: 'Oldest first, follow-ups included' }),
    events: z.array(timelineEventSchema).openapi({ description: 'The timeline, oldest first' }),
  })
  .openapi('Activation');

export const activationListSchema = pageSchema(activationSummarySchema, 'ActivationList');

export type ActivationView = z.infer<typeof activationSchema>;
type SummaryView = z.infer<typeof activationSummarySchema>;

export function activationSummaryView(a: ActivationRecord): SummaryView {
  return {
    id: a.id,
    scenario: a.scenario,
    state: a.state,
    enrollment: a.enrollment,
    recipient: a.recipient,
    ...(a.choice
      ? {
          choice: {
            option: a.choice.option,
            at: a.choice.at,
            onlineServicesId: a.choice.onlineServicesId,
            ...(a.choice.tenantDomain ? { tenantDomain: a.choice.tenantDomain } : {}),
          },
        }
      : {}),
    needsAttention: a.needsAttention,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export function activationView(a: ActivationWithHistory): ActivationView {
  return {
    ...activationSummaryView(a),
    emails: a.emails.map((e) => ({
      id: e.id,
      purpose: e.purpose,
      template: e.template as ActivationView['emails'][number]['template'],
      to: e.to,
      status: e.status,
      ...(e.scheduledAt ? { scheduledAt: e.scheduledAt.toISOString() } : {}),
    })),
    events: a.events.map((e) => ({
      type: e.type,
      at: e.at.toISOString(),
      ...(e.detail ? { detail: e.detail } : {}),
      ...(e.emailId ? { emailId: e.emailId } : {}),
    })),
  };
}
