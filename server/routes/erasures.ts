import { createRoute, z } from '@hono/zod-openapi';
import { v7 } from 'uuid';
import { emailAddress } from '../../emails/_catalog/index.ts';
import { requires } from '../auth.ts';
import { type App, handle, type RouteModule } from '../http.ts';
import { callerOf, hasScope } from '../keys.ts';
import type { Logger } from '../logger.ts';
import { apiProblemResponses, ProblemError, problem } from '../problem.ts';
import type { Blockers, Erasure, Store } from '../store/index.ts';

/**
 * Erasure by address (`admin`): one person's data removed everywhere, refused while work in
 * flight names them, and recorded (who asked, when, how much) without the address. The store
 * does the erasing (server/store/sql/erasure.ts); this is the edge: the address checked like
 * every other address of the API, the refusal explained, the log given counts only.
 */

export interface ErasureRouteDeps {
  store: Store;
  logger: Logger;
  /** The clock the erasure is dated by. */
  clock: () => Date;
}

const requestSchema = z
  .strictObject({
    email: emailAddress().openapi({
      description: 'The person’s address; matched on the whole address, whatever its case',
      example: 'dana@contoso.com',
    }),
  })
  .openapi('ErasureRequest', { description: 'Whose data to erase' });

const count = (description: string) => z.number().int().min(0).openapi({ description, example: 1 });

export const erasureSchema = z
  .object({
    id: z
      .string()
      .openapi({ format: 'uuid', description: 'The erasure’s id', example: '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e30' }),
    at: z
      .string()
      .openapi({ format: 'date-time', description: 'When it happened', example: '2026-12-01T09:00:00.000Z' }),
    keyName: z.string().openapi({ description: 'The name of the API key that asked (never the key)', example: 'ops' }),
    erased: z
      .object({
        emails: count('Emails erased: addresses, subject, bodies, data, tags, last error and event details'),
        activations: count('Finished activations that lost the address: as recipient, contact or Online Services ID'),
        eventDeliveries: count('Events sent out (or still to send) that carried the address, deleted'),
        idempotencyKeys: count('Stored answers to Idempotency-Keys that held the address, deleted'),
      })
      .openapi({ description: 'How much it erased; all 0 when nothing named the address (any more)' }),
  })
  .openapi('Erasure', { description: 'An erasure by address, as recorded: never the address' });

type ErasureView = z.infer<typeof erasureSchema>;

const erasureExample: ErasureView = {
  id: '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e30',
  at: '2026-12-01T09:00:00.000Z',
  keyName: 'ops',
  erased: { emails: 4, activations: 1, eventDeliveries: 3, idempotencyKeys: 1 },
};

const eraseRoute = createRoute({
  method: 'post',
  operationId: 'eraseAddress',
  path: '/v1/erasures',
  tags: ['Erasures'],
  summary: 'Erase one person’s data by address',
  description: [
    'Removes the address everywhere, matched on the whole address whatever its case: every email with it among its recipients (or in its template data) is erased as RETENTION_DAYS erases (addresses, subject, bodies, data, tags, last error, event details; `erasedAt` set); every provisioned or canceled activation loses it as recipient, contact (name and address) or Online Services ID and stays readable; events sent out and stored Idempotency-Key answers that hold it are deleted; event details that mention it are cleared.',
    'Refused with 409 `erasure-blocked` while work in flight names the address: an activation not yet provisioned or canceled, or an email queued, scheduled or sending. Change the contact (PATCH /v1/activations/{id}), cancel the activation or the email, or let it finish; then erase.',
    'Each erasure is recorded with the key’s name and the counts, never the address. Calling again for the same address erases nothing more and answers counts of 0. No Idempotency-Key: the call is safe to repeat, and a stored request would keep a trace of the address.',
  ].join('\n\n'),
  security: requires('admin'),
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: requestSchema, example: { email: 'dana@contoso.com' } },
      },
    },
  },
  responses: {
    200: {
      description: 'Erased (or nothing left to erase), and recorded',
      content: { 'application/json': { schema: erasureSchema, example: erasureExample } },
    },
    ...apiProblemResponses({
      400: 'Malformed JSON',
      409: {
        description:
          'Work in flight names the address (`erasure-blocked`, with `activationIds` and `emailIds` for a key with the `read` scope): nothing was erased',
        kinds: ['erasure-blocked'],
      },
      413: 'Body too large',
      415: 'Body is not JSON',
      422: 'The body breaks a rule: `email` is missing or not a single address',
    }),
  },
});

const view = (e: Erasure): ErasureView => ({
  id: e.id,
  at: e.at.toISOString(),
  keyName: e.keyName,
  erased: e.erased,
});

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The refusal: what runs, and what to do first. Ids only for a key that may read them. */
function blocked(blockers: Blockers, readable: boolean): ProblemError {
  const named = (count: number, ids: string[], one: string, many: string) => {
    if (count === 0) return [];
    const listed = readable ? `: ${ids.join(', ')}${count > ids.length ? ` and ${count - ids.length} more` : ''}` : '';
    return [`${plural(count, one, many)}${listed}`];
  };
  const what = [
    ...named(
      blockers.activationCount,
      blockers.activationIds,
      'activation not yet provisioned or canceled',
      'activations not yet provisioned or canceled',
    ),
    ...named(
      blockers.emailCount,
      blockers.emailIds,
      'email queued, scheduled or sending',
      'emails queued, scheduled or sending',
    ),
  ].join('; ');
  const todo = [
    ...(blockers.activationCount > 0
      ? [
          'change the contact with PATCH /v1/activations/{id}, or cancel the activation (POST /v1/activations/{id}/cancel)',
        ]
      : []),
    ...(blockers.emailCount > 0 ? ['cancel the emails (POST /v1/emails/{id}/cancel) or let them be sent'] : []),
  ].join('; ');
  return new ProblemError({
    ...problem(
      'erasure-blocked',
      `Work in flight names this address (${what}). First ${todo}; then erase. Nothing was erased.`,
    ),
    ...(readable ? { activationIds: blockers.activationIds, emailIds: blockers.emailIds } : {}),
  });
}

function mount(app: App, { store, logger, clock }: ErasureRouteDeps): void {
  const log = logger.child({ component: 'erasures' });
  handle(app, eraseRoute, async (c) => {
    const { email } = c.req.valid('json');
    const caller = callerOf(c);
    const result = await store.eraseAddress({ id: v7(), address: email, keyName: caller.name, at: clock() });
    if (result.kind === 'blocked') {
      log.info(
        { activations: result.blockers.activationCount, emails: result.blockers.emailCount },
        'erasure refused: work in flight names the address',
      );
      throw blocked(result.blockers, hasScope(c, ['read']));
    }
    const { erasure } = result;
    log.info({ erasureId: erasure.id, keyName: erasure.keyName, ...erasure.erased }, 'erasure by address');
    return c.json(view(erasure), 200);
  });
}

export const erasureRoutes: RouteModule<ErasureRouteDeps> = { documented: [eraseRoute], mount };
