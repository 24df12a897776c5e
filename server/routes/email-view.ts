import { z } from '@hono/zod-openapi';
import { templateNames } from '../../emails/_catalog/index.ts';
import { recipientRoles } from '../../emails/_domain/activation.ts';
import { type EmailSummary, type EmailWithEvents, emailStatuses } from '../store/index.ts';
import { pageSchema } from './params.ts';

/** How an email looks in API answers: its schemas (for the OpenAPI document) and the mapping from stored rows. */

const time = () => z.string().openapi({ format: 'date-time', example: '2026-12-01T09:00:00.000Z' });

export const acceptedEmailSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid', example: '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f' }),
    status: z.enum(['queued', 'scheduled']),
    template: z.enum(templateNames),
    to: z.array(z.string()),
    recipientRole: z.enum(recipientRoles).optional().openapi({
      description: 'Who on the enrollment the email went to, when the recipient was resolved from it',
    }),
    subject: z.string(),
    scheduledAt: time().optional(),
    createdAt: time(),
  })
  .openapi('AcceptedEmail');

const emailFields = {
  id: z.string().openapi({ format: 'uuid' }),
  template: z.enum(templateNames),
  to: z.array(z.string()),
  cc: z.array(z.string()).optional(),
  bcc: z.array(z.string()).optional(),
  replyTo: z.array(z.string()).optional(),
  recipientRole: z.enum(recipientRoles).optional(),
  subject: z.string(),
  status: z.enum(emailStatuses),
  attempts: z.number().int().openapi({ description: 'Sends tried so far' }),
  lastError: z.string().optional().openapi({ description: 'Why the last try failed' }),
  providerId: z.string().optional().openapi({ description: 'The provider’s id for the sent email' }),
  tags: z.record(z.string(), z.string()).optional(),
  scheduledAt: time().optional(),
  createdAt: time(),
  updatedAt: time(),
};

export const emailSummarySchema = z.object(emailFields).openapi('EmailSummary');

export const emailEventSchema = z
  .object({
    type: z.string().openapi({
      description:
        'queued, scheduled, sending, retry, sent, failed, outcome_unknown, canceled, released, or a provider event: delivered, delivery_delayed, bounced, complained, opened, clicked',
      example: 'sent',
    }),
    at: time(),
    detail: z.string().optional(),
  })
  .openapi('EmailEvent');

export const emailSchema = z.object({ ...emailFields, events: z.array(emailEventSchema) }).openapi('Email');

export const emailListSchema = pageSchema(emailSummarySchema, 'EmailList');

type Summary = z.infer<typeof emailSummarySchema>;

/** The row's optional fields, left out when empty rather than sent as null. */
const present = <T>(key: string, value: T | null | undefined) =>
  value === null || value === undefined ? {} : { [key]: value };

export function summaryView(row: EmailSummary): Summary {
  return {
    id: row.id,
    template: row.template as Summary['template'],
    to: row.to,
    ...present('cc', row.cc),
    ...present('bcc', row.bcc),
    ...present('replyTo', row.replyTo),
    ...present('recipientRole', row.recipientRole),
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    ...present('lastError', row.lastError),
    ...present('providerId', row.providerId),
    ...present('tags', row.tags),
    ...present('scheduledAt', row.scheduledAt?.toISOString()),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function emailView(row: EmailWithEvents): z.infer<typeof emailSchema> {
  return {
    ...summaryView(row),
    events: row.events.map((e) => ({ type: e.type, at: e.at.toISOString(), ...present('detail', e.detail) })),
  };
}
