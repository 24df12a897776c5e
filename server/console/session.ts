import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { type Identity, scopes } from './access.ts';

/**
 * The console's session: a cookie signed with the server's secret (HMAC-SHA256), `HttpOnly`,
 * `SameSite=Strict`, and `Secure` off loopback, holding who signed in (a key's name and
 * scopes, never the key) and when. A session idle longer than `idleMs`, or older than
 * `maxMs`, is over. Every form carries a CSRF token derived from the session's random id, so
 * only a page this session was shown can post. Signing in starts a new session (a new id):
 * a session id planted before sign-in is worth nothing after it.
 */

export interface Session {
  /** Random, per session: the CSRF tokens derive from it. */
  id: string;
  /** Absent until someone signs in (the sign-in form needs a session for its own token). */
  identity?: Identity | undefined;
  /** Epoch ms when it began, and when it was last used. */
  startedAt: number;
  seenAt: number;
}

export interface SessionOptions {
  secret: string;
  /** Idle time after which the session is over. */
  idleMs: number;
  /** Age after which it is over, however active. */
  maxMs: number;
  /** Send the cookie over HTTPS only (off loopback). */
  secure: boolean;
  clock: () => Date;
}

/** Whether a session is still usable at `now`: pure, for the timeout rule's tests. */
export function sessionState(
  session: Session,
  now: number,
  { idleMs, maxMs }: Pick<SessionOptions, 'idleMs' | 'maxMs'>,
) {
  if (now - session.seenAt > idleMs || now - session.startedAt > maxMs) return 'expired' as const;
  return 'active' as const;
}

export type SessionRead = { kind: 'none' } | { kind: 'expired' } | { kind: 'active'; session: Session };

/** A session touched within this long is not written again: one Set-Cookie a minute at most. */
const TOUCH_MS = 60_000;

const isSession = (value: unknown): value is Session => {
  const s = value as Session;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.id === 'string' &&
    typeof s.startedAt === 'number' &&
    typeof s.seenAt === 'number' &&
    (s.identity === undefined ||
      (typeof s.identity.name === 'string' &&
        Array.isArray(s.identity.scopes) &&
        s.identity.scopes.every((scope) => (scopes as readonly string[]).includes(scope))))
  );
};

export function consoleSessions(options: SessionOptions) {
  const { secret, secure, clock } = options;
  // __Host-: sent only to this host, over HTTPS, for every path; a sibling domain cannot plant it.
  const cookie = secure ? '__Host-console-session' : 'console-session';
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'Strict' as const,
  };

  const write = async (c: Context, session: Session) => {
    const value = Buffer.from(JSON.stringify(session)).toString('base64url');
    await setSignedCookie(c, cookie, value, secret, cookieOptions);
  };

  return {
    async read(c: Context): Promise<SessionRead> {
      const raw = await getSignedCookie(c, secret, cookie);
      if (!raw) return { kind: 'none' };
      let session: unknown;
      try {
        session = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
      } catch {
        return { kind: 'none' };
      }
      if (!isSession(session)) return { kind: 'none' };
      const now = clock().getTime();
      if (sessionState(session, now, options) === 'expired') return { kind: 'expired' };
      if (now - session.seenAt > TOUCH_MS) {
        session.seenAt = now;
        await write(c, session);
      }
      return { kind: 'active', session };
    },

    /** A new session (a new id), for `identity` or for nobody yet. */
    async start(c: Context, identity?: Identity): Promise<Session> {
      const now = clock().getTime();
      const session: Session = { id: randomBytes(18).toString('base64url'), identity, startedAt: now, seenAt: now };
      await write(c, session);
      return session;
    },

    end(c: Context): void {
      deleteCookie(c, cookie, { path: '/', secure });
    },

    csrfToken(session: Session): string {
      return createHmac('sha256', secret).update(`csrf\n${session.id}`).digest('base64url');
    },

    /** Whether `token` is this session's CSRF token (compared in constant time). */
    checkCsrf(session: Session, token: unknown): boolean {
      if (typeof token !== 'string') return false;
      const expected = Buffer.from(this.csrfToken(session));
      const given = Buffer.from(token);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

export type ConsoleSessions = ReturnType<typeof consoleSessions>;
