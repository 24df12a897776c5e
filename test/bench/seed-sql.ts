import type { Store } from '../../server/store/index.ts';
import { json } from '../support/app.ts';
import { outboxApp } from '../support/outbox.ts';

/**
 * What the benches that fill a store share: rows are cloned in SQL from one activation and its
 * email created through the API, so they are what the store itself writes.
 */

export type Query = (text: string) => Promise<Record<string, unknown>[]>;

/** A UUID v7 for the millisecond `ms` (SQL), its random part from `seed`. */
export const uuidV7 = (ms: string, seed: string) => `(
  substr(lpad(to_hex((${ms})::bigint), 12, '0'), 1, 8) || '-' || substr(lpad(to_hex((${ms})::bigint), 12, '0'), 9, 4)
  || '-7' || substr(md5(${seed}), 1, 3) || '-8' || substr(md5(${seed}), 4, 3) || '-' || substr(md5(${seed}), 7, 12))::uuid`;

/** One new-customer activation created through the API with `key`: the rows to clone. */
export async function templateActivation(store: Store, key: string): Promise<{ id: string; emailId: string }> {
  const { app } = outboxApp(store, { API_KEYS: key });
  const created = await app.request(
    '/v1/activations',
    json(
      {
        enrollment: {
          number: '69999999',
          organizationName: 'Contoso Ltd',
          onlineServicesManager: { name: 'Dana Whitfield', email: 'dana@contoso.example' },
        },
        scenario: 'new-customer',
        signUpUrl: 'https://activation.example.com/sign-up?token=1',
      },
      { Authorization: `Bearer ${key}` },
    ),
  );
  const activation = (await created.json()) as { id: string; emails: { id: string }[] };
  return { id: activation.id, emailId: activation.emails[0]?.id ?? '' };
}
