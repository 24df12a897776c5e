import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Resend's `POST /emails` and `POST /emails/batch` on loopback, driven through
 * the Resend transport (point RESEND_BASE_URL or the transport's baseUrl at `url`). It behaves as Resend's
 * docs describe (https://resend.com/docs/api-reference/rate-limit, /errors, /emails/send-batch-emails):
 *
 * - Idempotency-Key: the same key with the same body gets the first answer and delivers
 *   nothing new; with another body, 409 `invalid_idempotent_request`; while the first request
 *   with the key is still in progress, 409 `concurrent_idempotent_requests`.
 * - Rate limit (`rateLimit` requests per second for the whole team, counted in windows of one
 *   second): every answer carries `ratelimit-limit`, `ratelimit-remaining` and
 *   `ratelimit-reset`; a request over the limit gets 429 `rate_limit_exceeded` with
 *   `retry-after`. Every request received is counted in its second (`perSecond`), refused or not.
 * - Quotas (`dailyQuota`, `monthlyQuota`, in emails): a request that would go past one gets 429
 *   `daily_quota_exceeded` / `monthly_quota_exceeded`; `resetQuotas()` starts a new day.
 * - Batches: up to 100 emails, no attachments or `scheduled_at`; in the default strict mode
 *   one invalid email refuses the whole request (422 `validation_error`), with
 *   `x-batch-validation: permissive` the valid ones are sent and the answer is
 *   `{ data: [{ id }], errors: [{ index, message }] }`.
 * - Addresses Resend refuses: any recipient in `refusedDomain` is an invalid `to`.
 *
 * Faults are injected at random: 500s and 429s (with Retry-After) before a message is
 * accepted, and hung requests after it is accepted, the case where a client cannot know it
 * went through. `unreadable(n)` spoils the body of the next `n` 200s (the email is accepted all
 * the same): garbage instead of JSON, or the connection cut half-way through the body.
 */

export interface FaultOptions {
  /** Share of requests answered 500 before anything is accepted. */
  serverErrorRate?: number;
  /** Share answered 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitRate?: number;
  retryAfterSeconds?: number;
  /** Share of accepted requests whose answer never comes (the connection stays open). */
  hangRate?: number;
  /** Wait before answering, in ms. */
  latencyMs?: number;
  /** The body of the injected 500s, instead of Resend's JSON error (a proxy's HTML page, say). */
  serverErrorBody?: string;
}

/** How a 200's body is spoiled: not JSON at all, or cut off after the headers and part of it. */
export type UnreadableBody = 'garbage' | 'cut' | 'stall';

export interface LimitOptions {
  /** Requests per second for the whole team; absent: no limit. */
  rateLimit?: number;
  /** Emails per day; absent: no quota. */
  dailyQuota?: number;
  monthlyQuota?: number;
  /** Recipients at this domain are refused as invalid addresses. */
  refusedDomain?: string;
}

export interface AcceptedMessage {
  id: string;
  /** The request's Idempotency-Key (a batch's key for each of its emails). */
  idempotencyKey: string | undefined;
  /** Our email id, from the `activation_mail_id` tag. */
  emailId: string | undefined;
  /** Whether it came in a batch request. */
  batch: boolean;
  /** When its request arrived (epoch ms). */
  receivedAt: number;
  payload: Record<string, unknown>;
}

export interface FakeResend {
  url: string;
  apiKey: string;
  /** Each message accepted (and so delivered), in order: a request replayed under its key adds nothing. */
  delivered: AcceptedMessage[];
  /** Delivered single messages by Idempotency-Key. */
  byKey: Map<string, AcceptedMessage>;
  /** Requests received in each second (epoch seconds), refused or not. */
  perSecond: Map<number, number>;
  /** Requests received under each Idempotency-Key. */
  keys: Map<string, number>;
  /** When each request arrived (epoch ms), refused or not. */
  arrivals: number[];
  counts: {
    requests: number;
    batchRequests: number;
    serverErrors: number;
    rateLimited: number;
    /** 429s for the rate limit that the fault injection did not cause. */
    overLimit: number;
    quotaRefused: number;
    hung: number;
    replays: number;
    refused: number;
    concurrent: number;
    /** 200s whose body was spoiled by `unreadable`. */
    unreadable: number;
  };
  /**
   * The next `count` answers that would be a 200 (first answers and replays alike) accept as
   * usual but carry a body no client can read.
   */
  unreadable(count: number, how?: UnreadableBody): void;
  setFaults(faults: FaultOptions): void;
  setLimits(limits: LimitOptions): void;
  /** A new day (and month): the quotas' counts start again. */
  resetQuotas(): void;
  /** The most requests received in any one second. */
  busiestSecond(): number;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const resendError = (status: number, name: string, message: string) => ({ statusCode: status, name, message });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const ADDRESS = /^(?:[^<>]*<)?([^\s@<>]+@([^\s@<>]+\.[^\s@<>]+))>?$/;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

interface Refusal {
  name: 'missing_required_field' | 'validation_error';
  message: string;
}

/** Why Resend would refuse this email, or undefined when it is valid. */
function invalidEmail(payload: Record<string, unknown>, inBatch: boolean, refusedDomain?: string): Refusal | undefined {
  const missing = ['from', 'to', 'subject'].filter((field) => !payload[field]);
  if (missing.length > 0) return { name: 'missing_required_field', message: `Missing \`${missing[0]}\` field.` };
  if (!payload.html && !payload.text) {
    return { name: 'missing_required_field', message: 'Missing `html` or `text` field.' };
  }
  if (inBatch && payload.attachments) {
    return { name: 'validation_error', message: 'Attachments are not supported in batch sending.' };
  }
  if (inBatch && payload.scheduled_at) {
    return { name: 'validation_error', message: '`scheduled_at` is not supported in batch sending.' };
  }
  for (const field of ['to', 'cc', 'bcc'] as const) {
    for (const recipient of list(payload[field])) {
      const match = typeof recipient === 'string' ? ADDRESS.exec(recipient) : null;
      if (!match || (refusedDomain && match[2]?.toLowerCase() === refusedDomain)) {
        return {
          name: 'validation_error',
          message: `Invalid \`${field}\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`,
        };
      }
    }
  }
  return undefined;
}

const emailIdOf = (payload: Record<string, unknown>) =>
  (payload.tags as { name: string; value: string }[] | undefined)?.find((t) => t.name === 'activation_mail_id')?.value;

export async function startFakeResend(
  faults: FaultOptions = {},
  {
    apiKey = 're_test_fake',
    random = Math.random,
    limits = {},
  }: { apiKey?: string; random?: () => number; limits?: LimitOptions } = {},
): Promise<FakeResend> {
  let current = { ...faults };
  let currentLimits = { ...limits };
  const delivered: AcceptedMessage[] = [];
  const byKey = new Map<string, AcceptedMessage>();
  /** First answer and body hash of each key: a replay gets the same answer. */
  const answers = new Map<string, { hash: string; status: number; body: unknown }>();
  const inProgress = new Set<string>();
  const perSecond = new Map<number, number>();
  const keys = new Map<string, number>();
  const arrivals: number[] = [];
  const counts = {
    requests: 0,
    batchRequests: 0,
    serverErrors: 0,
    rateLimited: 0,
    overLimit: 0,
    quotaRefused: 0,
    hung: 0,
    replays: 0,
    refused: 0,
    concurrent: 0,
    unreadable: 0,
  };
  let spoil = { left: 0, how: 'garbage' as UnreadableBody };
  let sentToday = 0;
  let sentThisMonth = 0;
  const hanging = new Set<ServerResponse>();

  /** Counts the request in its second; answers the rate-limit headers, and whether it is over the limit. */
  function rateWindow(): { headers: Record<string, string>; over: boolean; resetSeconds: number } {
    const now = Date.now();
    arrivals.push(now);
    const second = Math.floor(now / 1000);
    const seen = (perSecond.get(second) ?? 0) + 1;
    perSecond.set(second, seen);
    const limit = currentLimits.rateLimit;
    if (!limit) return { headers: {}, over: false, resetSeconds: 0 };
    // The window ends within the second: Resend's header says it in whole seconds.
    const resetSeconds = Math.max(1, Math.ceil(((second + 1) * 1000 - now) / 1000));
    return {
      headers: {
        'ratelimit-limit': String(limit),
        'ratelimit-remaining': String(Math.max(0, limit - seen)),
        'ratelimit-reset': String(resetSeconds),
      },
      over: seen > limit,
      resetSeconds,
    };
  }

  function quotaRefusal(emails: number): { name: string; message: string } | undefined {
    const { dailyQuota, monthlyQuota } = currentLimits;
    if (monthlyQuota !== undefined && sentThisMonth + emails > monthlyQuota) {
      return { name: 'monthly_quota_exceeded', message: 'You have reached your monthly email sending quota.' };
    }
    if (dailyQuota !== undefined && sentToday + emails > dailyQuota) {
      return { name: 'daily_quota_exceeded', message: 'You have reached your daily email sending quota.' };
    }
    return undefined;
  }

  function accept(
    payload: Record<string, unknown>,
    key: string | undefined,
    batch: boolean,
    receivedAt: number,
  ): AcceptedMessage {
    const message: AcceptedMessage = {
      id: randomUUID(),
      idempotencyKey: key,
      emailId: emailIdOf(payload),
      receivedAt,
      batch,
      payload,
    };
    delivered.push(message);
    sentToday++;
    sentThisMonth++;
    return message;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    counts.requests++;
    const receivedAt = Date.now();
    // Counted as it arrives, before its body is read, as a rate limiter in front of an API does.
    const window = rateWindow();
    const body = await readBody(req);
    const reply = (status: number, payload: unknown, extra: Record<string, string> = {}) => {
      if (status !== 200 || spoil.left <= 0) return json(res, status, payload, { ...window.headers, ...extra });
      spoil.left--;
      counts.unreadable++;
      const headers = { 'content-type': 'application/json', ...window.headers, ...extra };
      if (spoil.how === 'garbage') {
        res.writeHead(200, headers);
        return res.end('not json{');
      }
      // The length promised is the whole body's; half of it is written, then the connection dies
      // (cut) or stays open with nothing more coming, until the client gives up (stall).
      const whole = Buffer.from(JSON.stringify(payload));
      res.writeHead(200, { ...headers, 'content-length': String(whole.length) });
      if (spoil.how === 'stall') {
        res.write(whole.subarray(0, Math.floor(whole.length / 2)));
        setTimeout(() => res.destroy(), 10_000).unref();
        return;
      }
      res.write(whole.subarray(0, Math.floor(whole.length / 2)), () => res.destroy());
    };
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return reply(401, resendError(401, 'missing_api_key', 'Missing API key in the authorization header.'));
    }
    const isBatch = req.url === '/emails/batch';
    if (req.method !== 'POST' || (req.url !== '/emails' && !isBatch)) {
      return reply(404, resendError(404, 'not_found', 'The requested endpoint does not exist.'));
    }
    if (isBatch) counts.batchRequests++;
    const key = req.headers['idempotency-key'] as string | undefined;
    if (key) keys.set(key, (keys.get(key) ?? 0) + 1);
    if (window.over) {
      counts.overLimit++;
      return reply(
        429,
        resendError(
          429,
          'rate_limit_exceeded',
          'Too many requests. You can only make 5 requests per second. See rate limit response headers for more information. Or contact support to increase rate limit.'.replace(
            '5',
            String(currentLimits.rateLimit),
          ),
        ),
        { 'retry-after': String(window.resetSeconds) },
      );
    }
    if (current.latencyMs) await new Promise((resolve) => setTimeout(resolve, current.latencyMs));

    const roll = random();
    const serverErrorRate = current.serverErrorRate ?? 0;
    if (roll < serverErrorRate) {
      counts.serverErrors++;
      if (current.serverErrorBody !== undefined) {
        res.writeHead(500, { 'content-type': 'text/html', ...window.headers });
        return res.end(current.serverErrorBody);
      }
      return reply(500, resendError(500, 'internal_server_error', 'An unexpected error occurred.'));
    }
    if (roll < serverErrorRate + (current.rateLimitRate ?? 0)) {
      counts.rateLimited++;
      return reply(429, resendError(429, 'rate_limit_exceeded', 'Too many requests.'), {
        'retry-after': String(current.retryAfterSeconds ?? 1),
      });
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      counts.refused++;
      return reply(400, resendError(400, 'validation_error', 'Invalid JSON'));
    }

    const hash = createHash('sha256').update(body).digest('hex');
    if (key) {
      const earlier = answers.get(key);
      if (earlier) {
        if (earlier.hash !== hash) {
          return reply(
            409,
            resendError(
              409,
              'invalid_idempotent_request',
              'Same idempotency key used with a different request payload.',
            ),
          );
        }
        counts.replays++;
        return reply(earlier.status, earlier.body);
      }
      if (inProgress.has(key)) {
        counts.concurrent++;
        return reply(
          409,
          resendError(
            409,
            'concurrent_idempotent_requests',
            'Same idempotency key used while original request is still in progress.',
          ),
        );
      }
    }

    const emails = isBatch ? (Array.isArray(parsed) ? (parsed as Record<string, unknown>[]) : []) : [parsed];
    if (isBatch && (emails.length === 0 || emails.length > 100)) {
      counts.refused++;
      return reply(422, resendError(422, 'validation_error', 'The batch must contain between 1 and 100 emails.'));
    }
    const problems = emails.map((email) =>
      typeof email === 'object' && email
        ? invalidEmail(email as Record<string, unknown>, isBatch, currentLimits.refusedDomain)
        : ({ name: 'validation_error', message: 'Invalid email.' } as const),
    );
    const permissive = isBatch && req.headers['x-batch-validation'] === 'permissive';
    const firstProblem = problems.findIndex((p) => p !== undefined);
    if (firstProblem >= 0 && !permissive) {
      counts.refused++;
      const problem = problems[firstProblem] as Refusal;
      const message = isBatch ? `emails[${firstProblem}]: ${problem.message}` : problem.message;
      return reply(422, resendError(422, problem.name, message));
    }
    const valid = emails.filter((_, i) => problems[i] === undefined) as Record<string, unknown>[];
    const quota = quotaRefusal(valid.length);
    if (quota) {
      counts.quotaRefused++;
      return reply(429, resendError(429, quota.name, quota.message));
    }

    if (key) inProgress.add(key);
    const ids = valid.map((email) => {
      const message = accept(email, key, isBatch, receivedAt);
      if (!isBatch && key) byKey.set(key, message);
      return { id: message.id };
    });
    const answer = isBatch
      ? {
          data: ids,
          ...(permissive
            ? { errors: problems.flatMap((problem, index) => (problem ? [{ index, message: problem.message }] : [])) }
            : {}),
        }
      : { id: ids[0]?.id };
    counts.refused += problems.filter((p) => p !== undefined).length;
    if (key) answers.set(key, { hash, status: 200, body: answer });
    const quotaHeaders: Record<string, string> =
      currentLimits.dailyQuota !== undefined ? { 'x-resend-daily-quota': String(sentToday) } : {};
    if (random() < (current.hangRate ?? 0)) {
      counts.hung++;
      hanging.add(res);
      res.once('close', () => {
        hanging.delete(res);
        if (key) inProgress.delete(key);
      });
      return;
    }
    if (key) inProgress.delete(key);
    return reply(200, answer, quotaHeaders);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, resendError(500, 'internal_server_error', String(err)));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    delivered,
    byKey,
    perSecond,
    keys,
    arrivals,
    counts,
    unreadable(count, how = 'garbage') {
      spoil = { left: count, how };
    },
    setFaults(next) {
      current = { ...next };
    },
    setLimits(next) {
      currentLimits = { ...next };
    },
    resetQuotas() {
      sentToday = 0;
      sentThisMonth = 0;
    },
    busiestSecond: () => Math.max(0, ...perSecond.values()),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
