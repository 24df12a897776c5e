import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Who uses the console, and what they may do. A person signs in with an API key; the console
 * keeps the key's name and scopes in its session, never the key. Reading needs `read`; each
 * action needs the scope of the API call it mirrors. How a key becomes a name and scopes is one
 * function the app injects (`Authenticate`): today `apiKeysAuthenticator` over API_KEYS, where
 * every key may do everything; named, scoped keys replace it without the console changing.
 */

export const scopes = ['send', 'activations', 'read', 'admin'] as const;
export type Scope = (typeof scopes)[number];

export interface Identity {
  /** Shown in the console and kept on the timeline beside what this identity did. */
  name: string;
  scopes: readonly Scope[];
}

/** The identity a presented key stands for, or undefined when it is no key. */
export type Authenticate = (presented: string) => Identity | undefined;

/** Without API keys (loopback only) the console is open, as the API is. */
export const openIdentity: Identity = { name: 'local user (no API keys)', scopes };

export const may = (identity: Identity, scope: Scope): boolean => identity.scopes.includes(scope);

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * API_KEYS: any key, every scope. A key is named by its digest's first characters, which say
 * which key acted without telling anything about the key.
 */
export function apiKeysAuthenticator(apiKeys: readonly string[]): Authenticate {
  const known = apiKeys.map((key) => ({
    digest: digest(key),
    name: `key sha256:${digest(key).toString('hex').slice(0, 8)}`,
  }));
  return (presented) => {
    const candidate = digest(presented);
    let found: Identity | undefined;
    // Every key is compared, so the time taken does not tell which one matched.
    for (const key of known) if (timingSafeEqual(key.digest, candidate)) found ??= { name: key.name, scopes };
    return found;
  };
}
