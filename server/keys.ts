import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { type Decision, keyedLimiter, rateLimitedProblem } from './caller-limits.ts';
import { clientAddress, isLoopbackName } from './client-address.ts';
import { ProblemError, problem, respondProblem } from './problem.ts';

/**
 * API keys: who may call, under which name, with which scopes. Keys are parsed once (from
 * API_KEYS or API_KEYS_FILE), compared in constant time against every known key, and never
 * logged; what the rest of the server sees of a caller is its name and scopes (`Caller`), put
 * on the request's context by the gate's middleware. One deployment serves one organization:
 * keys are its callers (a CRM, a support desk, an operator), not tenants, so scopes say what a
 * key may do, never whose data it may see.
 *
 * The gate (`keyGate`) is the one door where a key is presented (/v1 and the console's
 * sign-in): one failed-key throttle per client address for all of them. The console signs a
 * person in as the key's caller: reading needs `read`, each action the scope of the API call
 * it mirrors, and its changes carry the key's name as the API's do.
 */

/** What a key may do. */
export const scopes = ['send', 'activations', 'read', 'admin'] as const;
export type Scope = (typeof scopes)[number];

export const scopeDescriptions: Record<Scope, string> = {
  send: 'render templates and send (and cancel) emails',
  activations: 'start activations and record their steps',
  read: 'read emails, activations and the mailbox',
  admin: "erase a person's data",
};

export interface ApiKey {
  /** Shown wherever a change is recorded; never the secret. */
  name: string;
  scopes: readonly Scope[];
  secret: string;
}

/** A caller as the server knows it once its key matched. */
export interface Caller {
  name: string;
  scopes: readonly Scope[];
  /**
   * Which key of that name matched: the first 16 hex digits of the key's SHA-256, never the key
   * (absent for the open caller). The console's session keeps it, so a key replaced under the
   * same name ends the sessions signed in with the old one.
   */
  keyDigest?: string;
}

/** The caller while the server runs without keys (loopback only): every scope. */
export const OPEN_CALLER: Caller = { name: 'open', scopes };

/** Whether `caller` holds `scope`. */
export const may = (caller: Caller, scope: Scope): boolean => caller.scopes.includes(scope);

/** The context variables the gate sets: handlers read the caller's name and scopes from here. */
export type KeyVariables = { keyName: string; keyScopes: readonly Scope[] };

export const KEY_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;
// Keys travel in an HTTP header, so they are limited to visible ASCII without spaces or commas.
export const KEY_SECRET = /^[\x21-\x2b\x2d-\x7e]+$/;
/** The named form: name, scopes, then the key, which may hold colons of its own. */
const NAMED_KEY = /^([^:]*):([^:]*):(.*)$/;

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * A plain key's name: `key-` and the first 8 hex digits of its SHA-256, stable across restarts
 * and reorderings, and useless for guessing the key (an operator finds it with
 * `printf %s "$KEY" | sha256sum`).
 */
export const plainKeyName = (secret: string) => `key-${digest(secret).toString('hex').slice(0, 8)}`;

/**
 * One key as configured: a plain secret without a colon (every scope), or
 * `name:scope+scope:secret` (`*` for every scope). An entry with a colon is always read in the
 * named form and refused when it does not fit it: read as a plain key, a mistyped name or
 * scope (`-crm:read:…`, `crm:Read:…`, `crm:…` without scopes) would silently get every scope,
 * admin included. Errors never repeat the entry, not even its name: in an entry that was meant
 * as a plain key, the part before a colon is part of the secret.
 */
export function parseKey(entry: string): ApiKey | { error: string } {
  if (!entry.includes(':')) {
    if (!KEY_SECRET.test(entry)) return { error: 'must be visible ASCII without spaces or commas' };
    return { name: plainKeyName(entry), scopes, secret: entry };
  }
  const named = NAMED_KEY.exec(entry);
  if (!named) return { error: 'has a colon, so it must be name:scope+scope:key (a plain key has no colon)' };
  const [, name = '', list = '', secret = ''] = named;
  if (!KEY_NAME.test(name)) {
    return { error: 'its name must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit' };
  }
  const wanted = list === '*' ? [...scopes] : list.split('+');
  if (!wanted.every((s) => (scopes as readonly string[]).includes(s))) {
    return { error: `its scopes must be ${scopes.join(', ')} (joined with +) or *` };
  }
  if (!KEY_SECRET.test(secret)) return { error: 'its key must be visible ASCII without spaces or commas' };
  return { name, scopes: scopes.filter((s) => wanted.includes(s)), secret };
}

/**
 * Every key of a list, or the problems with it: one per faulty entry, named by its position
 * (counting from 1, in API_KEYS or among the keys file's key lines), never by its content;
 * duplicate names and secrets.
 */
export function parseKeys(entries: readonly string[]): { keys: ApiKey[]; problems: string[] } {
  const keys: ApiKey[] = [];
  const problems: string[] = [];
  entries.forEach((entry, i) => {
    const parsed = parseKey(entry);
    if ('error' in parsed) problems.push(`key ${i + 1}: ${parsed.error}`);
    else keys.push(parsed);
  });
  const names = keys.map((k) => k.name);
  const repeated = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
  if (repeated.length > 0) problems.push(`key names must be unique (${repeated.join(', ')} repeated)`);
  if (names.includes(OPEN_CALLER.name)) problems.push(`the key name "${OPEN_CALLER.name}" is reserved`);
  if (new Set(keys.map((k) => k.secret)).size !== keys.length) problems.push('two keys have the same secret');
  return { keys, problems };
}

/** The lines of a keys file: one key per line as in API_KEYS; blank lines and `#` comments skipped. */
export const keyFileEntries = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

export interface KeyRing {
  /** The caller a presented key belongs to; every known key is compared, matching or not. */
  authenticate(presented: string): Caller | undefined;
  /** The caller of the key named `name` as the keys are now (its `keyDigest` says which key); undefined once no key has that name. */
  named(name: string): Caller | undefined;
  /** Swaps the keys (a keys file read again): requests from then on see the new ones. */
  replace(keys: readonly ApiKey[]): void;
  readonly size: number;
}

export function keyRing(initial: readonly ApiKey[]): KeyRing {
  let known: { digest: Buffer; caller: Caller }[] = [];
  const replace = (keys: readonly ApiKey[]) => {
    known = keys.map((k) => {
      const keyDigest = digest(k.secret);
      return {
        digest: keyDigest,
        caller: { name: k.name, scopes: k.scopes, keyDigest: keyDigest.toString('hex', 0, 8) },
      };
    });
  };
  replace(initial);
  return {
    // Comparing digests gives equal-length buffers, so neither a key's content nor its length
    // leaks through timing; the loop never stops at the first match.
    authenticate(presented) {
      const candidate = digest(presented);
      let found: Caller | undefined;
      for (const key of known) if (timingSafeEqual(key.digest, candidate) && !found) found = key.caller;
      return found;
    },
    named: (name) => known.find((key) => key.caller.name === name)?.caller,
    replace,
    get size() {
      return known.length;
    },
  };
}

export type Authentication =
  | { kind: 'caller'; caller: Caller }
  /** No key, or not one of ours (it counted against the address's allowance). */
  | { kind: 'refused'; reason: 'missing' | 'wrong' }
  /** The address spent its allowance of wrong keys: nothing was compared. */
  | { kind: 'throttled'; problem: ProblemError; retryAfterSeconds: number };

export interface KeyGateOptions {
  /** The keys; absent: the server runs open (the configuration allows that on loopback only). */
  ring: KeyRing | undefined;
  /** Wrong keys a client address may present per minute, and at once; 0 per minute turns it off. */
  failures: { perMinute: number; burst: number };
}

export interface KeyGate {
  /** Whether the server runs without keys. */
  readonly open: boolean;
  /**
   * Checks a key presented by `address` (the console's sign-in calls this with its form's key).
   * While the address has spent its allowance the key is not even compared, so a guesser learns
   * nothing from the answers; each wrong key spends one.
   */
  authenticate(presented: string | undefined, address: string): Authentication;
  /**
   * The caller named `name` as the keys are now (the console's session keeps a name and a key
   * digest, not a key): its current scopes and key digest, or undefined once its key is gone.
   * Open: the open caller.
   */
  named(name: string): Caller | undefined;
  /** `Authorization: Bearer <key>`: 401, 429, or the caller's name and scopes on the context. */
  middleware: MiddlewareHandler<{ Variables: KeyVariables }>;
}

const REALM = 'activation-mail';
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The key of an `Authorization: Bearer` header, if it has that form. */
export const bearerToken = (header: string | undefined) => (header ? BEARER.exec(header)?.[1] : undefined);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a request must be refused while the server runs open (no keys, on loopback), or
 * undefined. Nothing but loopback may reach such a server, so a browser is the only way in from
 * outside: DNS rebinding (a page whose host name now resolves to 127.0.0.1, sent with its own
 * name as Host) and cross-site requests (a form or a no-cors fetch from another site, which
 * needs no preflight). So: loopback Host names only, and state-changing requests only from the
 * same origin or from no page at all (curl, SDKs: they send neither header).
 */
export function openModeRefusal(c: Context): string | undefined {
  const url = new URL(c.req.url);
  if (!isLoopbackName(url.hostname)) {
    return `This server runs without API keys and answers loopback names only, not "${url.hostname}".`;
  }
  if (SAFE_METHODS.has(c.req.method)) return undefined;
  const site = c.req.header('Sec-Fetch-Site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return `A ${site} request from a browser may not change anything on a server running without API keys.`;
  }
  const origin = c.req.header('Origin');
  if (origin !== undefined && origin !== url.origin) {
    return 'A request from another origin may not change anything on a server running without API keys.';
  }
  return undefined;
}

/** Puts a caller on the context, as the gate does (the console does it from its session). */
export function setCaller<E extends { Variables: KeyVariables }>(c: Context<E>, caller: Caller): void {
  const keyed = c as unknown as Context<{ Variables: KeyVariables }>;
  keyed.set('keyName', caller.name);
  keyed.set('keyScopes', caller.scopes);
}

/** The caller the gate (or the console's session) put on the context. Throws on a route no gate guards. */
export function callerOf<E extends { Variables: KeyVariables }>(c: Context<E>): Caller {
  const { keyName, keyScopes } = (c as unknown as Context<{ Variables: KeyVariables }>).var;
  if (keyName === undefined) throw new Error(`${c.req.method} ${c.req.path}: no key gate before this route`);
  return { name: keyName, scopes: keyScopes };
}

export function keyGate({ ring, failures }: KeyGateOptions): KeyGate {
  const throttle = keyedLimiter({ name: 'auth-failures', perSecond: failures.perMinute / 60, burst: failures.burst });
  const throttled = (decision: Decision & { allowed: false }) =>
    rateLimitedProblem(decision, throttle, 'Too many requests with a wrong API key came from your address.');

  function authenticate(presented: string | undefined, address: string): Authentication {
    if (!ring) return { kind: 'caller', caller: OPEN_CALLER };
    if (throttle.enabled) {
      const allowance = throttle.check(address, false);
      if (!allowance.allowed) {
        return { kind: 'throttled', problem: throttled(allowance), retryAfterSeconds: allowance.retryAfterSeconds };
      }
    }
    if (presented === undefined) return { kind: 'refused', reason: 'missing' };
    const caller = ring.authenticate(presented);
    if (caller) return { kind: 'caller', caller };
    if (throttle.enabled) throttle.check(address);
    return { kind: 'refused', reason: 'wrong' };
  }

  return {
    open: !ring,
    authenticate,
    named: (name) => (ring ? ring.named(name) : OPEN_CALLER),
    middleware: async function keyGateMiddleware(c, next) {
      if (!ring) {
        const refusal = openModeRefusal(c);
        if (refusal) throw new ProblemError(problem('forbidden', refusal));
      }
      const header = c.req.header('Authorization');
      const result = authenticate(header === undefined ? undefined : (bearerToken(header) ?? ''), clientAddress(c));
      switch (result.kind) {
        case 'throttled':
          throw result.problem;
        case 'refused':
          return result.reason === 'missing'
            ? respondProblem(c, problem('unauthorized', 'Send your API key as "Authorization: Bearer <key>".'), {
                'WWW-Authenticate': `Bearer realm="${REALM}"`,
              })
            : respondProblem(c, problem('unauthorized', 'The API key is not valid.'), {
                'WWW-Authenticate': `Bearer realm="${REALM}", error="invalid_token"`,
              });
        case 'caller':
          setCaller(c, result.caller);
          await next();
      }
    },
  };
}

/** Whether the caller on the context holds one of `needed`. */
export const hasScope = <E extends { Variables: KeyVariables }>(c: Context<E>, needed: readonly Scope[]): boolean =>
  ((c as unknown as Context<{ Variables: KeyVariables }>).var.keyScopes ?? []).some((s) => needed.includes(s));

/**
 * Lets through a caller holding one of `needed`; anyone else gets a 403 problem naming the
 * scope, and nothing of the resource (not even whether it exists).
 */
export function requireScope(needed: readonly Scope[]): MiddlewareHandler<{ Variables: KeyVariables }> {
  const wanted = needed.join(' or ');
  return async function requireScopeMiddleware(c, next) {
    if (!hasScope(c, needed)) {
      throw new ProblemError(
        problem('forbidden', `The API key "${c.get('keyName') ?? ''}" lacks the scope this needs: ${wanted}.`),
      );
    }
    await next();
  };
}
