export * from './activations.ts';
export * from './event-deliveries.ts';
export { type Db, openStore, type StoreOptions } from './open.ts';
export {
  type ActivationState,
  activationStates,
  type EmailPurpose,
  type EmailStatus,
  emailPurposes,
  emailStatuses,
} from './schema.ts';
export * from './store.ts';
