import { z } from '@hono/zod-openapi';
import { httpsUrl, isoDate } from '../../emails/_catalog/fields.ts';
import { type LinkPolicy, templateSchema } from '../../emails/_catalog/index.ts';
import { optionIds, resolveRecipient, scenarioIds } from '../../emails/_domain/activation.ts';
import { unsafeJson } from '../json-guard.ts';
import { type FieldError, fieldErrors } from '../problem.ts';
import type { ActivationDetails, ActivationEnrollment, Contact } from '../store/index.ts';
import { envelopeFields, type Validation } from './email-request.ts';

/**
 * The bodies of the activation routes: their schemas (which document the API) and the complete
 * validation, which adds the templates' own rules (the links a scenario offers, the
 * acknowledgement's and provisioning confirmation's fields) and the activation's (trial end,
 * a recipient to resolve), reporting every problem with its path.
 */

// The send body's own fields, reused so one rule has one place (and new locales flow through).
const enrollmentContacts = envelopeFields.enrollment.unwrap();
const contactSchema = enrollmentContacts.shape.onlineServicesManager.unwrap();
const localeSchema = envelopeFields.locale;
const tagsSchema = envelopeFields.tags;

const ENROLLMENT_NUMBER = /^[0-9A-Za-z-]{1,40}$/;

export const activationEnrollmentSchema = z
  .strictObject({
    number: z
      .string({ error: 'must be the enrollment number, like 62345678' })
      .regex(ENROLLMENT_NUMBER, { error: 'must be 1 to 40 letters, digits or -, like 62345678' })
      .openapi({ example: '62345678' }),
    organizationName: z.string().openapi({ example: 'Contoso Ltd' }),
    onlineServicesManager: contactSchema.optional(),
    vlscAdministrator: contactSchema.optional(),
    noticesContact: contactSchema.optional(),
  })
  .openapi('ActivationEnrollment', {
    description:
      'The Volume Licensing enrollment: its number (one live activation each), the organization, and its contacts. The emails go to the Online Services Manager; with none, to the VLSC Online Administrator; else to the Notices Contact.',
  });

export const createActivationSchema = z
  .strictObject({
    enrollment: activationEnrollmentSchema,
    scenario: z.enum(scenarioIds, { error: `must be one of: ${scenarioIds.join(', ')}` }),
    signInUrl: z.string().optional().openapi({
      format: 'uri',
      description: 'Required when the scenario offers Sign In (trial and bypass customers); refused otherwise',
    }),
    signUpUrl: z.string().optional().openapi({ format: 'uri', description: 'Required: every scenario offers Sign Up' }),
    services: z.array(z.string()).optional().openapi({ description: 'The services on the order (at most 20)' }),
    recipientName: z.string().optional().openapi({
      description: 'Who the emails greet; by default the resolved contact’s name',
    }),
    trialEndsOn: isoDate().optional().openapi({
      description:
        'trial-customer only: the trial’s last day. The trial-ending notice goes out TRIAL_NOTICE_DAYS before it.',
      example: '2026-12-24',
    }),
    locale: localeSchema,
    tags: tagsSchema,
  })
  .openapi('CreateActivationRequest', {
    example: {
      enrollment: {
        number: '62345678',
        organizationName: 'Contoso Ltd',
        onlineServicesManager: { name: 'Dana Whitfield', email: 'osm@contoso.com' },
      },
      scenario: 'new-customer',
      signUpUrl: 'https://activation.example.com/sign-up?token=1',
    },
  });

export type CreateActivationBody = z.infer<typeof createActivationSchema>;

export interface ValidActivationRequest {
  scenario: CreateActivationBody['scenario'];
  enrollment: ActivationEnrollment;
  details: ActivationDetails;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Errors of both lists, one per path (the first one found wins). */
const merge = (first: FieldError[], second: FieldError[]): FieldError[] => {
  const paths = new Set<string>();
  return [...first, ...second].filter((e) => !paths.has(e.path) && Boolean(paths.add(e.path)));
};

/** Where the activation template's fields sit in the creation body. */
const bodyPath: Record<string, string> = {
  organizationName: 'enrollment.organizationName',
  enrollmentNumber: 'enrollment.number',
};

const today = (now: Date) => now.toISOString().slice(0, 10);

/** Every problem of a creation body, the template's rules included; `now` decides what "past" is. */
export function validateCreateActivation(
  raw: unknown,
  links: LinkPolicy,
  now: Date,
): Validation<ValidActivationRequest> {
  const envelope = createActivationSchema.safeParse(raw);
  const envelopeErrors = envelope.success ? [] : fieldErrors(envelope.error.issues);
  const errors: FieldError[] = [];
  const body = isObject(raw) ? raw : {};
  const enrollment = isObject(body.enrollment) ? body.enrollment : {};

  // The activation email's rules, on the fields the body gives it.
  if ((scenarioIds as readonly unknown[]).includes(body.scenario)) {
    const data = Object.fromEntries(
      Object.entries({
        scenario: body.scenario,
        organizationName: enrollment.organizationName,
        enrollmentNumber: enrollment.number,
        recipientName: body.recipientName,
        services: body.services,
        signInUrl: body.signInUrl,
        signUpUrl: body.signUpUrl,
      }).filter(([, v]) => v !== undefined),
    );
    const parsed = templateSchema('activation', links).safeParse(data);
    if (!parsed.success) {
      for (const e of fieldErrors(parsed.error.issues)) {
        const [head, ...rest] = e.path.split('.');
        errors.push({ ...e, path: [bodyPath[head ?? ''] ?? head, ...rest].join('.') });
      }
    }
  }
  if (typeof body.trialEndsOn === 'string') {
    if (body.scenario !== 'trial-customer') {
      errors.push({ path: 'trialEndsOn', message: 'is only for scenario "trial-customer"' });
    } else if (isoDate().safeParse(body.trialEndsOn).success && body.trialEndsOn < today(now)) {
      // A malformed date gets the format's own message (from the schema), not this one.
      errors.push({ path: 'trialEndsOn', message: `must not be in the past (today is ${today(now)})` });
    }
  }
  const all = merge([...unsafeJson(raw), ...errors], envelopeErrors);
  if (!envelope.success || all.length > 0) return { ok: false, errors: all };

  const request = envelope.data;
  const { number, organizationName, ...contacts } = request.enrollment;
  const resolved = resolveRecipient(contacts);
  if (!resolved) {
    return {
      ok: false,
      errors: [
        {
          path: 'enrollment',
          message: 'names no contact to send to: give onlineServicesManager, vlscAdministrator or noticesContact',
        },
      ],
    };
  }
  const greeting = request.recipientName?.trim();
  return {
    ok: true,
    value: {
      scenario: request.scenario,
      enrollment: { number, organizationName: organizationName.trim(), ...contacts },
      details: {
        ...(request.signInUrl ? { signInUrl: request.signInUrl } : {}),
        ...(request.signUpUrl ? { signUpUrl: request.signUpUrl } : {}),
        ...(request.services ? { services: request.services.map((s) => s.trim()) } : {}),
        ...(greeting ? { recipientName: greeting } : {}),
        ...(request.trialEndsOn ? { trialEndsOn: request.trialEndsOn } : {}),
        ...(request.locale ? { locale: request.locale } : {}),
        ...(request.tags ? { tags: request.tags } : {}),
      },
    },
  };
}

export const choiceSchema = z
  .strictObject({
    option: z.enum(optionIds, { error: `must be one of: ${optionIds.join(', ')}` }),
    onlineServicesId: z.string().openapi({
      format: 'email',
      description: 'The Microsoft Online Services ID the customer signed in or up with',
      example: 'admin@contoso.onmicrosoft.com',
    }),
    tenantDomain: z.string().optional().openapi({ example: 'contoso.onmicrosoft.com' }),
    subscriptionsUrl: z.string().optional().openapi({ format: 'uri' }),
  })
  .openapi('ActivationChoiceRequest', {
    description: 'The option the customer chose, and the account facts the acknowledgement shows.',
    example: {
      option: 'sign-up',
      onlineServicesId: 'admin@contoso.onmicrosoft.com',
      tenantDomain: 'contoso.onmicrosoft.com',
    },
  });

export type ChoiceBody = z.infer<typeof choiceSchema>;

/** The acknowledgement template's rules on the choice's account facts. */
export function validateChoice(raw: unknown, links: LinkPolicy): Validation<ChoiceBody> {
  const envelope = choiceSchema.safeParse(raw);
  const errors = envelope.success ? [] : fieldErrors(envelope.error.issues);
  const body = isObject(raw) ? raw : {};
  const { option: _, ...facts } = body;
  const parsed = templateSchema('acknowledgement', links).safeParse({
    ...facts,
    kind: 'profile-created',
    organizationName: 'x',
  });
  const templateErrors = parsed.success ? [] : fieldErrors(parsed.error.issues).filter((e) => e.path in facts);
  const all = merge([...unsafeJson(raw), ...templateErrors], errors);
  if (!envelope.success || all.length > 0) return { ok: false, errors: all };
  const trimmed = parsed.data as { onlineServicesId: string; tenantDomain?: string; subscriptionsUrl?: string };
  return {
    ok: true,
    value: {
      option: envelope.data.option,
      onlineServicesId: trimmed.onlineServicesId,
      ...(trimmed.tenantDomain ? { tenantDomain: trimmed.tenantDomain } : {}),
      ...(trimmed.subscriptionsUrl ? { subscriptionsUrl: trimmed.subscriptionsUrl } : {}),
    },
  };
}

const subscriptionSchema = z
  .strictObject({
    service: z.string().openapi({ example: 'SharePoint Online (Plan 2)' }),
    quantity: z.number().int().openapi({ minimum: 1, example: 250 }),
    startsOn: isoDate().optional(),
    endsOn: isoDate().optional(),
  })
  .openapi('Subscription');

export const provisionedSchema = z
  .strictObject({
    subscriptions: z.array(subscriptionSchema).openapi({ minItems: 1, maxItems: 50 }),
    subscriptionsUrl: httpsUrl().openapi({ description: 'Where the customer reviews the subscriptions' }),
  })
  .openapi('ActivationProvisionedRequest');

export type ProvisionedBody = z.infer<typeof provisionedSchema>;

/** The provisioning confirmation's rules on the subscriptions. */
export function validateProvisioned(raw: unknown, links: LinkPolicy): Validation<ProvisionedBody> {
  const envelope = provisionedSchema.safeParse(raw);
  const errors = envelope.success ? [] : fieldErrors(envelope.error.issues);
  const body = isObject(raw) ? raw : {};
  const parsed = templateSchema('provisioning-confirmation', links).safeParse({ ...body, organizationName: 'x' });
  const templateErrors = parsed.success ? [] : fieldErrors(parsed.error.issues);
  const all = merge([...unsafeJson(raw), ...templateErrors], errors);
  if (!envelope.success || !parsed.success || all.length > 0) return { ok: false, errors: all };
  const { subscriptions, subscriptionsUrl } = parsed.data as ProvisionedBody;
  return { ok: true, value: { subscriptions, subscriptionsUrl } };
}

export const contactsChangeSchema = z
  .strictObject({
    enrollment: z.strictObject({
      onlineServicesManager: contactSchema.nullable().optional(),
      vlscAdministrator: contactSchema.nullable().optional(),
      noticesContact: contactSchema.nullable().optional(),
    }),
  })
  .openapi('ActivationContactsChange', {
    description: 'Contacts to set; a contact set to null is removed, one left out is kept.',
    example: { enrollment: { onlineServicesManager: { name: 'Lee Chen', email: 'lee@contoso.com' } } },
  });

export type ContactsChange = z.infer<typeof contactsChangeSchema>;

/** The enrollment with the change applied (null removes a contact). */
export function applyContactsChange(enrollment: ActivationEnrollment, change: ContactsChange): ActivationEnrollment {
  const next: ActivationEnrollment = { ...enrollment };
  for (const [field, contact] of Object.entries(change.enrollment) as [
    'onlineServicesManager' | 'vlscAdministrator' | 'noticesContact',
    Contact | null | undefined,
  ][]) {
    if (contact === null) delete next[field];
    else if (contact !== undefined) next[field] = contact;
  }
  return next;
}
