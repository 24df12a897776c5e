/**
 * The console at volume (issue 24): 100,000 activations and 1,000,000 emails in the store, then
 * every list page timed through the app as a signed-in browser asks for it (server time: the
 * request in, the page out, no network), searches included, with the query plans of the
 * searches. On PGlite (in memory) and, with BENCH_DATABASE_URL or TEST_DATABASE_URL, on PostgreSQL.
 *
 * The rows are cloned in SQL from one activation and its email created through the API, so
 * they are what the store itself writes; ids are UUID v7 spread over the last 90 days, 3
 * emails per activation and 700,000 single sends, 1% of activations needing attention.
 * `npm run bench -- console` (or `npx tsx test/bench/console.bench.ts`); BENCH_STORES=pglite or
 * postgres measures one store alone.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openStore, type Store } from '../../server/store/index.ts';
import { browserOf, signIn } from '../support/console.ts';
import { outboxApp } from '../support/outbox.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { type Query, templateActivation, uuidV7 } from './seed-sql.ts';
import { percentile } from './stats.ts';

const KEY = 'bench-console-key-0123456789';
const ACTIVATIONS = Number(process.env.BENCH_ACTIVATIONS ?? 100_000);
const EMAILS = Number(process.env.BENCH_EMAILS ?? 1_000_000);
const PER_ACTIVATION = 3;
const RUNS = 15;
const GOAL_MS = 150;

async function seed(query: Query, base: { activation: string; email: string }) {
  const span = 90 * 86_400_000;
  const now = Date.now();
  const started = performance.now();
  const activationId = (i: string) =>
    uuidV7(`${now - span} + (${i})::bigint * ${Math.floor(span / ACTIVATIONS)}`, `'a' || (${i})`);
  await query(`
    insert into activations (id, enrollment_number, scenario, state, enrollment, details, recipient_email,
      recipient_role, choice, needs_attention, attention_since, version, created_at, updated_at)
    select ${activationId('i')},
      (70000000 + i)::text,
      (array['new-customer', 'trial-customer', 'bypass-customer'])[1 + i % 3],
      (array['awaiting-choice', 'chosen', 'provisioned', 'canceled'])[1 + i % 4],
      jsonb_set(jsonb_set(jsonb_set(b.enrollment, '{number}', to_jsonb((70000000 + i)::text)),
        '{organizationName}', to_jsonb((array['Contoso', 'Fabrikam', 'Northwind', 'Tailspin', 'Litware'])[1 + i % 5] || ' ' || i)),
        '{onlineServicesManager,email}', to_jsonb('manager' || i || '@customer' || (i % 997) || '.example')),
      b.details, 'manager' || i || '@customer' || (i % 997) || '.example', b.recipient_role, null,
      i % 100 = 0, b.attention_since, 1,
      to_timestamp((${now - span} + i::bigint * ${Math.floor(span / ACTIVATIONS)}) / 1000.0),
      to_timestamp((${now - span} + i::bigint * ${Math.floor(span / ACTIVATIONS)}) / 1000.0)
    from generate_series(1, ${ACTIVATIONS}) i, (select * from activations where id = '${base.activation}') b`);
  const activationsAt = performance.now();
  // Emails in chunks, so that no one statement holds a million rows in memory.
  const chunk = 50_000;
  for (let start = 1; start <= EMAILS; start += chunk) {
    const end = Math.min(EMAILS, start + chunk - 1);
    await query(`
      insert into emails (id, template, data, "to", recipient_role, subject, html, text, tags, status, attempts,
        provider_id, next_attempt_at, created_at, updated_at, activation_id, purpose, locale)
      select ${uuidV7(`${now - span} + i::bigint * ${Math.floor(span / EMAILS)}`, `'e' || i`)},
        b.template, b.data, jsonb_build_array('person' || (i % 50000) || '@customer' || (i % 997) || '.example'),
        b.recipient_role, b.subject, b.html, b.text, b.tags,
        (array['sent', 'delivered', 'delivered', 'delivered', 'bounced', 'failed', 'queued'])[1 + i % 7], 1,
        're_' || md5('p' || i), now(), now(), now(),
        case when i <= ${ACTIVATIONS * PER_ACTIVATION} then ${activationId(`(i - 1) / ${PER_ACTIVATION} + 1`)} end,
        case when i <= ${ACTIVATIONS * PER_ACTIVATION} then (array['activation', 'reminder', 'acknowledgement'])[1 + i % 3] end,
        (array['en-US', 'de-DE', 'fr-FR', 'ja-JP', 'es-ES'])[1 + i % 5]
      from generate_series(${start}, ${end}) i
      cross join (select * from emails where id = '${base.email}') b`);
  }
  // What the provider said about the bounces of the activations that need attention.
  await query(`
    insert into email_events (email_id, type, at, detail)
    select e.id, 'bounced', now() - interval '1 hour', 'Permanent/General: 550 5.1.1 The mailbox does not exist'
    from activations a join lateral (select id from emails where activation_id = a.id order by id limit 1) e on true
    where a.needs_attention`);
  // As a live store would be: PostgreSQL's autovacuum visits a table after inserts (and the
  // server vacuums PGlite when idle), which lets counts read an index alone.
  await query('vacuum analyze');
  const done = performance.now();
  console.log(
    `seeded ${ACTIVATIONS.toLocaleString('en')} activations in ${((activationsAt - started) / 1000).toFixed(1)} s, ` +
      `${EMAILS.toLocaleString('en')} emails and the attention's bounces in ${((done - activationsAt) / 1000).toFixed(1)} s`,
  );
}

const organization = (query: string) =>
  `to_tsvector('simple', enrollment->>'organizationName') @@ to_tsquery('simple', '${query}')`;

/** The searches' SQL, as server/store/sql/lists.ts writes it, for their plans. */
const plans: [string, string][] = [
  ['activations, newest first', 'select id from activations order by id desc limit 50'],
  [
    'activations by enrollment number or organization',
    `select id from activations where id in (with found as materialized (select id from activations where enrollment_number = '70050000' union select id from activations where ${organization('70050000:*')}) select id from found) order by id desc limit 50`,
  ],
  [
    'activations by organization word',
    `select id from activations where id in (with found as materialized (select id from activations where ${organization('northwind:*')}) select id from found) order by id desc limit 50`,
  ],
  [
    'activations by address',
    `select id from activations where lower(recipient_email) = lower('Manager50000@customer150.example') order by id desc limit 50`,
  ],
  [
    'activations in a state, created between',
    `select id from activations where state = 'chosen' and id >= '0190a000-0000-0000-0000-000000000000' order by id desc limit 50`,
  ],
  ['needs-attention count', 'select count(*)::int from activations where needs_attention'],
  [
    'emails by recipient',
    `select id from emails where lower("to"::text)::jsonb @> '["person4242@customer250.example"]'::jsonb order by id desc limit 50`,
  ],
  ['emails by locale', `select id from emails where locale = 'ja-JP' order by id desc limit 50`],
  [
    'delivery at a glance: queue, capped, and the oldest waiting (server/store/sql/glance.ts)',
    `select (select count(*)::int from (select from emails where status = 'queued' limit 10001) q) as queued,
      least((select min(next_attempt_at) from emails where status in ('queued', 'scheduled') and next_attempt_at <= now() and batch_key is null),
        (select min(next_attempt_at) from emails where batch_key is not null and status in ('queued', 'scheduled') and next_attempt_at <= now())) as oldest`,
  ],
  [
    'emails by status and template',
    `select id from emails where status = 'bounced' and template = 'activation' order by id desc limit 50`,
  ],
];

async function measure(name: string, store: Store, query: Query) {
  const { app } = outboxApp(store, { API_KEYS: KEY });
  const activation = await templateActivation(store, KEY);
  const first = activation.emailId;
  await seed(query, { activation: activation.id, email: first });

  const number = String(70_000_000 + Math.floor(ACTIVATIONS / 2));
  const browser = browserOf(app);
  await signIn(browser, KEY);
  const middle = (await query(`select id from activations where enrollment_number = '${number}'`))[0]?.id as string;
  const email = (await query(`select id from emails where activation_id = '${middle}' limit 1`))[0]?.id as string;
  const week = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  const today = new Date().toISOString().slice(0, 10);
  const pages: [string, string][] = [
    ['activations (queue + newest)', '/console/activations'],
    ['  by enrollment number', `/console/activations?q=${number}`],
    ['  by organization', '/console/activations?q=northwind'],
    ['  by address', '/console/activations?q=Manager50000%40customer150.example'],
    ['  state + scenario', '/console/activations?state=chosen&scenario=trial-customer'],
    ['  needs attention', '/console/activations?attention=yes'],
    ['  created between', `/console/activations?from=${week}&to=${today}`],
    ['  a later page', `/console/activations?before=${middle}`],
    ['emails', '/console/emails'],
    ['  by status + template', '/console/emails?status=bounced&template=activation'],
    ['  by recipient', '/console/emails?recipient=person4242%40customer250.example'],
    ['  by locale, between', `/console/emails?locale=ja-JP&from=${week}&to=${today}`],
    ['mailbox', '/console/mailbox'],
    ['delivery at a glance', '/console/delivery'],
    ['one activation', `/console/activations/${middle}`],
    ['one email', `/console/emails/${email}`],
  ];
  console.log(`\n## ${name}: server time per page, ${RUNS} runs (goal ≤ ${GOAL_MS} ms)`);
  console.log('page                              p50 ms   p95 ms   max ms   status');
  for (const [label, path] of pages) {
    const times: number[] = [];
    let status = 0;
    for (let run = 0; run < RUNS + 2; run++) {
      const t0 = performance.now();
      const res = await browser.get(path);
      await res.text();
      const ms = performance.now() - t0;
      status = res.status;
      if (run >= 2) times.push(ms);
    }
    times.sort((a, b) => a - b);
    const max = times.at(-1) ?? 0;
    console.log(
      `${label.padEnd(34)}${percentile(times, 50).toFixed(1).padStart(6)}   ${percentile(times, 95).toFixed(1).padStart(6)}   ${max.toFixed(1).padStart(6)}   ${status}${status === 200 ? '' : ' (refused: not counted as work)'}${percentile(times, 95) > GOAL_MS ? '  OVER GOAL' : ''}`,
    );
  }
  console.log(`\n## ${name}: query plans`);
  for (const [label, text] of plans) {
    const plan = await query(`explain analyze ${text}`);
    console.log(`\n-- ${label}\n${plan.map((row) => Object.values(row)[0]).join('\n')}`);
  }
}

export default async function consoleBench() {
  // BENCH_STORES=postgres (or pglite) measures one alone.
  const stores = (process.env.BENCH_STORES ?? 'pglite,postgres').split(',');
  if (stores.includes('pglite')) {
    const pglite = new PGlite();
    const store = await openStore({ dataDir: 'memory://', pglite });
    await measure('PGlite', store, async (text) => (await pglite.query<Record<string, unknown>>(text)).rows);
    await store.close();
  }
  const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!stores.includes('postgres')) return;
  if (url) {
    const db = await createTestDatabase(url);
    const store = await openStore({ databaseUrl: db.url, dataDir: 'unused' });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await measure('PostgreSQL', store, async (text) => (await client.query(text)).rows);
    await client.end();
    await store.close();
    await db.drop();
  } else {
    console.log('\nPostgreSQL: set BENCH_DATABASE_URL or TEST_DATABASE_URL to measure it too');
  }
}

if (import.meta.main) await consoleBench();
