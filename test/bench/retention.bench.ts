/**
 * Retention at volume (issue 23): erasure runs in the background in bounded batches. With
 * BENCH_RETENTION_EMAILS (default 100,000; 200,000 take over 5 minutes on PGlite) settled emails
 * past RETENTION_DAYS (90: updated 200 to 100 days ago, 2 events each) and 20,000 recent ones
 * (the last 30 days, which must stay) in the
 * store, plus webhook event deliveries delivered long ago (and recent ones, which stay), it
 * erases batch after batch of RETENTION_BATCH rows as the worker does and prints, per store: the
 * store's size before, rows erased per second, how long each batch holds the store (p50, max),
 * a check of what was erased and what was kept, and the size after the erasure, after VACUUM
 * and after VACUUM FULL. On PGlite (in memory) and, with BENCH_DATABASE_URL or
 * TEST_DATABASE_URL, on PostgreSQL.
 *
 * The rows are cloned in SQL from one activation, its email and its outgoing event created
 * through the API, so they are what the store itself writes.
 * `npm run bench -- retention` (or `npx tsx test/bench/retention.bench.ts`); BENCH_STORES=pglite
 * or postgres measures one store alone.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { DAY_MS, RETENTION_BATCH } from '../../server/delivery/retention.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { type Query, templateActivation, uuidV7 } from './seed-sql.ts';
import { percentile } from './stats.ts';

const KEY = 'bench-retention-key-0123456789';
const OLD = Number(process.env.BENCH_RETENTION_EMAILS ?? 100_000);
const RECENT = 20_000;
/** Webhook event deliveries: one per two old emails delivered long ago, and recent ones that stay. */
const OLD_DELIVERIES = Math.floor(OLD / 2);
const RECENT_DELIVERIES = 10_000;
const RETENTION_DAYS = 90;
const TABLES = ['emails', 'email_events', 'event_deliveries'];

/**
 * Emails `from`..`to` (numbered), last changed between `newestDaysAgo + spanDays` and
 * `newestDaysAgo` days ago, sent or delivered, each with its queued event and its outcome's.
 */
async function seedEmails(
  query: Query,
  email: string,
  from: number,
  to: number,
  newestDaysAgo: number,
  spanDays: number,
) {
  const count = to - from + 1;
  const now = Date.now();
  const updated = (i: string) =>
    `${now - (newestDaysAgo + spanDays) * DAY_MS} + ((${i}) - ${from})::bigint * ${Math.floor((spanDays * DAY_MS) / count)}`;
  // The email was created (and its id taken) a minute before its sending ended.
  const created = (i: string) => `${updated(i)} - 60000`;
  const chunk = 50_000;
  for (let start = from; start <= to; start += chunk) {
    const end = Math.min(to, start + chunk - 1);
    // Each email with its events: queued by the request's key, then the outcome (a delivery names the address).
    await query(`
      with e as (
        insert into emails (id, template, data, "to", recipient_role, subject, html, text, tags, status, attempts,
          provider_id, next_attempt_at, created_at, updated_at, purpose, locale)
        select ${uuidV7(created('i'), `'e' || i`)},
          b.template, jsonb_set(b.data, '{organizationName}', to_jsonb('Customer ' || i)),
          jsonb_build_array('person' || i || '@customer' || (i % 997) || '.example'),
          b.recipient_role, b.subject, b.html, b.text, b.tags,
          (array['sent', 'delivered', 'delivered'])[1 + i % 3], 1,
          're_' || md5('p' || i), to_timestamp((${created('i')}) / 1000.0),
          to_timestamp((${created('i')}) / 1000.0), to_timestamp((${updated('i')}) / 1000.0),
          b.purpose, b.locale
        from generate_series(${start}, ${end}) i
        cross join (select * from emails where id = '${email}') b
        returning id, status, "to", created_at, updated_at
      )
      insert into email_events (email_id, type, at, detail, key_name)
      select id, 'queued', created_at, null, 'key-bench' from e
      union all
      select id, status, updated_at, case when status = 'delivered' then 'delivered to ' || ("to"->>0) end, null from e`);
  }
}

/** Webhook event deliveries `from`..`to`, delivered between `newestDaysAgo + spanDays` and `newestDaysAgo` days ago. */
async function seedDeliveries(
  query: Query,
  delivery: string,
  from: number,
  to: number,
  newestDaysAgo: number,
  spanDays: number,
) {
  const count = to - from + 1;
  const now = Date.now();
  const updated = `${now - (newestDaysAgo + spanDays) * DAY_MS} + (i - ${from})::bigint * ${Math.floor((spanDays * DAY_MS) / count)}`;
  await query(`
    insert into event_deliveries (id, type, payload, status, attempts, next_attempt_at, created_at, updated_at, activation_id)
    select ${uuidV7(`${updated} - 1000`, `'d' || i`)}, b.type,
      replace(replace(b.payload, 'dana@contoso.example', 'person' || i || '@customer' || (i % 997) || '.example'),
        '69999999', (70000000 + i)::text),
      'delivered', 1, to_timestamp((${updated} - 1000) / 1000.0), to_timestamp((${updated} - 1000) / 1000.0),
      to_timestamp((${updated}) / 1000.0), b.activation_id
    from generate_series(${from}, ${to}) i, (select * from event_deliveries where id = '${delivery}') b`);
}

async function seed(query: Query, base: { email: string; delivery: string }) {
  const started = performance.now();
  await seedEmails(query, base.email, 1, OLD, 100, 100);
  await seedEmails(query, base.email, OLD + 1, OLD + RECENT, 1, 28);
  await seedDeliveries(query, base.delivery, 1, OLD_DELIVERIES, 100, 100);
  await seedDeliveries(query, base.delivery, OLD_DELIVERIES + 1, OLD_DELIVERIES + RECENT_DELIVERIES, 1, 28);
  await query('analyze');
  console.log(
    `seeded ${OLD.toLocaleString('en')} emails past ${RETENTION_DAYS} days (200 to 100 days old) and ` +
      `${RECENT.toLocaleString('en')} recent (under 30 days), 2 events each, ` +
      `${OLD_DELIVERIES.toLocaleString('en')} + ${RECENT_DELIVERIES.toLocaleString('en')} event deliveries, ` +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

const mb = (bytes: unknown) => (Number(bytes) / 1_048_576).toFixed(1).padStart(8);

async function sizes(query: Query): Promise<string> {
  const [row] = await query(`
    select ${TABLES.map((t) => `pg_total_relation_size('${t}')`).join(' + ')} as tables,
      ${TABLES.map((t) => `pg_total_relation_size('${t}') as "${t}"`).join(', ')},
      pg_database_size(current_database()) as database`);
  return `${mb(row?.tables)} ${TABLES.map((t) => mb(row?.[t])).join(' ')} ${mb(row?.database)}`;
}

const count = async (query: Query, text: string) => Number((await query(text))[0]?.n);

/** Fails loudly unless what was due is erased and what was not is intact. */
async function check(query: Query): Promise<string> {
  const cutoff = `now() - interval '${RETENTION_DAYS} days'`;
  const facts: [string, number, number][] = [
    [
      'old emails erased (erased_at set, no address, no subject)',
      await count(
        query,
        `select count(*)::int as n from emails where updated_at < ${cutoff} and erased_at is not null and "to" = '[]'::jsonb and subject = '' and data = '{}'::jsonb`,
      ),
      OLD,
    ],
    [
      'old emails left with personal data',
      await count(
        query,
        `select count(*)::int as n from emails where updated_at < ${cutoff} and (erased_at is null or "to" <> '[]'::jsonb)`,
      ),
      0,
    ],
    [
      'old emails events with a detail left',
      await count(
        query,
        `select count(*)::int as n from email_events ev join emails e on e.id = ev.email_id where e.updated_at < ${cutoff} and ev.detail is not null`,
      ),
      0,
    ],
    [
      'old emails events kept (types stay)',
      await count(
        query,
        `select count(*)::int as n from email_events ev join emails e on e.id = ev.email_id where e.updated_at < ${cutoff}`,
      ),
      2 * OLD,
    ],
    [
      'recent settled emails intact (address, not erased)',
      await count(
        query,
        `select count(*)::int as n from emails where status in ('sent', 'delivered') and updated_at > now() - interval '30 days' and erased_at is null and "to" <> '[]'::jsonb and subject <> ''`,
      ),
      RECENT,
    ],
    [
      'recent delivered events with their detail',
      await count(
        query,
        `select count(*)::int as n from email_events ev join emails e on e.id = ev.email_id where e.updated_at > now() - interval '30 days' and ev.type = 'delivered' and ev.detail like 'delivered to %'`,
      ),
      // All of them, whatever the status mix.
      await count(
        query,
        `select count(*)::int as n from emails where status = 'delivered' and updated_at > now() - interval '30 days'`,
      ),
    ],
    [
      'old event deliveries left',
      await count(query, `select count(*)::int as n from event_deliveries where updated_at < ${cutoff}`),
      0,
    ],
    [
      'recent event deliveries kept',
      await count(
        query,
        `select count(*)::int as n from event_deliveries where status = 'delivered' and updated_at > now() - interval '30 days'`,
      ),
      RECENT_DELIVERIES,
    ],
  ];
  const wrong = facts.filter(([, got, want]) => got !== want);
  if (wrong.length > 0) {
    throw new Error(
      `retention check failed: ${wrong.map(([l, got, want]) => `${l}: ${got}, expected ${want}`).join('; ')}`,
    );
  }
  return `check: ok (${OLD.toLocaleString('en')} old emails erased with their events' details, ${RECENT.toLocaleString('en')} recent intact, ${OLD_DELIVERIES.toLocaleString('en')} old event deliveries deleted, ${RECENT_DELIVERIES.toLocaleString('en')} recent kept)`;
}

async function measure(name: string, store: Store, query: Query) {
  const activation = await templateActivation(store, KEY);
  const email = activation.emailId;
  const delivery = (await query(`select id from event_deliveries where activation_id = '${activation.id}' limit 1`))[0]
    ?.id as string;
  if (!email || !delivery) throw new Error('the activation brought no email or no outgoing event to clone');
  console.log(`\n## ${name}`);
  await seed(query, { email, delivery });

  const before = await sizes(query);

  // The worker's loop (server/delivery/retention.ts), each batch timed: how long it holds the store.
  const ageMs = RETENTION_DAYS * DAY_MS;
  const batches: number[] = [];
  let emails = 0;
  let deliveries = 0;
  const started = performance.now();
  for (let more = true; more; ) {
    const t0 = performance.now();
    const erased = await store.eraseExpired(ageMs, RETENTION_BATCH);
    batches.push(performance.now() - t0);
    emails += erased.emails;
    deliveries += erased.eventDeliveries;
    more = erased.emails === RETENTION_BATCH || erased.eventDeliveries === RETENTION_BATCH;
  }
  const seconds = (performance.now() - started) / 1000;
  const total = emails + deliveries;
  const rate = (n: number) => Math.round(n / seconds).toLocaleString('en');
  console.log(
    `\nerasure, batches of ${RETENTION_BATCH}      rows   seconds     rows/s   batches   store held per batch: p50 ms   max ms`,
  );
  const cells = [
    total.toLocaleString('en').padStart(10),
    seconds.toFixed(1).padStart(9),
    rate(total).padStart(10),
    String(batches.length).padStart(9),
    percentile(batches, 50).toFixed(1).padStart(29),
    Math.max(...batches)
      .toFixed(1)
      .padStart(8),
  ];
  console.log(`all                        ${cells.join(' ')}`);
  console.log(
    `  emails                   ${emails.toLocaleString('en').padStart(10)} ${''.padStart(9)} ${rate(emails).padStart(10)}`,
  );
  console.log(
    `  event deliveries         ${deliveries.toLocaleString('en').padStart(10)} ${''.padStart(9)} ${rate(deliveries).padStart(10)}`,
  );

  const afterErasure = await sizes(query);
  const vacuumAt = performance.now();
  await query(`vacuum ${TABLES.join(', ')}`);
  const vacuumSeconds = (performance.now() - vacuumAt) / 1000;
  const afterVacuum = await sizes(query);
  const fullAt = performance.now();
  await query(`vacuum full ${TABLES.join(', ')}`);
  const fullSeconds = (performance.now() - fullAt) / 1000;
  const afterFull = await sizes(query);
  console.log('\nstore size, MB           tables   emails   events deliveries database');
  console.log(`before                ${before}`);
  console.log(`after the erasure     ${afterErasure}`);
  console.log(`after VACUUM          ${afterVacuum}   (${vacuumSeconds.toFixed(1)} s)`);
  console.log(`after VACUUM FULL     ${afterFull}   (${fullSeconds.toFixed(1)} s)`);
  console.log(
    '(the erasure frees space inside the tables: their dead rows are reused by later writes once VACUUM, or\n' +
      ' autovacuum, has passed; only VACUUM FULL, which locks the tables while it rewrites them, gives it back to the file system)',
  );
  console.log(await check(query));
}

export default async function retentionBench() {
  // BENCH_STORES=postgres (or pglite) measures one alone.
  const stores = (process.env.BENCH_STORES ?? 'pglite,postgres').split(',');
  if (stores.includes('pglite')) {
    const pglite = new PGlite();
    const store = await openStore({ dataDir: 'memory://', pglite, eventsOut: true });
    await measure(
      'PGlite (in memory)',
      store,
      async (text) => (await pglite.query<Record<string, unknown>>(text)).rows,
    );
    await store.close();
  }
  const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!stores.includes('postgres')) return;
  if (url) {
    const db = await createTestDatabase(url);
    const store = await openStore({ databaseUrl: db.url, dataDir: 'unused', eventsOut: true });
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

if (import.meta.main) await retentionBench();
