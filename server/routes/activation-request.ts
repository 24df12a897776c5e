import { z } from '@hono/zod-openapi';
import {
  emailAddress,
  httpsUrl,
  isoDate,
  type LinkPolicy,
  organizationName,
  recipientName,
  services,
  subscriptions,
  tenantDomain,
} from '../../emails/_catalog/index.ts';
import {
  offeredOptions,
  offersOption,
  optionIds,
  options,
  resolveRecipient,
  type ScenarioId,
  scenarioIds,
} from '../../emails/_domain/activation.ts';
import type { ActivationDetails, ActivationEnrollment } from '../store/index.ts';
import { contactFor, enrollmentContacts, locale, type RequestRules, tagsSchema } from './email-request.ts';
import { activationOptionEnum, scenarioEnum } from './enums.ts';

/**
 * The bodies of the activation routes: one schema each, which documents the API and validates
 * the request once. They reuse the templates' own field rules (the links a scenario offers,
 * the acknowledgement's and the provisioning confirmation's fields) and add the activation's
 * (trial end, a recipient to resolve), reporting every problem with its path.
 */

const ENROLLMENT_NUMBER = /^[0-9A-Za-z-]{1,40}$/;

const activationEnrollment = (links: LinkPolicy) =>
  z
    .strictObject({
      number: z
        .string({ error: 'must be the enrollment number, like 62345678' })
        .regex(ENROLLMENT_NUMBER, { error: 'must be 1 to 40 letters, digits or -, like 62345678' })
        .openapi({
          description: 'The Volume Licensing enrollment number: one live activation each',
          example: '62345678',
        }),
      organizationName: organizationName(links).openapi({ example: 'Contoso Ltd' }),
      ...enrollmentContacts(links),
    })
    .openapi('ActivationEnrollment', {
      description:
        'The Volume Licensing enrollment: its number (one live activation each), the organization, and its contacts. The emails go to the Online Services Manager; with none, to the VLSC Online Administrator; else to the Notices Contact.',
    });

/** The enrollment as the document shows it (requests and answers); a LINK_HOSTS policy only adds a refinement. */
export const activationEnrollmentSchema = activationEnrollment({});

export interface ValidActivationRequest {
  scenario: ScenarioId;
  enrollment: ActivationEnrollment;
  details: ActivationDetails;
}

const today = (now: Date) => now.toISOString().slice(0, 10);
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `POST /v1/activations`. */
export function createActivationSchema({ links, clock }: RequestRules) {
  return (
    z
      .strictObject({
        enrollment: links.hosts?.length ? activationEnrollment(links) : activationEnrollmentSchema,
        scenario: scenarioEnum,
        signInUrl: httpsUrl(links).optional().openapi({
          description: 'Required when the scenario offers Sign In (trial and bypass customers); refused otherwise',
        }),
        signUpUrl: httpsUrl(links).optional().openapi({ description: 'Required: every scenario offers Sign Up' }),
        services: services(links).optional().openapi({ description: 'The services on the order' }),
        recipientName: recipientName(links).openapi({
          description: 'Who the emails greet; by default the resolved contact’s name',
        }),
        trialEndsOn: isoDate().optional().openapi({
          description:
            'trial-customer only: the trial’s last day, today or later. The trial-ending notice goes out TRIAL_NOTICE_DAYS before it.',
          example: '2026-12-24',
        }),
        locale: locale(),
        tags: tagsSchema.optional(),
      })
      // The scenario's rules run beside the fields' own, so one answer lists every problem.
      .superRefine(
        (raw, ctx) => {
          const body: Record<string, unknown> = isObject(raw) ? raw : {};
          const scenario = body.scenario as ScenarioId;
          if (!scenarioIds.includes(scenario)) return;
          for (const option of optionIds) {
            const field = options[option].urlField;
            const given = body[field] !== undefined;
            if (offersOption(scenario, option) && !given) {
              ctx.addIssue({ code: 'custom', path: [field], message: 'is required' });
            } else if (!offersOption(scenario, option) && given) {
              ctx.addIssue({
                code: 'custom',
                path: [field],
                message: `is not a field of scenario "${scenario}", which offers ${offeredOptions(scenario).join(' and ')} only`,
              });
            }
          }
          if (typeof body.trialEndsOn !== 'string') return;
          if (scenario !== 'trial-customer') {
            ctx.addIssue({ code: 'custom', path: ['trialEndsOn'], message: 'is only for scenario "trial-customer"' });
          } else if (isoDate().safeParse(body.trialEndsOn).success && body.trialEndsOn < today(clock())) {
            // A malformed date gets the format's own message, not this one.
            ctx.addIssue({
              code: 'custom',
              path: ['trialEndsOn'],
              message: `must not be in the past (today is ${today(clock())})`,
            });
          }
        },
        { when: () => true },
      )
      .transform((request, ctx): ValidActivationRequest => {
        const { number, organizationName, ...contacts } = request.enrollment;
        if (!resolveRecipient(contacts)) {
          ctx.addIssue({
            code: 'custom',
            path: ['enrollment'],
            message: 'names no contact to send to: give onlineServicesManager, vlscAdministrator or noticesContact',
          });
          return z.NEVER;
        }
        return {
          scenario: request.scenario,
          enrollment: { number, organizationName, ...contacts },
          details: {
            ...(request.signInUrl ? { signInUrl: request.signInUrl } : {}),
            ...(request.signUpUrl ? { signUpUrl: request.signUpUrl } : {}),
            ...(request.services ? { services: request.services } : {}),
            ...(request.recipientName ? { recipientName: request.recipientName } : {}),
            ...(request.trialEndsOn ? { trialEndsOn: request.trialEndsOn } : {}),
            ...(request.locale ? { locale: request.locale } : {}),
            ...(request.tags ? { tags: request.tags } : {}),
          },
        };
      })
      .openapi('CreateActivationRequest', {
        description:
          'An enrollment to carry through the activation process: its contacts, the scenario, and the links the scenario’s options lead to',
        example: {
          enrollment: {
            number: '62345678',
            organizationName: 'Contoso Ltd',
            onlineServicesManager: { name: 'Dana Whitfield', email: 'osm@contoso.com' },
          },
          scenario: 'new-customer',
          signUpUrl: 'https://activation.example.com/sign-up?token=1',
        },
      })
  );
}

/** `POST /v1/activations/{id}/choice`: the option, and the account facts the acknowledgement shows. */
export const choiceSchema = ({ links }: RequestRules) =>
  z
    .strictObject({
      option: activationOptionEnum,
      onlineServicesId: emailAddress().openapi({
        description: 'The Microsoft Online Services ID the customer signed in or up with',
        example: 'admin@contoso.onmicrosoft.com',
      }),
      tenantDomain: tenantDomain().optional().openapi({ example: 'contoso.onmicrosoft.com' }),
      subscriptionsUrl: httpsUrl(links)
        .optional()
        .openapi({ description: 'Where the customer reviews their subscriptions, shown in the acknowledgement' }),
    })
    .openapi('ActivationChoiceRequest', {
      description: 'The option the customer chose, and the account facts the acknowledgement shows.',
      example: {
        option: 'sign-up',
        onlineServicesId: 'admin@contoso.onmicrosoft.com',
        tenantDomain: 'contoso.onmicrosoft.com',
      },
    });

/** `POST /v1/activations/{id}/provisioned`. */
export const provisionedSchema = ({ links }: RequestRules) =>
  z
    .strictObject({
      subscriptions: subscriptions(links),
      subscriptionsUrl: httpsUrl(links).openapi({ description: 'Where the customer reviews the subscriptions' }),
    })
    .openapi('ActivationProvisionedRequest', {
      description: 'The subscriptions provisioned: one provisioning confirmation lists them',
      example: {
        subscriptions: [{ service: 'SharePoint Online (Plan 2)', quantity: 250, startsOn: '2026-12-01' }],
        subscriptionsUrl: 'https://portal.example.com/subscriptions',
      },
    });

/**
 * A contact to set, or null to remove it. A union with null, not `.nullable()`: zod-to-openapi
 * writes a nullable reference as `allOf: [$ref, {type: [object, null]}]`, which no value
 * satisfies (asteasolutions/zod-to-openapi#387); a union is `anyOf: [$ref, {type: null}]`.
 */
const contactOrNull = (role: string, links: LinkPolicy) =>
  z
    .union([contactFor(links), z.null()], { error: 'must be a contact ({ "name"?, "email" }), or null to remove it' })
    .optional()
    .openapi({ description: `The ${role}; null removes it, leaving it out keeps it` });

/** `PATCH /v1/activations/{id}`. */
export const contactsChangeSchema = ({ links }: RequestRules) =>
  z
    .strictObject({
      enrollment: z
        .strictObject({
          onlineServicesManager: contactOrNull('Online Services Manager', links),
          vlscAdministrator: contactOrNull('VLSC Online Administrator', links),
          noticesContact: contactOrNull('Notices Contact', links),
        })
        .openapi({ description: 'The enrollment’s contacts to change' }),
    })
    .openapi('ActivationContactsChange', {
      description: 'Contacts to set; a contact set to null is removed, one left out is kept.',
      example: { enrollment: { onlineServicesManager: { name: 'Lee Chen', email: 'lee@contoso.com' } } },
    });
