import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Resend's `POST /emails` on loopback, driven through the real SDK (point
 * RESEND_BASE_URL or the SDK's baseUrl at `url`). Like Resend it remembers each
 * Idempotency-Key: the same key again gets the first answer and delivers nothing new. Faults
 * are injected at random: 500s and 429s (with Retry-After) before a message is accepted, and
 * hung requests after it is accepted, the case where a client cannot know it went through.
 */

export interface FaultOptions {
  /** Share of requests answered 500 before anything is accepted. */
  serverErrorRate?: number;
  /** Share answered 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitRate?: number;
  retryAfterSeconds?: number;
  /** Share of accepted messages whose answer never comes (the connection stays open). */
  hangRate?: number;
  /** Wait before answering, in ms. */
  latencyMs?: number;
}

export interface AcceptedMessage {
  id: string;
  idempotencyKey: string | undefined;
  payload: Record<string, unknown>;
}

export interface FakeResend {
  url: string;
  apiKey: string;
  /** Each message accepted (and so delivered), in order: a request replayed under its key adds nothing. */
  delivered: AcceptedMessage[];
  /** Delivered messages by Idempotency-Key. */
  byKey: Map<string, AcceptedMessage>;
  counts: {
    requests: number;
    serverErrors: number;
    rateLimited: number;
    hung: number;
    replays: number;
    refused: number;
  };
  setFaults(faults: FaultOptions): void;
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

export async function startFakeResend(
  faults: FaultOptions = {},
  { apiKey = 're_test_fake', random = Math.random }: { apiKey?: string; random?: () => number } = {},
): Promise<FakeResend> {
  let current = { ...faults };
  const delivered: AcceptedMessage[] = [];
  const byKey = new Map<string, AcceptedMessage>();
  const payloadHash = new Map<string, string>();
  const counts = { requests: 0, serverErrors: 0, rateLimited: 0, hung: 0, replays: 0, refused: 0 };
  const hanging = new Set<ServerResponse>();

  async function handle(req: IncomingMessage, res: ServerResponse) {
    counts.requests++;
    const body = await readBody(req);
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return json(res, 401, resendError(401, 'missing_api_key', 'Missing or wrong API key'));
    }
    if (req.method !== 'POST' || req.url !== '/emails') {
      return json(res, 404, resendError(404, 'not_found', 'The requested endpoint does not exist.'));
    }
    if (current.latencyMs) await new Promise((resolve) => setTimeout(resolve, current.latencyMs));

    const roll = random();
    const serverErrorRate = current.serverErrorRate ?? 0;
    if (roll < serverErrorRate) {
      counts.serverErrors++;
      return json(res, 500, resendError(500, 'internal_server_error', 'An unexpected error occurred.'));
    }
    if (roll < serverErrorRate + (current.rateLimitRate ?? 0)) {
      counts.rateLimited++;
      return json(res, 429, resendError(429, 'rate_limit_exceeded', 'Too many requests.'), {
        'retry-after': String(current.retryAfterSeconds ?? 1),
      });
    }

    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(body);
    } catch {
      counts.refused++;
      return json(res, 400, resendError(400, 'validation_error', 'Invalid JSON'));
    }
    const missing = ['from', 'to', 'subject'].filter((field) => !payload[field]);
    if (missing.length > 0 || (!payload.html && !payload.text)) {
      counts.refused++;
      return json(
        res,
        422,
        resendError(422, 'missing_required_field', `Missing ${missing.join(', ') || 'html or text'}`),
      );
    }

    const key = req.headers['idempotency-key'] as string | undefined;
    const hash = createHash('sha256').update(body).digest('hex');
    const earlier = key ? byKey.get(key) : undefined;
    if (key && earlier) {
      if (payloadHash.get(key) !== hash) {
        return json(
          res,
          409,
          resendError(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.'),
        );
      }
      counts.replays++;
      return json(res, 200, { id: earlier.id });
    }

    const message: AcceptedMessage = { id: randomUUID(), idempotencyKey: key, payload };
    delivered.push(message);
    if (key) {
      byKey.set(key, message);
      payloadHash.set(key, hash);
    }
    if (random() < (current.hangRate ?? 0)) {
      counts.hung++;
      hanging.add(res);
      res.once('close', () => hanging.delete(res));
      return;
    }
    return json(res, 200, { id: message.id });
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
    counts,
    setFaults(next) {
      current = { ...next };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
