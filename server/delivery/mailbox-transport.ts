import type { Transport } from './transport.ts';

/**
 * The local transport (MAIL_TRANSPORT=mailbox: on loopback without RESEND_API_KEY, or chosen):
 * an email is `captured` once claimed, never `sent`, and stays in the store, where `GET
 * /mailbox` shows it as it would arrive. Nothing leaves the machine.
 */
export function mailboxTransport(): Transport {
  return {
    name: 'mailbox',
    send: async () => ({ ok: true, captured: true }),
    sendBatch: async (emails) => ({ kind: 'each', outcomes: emails.map(() => ({ ok: true, captured: true })) }),
  };
}
