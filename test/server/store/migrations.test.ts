import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { expect, it } from 'vitest';

/**
 * Migrations applied to a store that already holds data, as an upgrade meets it: each file's
 * statements in order, as drizzle's migrator runs them.
 */

const folder = join(import.meta.dirname, '..', '..', '..', 'server', 'store', 'migrations');
const migrations = readdirSync(folder)
  .filter((name) => name.endsWith('.sql'))
  .sort();

async function migrate(db: PGlite, which: (name: string) => boolean) {
  for (const name of migrations.filter(which)) {
    for (const statement of readFileSync(join(folder, name), 'utf8').split('--> statement-breakpoint')) {
      if (statement.trim()) await db.exec(statement);
    }
  }
}

/** An activation stored as the schema before these migrations takes it; the test picks what it reads. */
const activationRow = (
  id: string,
  number: string,
  scenario: string,
  details = '{}',
  role = 'online-services-manager',
) =>
  `('${id}', '${number}', '${scenario}', 'awaiting-choice', '{}', '${details}', 'a@b.com', '${role}', now(), now(), now())`;

const insertActivations = (...rows: string[]) =>
  `insert into activations (id, enrollment_number, scenario, state, enrollment, details, recipient_email,
    recipient_role, attention_since, created_at, updated_at) values ${rows.join(', ')}`;

it('numbers the events stored before the timeline sequence in the order timelines showed them', async () => {
  const db = new PGlite();
  await migrate(db, (name) => name < '0005');
  const activation = '01900000-0000-7000-8000-000000000001';
  const email = '01900000-0000-7000-8000-000000000002';
  await db.exec(`
    ${insertActivations(activationRow(activation, '61234567', 'new-customer'))};
    insert into emails (id, template, data, "to", subject, html, text, status, next_attempt_at, activation_id, purpose)
    values ('${email}', 'activation', '{}', '[]', 's', '', '', 'sent', now(), '${activation}', 'activation');
    -- Written in this order, stamped by clocks that disagree; the timeline read them by time.
    insert into email_events (email_id, type, at) values ('${email}', 'sent', '2026-01-01T10:00:02Z');
    insert into activation_events (activation_id, type, at) values ('${activation}', 'activation.created', '2026-01-01T10:00:00Z');
    insert into email_events (email_id, type, at) values ('${email}', 'queued', '2026-01-01T10:00:00Z');
    insert into activation_events (activation_id, type, at) values ('${activation}', 'activation.resent', '2026-01-01T10:00:05Z');
  `);
  await migrate(db, (name) => name >= '0005');

  const order = async () =>
    (
      await db.query<{ type: string }>(`
        select type from (
          select id, type from activation_events union all select id, type from email_events
        ) events order by id`)
    ).rows.map((row) => row.type);
  expect(await order()).toEqual(['activation.created', 'queued', 'sent', 'activation.resent']);

  // New events of either table continue the one sequence.
  await db.exec(`insert into email_events (email_id, type) values ('${email}', 'delivered')`);
  await db.exec(`insert into activation_events (activation_id, type) values ('${activation}', 'activation.canceled')`);
  expect(await order()).toEqual([
    'activation.created',
    'queued',
    'sent',
    'activation.resent',
    'delivered',
    'activation.canceled',
  ]);
  await db.close();
});

it('gives the trial emails waiting at the upgrade the deadline new ones get: the end of the trial’s last day', async () => {
  const db = new PGlite();
  await migrate(db, (name) => name < '0008');
  const trial = '01900000-0000-7000-8000-000000000011';
  const other = '01900000-0000-7000-8000-000000000012';
  await db.exec(`
    ${insertActivations(
      activationRow(trial, '62345678', 'trial-customer', '{"trialEndsOn": "2031-03-15"}', 'notices-contact'),
      activationRow(other, '61234567', 'new-customer'),
    )};
    insert into emails (id, template, data, "to", subject, html, text, status, next_attempt_at, activation_id, purpose)
    values
      ('01900000-0000-7000-8000-000000000021', 'activation', '{}', '[]', 's', '', '', 'scheduled', now(), '${trial}', 'reminder'),
      ('01900000-0000-7000-8000-000000000022', 'trial-ending', '{}', '[]', 's', '', '', 'scheduled', now(), '${trial}', 'trial-ending'),
      ('01900000-0000-7000-8000-000000000023', 'trial-ending', '{}', '[]', 's', '', '', 'scheduled', now(), '${trial}', 'trial-ended'),
      ('01900000-0000-7000-8000-000000000024', 'activation', '{}', '[]', 's', '', '', 'sent', now(), '${trial}', 'activation'),
      ('01900000-0000-7000-8000-000000000025', 'activation', '{}', '[]', 's', '', '', 'scheduled', now(), '${other}', 'reminder');
  `);
  await migrate(db, (name) => name >= '0008');
  const rows = await db.query<{ purpose: string; status: string; until: string | null }>(
    `select purpose, status, to_char(send_before at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI') as until from emails order by id`,
  );
  expect(rows.rows).toEqual([
    { purpose: 'reminder', status: 'scheduled', until: '2031-03-16T00:00' },
    { purpose: 'trial-ending', status: 'scheduled', until: '2031-03-16T00:00' },
    { purpose: 'trial-ended', status: 'scheduled', until: null },
    { purpose: 'activation', status: 'sent', until: null },
    { purpose: 'reminder', status: 'scheduled', until: null },
  ]);
  await db.close();
});
