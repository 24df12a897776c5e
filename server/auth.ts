/** The OpenAPI side of API keys: the security scheme /v1 routes declare (server/keys.ts does the checking). */

/** The OpenAPI security scheme name that /v1 routes declare. */
export const BEARER_SCHEME = 'bearerAuth';
export const bearerSecurity = [{ [BEARER_SCHEME]: [] }];
