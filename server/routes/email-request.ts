import { z } from '@hono/zod-openapi';
import {
  defaultLocale,
  emailAddress,
  type LinkPolicy,
  type Locale,
  singleLine,
  type TemplateName,
  templateNames,
} from '../../emails/_catalog/index.ts';
import { type RecipientRole, resolveRecipient } from '../../emails/_domain/activation.ts';
import { EMAIL_ID_TAG } from '../delivery/resend-transport.ts';
import { localeEnum } from './enums.ts';
import { dataSchema, pascalName, sendExample } from './template-data.ts';

/**
 * The body of `POST /v1/emails` (and each entry of a batch): one schema, which documents the API
 * and validates the request once, the template's own data rules, LINK_HOSTS and recipient
 * resolution included, reporting every problem with its path. Built per link policy and clock;
 * what those add (allowed hosts, the time now) does not show in the document.
 */

export const MAX_RECIPIENTS = 50;
export const MAX_BATCH = 100;
/** Addresses in one batch, all its emails' to, cc and bcc together: the work one request may ask for. */
export const MAX_BATCH_RECIPIENTS = 1000;
export const MAX_TAGS = 20;
/** How far ahead an email may be scheduled, and how far back a time may lie (a time past means at once). */
const MAX_SCHEDULE_AHEAD_MS = 365 * 24 * 60 * 60_000;
const MAX_SCHEDULE_BEHIND_MS = 365 * 24 * 60 * 60_000;

/** One address per entry, no display name (`"A" <b@c>` is refused), no CR or LF. */
const address = (description = 'An email address, without a display name') =>
  emailAddress().openapi({ description, example: 'osm@contoso.com' });

/** A single address or a list of them; always a list once parsed. */
const addresses = (max: number, what: string) =>
  z
    .union(
      [
        address(),
        z
          .array(address())
          .min(1, { error: 'must name at least one address' })
          .refine((list) => list.length <= max, { error: `must name at most ${max} addresses` })
          .openapi({ maxItems: max }),
      ],
      { error: 'must be an email address or a list of them' },
    )
    .transform((value) => (typeof value === 'string' ? [value] : value))
    .openapi({
      description: `${what}: one address, or a list of up to ${max}. Plain addresses only: no display names.`,
    });

const contact = (links: LinkPolicy) =>
  z
    .strictObject({
      name: singleLine(120, links)
        .optional()
        .openapi({ description: 'Their name: the emails greet them by it', example: 'Dana Whitfield' }),
      email: address('Their email address'),
    })
    .openapi('Contact', { description: 'A contact on the enrollment' });

/** A contact as the document shows it; `contactFor` adds a LINK_HOSTS policy (a refinement, not in the document). */
export const contactSchema = contact({});
export const contactFor = (links: LinkPolicy) => (links.hosts?.length ? contact(links) : contactSchema);

/**
 * The three contacts an enrollment may name, each optional. (A registered schema takes no
 * description where it is used: zod-to-openapi would write it over the component's own.)
 */
export const enrollmentContacts = (links: LinkPolicy = {}) => ({
  onlineServicesManager: contactFor(links).optional(),
  vlscAdministrator: contactFor(links).optional(),
  noticesContact: contactFor(links).optional(),
});

const enrollment = (links: LinkPolicy) =>
  z.strictObject(enrollmentContacts(links)).openapi('Enrollment', {
    description:
      'The contacts on the Volume Licensing enrollment, to resolve the recipient from: the Online Services Manager; with none, the VLSC Online Administrator; else the Notices Contact.',
  });
const enrollmentSchema = enrollment({});

const TAG = /^[A-Za-z0-9_-]{1,256}$/;
export const tagsSchema = z
  .record(
    z.string().regex(TAG, { error: 'tag names are 1 to 256 letters, digits, _ or -' }),
    z.string().regex(TAG, { error: 'must be 1 to 256 letters, digits, _ or -' }),
    { error: 'must be an object of tag names to values' },
  )
  .refine((tags) => Object.keys(tags).length <= MAX_TAGS, { error: `must have at most ${MAX_TAGS} tags` })
  .refine((tags) => !(EMAIL_ID_TAG in tags), { error: `"${EMAIL_ID_TAG}" is reserved for the service` })
  .openapi({
    description: `Passed to the provider with the email (letters, digits, _ and - only; at most ${MAX_TAGS}; \`${EMAIL_ID_TAG}\` is reserved)`,
    maxProperties: MAX_TAGS,
  });

export const locale = () => localeEnum.optional();

const scheduledAt = (clock: () => Date) =>
  z.iso
    .datetime({ offset: true, abort: true, error: 'must be an RFC 3339 time like 2026-12-01T09:00:00Z' })
    .refine((value) => Date.parse(value) - clock().getTime() <= MAX_SCHEDULE_AHEAD_MS, {
      error: 'must be at most 365 days ahead',
    })
    .refine((value) => clock().getTime() - Date.parse(value) <= MAX_SCHEDULE_BEHIND_MS, {
      error: 'must be at most 365 days ago (a time past means at once)',
    })
    .openapi({ description: 'Send at this time instead of at once; a time already past means at once.' });

/** An email request that passed every rule, with the recipient resolved. */
export interface ValidEmailRequest {
  template: TemplateName;
  data: Record<string, unknown>;
  locale: Locale;
  to: string[];
  recipientRole?: RecipientRole | undefined;
  cc?: string[] | undefined;
  bcc?: string[] | undefined;
  replyTo?: string[] | undefined;
  tags?: Record<string, string> | undefined;
  scheduledAt?: Date | undefined;
}

const recipientRoleFields = 'onlineServicesManager, vlscAdministrator or noticesContact';

export interface RequestRules {
  links: LinkPolicy;
  clock: () => Date;
}

/** The schemas of the send bodies under these rules. */
export function sendSchemas({ links, clock }: RequestRules) {
  const envelope = {
    to: addresses(MAX_RECIPIENTS, 'Who it goes to; without it, the contact resolved from `enrollment`').optional(),
    enrollment: (links.hosts?.length ? enrollment(links) : enrollmentSchema).optional(),
    cc: addresses(MAX_RECIPIENTS, 'Who gets a copy').optional(),
    bcc: addresses(MAX_RECIPIENTS, 'Who gets a blind copy').optional(),
    replyTo: addresses(10, 'Where replies go').optional(),
    locale: locale(),
    tags: tagsSchema.optional(),
    scheduledAt: scheduledAt(clock).optional(),
  };

  /** One branch of the body: a template and its own data, so a generated client types `data`. */
  const variant = (name: TemplateName) =>
    z
      .strictObject({
        template: z.literal(name).openapi({ description: 'The template to send; `data` follows its schema' }),
        data: dataSchema(name, links),
        ...envelope,
      })
      .openapi(`Send${pascalName(name)}Request`, {
        description: `The ${name} email to send`,
        example: sendExample(name),
      });

  const [first, ...others] = templateNames;

  const sendEmail = z
    .discriminatedUnion('template', [variant(first), ...others.map(variant)], {
      error: `template must be one of: ${templateNames.join(', ')}`,
    })
    .transform((request, ctx): ValidEmailRequest => {
      let { to, data } = request;
      let recipientRole: RecipientRole | undefined;
      if (!to) {
        const resolved = request.enrollment ? resolveRecipient(request.enrollment) : undefined;
        if (!resolved) {
          ctx.addIssue({
            code: 'custom',
            path: [request.enrollment ? 'enrollment' : 'to'],
            message: request.enrollment
              ? `names no contact to send to: give ${recipientRoleFields}`
              : 'is required unless an enrollment names the recipient',
          });
          return z.NEVER;
        }
        to = [resolved.contact.email];
        recipientRole = resolved.role;
        // The resolved contact's name greets them, unless the data names someone.
        if (resolved.contact.name && data.recipientName === undefined)
          data = { ...data, recipientName: resolved.contact.name };
      }
      return {
        template: request.template,
        data,
        locale: request.locale ?? defaultLocale,
        to,
        recipientRole,
        cc: request.cc,
        bcc: request.bcc,
        replyTo: request.replyTo,
        tags: request.tags,
        scheduledAt: request.scheduledAt ? new Date(request.scheduledAt) : undefined,
      };
    })
    .openapi('SendEmailRequest', {
      description:
        'Give `to`, or an `enrollment` to resolve the recipient from (when both are given, `to` wins). `data` follows the schema of the template named in `template`.',
      example: {
        template: 'activation',
        data: {
          scenario: 'new-customer',
          organizationName: 'Contoso Ltd',
          signUpUrl: 'https://activation.example.com/sign-up?token=1',
        },
        enrollment: { onlineServicesManager: { name: 'Dana Osm', email: 'osm@contoso.com' } },
      },
    });

  const sendBatch = z
    .strictObject({
      emails: z
        .array(sendEmail, { error: 'must be a list of emails' })
        .min(1, { error: 'must hold at least one email' })
        .max(MAX_BATCH, { error: `must hold at most ${MAX_BATCH} emails` })
        .openapi({
          description: `Up to ${MAX_BATCH} emails, addressing at most ${MAX_BATCH_RECIPIENTS} recipients (to, cc and bcc) in all`,
        }),
    })
    .superRefine(({ emails }, ctx) => {
      const recipients = emails.reduce((n, e) => n + e.to.length + (e.cc?.length ?? 0) + (e.bcc?.length ?? 0), 0);
      if (recipients > MAX_BATCH_RECIPIENTS) {
        ctx.addIssue({
          code: 'custom',
          path: ['emails'],
          message: `must address at most ${MAX_BATCH_RECIPIENTS} recipients in all (to, cc and bcc); this batch has ${recipients}`,
        });
      }
    })
    .openapi('SendBatchRequest', {
      description: 'Up to 100 emails, accepted all together or not at all',
      example: { emails: templateNames.slice(0, 2).map(sendExample) },
    });

  return { sendEmail, sendBatch };
}
