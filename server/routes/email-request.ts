import { z } from '@hono/zod-openapi';
import { emailAddress, singleLine } from '../../emails/_catalog/fields.ts';
import {
  defaultLocale,
  type LinkPolicy,
  type Locale,
  localeSchema,
  type TemplateName,
  templateNames,
  templateSchema,
} from '../../emails/_catalog/index.ts';
import { type RecipientRole, resolveRecipient } from '../../emails/_domain/activation.ts';
import { EMAIL_ID_TAG } from '../delivery/resend-transport.ts';
import { type FieldError, fieldErrors } from '../problem.ts';
import { documentedDataSchema, pascalName } from './template-data.ts';

/**
 * The body of `POST /v1/emails` (and each entry of a batch): its schema, which documents the
 * API, and the complete validation, which adds the template's own data rules and recipient
 * resolution and reports every problem with its path.
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
const address = () => emailAddress().openapi({ example: 'osm@contoso.com' });

/** A single address or a list of them; always a list once parsed. */
const addresses = (max: number) =>
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
    .openapi({ description: `One address, or a list of up to ${max}. Plain addresses only: no display names.` });

const contactSchema = z
  .strictObject({
    name: singleLine(120).optional(),
    email: address(),
  })
  .openapi('Contact');

const enrollmentSchema = z
  .strictObject({
    onlineServicesManager: contactSchema.optional(),
    vlscAdministrator: contactSchema.optional(),
    noticesContact: contactSchema.optional(),
  })
  .openapi('Enrollment', {
    description:
      'The contacts on the Volume Licensing enrollment. The email goes to the Online Services Manager; with none, to the VLSC Online Administrator; else to the Notices Contact.',
  });

const TAG = /^[A-Za-z0-9_-]{1,256}$/;
const tagsSchema = z
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

const scheduledAtSchema = z.iso
  .datetime({ offset: true, abort: true, error: 'must be an RFC 3339 time like 2026-12-01T09:00:00Z' })
  .refine((value) => Date.parse(value) - Date.now() <= MAX_SCHEDULE_AHEAD_MS, {
    error: 'must be at most 365 days ahead',
  })
  .refine((value) => Date.now() - Date.parse(value) <= MAX_SCHEDULE_BEHIND_MS, {
    error: 'must be at most 365 days ago (a time past means at once)',
  })
  .openapi({ description: 'Send at this time instead of at once; a time already past means at once.' });

/** Everything of a send but the template and its data (activations reuse its fields). */
export const envelopeFields = {
  to: addresses(MAX_RECIPIENTS).optional(),
  enrollment: enrollmentSchema.optional(),
  cc: addresses(MAX_RECIPIENTS).optional(),
  bcc: addresses(MAX_RECIPIENTS).optional(),
  replyTo: addresses(10).optional(),
  locale: localeSchema.optional().openapi({ description: 'The language of the email (default en-US)' }),
  tags: tagsSchema.optional(),
  scheduledAt: scheduledAtSchema.optional(),
};

/** The envelope as it is checked (data as any object; the template's own schema checks it after). */
const envelopeSchema = z.strictObject({
  template: z.enum(templateNames, { error: `must be one of: ${templateNames.join(', ')}` }),
  data: z.record(z.string(), z.unknown(), { error: 'must be an object holding the template’s fields' }),
  ...envelopeFields,
});

/** One branch of the documented body: a template and its own data, so a generated client types `data`. */
const sendVariant = (name: TemplateName) =>
  z
    .strictObject({
      template: z.literal(name),
      data: documentedDataSchema(name),
      ...envelopeFields,
    })
    .openapi(`Send${pascalName(name)}Request`);

const [firstTemplate, ...otherTemplates] = templateNames;

/**
 * The body as documented and as the route checks it first: a union discriminated on `template`.
 * The complete check (`validateEmailRequest`) adds LINK_HOSTS and recipient resolution.
 */
export const sendEmailSchema = z
  .discriminatedUnion('template', [sendVariant(firstTemplate), ...otherTemplates.map(sendVariant)], {
    error: `template must be one of: ${templateNames.join(', ')}`,
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

export const sendBatchSchema = z
  .strictObject({
    emails: z
      .array(sendEmailSchema, { error: 'must be a list of emails' })
      .min(1, { error: 'must hold at least one email' })
      .max(MAX_BATCH, { error: `must hold at most ${MAX_BATCH} emails` })
      .openapi({
        description: `Up to ${MAX_BATCH} emails, addressing at most ${MAX_BATCH_RECIPIENTS} recipients (to, cc and bcc) in all`,
      }),
  })
  .openapi('SendBatchRequest');

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

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every problem of one email request, paths under `prefix` (`emails.3` in a batch). */
export function validateEmailRequest(
  raw: unknown,
  links: LinkPolicy,
  prefix: readonly PropertyKey[] = [],
): Validation<ValidEmailRequest> {
  const envelope = envelopeSchema.safeParse(raw);
  const errors = envelope.success ? [] : fieldErrors(envelope.error.issues, prefix);

  // The template's rules are checked even when the envelope has problems, so one answer lists them all.
  const template =
    isObject(raw) && (templateNames as readonly unknown[]).includes(raw.template) ? raw.template : undefined;
  let data: Record<string, unknown> | undefined;
  if (template && isObject(raw) && isObject(raw.data)) {
    const parsed = templateSchema(template as TemplateName, links).safeParse(raw.data);
    if (parsed.success) data = parsed.data as Record<string, unknown>;
    else errors.push(...fieldErrors(parsed.error.issues, [...prefix, 'data']));
  }

  if (!envelope.success || !data) return { ok: false, errors };
  const request = envelope.data;

  let to = request.to;
  let recipientRole: RecipientRole | undefined;
  if (!to) {
    const resolved = request.enrollment ? resolveRecipient(request.enrollment) : undefined;
    if (!resolved) {
      const path = [...prefix, request.enrollment ? 'enrollment' : 'to'].join('.');
      const message = request.enrollment
        ? `names no contact to send to: give ${recipientRoleFields}`
        : 'is required unless an enrollment names the recipient';
      return { ok: false, errors: [{ path, message }] };
    }
    to = [resolved.contact.email];
    recipientRole = resolved.role;
    // The resolved contact's name greets them, unless the data names someone.
    if (resolved.contact.name && data.recipientName === undefined)
      data = { ...data, recipientName: resolved.contact.name };
  }

  return {
    ok: true,
    value: {
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
    },
  };
}

const recipientRoleFields = 'onlineServicesManager, vlscAdministrator or noticesContact';

/** The batch's own shape; its entries are validated one by one, so each problem carries the entry's index. */
const batchEnvelope = z.strictObject({
  emails: z
    .array(z.unknown(), { error: 'must be a list of emails' })
    .min(1, { error: 'must hold at least one email' })
    .max(MAX_BATCH, { error: `must hold at most ${MAX_BATCH} emails` }),
});

/** Every problem of a batch; one bad entry refuses the whole batch. */
export function validateBatchRequest(raw: unknown, links: LinkPolicy): Validation<ValidEmailRequest[]> {
  const envelope = batchEnvelope.safeParse(raw);
  if (!envelope.success) return { ok: false, errors: fieldErrors(envelope.error.issues) };
  const valid: ValidEmailRequest[] = [];
  const errors: FieldError[] = [];
  envelope.data.emails.forEach((entry, index) => {
    const result = validateEmailRequest(entry, links, ['emails', index]);
    if (result.ok) valid.push(result.value);
    else errors.push(...result.errors);
  });
  if (errors.length) return { ok: false, errors };
  const recipients = valid.reduce((n, e) => n + e.to.length + (e.cc?.length ?? 0) + (e.bcc?.length ?? 0), 0);
  if (recipients > MAX_BATCH_RECIPIENTS) {
    return {
      ok: false,
      errors: [
        {
          path: 'emails',
          message: `must address at most ${MAX_BATCH_RECIPIENTS} recipients in all (to, cc and bcc); this batch has ${recipients}`,
        },
      ],
    };
  }
  return { ok: true, value: valid };
}
