import type { Transport } from './transport.ts';

/**
 * The local transport (no RESEND_API_KEY): an email counts as sent once claimed, and stays in
 * the store, where `GET /mailbox` shows it as it would arrive. Nothing leaves the machine.
 */
export function mailboxTransport(): Transport {
  return {
    name: 'mailbox',
    send: async () => ({ ok: true }),
    sendBatch: async (emails) => ({ kind: 'each', outcomes: emails.map(() => ({ ok: true })) }),
  };
}
