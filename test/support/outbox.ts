import { PGlite } from '@electric-sql/pglite';
import { getTableName } from 'drizzle-orm';
import { v7 } from 'uuid';
import type { AppDeps } from '../../server/app.ts';
import { packBody } from '../../server/store/body-codec.ts';
import { type NewEmail, openStore, type Store } from '../../server/store/index.ts';
import { schema } from '../../server/store/schema.ts';
import { testApp } from './app.ts';

/**
 * An app with a real outbox on an in-memory PGlite. Starting PGlite takes seconds, so a test
 * file opens one store and empties it before each test with `reset()`.
 */
export async function openTestStore(
  options: { eventsOut?: boolean } = {},
): Promise<{ store: Store; reset: () => Promise<void>; pglite: PGlite }> {
  const pglite = new PGlite();
  const store = await openStore({ dataDir: 'memory://', pglite, eventsOut: options.eventsOut });
  return {
    store,
    pglite,
    reset: async () => {
      await pglite.exec(TRUNCATE_ALL);
    },
  };
}

/** Empties every table of the schema (the list comes from the schema, so a new table is never forgotten). */
export const TRUNCATE_ALL = `truncate ${Object.values(schema)
  .map((table) => getTableName(table))
  .join(', ')}`;

export function outboxApp(store: Store, env: Record<string, string> = {}, extra: Partial<AppDeps> = {}) {
  return testApp(env, { outbox: { store, onAccepted: () => undefined }, ...extra });
}

/** How many emails the store holds, whatever their status. */
export async function storedCount(store: Store): Promise<number> {
  let total = 0;
  let before: string | undefined;
  for (;;) {
    const page = await store.listEmails({ limit: 100, before });
    total += page.length;
    if (page.length < 100) return total;
    before = page.at(-1)?.id;
  }
}

/** An email as the store receives it once rendered (its bodies packed), queued unless told otherwise. */
export const newEmail = ({
  html = '<p>Hello</p>',
  text = 'Hello',
  ...overrides
}: Partial<Omit<NewEmail, 'html' | 'text'>> & { html?: string; text?: string } = {}): NewEmail => ({
  id: v7(),
  template: 'activation',
  data: { scenario: 'new-customer' },
  to: ['osm@contoso.example'],
  subject: 'Activate your services',
  html: packBody('html', html),
  text: packBody('text', text),
  status: 'queued',
  createdAt: new Date(),
  ...overrides,
});
