import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultBrand } from '../../../emails/_catalog/index.ts';
import { createActivationSteps } from '../../../server/activations/steps.ts';
import { renderHere } from '../../../server/render/threads.ts';
import type { Store } from '../../../server/store/index.ts';
import { openTestStore } from '../../support/outbox.ts';

/**
 * What follows an email's move (server/store/sql/status-effects.ts), stored in the same
 * statement: the event out, and on an activation's latest activation email or reminder to its
 * current recipient, `needsAttention` with its timeline entry and its own event out.
 */

let store: Store;
let reset: () => Promise<void>;
let query: (sql: string) => Promise<Record<string, unknown>[]>;
beforeAll(async () => {
  const opened = await openTestStore({ eventsOut: true });
  ({ store, reset } = opened);
  query = async (sql) => (await opened.pglite.query<Record<string, unknown>>(sql)).rows;
});
afterAll(() => store?.close());
beforeEach(() => reset());

const steps = () =>
  createActivationSteps({
    store,
    renderForStore: renderHere(defaultBrand).renderForStore,
    followUps: { reminderDays: [], trialNoticeDays: 7 },
    clock: () => new Date(),
  });

async function newActivation() {
  const created = await steps().create({
    scenario: 'new-customer',
    enrollment: { number: '61234567', organizationName: 'Contoso Ltd', noticesContact: { email: 'n@contoso.example' } },
    details: { signUpUrl: 'https://activation.example.com/up' },
  });
  if (created.kind !== 'created') throw new Error(created.kind);
  return created.activation;
}

/** Claims every due email and ends its send as `end` says. */
async function sendAll(end: (id: string) => Promise<boolean>) {
  for (const email of await store.claimDue('w', 100, 60_000)) await end(email.id);
}

const outgoingTypes = async () =>
  (await query('select type from event_deliveries order by id')).map((row) => row.type as string);

describe('status effects', () => {
  it('a failed activation email sets needsAttention, logs it and sends both events out', async () => {
    const activation = await newActivation();
    await sendAll((id) => store.markFailed(id, 'w', '422 invalid recipient'));
    const after = await store.getActivation(activation.id);
    expect(after?.needsAttention).toBe(true);
    expect(after?.events.map((e) => e.type)).toEqual([
      'activation.created',
      'email.accepted',
      'email.failed',
      'activation.needs_attention',
    ]);
    expect(await outgoingTypes()).toEqual(
      expect.arrayContaining(['activation.created', 'email.failed', 'activation.needs_attention']),
    );
  });

  it('a sent email sends email.sent out and leaves the activation alone', async () => {
    const activation = await newActivation();
    await sendAll((id) => store.markSent(id, 'w', 're_1'));
    expect((await store.getActivation(activation.id))?.needsAttention).toBe(false);
    expect(await outgoingTypes()).toContain('email.sent');
    expect(await outgoingTypes()).not.toContain('activation.needs_attention');
  });

  it('a failure of an email accepted before a resend no longer needs attention', async () => {
    const activation = await newActivation();
    const [claimed] = await store.claimDue('w', 1, 60_000);
    await steps().apply(activation.id, { type: 'resend' });
    await store.markFailed(claimed?.id ?? '', 'w', 'bounced earlier');
    expect((await store.getActivation(activation.id))?.needsAttention).toBe(false);
  });
});
