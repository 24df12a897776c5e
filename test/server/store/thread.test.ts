import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpackBody } from '../../../server/store/body-codec.ts';
import { IdempotencyLostError, openStore, type Store } from '../../../server/store/index.ts';
import { openStoreInThread } from '../../../server/store/thread.ts';
import { newEmail } from '../../support/outbox.ts';

/**
 * PGlite in `DATA_DIR` runs on a thread of its own: what the server opens in production.
 * The queries themselves are tested in store.test.ts; this checks that calls, answers, dates
 * and errors cross the thread intact, that data outlives a reopen, and that a closed store
 * says so instead of hanging.
 */

describe('store on its own thread', () => {
  let dataDir: string;
  let store: Store;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'activation-mail-thread-'));
    store = await openStore({ dataDir });
  }, 60_000);

  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers calls with their values, dates as dates', async () => {
    expect(store.dialect).toBe('pglite');
    expect(await store.ping()).toBe(true);
    const email = newEmail();
    await store.acceptEmails([email]);
    const stored = await store.getEmail(email.id);
    expect(stored).toMatchObject({ id: email.id, status: 'queued', data: email.data, to: email.to });
    expect(stored?.createdAt).toBeInstanceOf(Date);
    expect(stored?.createdAt.getTime()).toBe(email.createdAt.getTime());

    const [claimed] = await store.claimDue('w1', 10, 60_000);
    expect(claimed).toMatchObject({ id: email.id, attempts: 1 });
    // Bodies cross the thread as the bytes they are stored as.
    expect(unpackBody('html', claimed?.html ?? new Uint8Array())).toBe('<p>Hello</p>');
    expect(await store.markSent(email.id, 'w1', 'p-1')).toBe(true);
    expect(await store.queueDepth()).toEqual({ queued: 0, scheduled: 0, sending: 0 });
  });

  it('erases by address across the thread: the refusal and the erasure come back as the store gave them', async () => {
    const email = newEmail({ to: ['erase-me@contoso.example'] });
    await store.acceptEmails([email]);
    const at = new Date();
    const request = {
      id: '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e77',
      address: 'Erase-Me@Contoso.example',
      keyName: 'ops',
      at,
    };
    expect(await store.eraseAddress(request)).toEqual({
      kind: 'blocked',
      blockers: { activationIds: [], activationCount: 0, emailIds: [email.id], emailCount: 1 },
    });
    await store.cancelEmail(email.id, 'ops');
    const erased = await store.eraseAddress(request);
    expect(erased).toEqual({
      kind: 'erased',
      erasure: {
        id: request.id,
        keyName: 'ops',
        at,
        erased: { emails: 1, activations: 0, eventDeliveries: 0, idempotencyKeys: 0 },
      },
    });
    expect(await store.getEmail(email.id)).toMatchObject({ to: [], erasedAt: expect.any(Date) });
  });

  it('rejects with the error the store raised: its own kinds as themselves, database errors with their message', async () => {
    const request = { scope: 's', key: 'k', requestHash: 'h', owner: 'first' };
    await store.claimIdempotencyKey(request, 60_000, 60_000);
    const lost = store.acceptEmails([newEmail()], {
      request: { ...request, owner: 'someone-else' },
      response: { status: 202, body: {} },
    });
    await expect(lost).rejects.toBeInstanceOf(IdempotencyLostError);

    const email = newEmail();
    await store.acceptEmails([email]);
    const duplicate = await store.acceptEmails([email]).catch((err: Error) => err);
    expect(duplicate).toBeInstanceOf(Error);
    expect((duplicate as Error).cause).toMatchObject({ message: expect.stringMatching(/duplicate key/) });
    expect(await store.ping()).toBe(true);
  });

  it('keeps its data across a close and a reopen, and refuses calls once closed', async () => {
    const email = newEmail();
    await store.acceptEmails([email]);
    await store.close();
    expect(await store.ping()).toBe(false);
    await expect(store.getEmail(email.id)).rejects.toThrow(/store's thread stopped/);

    store = await openStore({ dataDir });
    expect(await store.getEmail(email.id)).toMatchObject({ id: email.id, status: 'queued' });
  }, 60_000);

  it('says why when the database cannot be opened', async () => {
    const file = join(dataDir, 'not-a-folder');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, 'x'));
    await expect(openStore({ dataDir: file })).rejects.toThrow();
  });

  it('tells its owner once when the thread stops on its own, and fails the calls in flight instead of leaving them hanging', async () => {
    const lost: Error[] = [];
    const dying = await openStoreInThread({
      dataDir: 'unused',
      onLost: (err) => lost.push(err),
      script: new URL('../../support/store-thread-that-dies.ts', import.meta.url),
    });
    await expect(dying.getEmail('any')).rejects.toThrow(/store's thread stopped \(exit code 3\)/);
    expect(lost.map((err) => err.message)).toEqual(["the store's thread stopped (exit code 3)"]);
    expect(await dying.ping()).toBe(false);
    await dying.close();
    expect(lost).toHaveLength(1);
  });

  it('does not call a close a loss', async () => {
    const lost: Error[] = [];
    const closing = await openStoreInThread({ dataDir: 'memory://', onLost: (err) => lost.push(err) });
    await closing.close();
    expect(lost).toEqual([]);
  }, 60_000);
});
