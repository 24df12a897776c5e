import { z } from '@hono/zod-openapi';
import { subscriptions } from '../../emails/_catalog/index.ts';
import { type ActivationEventTypeOut, activationEventTypesOut } from '../activations/model.ts';
import type { App } from '../http.ts';
import {
  activationOptionEnum,
  activationStateEnum,
  emailPurposeEnum,
  emailStatusEnum,
  recipientRoleEnum,
  scenarioEnum,
  templateNameEnum,
} from '../routes/enums.ts';
import { emailEventTypesOut } from '../store/index.ts';

/**
 * The events sent to EVENTS_WEBHOOK_URL, as the document's top-level `webhooks` (OpenAPI 3.1):
 * one entry per event type, with its payload's schema and an example, so that receivers
 * generate types for them as callers do for the API. The payloads are built in
 * server/activations/steps.ts and, for an email's status, in the store's SQL
 * (store/sql/status-effects.ts); test/server/delivery/event-dispatcher.test.ts checks every
 * event its receiver gets against these schemas.
 */

const ACTIVATION_ID = '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f';
const EMAIL_ID = '0196a0b4-3d2f-7e4b-8a21-7b6c5d4e3f20';
const TIMESTAMP = '2026-12-01T09:00:05.123Z';

const uuid = (description: string, example: string) => z.string().openapi({ format: 'uuid', description, example });

const emailData = z
  .object({
    emailId: uuid('The email: GET /v1/emails/{id}', EMAIL_ID),
    template: templateNameEnum,
    to: z.array(z.string()).openapi({ description: 'Who it went to', example: ['osm@contoso.com'] }),
    activationId: uuid('The activation that sent it, if one did', ACTIVATION_ID).optional(),
    purpose: emailPurposeEnum.optional(),
    detail: z
      .string()
      .optional()
      .openapi({ description: 'More about it: the provider’s bounce message, the last error' }),
  })
  .openapi('EmailEventData', { description: 'The email an `email.*` event is about' });

const activationFields = {
  activationId: uuid('The activation: GET /v1/activations/{id}', ACTIVATION_ID),
  enrollmentNumber: z.string().openapi({ description: 'Its enrollment number', example: '62345678' }),
  state: activationStateEnum,
  keyName: z.string().optional().openapi({
    description:
      'The name of the API key whose request made this change (never the key); absent for the service’s own steps',
    example: 'crm',
  }),
};

const activationData = z
  .object({
    ...activationFields,
    scenario: scenarioEnum,
    recipient: z
      .object({
        email: z.string().openapi({ description: 'Where its emails go', example: 'osm@contoso.com' }),
        role: recipientRoleEnum,
      })
      .openapi({ description: 'Who its emails go to' }),
    needsAttention: z.boolean().openapi({ description: 'Whether its latest activation email or reminder failed' }),
  })
  .openapi('ActivationEventData', { description: 'The activation an `activation.*` event is about, after the step' });

const payloadOf: Record<ActivationEventTypeOut, z.ZodType> = {
  'activation.created': activationData,
  'activation.choice_recorded': activationData
    .extend({ option: activationOptionEnum })
    .openapi('ActivationChoiceEventData', { description: 'The activation, and the option chosen' }),
  'activation.provisioned': activationData
    .extend({ subscriptions: subscriptions() })
    .openapi('ActivationProvisionedEventData', { description: 'The activation, and the subscriptions provisioned' }),
  'activation.needs_attention': z
    .object({
      ...activationFields,
      emailId: uuid('The activation email or reminder that did not arrive', EMAIL_ID),
      emailStatus: emailStatusEnum,
    })
    .openapi('ActivationNeedsAttentionEventData', {
      description: 'The activation whose latest activation email or reminder bounced, complained or failed',
    }),
  'activation.canceled': activationData,
};

const about: Record<string, string> = {
  'email.sent': 'The provider accepted an email.',
  'email.captured':
    'The local mailbox (MAIL_TRANSPORT=mailbox) kept an email instead of sending it: nothing left the machine.',
  'email.delivered': 'The recipient’s mail server accepted an email.',
  'email.delivery_delayed': 'The recipient’s mail server is not accepting an email yet; the provider keeps trying.',
  'email.bounced': 'An email bounced: the address is wrong, or refuses mail.',
  'email.complained': 'The recipient marked an email as spam.',
  'email.failed': 'An email was refused, or every try failed: it will not be sent.',
  'email.outcome_unknown':
    'The last try to send an email got no readable answer: whether the provider has it is unknown until its events say (an `email.sent` or `email.delivered` may follow).',
  'activation.created': 'An activation was created: its activation email is on its way.',
  'activation.choice_recorded': 'The customer’s option was recorded.',
  'activation.provisioned': 'Services were reported provisioned: a provisioning confirmation is on its way.',
  'activation.needs_attention':
    'The latest activation email or reminder bounced, complained or failed: check the enrollment’s contacts.',
  'activation.canceled': 'An activation was canceled.',
};

const pascal = (type: string) =>
  type.replace(/(^|[._])([a-z])/g, (_m, _sep, letter: string) => letter.toUpperCase()).concat('Event');

const exampleData: Record<string, Record<string, unknown>> = {
  email: {
    emailId: EMAIL_ID,
    template: 'activation',
    to: ['osm@contoso.com'],
    activationId: ACTIVATION_ID,
    purpose: 'activation',
  },
  activation: {
    activationId: ACTIVATION_ID,
    enrollmentNumber: '62345678',
    scenario: 'new-customer',
    state: 'awaiting-choice',
    recipient: { email: 'osm@contoso.com', role: 'online-services-manager' },
    needsAttention: false,
  },
};

function exampleOf(type: string): Record<string, unknown> {
  switch (type) {
    case 'email.bounced':
      return { ...exampleData.email, detail: 'Permanent/General: The recipient’s mail server refused the email.' };
    case 'activation.choice_recorded':
      return { ...exampleData.activation, state: 'chosen', option: 'sign-up' };
    case 'activation.provisioned':
      return {
        ...exampleData.activation,
        state: 'provisioned',
        subscriptions: [{ service: 'Exchange Online (Plan 1)', quantity: 250 }],
      };
    case 'activation.needs_attention':
      return {
        activationId: ACTIVATION_ID,
        enrollmentNumber: '62345678',
        state: 'awaiting-choice',
        emailId: EMAIL_ID,
        emailStatus: 'bounced',
      };
    case 'activation.canceled':
      return { ...exampleData.activation, state: 'canceled' };
    default:
      return type.startsWith('email.') ? (exampleData.email ?? {}) : (exampleData.activation ?? {});
  }
}

const eventTypes = [...emailEventTypesOut.map((status) => `email.${status}` as const), ...activationEventTypesOut];

/** One event's body: its type, when it was queued, and what it is about. */
const eventSchema = (type: (typeof eventTypes)[number]) =>
  z
    .object({
      type: z.literal(type).openapi({ description: 'The event’s type' }),
      timestamp: z.string().openapi({
        format: 'date-time',
        description: 'When the event happened (the same on every try)',
        example: TIMESTAMP,
      }),
      data: type.startsWith('email.') ? emailData : payloadOf[type as ActivationEventTypeOut],
    })
    .openapi(pascal(type), {
      description: about[type] ?? type,
      example: { type, timestamp: TIMESTAMP, data: exampleOf(type) },
    });

const header = (name: string, description: string, example: string) =>
  z.string().openapi({ param: { name, in: 'header', required: true, description }, example });

const signatureHeaders = z.object({
  'webhook-id': header(
    'webhook-id',
    'The event’s id, the same on every try: dedupe on it',
    '0196a0b4-4e30-7f5c-9b32-8c7d6e5f4a31',
  ),
  'webhook-timestamp': header('webhook-timestamp', 'Unix seconds when this try was signed', '1796115605'),
  'webhook-signature': header(
    'webhook-signature',
    '`v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` with the EVENTS_WEBHOOK_SECRET (Standard Webhooks): verify it over the raw body before trusting the event',
    'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  ),
});

/** Registers each event type as a webhook of the document. */
export function registerEventsOut(registry: App['openAPIRegistry']): void {
  for (const type of eventTypes) {
    registry.registerWebhook({
      method: 'post',
      path: type,
      operationId: `on${pascal(type)}`,
      tags: ['Events'],
      summary: type,
      description: `${about[type] ?? type} Sent to EVENTS_WEBHOOK_URL, signed per Standard Webhooks; delivered at least once, retried with backoff for three days until a 2xx answers.`,
      request: {
        headers: signatureHeaders,
        body: { required: true, content: { 'application/json': { schema: eventSchema(type) } } },
      },
      responses: {
        200: { description: 'Received: any 2xx acknowledges the event (204 too); anything else is tried again' },
      },
    });
  }
}
