import { z } from '@hono/zod-openapi';
import type { TimelineEventType } from '../activations/model.ts';
import type { ActivationRecord, ActivationWithHistory } from '../store/index.ts';
import { activationEnrollmentSchema } from './activation-request.ts';
import {
  activationOptionEnum,
  activationStateEnum,
  emailPurposeEnum,
  emailStatusEnum,
  recipientRoleEnum,
  scenarioEnum,
  templateNameEnum,
  timelineEventTypeEnum,
} from './enums.ts';
import { pageSchema } from './params.ts';

/** How an activation looks in API answers: its schemas (for the OpenAPI document) and the mapping from the store. */

const time = (description: string) =>
  z.string().openapi({ format: 'date-time', example: '2026-12-01T09:00:00.000Z', description });

const activationEmailSchema = z
  .object({
    id: z.string().openapi({
      format: 'uuid',
      description: 'The email’s id: follow it at GET /v1/emails/{id}',
      example: '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f',
    }),
    purpose: emailPurposeEnum,
    template: templateNameEnum,
    to: z.array(z.string()).openapi({ description: 'Who it goes to', example: ['osm@contoso.com'] }),
    status: emailStatusEnum,
    scheduledAt: time('When a follow-up goes out').optional(),
  })
  .openapi('ActivationEmail', { description: 'An email the activation sent, or has scheduled' });

export const timelineEventSchema = z
  .object({
    type: timelineEventTypeEnum,
    at: time('When it happened'),
    detail: z.string().optional().openapi({
      description: 'More about it, in plain words: the scenario and recipient, the option, the email’s purpose',
      example: 'new-customer, to the online-services-manager',
    }),
    emailId: z.string().optional().openapi({ format: 'uuid', description: 'The email, for an email’s step' }),
    keyName: z.string().optional().openapi({
      description:
        'The name of the API key whose request made this change (never the key); absent for the service’s own steps',
      example: 'crm',
    }),
  })
  .openapi('ActivationEvent', { description: 'One step on an activation’s timeline' });

const activationFields = {
  id: z.string().openapi({
    format: 'uuid',
    description: 'The activation’s id',
    example: '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f',
  }),
  scenario: scenarioEnum,
  state: activationStateEnum,
  enrollment: activationEnrollmentSchema,
  recipient: z
    .object({
      email: z.string().openapi({ description: 'Where the emails go', example: 'osm@contoso.com' }),
      role: recipientRoleEnum,
    })
    .openapi({ description: 'Who the emails go to, resolved from the enrollment' }),
  choice: z
    .object({
      option: activationOptionEnum,
      at: time('When the choice was recorded'),
      onlineServicesId: z.string().openapi({
        description: 'The Microsoft Online Services ID the customer signed in or up with',
        example: 'admin@contoso.onmicrosoft.com',
      }),
      tenantDomain: z
        .string()
        .optional()
        .openapi({ description: 'The tenant’s domain, when given', example: 'contoso.onmicrosoft.com' }),
    })
    .optional()
    .openapi({ description: 'The option the customer chose; absent until it is recorded' }),
  needsAttention: z.boolean().openapi({
    description:
      'The latest activation email or reminder to the recipient bounced, complained or failed: check the contacts. A contact change or a resend clears it.',
  }),
  createdAt: time('When the activation was created'),
  updatedAt: time('When it last changed'),
};

export const activationSummarySchema = z
  .object(activationFields)
  .openapi('ActivationSummary', { description: 'An activation as lists show it: without its emails and timeline' });

export const activationSchema = z
  .object({
    ...activationFields,
    emails: z.array(activationEmailSchema).openapi({ description: 'Oldest first, follow-ups included' }),
    events: z.array(timelineEventSchema).openapi({ description: 'The timeline, oldest first' }),
  })
  .openapi('Activation', {
    description: 'One enrollment through the activation process: its state, choice, recipient, emails and timeline',
  });

export const activationListSchema = pageSchema(activationSummarySchema, 'ActivationList', 'activations');

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
      type: e.type as TimelineEventType,
      at: e.at.toISOString(),
      ...(e.detail ? { detail: e.detail } : {}),
      ...(e.emailId ? { emailId: e.emailId } : {}),
      ...(e.keyName ? { keyName: e.keyName } : {}),
    })),
  };
}

/** Examples for the document: one activation through its steps, typed by the view so they cannot drift from it. */
const ACTIVATION_ID = '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f';
const CREATED = '2026-12-01T09:00:00.000Z';
const enrollmentExample = {
  number: '62345678',
  organizationName: 'Contoso Ltd',
  onlineServicesManager: { name: 'Dana Whitfield', email: 'osm@contoso.com' },
};
const activationEmails: ActivationView['emails'] = [
  {
    id: '0196a0b4-3d2f-7e4b-8a21-7b6c5d4e3f20',
    purpose: 'activation',
    template: 'activation',
    to: ['osm@contoso.com'],
    status: 'delivered',
  },
  {
    id: '0196a0b4-3d2f-7e4b-8a21-7b6c5d4e3f21',
    purpose: 'reminder',
    template: 'activation',
    to: ['osm@contoso.com'],
    status: 'scheduled',
    scheduledAt: '2026-12-08T09:00:00.000Z',
  },
  {
    id: '0196a0b4-3d2f-7e4b-8a21-7b6c5d4e3f22',
    purpose: 'reminder',
    template: 'activation',
    to: ['osm@contoso.com'],
    status: 'scheduled',
    scheduledAt: '2026-12-15T09:00:00.000Z',
  },
];

const summaryExample = {
  id: ACTIVATION_ID,
  scenario: 'new-customer',
  state: 'awaiting-choice',
  enrollment: enrollmentExample,
  recipient: { email: 'osm@contoso.com', role: 'online-services-manager' },
  needsAttention: false,
  createdAt: CREATED,
  updatedAt: CREATED,
} satisfies SummaryView;

export const activationExample = {
  ...summaryExample,
  emails: activationEmails,
  events: [
    { type: 'activation.created', at: CREATED, detail: 'new-customer, to the online-services-manager' },
    { type: 'email.accepted', at: CREATED, detail: 'activation', emailId: activationEmails[0]?.id },
    { type: 'email.accepted', at: CREATED, detail: 'reminder', emailId: activationEmails[1]?.id },
    { type: 'email.accepted', at: CREATED, detail: 'reminder', emailId: activationEmails[2]?.id },
    {
      type: 'email.sent',
      at: '2026-12-01T09:00:00.689Z',
      detail: 'activation: provider id 4ef9a417-02e9-4d39-ad75-9611e0fcc33c',
      emailId: activationEmails[0]?.id,
    },
    { type: 'email.delivered', at: '2026-12-01T09:00:07.412Z', detail: 'activation', emailId: activationEmails[0]?.id },
  ],
} satisfies ActivationView;

/** The example after the customer chose: the acknowledgement goes out, the reminders are canceled. */
export const chosenActivationExample = {
  ...activationExample,
  state: 'chosen',
  choice: {
    option: 'sign-up',
    at: '2026-12-03T14:30:00.000Z',
    onlineServicesId: 'admin@contoso.onmicrosoft.com',
    tenantDomain: 'contoso.onmicrosoft.com',
  },
  emails: [
    ...activationEmails.map((e) => (e.purpose === 'reminder' ? { ...e, status: 'canceled' as const } : e)),
    {
      id: '0196a0b4-3d2f-7e4b-8a21-7b6c5d4e3f23',
      purpose: 'acknowledgement',
      template: 'acknowledgement',
      to: ['osm@contoso.com'],
      status: 'queued',
    },
  ],
  events: [
    ...activationExample.events,
    { type: 'activation.choice_recorded', at: '2026-12-03T14:30:00.000Z', detail: 'sign-up' },
    ...activationEmails
      .filter((e) => e.purpose === 'reminder')
      .map((e) => ({
        type: 'email.canceled' as const,
        at: '2026-12-03T14:30:00.000Z',
        detail: 'reminder: sign-up was chosen',
        emailId: e.id,
      })),
    {
      type: 'email.accepted',
      at: '2026-12-03T14:30:00.000Z',
      detail: 'acknowledgement',
      emailId: '0196a0b4-3d2f-7e4b-8a21-7b6c5d4e3f23',
    },
  ],
  updatedAt: '2026-12-03T14:30:00.000Z',
} satisfies ActivationView;

export const activationListExample = {
  data: [summaryExample],
  nextCursor: null,
} satisfies z.infer<typeof activationListSchema>;
