import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.ts';

/**
 * The typed client for TypeScript integrators: openapi-fetch over types that openapi-typescript
 * generates from the served OpenAPI document (`npm run client:generate`; CI fails when
 * `schema.ts` is out of date). Imported as `activation-mail/client`.
 *
 *   const mail = createActivationMailClient({ baseUrl: 'https://mail.example.com', apiKey });
 *   const { data, error } = await mail.POST('/v1/emails', { body: { template: 'activation', data: {...}, to } });
 *
 * `data` is typed by the template named, so a misspelled or foreign field fails to compile.
 */

export type { components, operations, paths };
export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type ProblemType = Schemas['ProblemType'];
export type SendEmailRequest = Schemas['SendEmailRequest'];
export type AcceptedEmail = Schemas['AcceptedEmail'];
export type Email = Schemas['Email'];
export type ActivationMailClient = Client<paths>;

export interface ActivationMailClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /**
   * Where your server is reached, like `https://mail.example.com` or `http://127.0.0.1:3000`
   * (its HOST and PORT). Required: the served document is the same on every server, so no
   * address in it can be the right one.
   */
  baseUrl: string;
  /** One of the server's API_KEYS; none for a server running open on loopback. */
  apiKey?: string;
}

export function createActivationMailClient({
  baseUrl,
  apiKey,
  headers,
  ...options
}: ActivationMailClientOptions): ActivationMailClient {
  return createClient<paths>({
    baseUrl,
    headers: { ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}), ...(headers as Record<string, string>) },
    ...options,
  });
}
