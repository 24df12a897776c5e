export { type Db, openStore, type StoreOptions } from './open.ts';
export { type EmailStatus, emailStatuses } from './schema.ts';
export * from './store.ts';
