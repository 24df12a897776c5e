import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * A provider webhook request as Resend sends it: the event as JSON, signed with `secret` the way
 * Svix signs (svix-id, svix-timestamp, svix-signature). `id` and `at` default to a new message
 * now; a test passes its own to replay one or to sign a stale one.
 */
export function signedWebhook(
  event: unknown,
  secret: string,
  { id = `msg_${randomBytes(8).toString('hex')}`, at = new Date() }: { id?: string; at?: Date } = {},
) {
  const payload = JSON.stringify(event);
  return {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
      'svix-signature': new Webhook(secret).sign(id, at, payload),
    },
    body: payload,
  };
}
