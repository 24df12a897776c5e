import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/index.ts';
import { json, newCustomer } from '../../support/app.ts';
import { openTestStore, outboxApp } from '../../support/outbox.ts';

/**
 * Every change records the name of the key that made it, never the key: on the email's events,
 * on the activation's timeline and in the events that go out.
 */

let store: Store;
let pglite: PGlite;
let reset: () => Promise<void>;
beforeAll(async () => {
  ({ store, pglite, reset } = await openTestStore({ eventsOut: true }));
});
afterAll(() => store?.close());
beforeEach(() => reset());

const CRM = 'crm-secret-0123456789abcdef';
const DESK = 'desk-secret-0123456789abcdef';
const env = {
  API_KEYS: `crm:send+activations+read:${CRM},desk:activations+read:${DESK}`,
  EVENTS_WEBHOOK_URL: 'https://events.example.com/hook',
  EVENTS_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
};
const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
const as = (key: string) => ({ Authorization: `Bearer ${key}` });

/** Everything the store holds, as text: a secret must appear nowhere in it. */
async function storeText(): Promise<string> {
  const tables = ['emails', 'email_events', 'activations', 'activation_events', 'event_deliveries', 'idempotency_keys'];
  const dumps = await Promise.all(tables.map((t) => pglite.query(`select * from ${t}`)));
  return JSON.stringify(dumps.map((d) => d.rows));
}

describe('the key behind each change', () => {
  it('names the key on an email’s accepted and canceled events', async () => {
    const { app } = outboxApp(store, env);
    const sent = await app.request(
      '/v1/emails',
      json({ template: 'activation', data: newCustomer, to: 'osm@contoso.com', scheduledAt: inAWeek }, as(CRM)),
    );
    expect(sent.status).toBe(202);
    const { id } = await sent.json();
    await app.request(`/v1/emails/${id}/cancel`, { method: 'POST', headers: as(CRM) });
    const email = await (await app.request(`/v1/emails/${id}`, { headers: as(DESK) })).json();
    expect(email.events.map((e: { type: string; keyName?: string }) => [e.type, e.keyName])).toEqual([
      ['scheduled', 'crm'],
      ['canceled', 'crm'],
    ]);
    expect(await storeText()).not.toMatch(/secret-0123456789/);
  });

  it('names the key on every step of an activation’s timeline and in the events that go out', async () => {
    const { app } = outboxApp(store, env);
    const created = await app.request(
      '/v1/activations',
      json(
        {
          enrollment: {
            number: '62345678',
            organizationName: 'Contoso Ltd',
            onlineServicesManager: { email: 'osm@contoso.com' },
          },
          scenario: 'new-customer',
          signUpUrl: newCustomer.signUpUrl,
        },
        as(CRM),
      ),
    );
    const { id } = await created.json();
    const patch = { enrollment: { onlineServicesManager: { email: 'dana@contoso.com' } } };
    await app.request(`/v1/activations/${id}`, { ...json(patch, as(DESK)), method: 'PATCH' });
    await app.request(`/v1/activations/${id}/cancel`, { method: 'POST', headers: as(DESK) });

    const activation = await (await app.request(`/v1/activations/${id}`, { headers: as(CRM) })).json();
    const byStep = activation.events.map((e: { type: string; keyName?: string }) => `${e.type} ${e.keyName}`);
    expect(byStep).toEqual([
      'activation.created crm',
      'email.accepted crm',
      'email.accepted crm',
      'email.accepted crm',
      'activation.contacts_changed desk',
      'email.canceled desk',
      'email.canceled desk',
      'email.canceled desk',
      'email.accepted desk',
      'email.accepted desk',
      'email.accepted desk',
      'activation.canceled desk',
      'email.canceled desk',
      'email.canceled desk',
      'email.canceled desk',
    ]);

    const out = await pglite.query<{ type: string; payload: string }>(
      'select type, payload from event_deliveries order by created_at, id',
    );
    expect(out.rows.map((row) => [row.type, JSON.parse(row.payload).data.keyName])).toEqual([
      ['activation.created', 'crm'],
      ['activation.canceled', 'desk'],
    ]);
    expect(await storeText()).not.toMatch(/secret-0123456789/);
  });
});
