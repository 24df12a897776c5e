import type { Context } from 'hono';

/** The client's address as the socket reports it (no proxy header is trusted); `app.request` has none. */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
