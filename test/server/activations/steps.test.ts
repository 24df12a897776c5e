import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultBrand } from '../../../emails/_catalog/index.ts';
import { createActivationSteps } from '../../../server/activations/steps.ts';
import { renderHere } from '../../../server/render/threads.ts';
import type { Store } from '../../../server/store/index.ts';
import { openTestStore, storedCount } from '../../support/outbox.ts';

/**
 * The shell around the rules (server/activations/steps.ts), on a real store: what it answers is
 * what it stored, and two steps racing on one activation end with one winner.
 */

let store: Store;
let reset: () => Promise<void>;
beforeAll(async () => {
  ({ store, reset } = await openTestStore());
});
afterAll(() => store?.close());
beforeEach(() => reset());

const now = new Date();
const steps = () =>
  createActivationSteps({
    store,
    renderForStore: renderHere(defaultBrand).renderForStore,
    followUps: { reminderDays: [7], trialNoticeDays: 7 },
    clock: () => now,
  });

const bypass = {
  scenario: 'bypass-customer' as const,
  enrollment: {
    number: '63456789',
    organizationName: 'Northwind Traders',
    vlscAdministrator: { name: 'Lee Chen', email: 'lee@northwind.example' },
  },
  details: {
    signInUrl: 'https://activation.example.com/in',
    signUpUrl: 'https://activation.example.com/up',
    locale: 'de-DE',
  },
};

describe('activation steps', () => {
  it('answers with the activation exactly as it stored it, emails rendered in its language', async () => {
    const created = await steps().create(bypass);
    if (created.kind !== 'created') throw new Error(created.kind);
    const read = await store.getActivation(created.activation.id);
    expect({ ...read, version: 0 }).toEqual({ ...created.activation, version: 0 });
    const [first] = created.activation.emails;
    const email = await store.getEmail(first?.id ?? '');
    expect(email?.to).toEqual(['lee@northwind.example']);
    expect(email?.text).toContain('Lee Chen');
    expect(email?.subject).toMatch(/ für Northwind Traders/);
  });

  it('lets one of two racing choices win: one acknowledgement, the other refused', async () => {
    const s = steps();
    const created = await s.create(bypass);
    if (created.kind !== 'created') throw new Error(created.kind);
    const before = await storedCount(store);
    const results = await Promise.all(
      (['sign-in', 'sign-up'] as const).map((option) =>
        s.apply(created.activation.id, {
          type: 'choose',
          choice: { option, onlineServicesId: 'admin@northwind.onmicrosoft.com' },
        }),
      ),
    );
    expect(results.map((r) => r.kind).toSorted()).toEqual(['done', 'refused']);
    expect(results.find((r) => r.kind === 'refused')).toMatchObject({ reason: 'choice-already-made' });
    expect(await storedCount(store)).toBe(before + 1);
  });

  it('stores nothing for a step asked again (the same option), and nothing for a refusal', async () => {
    const s = steps();
    const created = await s.create(bypass);
    if (created.kind !== 'created') throw new Error(created.kind);
    const choose = { type: 'choose' as const, choice: { option: 'sign-up' as const, onlineServicesId: 'a@b.example' } };
    await s.apply(created.activation.id, choose);
    const stored = await storedCount(store);
    expect(await s.apply(created.activation.id, choose)).toMatchObject({ kind: 'done', changed: false });
    expect(await s.apply(created.activation.id, { type: 'resend' })).toMatchObject({
      kind: 'refused',
      reason: 'nothing-to-resend',
    });
    expect(await storedCount(store)).toBe(stored);
  });
});
