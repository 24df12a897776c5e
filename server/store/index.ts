/** The store's public face: open it, and the types its calls take and answer with. */
export type {
  ActivationChoice,
  ActivationDetails,
  ActivationEmail,
  ActivationEnrollment,
  ActivationRecord,
  ActivationState,
  ActivationWithHistory,
  Contact,
  EmailPurpose,
  TimelineEvent,
} from '../activations/model.ts';
export { activationStates, emailPurposes } from '../activations/model.ts';
export type { EmailStatus, ProviderEventType } from '../delivery/email-status.ts';
export { emailStatuses, providerEventTypes } from '../delivery/email-status.ts';
export { type Db, openStore, type StoreOptions } from './open.ts';
export type { NewEmail } from './sql/accept.ts';
export type {
  ActivationChange,
  ActivationQuery,
  ActivationStep,
  ChangeResult,
  CreateResult,
  NewActivation,
  OutgoingEvent,
} from './sql/activations.ts';
export type { BatchClaim, ClaimedBatch, ClaimedEmail } from './sql/claim.ts';
export type { Blockers, EraseResult, Erasure, ErasureCounts } from './sql/erasure.ts';
export type { ClaimedEvent, EventSettlement } from './sql/event-deliveries.ts';
export type { DeliveryGlance, GlanceEventType, GlanceSeries } from './sql/glance.ts';
export { glanceEventTypes, QUEUE_COUNT_CAP } from './sql/glance.ts';
export {
  type IdempotencyClaim,
  IdempotencyLostError,
  type IdempotencyRequest,
  type IdempotentCompletion,
  type IdempotentResponse,
} from './sql/idempotency.ts';
export type { ActivationSearch, AttentionItem, EmailSearch } from './sql/lists.ts';
export type { ProviderEvent, ProviderEventResult } from './sql/provider-events.ts';
export type { EmailSummary, EmailWithEvents, ListQuery } from './sql/reads.ts';
export type { StoredSlots } from './sql/send-budget.ts';
export type { CancelResult } from './sql/settle.ts';
export { emailEventTypesOut } from './sql/status-effects.ts';
export type { EventAttempt, TimelineEntry } from './sql/timeline.ts';
export { createStore, type Store, type StoreSettings } from './store.ts';
