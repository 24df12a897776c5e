import { z } from '@hono/zod-openapi';
import { locales, templateNames } from '../../emails/_catalog/index.ts';
import { optionIds, recipientRoles, scenarioIds } from '../../emails/_domain/activation.ts';
import { timelineEventTypes } from '../activations/model.ts';
import { emailEventTypes } from '../delivery/email-status.ts';
import { activationStates, emailPurposes, emailStatuses } from '../store/index.ts';

/**
 * The enums several schemas share, each one component of the OpenAPI document, so that a
 * generated client has one type for each (`Locale`, not one `…Locale` per field). Each is read
 * from the `as const` tuple that the rules themselves use; a request's enum carries the error
 * message that names the values.
 */

const oneOf = (values: readonly string[]) => `must be one of: ${values.join(', ')}`;

// Built here, with @hono/zod-openapi's z: a schema made by the catalog's zod may predate the
// .openapi extension in the bundled server (server/build.ts), where evaluation order differs.
export const localeEnum = z
  .enum(locales, { error: `must be one of the supported locales: ${locales.join(', ')}` })
  .openapi('Locale', {
    description: 'The language of an email: a BCP 47 tag the templates are written in (default `en-US`)',
  });

export const templateNameEnum = z.enum(templateNames, { error: oneOf(templateNames) }).openapi('TemplateName', {
  description: 'A template: `GET /v1/templates` lists each with what it is for and its data’s schema',
});

export const emailStatusEnum = z.enum(emailStatuses, { error: oneOf(emailStatuses) }).openapi('EmailStatus', {
  description:
    'Where an email is: `scheduled` (waiting for its time), `queued` (due, or waiting for its next try), `sending`, `sent` (the provider accepted it) or `captured` (kept by the local mailbox, MAIL_TRANSPORT=mailbox: nothing was sent); then the provider’s word: `delivered`, `delivery_delayed`, `bounced`, `complained`; or `failed` (refused, or every try failed), `outcome_unknown` (the last try got no readable answer: its provider events settle it), `canceled`. New statuses are announced in the changelog.',
});

export const emailEventTypeEnum = z.enum(emailEventTypes).openapi('EmailEventType', {
  description:
    'A step of an email’s delivery: `queued`, `scheduled`, `sending` (an attempt), `sent`, `captured` (kept by the local mailbox; nothing was sent), `retry` (the attempt failed; another follows), `throttled` and `parked` (the provider’s rate limit or quota: waiting, not an attempt), `unbatched` (its batch was refused as a whole; tried on its own), `released` (its worker stopped; queued again), `failed`, `outcome_unknown`, `canceled`; or the provider’s event: `delivered`, `delivery_delayed`, `bounced`, `complained`, `opened`, `clicked`',
});

export const recipientRoleEnum = z.enum(recipientRoles).openapi('RecipientRole', {
  description:
    'Who on the enrollment an email goes to: the Online Services Manager, else the VLSC Online Administrator, else the Notices Contact. On an email, present when its recipient was resolved from an enrollment.',
});

export const scenarioEnum = z.enum(scenarioIds, { error: oneOf(scenarioIds) }).openapi('Scenario', {
  description:
    'The customer’s situation, which decides the options the activation email offers: `new-customer` (Sign Up only), `trial-customer` (Sign In keeps the trial’s data; Sign Up starts afresh), `bypass-customer` (BPOS-S bought but never activated: either)',
});

export const activationOptionEnum = z.enum(optionIds, { error: oneOf(optionIds) }).openapi('ActivationOption', {
  description:
    'The option the customer chose: `sign-in` (an existing tenant) or `sign-up` (a new one). One-time and irreversible.',
});

export const activationStateEnum = z
  .enum(activationStates, { error: oneOf(activationStates) })
  .openapi('ActivationState', {
    description:
      '`awaiting-choice` (the activation email is out), `chosen` (the option is recorded), `provisioned` (services confirmed), `canceled`',
  });

export const emailPurposeEnum = z.enum(emailPurposes).openapi('EmailPurpose', {
  description:
    'Why an activation sent an email: `activation`, `reminder` (the activation email again, while no option is chosen), `acknowledgement` (after the choice), `provisioning-confirmation`, `trial-ending`',
});

export const timelineEventTypeEnum = z.enum(timelineEventTypes).openapi('ActivationEventType', {
  description:
    'A step on an activation’s timeline: its own (`activation.created`, `activation.choice_recorded`, `activation.provisioned`, `activation.contacts_changed`, `activation.resent`, `activation.needs_attention`, `activation.canceled`), or a step of one of its emails (`email.accepted`, `email.sent`, `email.captured`, `email.delivered`, `email.delivery_delayed`, `email.bounced`, `email.complained`, `email.failed`, `email.outcome_unknown`, `email.canceled`)',
});
