import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeResend, startFakeResend } from '../support/fake-resend.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { until } from '../support/until.ts';

/** `kill -9` right after a 201: the restarted server has the activation, its email and its follow-ups, and sends them. */

const DAY = 24 * 60 * 60_000;
let fake: FakeResend;
const servers: ServerProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'activation-mail-activation-crash-'));
beforeAll(async () => {
  fake = await startFakeResend();
});
afterAll(async () => {
  for (const server of servers) server.kill();
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function start() {
  const server = startServerProcess({
    RESEND_API_KEY: fake.apiKey,
    RESEND_BASE_URL: fake.url,
    EMAIL_FROM: 'Activation <activation@example.com>',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
  });
  servers.push(server);
  return server;
}

type Activation = { id: string; emails: { id: string; purpose: string; status: string; scheduledAt?: string }[] };

it('keeps a whole activation stored by a server killed right after its 201', { timeout: 120_000 }, async () => {
  fake.delivered.length = 0;
  // Slow enough that the kill comes before the provider has answered.
  fake.setFaults({ latencyMs: 500 });
  const first = start();
  const url = await first.listening;
  // The trial ends in three days: its notice (seven days before) is due at once.
  const trialEndsOn = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10);
  const res = await fetch(`${url}/v1/activations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      enrollment: {
        number: '62345678',
        organizationName: 'Fabrikam, Inc.',
        noticesContact: { email: 'n@fabrikam.com' },
      },
      scenario: 'trial-customer',
      signInUrl: 'https://activation.example.com/in',
      signUpUrl: 'https://activation.example.com/up',
      trialEndsOn,
    }),
  });
  expect(res.status).toBe(201);
  first.kill();
  const created = (await res.json()) as Activation;
  await first.exited;

  fake.setFaults({ latencyMs: 5 });
  const second = start();
  const restarted = await second.listening;
  const read = async () => (await (await fetch(`${restarted}/v1/activations/${created.id}`)).json()) as Activation;
  expect((await read()).emails.map((e) => [e.id, e.purpose, e.scheduledAt])).toEqual(
    created.emails.map((e) => [e.id, e.purpose, e.scheduledAt]),
  );
  const dueNow = created.emails.filter((e) => e.purpose === 'activation' || e.purpose === 'trial-ending');
  expect(dueNow).toHaveLength(2);
  await until(
    async () => (await read()).emails.filter((e) => e.status === 'sent').length === 2,
    60_000,
    'the activation email and the trial notice sent',
  );
  const after = await read();
  // No reminder falls after the trial's end (seven and fourteen days are past it): the notice once
  // it has ended waits in their place.
  expect(
    after.emails
      .filter((e) => e.purpose !== 'activation' && e.purpose !== 'trial-ending')
      .map((e) => [e.purpose, e.status]),
  ).toEqual([['trial-ended', 'scheduled']]);
  // Each went to the provider once (alone under its own id, or together in one batch).
  const sentIds = fake.delivered.map((m) => m.emailId);
  expect(sentIds.toSorted()).toEqual(dueNow.map((e) => e.id).toSorted());
});
