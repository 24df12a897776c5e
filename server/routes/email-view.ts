import { z } from '@hono/zod-openapi';
import type { EmailEventType } from '../delivery/email-status.ts';
import type { EmailSummary, EmailWithEvents } from '../store/index.ts';
import { emailEventTypeEnum, emailStatusEnum, recipientRoleEnum, templateNameEnum } from './enums.ts';
import { pageSchema } from './params.ts';

/** How an email looks in API answers: its schemas (for the OpenAPI document) and the mapping from stored rows. */

const time = (description: string) =>
  z.string().openapi({ format: 'date-time', example: '2026-12-01T09:00:00.000Z', description });
const EMAIL_ID = '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f';
const emailId = () => z.string().openapi({ format: 'uuid', example: EMAIL_ID, description: 'The email’s id' });
const addresses = (description: string) => z.array(z.string()).openapi({ description, example: ['osm@contoso.com'] });

export const acceptedEmailSchema = z
  .object({
    id: emailId(),
    status: z.enum(['queued', 'scheduled']).openapi({
      description: '`queued`: due now; `scheduled`: waiting for its `scheduledAt`',
    }),
    template: templateNameEnum,
    to: addresses('Who it goes to: as given, or the contact resolved from the enrollment'),
    recipientRole: recipientRoleEnum.optional(),
    subject: z.string().openapi({ description: 'The subject line, as rendered' }),
    scheduledAt: time('When it will be sent, for a scheduled email').optional(),
    createdAt: time('When it was accepted'),
  })
  .openapi('AcceptedEmail', {
    description: 'An email accepted for delivery: rendered and stored, so it will be sent even if the server stops now',
  });

const emailFields = {
  id: emailId(),
  template: templateNameEnum,
  to: addresses('Who it goes to'),
  cc: addresses('Copied to').optional(),
  bcc: addresses('Blind-copied to').optional(),
  replyTo: addresses('Where replies go').optional(),
  recipientRole: recipientRoleEnum.optional(),
  subject: z.string().openapi({ description: 'The subject line, as rendered' }),
  status: emailStatusEnum,
  attempts: z.number().int().openapi({ description: 'Sends tried so far', example: 1 }),
  lastError: z.string().optional().openapi({ description: 'Why the last try failed' }),
  providerId: z.string().optional().openapi({ description: 'The provider’s id for the sent email' }),
  tags: z
    .record(z.string(), z.string())
    .optional()
    .openapi({ description: 'The tags given when it was sent, passed to the provider' }),
  scheduledAt: time('When it is (or was) due, for a scheduled email').optional(),
  createdAt: time('When it was accepted'),
  updatedAt: time('When it last changed'),
  erasedAt: time(
    'When retention (RETENTION_DAYS) erased its addresses, subject, bodies, data, tags and event details; the rest stays',
  ).optional(),
};

export const emailSummarySchema = z
  .object(emailFields)
  .openapi('EmailSummary', { description: 'An email as lists show it: everything but its history' });

export const emailEventSchema = z
  .object({
    type: emailEventTypeEnum,
    at: time('When it happened'),
    detail: z.string().optional().openapi({
      description: 'More about it, in plain words: the attempt, the error, the bounce',
      example: 'provider id 4ef9a417-02e9-4d39-ad75-9611e0fcc33c',
    }),
    keyName: z.string().optional().openapi({
      description: 'The name of the API key whose request made this change (never the key); absent for delivery steps',
      example: 'crm',
    }),
  })
  .openapi('EmailEvent', { description: 'One step of an email’s delivery' });

export const emailSchema = z
  .object({
    ...emailFields,
    events: z.array(emailEventSchema).openapi({ description: 'Its delivery, step by step, oldest first' }),
  })
  .openapi('Email', { description: 'An email, with every event of its delivery' });

export const emailListSchema = pageSchema(emailSummarySchema, 'EmailList', 'emails');

type Summary = z.infer<typeof emailSummarySchema>;
type AcceptedView = z.infer<typeof acceptedEmailSchema>;

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
    ...present('erasedAt', row.erasedAt?.toISOString()),
  };
}

export function emailView(row: EmailWithEvents): z.infer<typeof emailSchema> {
  return {
    ...summaryView(row),
    events: row.events.map((e) => ({
      type: e.type as EmailEventType,
      at: e.at.toISOString(),
      ...present('detail', e.detail),
      ...present('keyName', e.keyName),
    })),
  };
}

/** Examples for the document: an email as it moves, typed by the views so they cannot drift from them. */
const CREATED = '2026-12-01T09:00:00.000Z';
const SUBJECT = 'Activate Office 365 for Enterprises for Contoso Ltd';

export const acceptedEmailExample = {
  id: EMAIL_ID,
  status: 'queued',
  template: 'activation',
  to: ['osm@contoso.com'],
  recipientRole: 'online-services-manager',
  subject: SUBJECT,
  createdAt: CREATED,
} satisfies AcceptedView;

const summaryExample = {
  id: EMAIL_ID,
  template: 'activation',
  to: ['osm@contoso.com'],
  recipientRole: 'online-services-manager',
  subject: SUBJECT,
  status: 'delivered',
  attempts: 1,
  providerId: '4ef9a417-02e9-4d39-ad75-9611e0fcc33c',
  createdAt: CREATED,
  updatedAt: '2026-12-01T09:00:07.412Z',
} satisfies Summary;

export const emailExample = {
  ...summaryExample,
  events: [
    { type: 'queued', at: CREATED },
    { type: 'sending', at: '2026-12-01T09:00:00.210Z', detail: 'attempt 1' },
    { type: 'sent', at: '2026-12-01T09:00:00.689Z', detail: 'provider id 4ef9a417-02e9-4d39-ad75-9611e0fcc33c' },
    { type: 'delivered', at: '2026-12-01T09:00:07.412Z' },
  ],
} satisfies z.infer<typeof emailSchema>;

export const emailListExample = {
  data: [summaryExample],
  nextCursor: 'MDE5NmEwYjQtMmMxZS03ZDNhLTlmMTAtNmE1YjRjM2QyZTFm',
} satisfies z.infer<typeof emailListSchema>;
