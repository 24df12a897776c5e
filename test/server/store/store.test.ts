import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { v7 } from 'uuid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderEmail } from '../../../emails/_catalog/index.ts';
import { unpackBody } from '../../../server/store/body-codec.ts';
import { type ClaimedBatch, IdempotencyLostError, openStore, type Store } from '../../../server/store/index.ts';
import { LAPSED } from '../../../server/store/sql/claim.ts';
import { newEmail, TRUNCATE_ALL } from '../../support/outbox.ts';
import { assertPostgresAvailable, createTestDatabase, postgresUrl, type TestDatabase } from '../../support/postgres.ts';

/** The store's queries, on embedded PGlite always and on PostgreSQL when TEST_DATABASE_URL is set. */

const DAY = 24 * 60 * 60_000;

const idem = (overrides: Partial<{ scope: string; key: string; requestHash: string; owner: string }> = {}) => ({
  scope: 'scope-a',
  key: 'key-1',
  requestHash: 'hash-1',
  owner: 'request-1',
  ...overrides,
});

const TABLES = TRUNCATE_ALL;

/** One store per driver for the whole suite (PGlite takes seconds to start), emptied before each test. */
type Driver = {
  name: string;
  open: () => Promise<{
    store: Store;
    reset: () => Promise<void>;
    /** Runs SQL on the same database, beside the store. */
    query: (text: string) => Promise<Record<string, unknown>[]>;
    cleanup: () => Promise<void>;
  }>;
};

const drivers: Driver[] = [
  {
    name: 'PGlite',
    open: async () => {
      const pglite = new PGlite();
      const store = await openStore({ dataDir: 'memory://', pglite });
      return {
        store,
        reset: async () => void (await pglite.exec(TABLES)),
        query: async (text) => (await pglite.query<Record<string, unknown>>(text)).rows,
        cleanup: async () => undefined,
      };
    },
  },
];
if (postgresUrl) {
  drivers.push({
    name: 'PostgreSQL',
    open: async () => {
      const db: TestDatabase = await createTestDatabase();
      const store = await openStore({ dataDir: 'unused', databaseUrl: db.url });
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      return {
        store,
        reset: async () => void (await client.query(TABLES)),
        query: async (text) => (await client.query(text)).rows,
        cleanup: async () => {
          await client.end();
          await db.drop();
        },
      };
    },
  });
}

it('runs the PostgreSQL suite when CI requires it', () => {
  assertPostgresAvailable();
});

describe.each(drivers)('store on $name', ({ open }) => {
  let store: Store;
  let reset: () => Promise<void>;
  let query: (text: string) => Promise<Record<string, unknown>[]>;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ store, reset, query, cleanup } = await open());
  });
  beforeEach(() => reset());
  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });

  it('stores each body packed, a few hundred bytes kept in its row, and gives it back as it was rendered', async () => {
    const { html, text } = await renderEmail('activation', {
      scenario: 'trial-customer',
      organizationName: 'Müller & Søn — Ελληνικά',
      recipientName: 'Zoë 🌱',
      signInUrl: 'https://activation.example.com/sign-in?token=1',
      signUpUrl: 'https://activation.example.com/sign-up?token=1',
    });
    const email = newEmail({ html, text });
    await store.acceptEmails([email]);

    const [stored] = await query(
      `select get_byte(html, 0) as format, pg_column_size(html) as html_bytes, pg_column_size(text) as text_bytes from emails`,
    );
    expect(stored?.format).toBe(2); // dictionary 2, body-codec.ts
    expect(Number(stored?.html_bytes)).toBeLessThan(1_000);
    expect(Number(stored?.text_bytes)).toBeLessThan(1_000);
    // Packed bodies are not compressed again, nor moved out of the row by the database.
    expect(
      await query(
        `select attname, attstorage from pg_attribute where attrelid = 'emails'::regclass and attname in ('html', 'text') order by attname`,
      ),
    ).toEqual([
      { attname: 'html', attstorage: 'e' },
      { attname: 'text', attstorage: 'e' },
    ]);

    expect(await store.getEmail(email.id)).toMatchObject({ html, text });
    expect(await store.getEmailHtml(email.id)).toBe(html);
    const [claimed] = await store.claimDue('w1', 10, 60_000);
    // Claimed as stored: the transport that sends it unpacks it.
    expect(unpackBody('html', claimed?.html ?? new Uint8Array())).toBe(html);
    expect(unpackBody('text', claimed?.text ?? new Uint8Array())).toBe(text);
  });

  it('reads bodies stored before they were packed (format 0, as migration 0002 left them)', async () => {
    const email = newEmail();
    await store.acceptEmails([email]);
    await query(
      `update emails set html = '\\x00'::bytea || convert_to('<p>Grüße</p>', 'UTF8'), text = '\\x00'::bytea || convert_to('Grüße', 'UTF8')`,
    );
    expect(await store.getEmail(email.id)).toMatchObject({ html: '<p>Grüße</p>', text: 'Grüße' });
    const [claimed] = await store.claimDue('w1', 10, 60_000);
    expect(unpackBody('html', claimed?.html ?? new Uint8Array())).toBe('<p>Grüße</p>');
    expect(unpackBody('text', claimed?.text ?? new Uint8Array())).toBe('Grüße');
  });

  it('answers ping and stores an email with its first event', async () => {
    expect(await store.ping()).toBe(true);
    const email = newEmail({
      cc: ['cc@contoso.example'],
      tags: { campaign: 'q3' },
      recipientRole: 'vlsc-administrator',
    });
    await store.acceptEmails([email]);
    const stored = await store.getEmail(email.id);
    expect(stored).toMatchObject({
      id: email.id,
      to: email.to,
      cc: ['cc@contoso.example'],
      tags: { campaign: 'q3' },
      recipientRole: 'vlsc-administrator',
      status: 'queued',
      attempts: 0,
      data: { scenario: 'new-customer' },
    });
    expect(stored?.events.map((e) => e.type)).toEqual(['queued']);
    expect(await store.getEmailHtml(email.id)).toBe('<p>Hello</p>');
    expect(await store.getEmail(v7())).toBeUndefined();
  });

  it('lists newest first, filters, and pages with a cursor', async () => {
    const batch = Array.from({ length: 7 }, (_, i) =>
      newEmail({ template: i % 2 ? 'trial-ending' : 'activation', createdAt: new Date(Date.now() + i) }),
    );
    for (const email of batch) await store.acceptEmails([email]);
    const ids = batch.map((e) => e.id).reverse();

    const first = await store.listEmails({ limit: 3 });
    expect(first.map((e) => e.id)).toEqual(ids.slice(0, 3));
    expect(first[0]).not.toHaveProperty('html');
    const second = await store.listEmails({ limit: 3, before: first.at(-1)?.id });
    expect(second.map((e) => e.id)).toEqual(ids.slice(3, 6));

    const trials = await store.listEmails({ limit: 10, template: 'trial-ending' });
    expect(trials).toHaveLength(3);
    await store.cancelEmail(batch[0]?.id ?? '', 'crm');
    expect((await store.listEmails({ limit: 10, status: 'canceled' })).map((e) => e.id)).toEqual([batch[0]?.id]);
  });

  it('cancels an email not yet tried, and refuses once sending began', async () => {
    const [a, b] = [newEmail(), newEmail({ status: 'scheduled', scheduledAt: new Date(Date.now() + DAY) })];
    await store.acceptEmails([a, b]);
    expect(await store.cancelEmail(b.id, 'crm')).toMatchObject({ kind: 'canceled', email: { status: 'canceled' } });
    expect(await store.cancelEmail(b.id, 'crm')).toMatchObject({ kind: 'canceled' });
    expect((await store.getEmail(b.id))?.events.map((e) => e.type)).toEqual(['scheduled', 'canceled']);

    await store.claimDue('w1', 10, 60_000);
    expect(await store.cancelEmail(a.id, 'crm')).toEqual({ kind: 'conflict', status: 'sending' });
    expect(await store.cancelEmail(v7(), 'crm')).toEqual({ kind: 'not-found' });
  });

  it('claims only due emails, each once, and records every transition as an event', async () => {
    const due = newEmail();
    const later = newEmail({ status: 'scheduled', scheduledAt: new Date(Date.now() + DAY) });
    const soon = newEmail({ status: 'scheduled', scheduledAt: new Date(Date.now() - 1000) });
    await store.acceptEmails([due, later, soon]);

    const claimed = await store.claimDue('w1', 10, 60_000);
    expect(claimed.map((e) => e.id).sort()).toEqual([due.id, soon.id].sort());
    expect(claimed.every((e) => e.attempts === 1)).toBe(true);
    expect(await store.claimDue('w2', 10, 60_000)).toEqual([]);
    expect(await store.queueDepth()).toEqual({ queued: 0, scheduled: 1, sending: 2 });

    expect(await store.markSent(due.id, 'w2', 'p-1')).toBe(false);
    expect(await store.markSent(due.id, 'w1', 'p-1')).toBe(true);
    expect(await store.markFailed(soon.id, 'w1', 'Resend answered 422 validation_error: bad')).toBe(true);

    const sent = await store.getEmail(due.id);
    expect(sent).toMatchObject({ status: 'sent', providerId: 'p-1', leaseOwner: null });
    expect(sent?.events.map((e) => e.type)).toEqual(['queued', 'sending', 'sent']);
    expect(await store.getEmail(soon.id)).toMatchObject({
      status: 'failed',
      lastError: 'Resend answered 422 validation_error: bad',
    });
  });

  it('keeps a retried email back until its backoff ends', async () => {
    const email = newEmail();
    await store.acceptEmails([email]);
    await store.claimDue('w1', 1, 60_000);
    expect(await store.markRetry(email.id, 'w1', 300, 'Resend answered 500 internal_server_error: boom')).toBe(true);
    expect(await store.getEmail(email.id)).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: expect.any(String),
    });
    expect(await store.claimDue('w1', 1, 60_000)).toEqual([]);
    await sleep(400);
    const [again] = await store.claimDue('w1', 1, 60_000);
    expect(again?.attempts).toBe(2);
    expect((await store.getEmail(email.id))?.events.map((e) => e.type)).toEqual([
      'queued',
      'sending',
      'retry',
      'sending',
    ]);
  });

  it('settles many sends finishing at once, each by its own outcome and only for the worker holding it', async () => {
    const batch = Array.from({ length: 12 }, () => newEmail());
    await store.acceptEmails(batch);
    const claimed = await store.claimDue('w1', 12, 60_000);
    expect(claimed).toHaveLength(12);
    const [a, b, c, d, ...rest] = batch.map((e) => e.id) as [string, string, string, string, ...string[]];
    const held = await Promise.all([
      store.markSent(a, 'w1', 'p-a'),
      store.markRetry(b, 'w1', 60_000, 'Resend answered 503'),
      store.markFailed(c, 'w1', 'Resend answered 422'),
      store.markSent(d, 'intruder', 'p-d'),
      ...rest.map((id) => store.markSent(id, 'w1', undefined)),
    ]);
    expect(held).toEqual([true, true, true, false, ...rest.map(() => true)]);
    expect(await store.getEmail(a)).toMatchObject({ status: 'sent', providerId: 'p-a', lastError: null });
    const retried = await store.getEmail(b);
    expect(retried).toMatchObject({ status: 'queued', lastError: 'Resend answered 503', leaseOwner: null });
    expect(retried?.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(await store.getEmail(c)).toMatchObject({ status: 'failed', lastError: 'Resend answered 422' });
    const untouched = await store.getEmail(d);
    expect(untouched).toMatchObject({ status: 'sending', leaseOwner: 'w1' });
    expect(untouched?.events.map((e) => e.type)).toEqual(['queued', 'sending']);
    expect(await store.queueDepth()).toEqual({ queued: 1, scheduled: 0, sending: 1 });
  });

  it('reclaims an email whose lease expired; the old owner can no longer settle it', async () => {
    const email = newEmail();
    await store.acceptEmails([email]);
    await store.claimDue('dead-worker', 1, 50);
    expect(await store.claimDue('w2', 1, 60_000)).toEqual([]);
    await sleep(120);
    const [reclaimed] = await store.claimDue('w2', 1, 60_000);
    expect(reclaimed).toMatchObject({ id: email.id, attempts: 2 });
    expect(await store.markSent(email.id, 'dead-worker', 'p-old')).toBe(false);
    expect(await store.markSent(email.id, 'w2', 'p-new')).toBe(true);
    const events = (await store.getEmail(email.id))?.events ?? [];
    expect(events.at(-2)?.detail).toMatch(/reclaimed/);
  });

  it('hands claimed emails back on release', async () => {
    const email = newEmail();
    await store.acceptEmails([email]);
    await store.claimDue('w1', 1, 60_000);
    expect(await store.release(email.id, 'w1', 'shutdown')).toBe(true);
    expect(await store.getEmail(email.id)).toMatchObject({ status: 'queued', leaseOwner: null });
    expect(await store.claimDue('w2', 1, 60_000)).toHaveLength(1);
  });

  describe('batches and the send budget', () => {
    it('fixes a batch’s members at the claim: after a retry or a lost lease it comes back whole, same key', async () => {
      const emails = Array.from({ length: 7 }, () => newEmail());
      await store.acceptEmails(emails);
      const first = await store.claimBatches({ owner: 'w1', requests: 2, batchSize: 4, leaseMs: 60_000 });
      expect(first.map((b) => b.emails.length)).toEqual([4, 3]);
      const [a, b] = first as [ClaimedBatch, ClaimedBatch];
      expect(a.key).toMatch(/^batch-[0-9a-f]{32}$/);
      expect(a.key).not.toBe(b.key);
      // Batch a fails for a reason worth a retry; batch b's worker dies (its lease runs out).
      for (const id of a.held) await store.markRetry(id, 'w1', 0, 'Resend answered 500');
      await query(`update emails set lease_until = now() - interval '1 second' where batch_key = '${b.key}'`);
      const fresh = newEmail();
      await store.acceptEmails([fresh]);
      const again = await store.claimBatches({ owner: 'w2', requests: 3, batchSize: 4, leaseMs: 60_000 });
      const byKey = new Map(again.map((batch) => [batch.key, batch]));
      expect(byKey.get(a.key)?.emails.map((e) => e.id)).toEqual(a.emails.map((e) => e.id));
      expect(byKey.get(b.key)?.emails.map((e) => e.id)).toEqual(b.emails.map((e) => e.id));
      // The new email is not slipped into either: it goes on its own, under its own id.
      expect(again.find((batch) => batch.key === undefined)?.emails.map((e) => e.id)).toEqual([fresh.id]);
      expect(byKey.get(a.key)?.emails.every((e) => e.attempts === 2)).toBe(true);
    });

    it('sends a batch again whole even when a provider event moved one member on meanwhile', async () => {
      const emails = Array.from({ length: 3 }, () => newEmail());
      await store.acceptEmails(emails);
      const [batch] = (await store.claimBatches({ owner: 'w1', requests: 1, batchSize: 3, leaseMs: 60_000 })) as [
        ClaimedBatch,
      ];
      const delivered = batch.held[0] ?? '';
      await store.recordWebhookEvent({
        providerEventId: 'evt-1',
        emailId: delivered,
        type: 'delivered',
        at: new Date(),
      });
      await query(`update emails set lease_until = now() - interval '1 second' where status = 'sending'`);
      const [again] = (await store.claimBatches({ owner: 'w2', requests: 1, batchSize: 3, leaseMs: 60_000 })) as [
        ClaimedBatch,
      ];
      expect(again.key).toBe(batch.key);
      expect(again.emails.map((e) => e.id)).toEqual(batch.emails.map((e) => e.id));
      expect(again.held).toHaveLength(2);
      expect(again.held).not.toContain(delivered);
    });

    it('does not count a try the provider refused for its own limit, and lets a refused batch split', async () => {
      const emails = Array.from({ length: 2 }, () => newEmail());
      await store.acceptEmails(emails);
      const [batch] = (await store.claimBatches({ owner: 'w1', requests: 1, batchSize: 2, leaseMs: 60_000 })) as [
        ClaimedBatch,
      ];
      const [one, two] = batch.held as [string, string];
      expect(await store.markWaiting(one, 'w1', 0, 'parked', 'Resend answered 429 daily_quota_exceeded')).toBe(true);
      expect(await store.leaveBatch(two, 'w1', 'Resend answered 422 validation_error')).toBe(true);
      // No try behind it any more: the provider never had the batch, so it leaves it for the fresh claim.
      expect(await store.getEmail(one)).toMatchObject({ status: 'queued', attempts: 0, batchKey: null });
      // Refused for its own fault, the try counts: that is what sends it on its own next time.
      expect(await store.getEmail(two)).toMatchObject({ status: 'queued', attempts: 1, batchKey: null });
      expect((await store.getEmail(one))?.events.at(-1)).toMatchObject({ type: 'parked' });
    });

    it('cancels at the next claim a parked batch’s member whose send_before has passed; the others go out', async () => {
      const [late, onTime] = [newEmail(), newEmail()];
      await store.acceptEmails([late, onTime]);
      const [batch] = (await store.claimBatches({ owner: 'w1', requests: 1, batchSize: 2, leaseMs: 60_000 })) as [
        ClaimedBatch,
      ];
      for (const id of batch.held)
        await store.markWaiting(id, 'w1', 0, 'parked', 'Resend answered 429 daily_quota_exceeded');
      await query(`update emails set send_before = now() - interval '1 second' where id = '${late.id}'`);
      const again = await store.claimBatches({ owner: 'w2', requests: 1, batchSize: 2, leaseMs: 60_000 });
      expect(again.flatMap((b) => b.emails.map((e) => e.id))).toEqual([onTime.id]);
      const canceled = await store.getEmail(late.id);
      expect(canceled).toMatchObject({ status: 'canceled', attempts: 0 });
      expect(canceled?.events.at(-1)).toMatchObject({ type: 'canceled', detail: LAPSED });
    });

    it('claims an email tried before on its own, never into a batch with new emails under a new key', async () => {
      // `retried`'s try ended without a result; `stranded`'s worker died during its send.
      const [retried, stranded] = [newEmail(), newEmail()];
      await store.acceptEmails([retried]);
      await store.claimBatches({ owner: 'w1', requests: 1, batchSize: 100, leaseMs: 60_000 });
      await store.acceptEmails([stranded]);
      await store.claimBatches({ owner: 'dead', requests: 1, batchSize: 100, leaseMs: 60_000 });
      await store.markRetry(retried.id, 'w1', 0, 'no readable answer from Resend');
      await query(`update emails set lease_until = now() - interval '1 second' where lease_owner = 'dead'`);
      const fresh = Array.from({ length: 5 }, () => newEmail());
      await store.acceptEmails(fresh);

      // Two requests: the emails tried before come first, each alone; the new ones wait.
      const first = await store.claimBatches({ owner: 'w2', requests: 2, batchSize: 100, leaseMs: 60_000 });
      expect(first.map((b) => ({ key: b.key, ids: b.emails.map((e) => e.id) }))).toEqual(
        expect.arrayContaining([
          { key: undefined, ids: [retried.id] },
          { key: undefined, ids: [stranded.id] },
        ]),
      );
      expect(first).toHaveLength(2);
      const [batch] = (await store.claimBatches({ owner: 'w2', requests: 2, batchSize: 100, leaseMs: 60_000 })) as [
        ClaimedBatch,
      ];
      expect(batch.key).toMatch(/^batch-/);
      expect(batch.emails.map((e) => e.id)).toEqual(fresh.map((e) => e.id));
      expect(await store.claimBatches({ owner: 'w2', requests: 2, batchSize: 100, leaseMs: 60_000 })).toEqual([]);
    });

    it('spaces slots for every caller on one time line, and holds them all during a pause', async () => {
      await query('delete from send_budget');
      const rule = { intervalMs: 100, horizonMs: 1000 };
      const [x, y] = await Promise.all([store.reserveSendSlots(rule, 4), store.reserveSendSlots(rule, 4)]);
      const all = [...(x?.slots ?? []), ...(y?.slots ?? [])].sort((p, q) => p - q);
      expect(all).toHaveLength(8);
      for (let i = 1; i < all.length; i++) expect((all[i] ?? 0) - (all[i - 1] ?? 0)).toBeCloseTo(100, 3);
      await store.pauseSending(60_000);
      const paused = await store.reserveSendSlots(rule, 1);
      expect(paused.slots).toEqual([]);
      expect(paused.pausedUntil - paused.now).toBeGreaterThan(58_000);
      await query('delete from send_budget');
    });
  });

  it('never gives one email to two concurrent claimers', async () => {
    const batch = Array.from({ length: 60 }, () => newEmail());
    await store.acceptEmails(batch);
    const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => store.claimDue(`w${i}`, 15, 60_000)));
    const ids = claims.flat().map((e) => e.id);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
  });

  describe('idempotency keys', () => {
    it('claims a key once; the same body replays, another body is a mismatch, a running one is in flight', async () => {
      expect(await store.claimIdempotencyKey(idem(), DAY, 60_000)).toEqual({ kind: 'claimed' });
      expect(await store.claimIdempotencyKey(idem({ owner: 'request-2' }), DAY, 60_000)).toEqual({ kind: 'in-flight' });
      expect(await store.claimIdempotencyKey(idem({ requestHash: 'other' }), DAY, 60_000)).toEqual({
        kind: 'mismatch',
      });

      const email = newEmail();
      await store.acceptEmails([email], { request: idem(), response: { status: 202, body: { id: email.id } } });
      expect(await store.claimIdempotencyKey(idem({ owner: 'request-3' }), DAY, 60_000)).toEqual({
        kind: 'replay',
        status: 202,
        body: { id: email.id },
      });
      // Keys are per API key.
      expect(await store.claimIdempotencyKey(idem({ scope: 'scope-b' }), DAY, 60_000)).toEqual({ kind: 'claimed' });
    });

    it('lets exactly one of many concurrent requests take a key', async () => {
      const results = await Promise.all(
        Array.from({ length: 25 }, (_, i) => store.claimIdempotencyKey(idem({ owner: `r${i}` }), DAY, 60_000)),
      );
      expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(1);
      expect(results.filter((r) => r.kind === 'in-flight')).toHaveLength(24);
    });

    it('frees a released key, and takes over an expired record or an abandoned lock', async () => {
      await store.claimIdempotencyKey(idem(), DAY, 60_000);
      await store.releaseIdempotencyKey(idem());
      expect(await store.claimIdempotencyKey(idem({ requestHash: 'new' }), DAY, 50)).toEqual({ kind: 'claimed' });
      await sleep(100);
      expect(await store.claimIdempotencyKey(idem({ owner: 'r2', requestHash: 'new' }), 50, 60_000)).toEqual({
        kind: 'claimed',
      });
      const email = newEmail();
      await store.acceptEmails([email], {
        request: idem({ owner: 'r2', requestHash: 'new' }),
        response: { status: 202, body: {} },
      });
      await sleep(100);
      expect(await store.purgeExpiredIdempotencyKeys()).toBe(1);
      expect(await store.claimIdempotencyKey(idem({ owner: 'r3', requestHash: 'x' }), DAY, 60_000)).toEqual({
        kind: 'claimed',
      });
    });

    it('stores concurrent requests together, each standing or falling on its own key', async () => {
      await store.claimIdempotencyKey(idem({ key: 'mine' }), DAY, 60_000);
      const lost = newEmail();
      const others = Array.from({ length: 8 }, () => newEmail());
      const results = await Promise.allSettled([
        store.acceptEmails([lost], {
          request: idem({ key: 'mine', owner: 'not-me' }),
          response: { status: 202, body: {} },
        }),
        ...others.map((email) => store.acceptEmails([email])),
      ]);
      expect(results[0]).toMatchObject({ status: 'rejected', reason: expect.any(IdempotencyLostError) });
      expect(results.slice(1).every((r) => r.status === 'fulfilled')).toBe(true);
      expect(await store.getEmail(lost.id)).toBeUndefined();
      expect((await store.listEmails({ limit: 20 })).map((e) => e.id).sort()).toEqual(others.map((e) => e.id).sort());
    });

    it('stores nothing when the request lost its key to another', async () => {
      await store.claimIdempotencyKey(idem(), DAY, 60_000);
      const email = newEmail();
      await expect(
        store.acceptEmails([email], { request: idem({ owner: 'someone-else' }), response: { status: 202, body: {} } }),
      ).rejects.toBeInstanceOf(IdempotencyLostError);
      expect(await store.getEmail(email.id)).toBeUndefined();
    });
  });

  describe('webhook events', () => {
    async function sentEmail(providerId: string) {
      const email = newEmail();
      await store.acceptEmails([email]);
      await store.claimDue('w1', 1, 60_000);
      await store.markSent(email.id, 'w1', providerId);
      return email;
    }

    it('records an event once and moves the status forward only', async () => {
      const email = await sentEmail('p-1');
      const event = { providerEventId: 'msg_1', providerId: 'p-1', type: 'delivered' as const, at: new Date() };
      expect(await store.recordWebhookEvent(event)).toMatchObject({ kind: 'recorded' });
      expect(await store.recordWebhookEvent(event)).toMatchObject({ kind: 'duplicate' });
      expect(
        await store.recordWebhookEvent({
          ...event,
          providerEventId: 'msg_2',
          type: 'delivery_delayed',
          emailId: email.id,
        }),
      ).toMatchObject({ kind: 'recorded' });
      const stored = await store.getEmail(email.id);
      expect(stored?.status).toBe('delivered');
      expect(stored?.events.map((e) => e.type)).toEqual(['queued', 'sending', 'sent', 'delivered', 'delivery_delayed']);

      await store.recordWebhookEvent({ ...event, providerEventId: 'msg_3', type: 'complained' });
      expect((await store.getEmail(email.id))?.status).toBe('complained');
    });

    it.each([
      ['sent', 'sent'],
      ['delivery_delayed', 'delivery_delayed'],
      ['delivered', 'delivered'],
      ['opened', 'delivered'],
      ['clicked', 'delivered'],
      ['bounced', 'bounced'],
      ['complained', 'complained'],
      ['failed', 'failed'],
    ] as const)('settles an email whose outcome is unknown: a %s event moves it to %s', async (type, status) => {
      const email = newEmail();
      await store.acceptEmails([email]);
      await store.claimDue('w1', 1, 60_000);
      expect(await store.markOutcomeUnknown(email.id, 'w1', 'no answer from Resend in time')).toBe(true);
      expect(await store.getEmail(email.id)).toMatchObject({
        status: 'outcome_unknown',
        lastError: 'no answer from Resend in time',
      });
      const at = new Date();
      expect(
        await store.recordWebhookEvent({ providerEventId: `m-${type}`, emailId: email.id, type, at }),
      ).toMatchObject({ kind: 'recorded' });
      const stored = await store.getEmail(email.id);
      expect(stored?.status).toBe(status);
      expect(stored?.events.map((e) => e.type)).toEqual(['queued', 'sending', 'outcome_unknown', type]);
    });

    it('finds the email by its own id before the provider id is known, and ignores unknown emails', async () => {
      const email = newEmail();
      await store.acceptEmails([email]);
      await store.claimDue('w1', 1, 60_000);
      const at = new Date();
      expect(
        await store.recordWebhookEvent({ providerEventId: 'm1', emailId: email.id, type: 'delivered', at }),
      ).toMatchObject({ kind: 'recorded' });
      // The send call returns after the provider already reported delivery: the status stays.
      await store.markSent(email.id, 'w1', 'p-9');
      expect(await store.getEmail(email.id)).toMatchObject({ status: 'delivered', providerId: 'p-9' });
      expect(
        await store.recordWebhookEvent({ providerEventId: 'm2', providerId: 'nope', type: 'bounced', at }),
      ).toMatchObject({ kind: 'unknown-email' });
      expect(
        await store.recordWebhookEvent({ providerEventId: 'm3', emailId: v7(), type: 'bounced', at }),
      ).toMatchObject({ kind: 'unknown-email' });
    });
  });
});

describe('store on PGlite in a data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'activation-mail-store-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps emails across a reopen and hands back emails a dead process was sending', async () => {
    const first = await openStore({ dataDir });
    const email = newEmail();
    await first.acceptEmails([email]);
    await first.claimDue('w1', 1, 60 * 60_000);
    await first.close();

    const second = await openStore({ dataDir });
    try {
      const stored = await second.getEmail(email.id);
      expect(stored).toMatchObject({ status: 'queued', attempts: 1, leaseOwner: null });
      expect(stored?.events.at(-1)?.type).toBe('released');
      expect(await second.claimDue('w2', 1, 60_000)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
