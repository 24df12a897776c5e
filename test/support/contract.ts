import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { servedDocument } from '../../server/openapi/document.ts';

/**
 * Contract checks: every response an API suite receives through `testApp()` is validated
 * against the OpenAPI document the server serves (status documented for the operation,
 * content type, body schema, required headers), so the document can never drift from the
 * server. A suite written later gets this by using `testApp()` / `outboxApp()`; anything else
 * that holds an app can call `checkResponse` itself.
 */

type Schema = Record<string, unknown>;
interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Schema }>; headers?: Record<string, Schema> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  webhooks?: Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: Schema }> } } }>;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const DOCUMENT_ID = 'https://activation-mail.local/openapi.json';

let loaded: Promise<{ doc: Document; ajv: Ajv2020; routes: Route[] }> | undefined;
interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  literalSegments: number;
  operation: Operation;
}

function load() {
  loaded ??= (async () => {
    const doc = (await servedDocument()) as unknown as Document;
    // strict: false lets OpenAPI's own keywords (example, discriminator…) pass as annotations.
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true, validateFormats: true }));
    ajv.addSchema({ ...doc, $id: DOCUMENT_ID } as Schema);
    const routes = Object.entries(doc.paths).flatMap(([template, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
        literalSegments: template.split('/').filter((s) => s && !s.startsWith('{')).length,
        operation,
      })),
    );
    return { doc, ajv, routes };
  })();
  return loaded;
}

const validators = new Map<string, ValidateFunction>();
function validatorFor(ajv: Ajv2020, pointer: string): ValidateFunction {
  let validate = validators.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` });
    validators.set(pointer, validate);
  }
  return validate;
}

const escapePointer = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');

/** What a local `$ref` (`#/components/headers/X-Request-Id`) points at in the document. */
function resolve(doc: Document, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
}

let validated = 0;
/** How many responses this process has validated. */
export const validatedResponses = () => validated;

/** Throws when the response breaks the served document; returns quietly otherwise. */
export async function checkResponse(method: string, url: string, response: Response): Promise<void> {
  const { doc, ajv, routes } = await load();
  const path = new URL(url, 'http://localhost').pathname;
  const upper = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  const route = routes
    .filter((r) => r.method === upper && r.pattern.test(path))
    .sort((a, b) => b.literalSegments - a.literalSegments)[0];
  const status = String(response.status);
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const where = `${method} ${path} → ${status}`;

  if (!route) {
    // Not an operation of the API (a 404 or 405 of the router, a route only a test mounts):
    // its problems still have the documented shape.
    if (contentType === 'application/problem+json') {
      const validate = validatorFor(ajv, '/components/schemas/Problem');
      if (!validate(await response.json())) throw contractError(where, validate);
      validated++;
    }
    return;
  }
  const pointer = `/paths/${escapePointer(route.template)}/${route.method.toLowerCase()}/responses/${status}`;
  const documented = route.operation.responses?.[status];
  if (!documented) {
    throw new Error(`Contract: ${where} is not documented for ${route.method} ${route.template}`);
  }
  for (const [name, declared] of Object.entries(documented.headers ?? {})) {
    const header = typeof declared.$ref === 'string' ? (resolve(doc, declared.$ref) as Schema) : declared;
    if (header.required && !response.headers.has(name)) {
      throw new Error(`Contract: ${where} lacks the required header ${name}`);
    }
  }
  const body = await response.text();
  if (!documented.content) {
    if (body.length > 0) throw new Error(`Contract: ${where} has a body, but none is documented`);
    validated++;
    return;
  }
  const media = documented.content[contentType];
  if (!media) {
    throw new Error(
      `Contract: ${where} is ${contentType || 'without a content type'}; documented: ${Object.keys(documented.content).join(', ')}`,
    );
  }
  if (contentType.endsWith('json') && media.schema) {
    const validate = validatorFor(ajv, `${pointer}/content/${escapePointer(contentType)}/schema`);
    if (!validate(JSON.parse(body))) throw contractError(where, validate);
  }
  validated++;
}

/**
 * Throws when an event sent to EVENTS_WEBHOOK_URL breaks the document: a type without a webhook
 * of its own, or a body that breaks that webhook's schema.
 */
export async function checkEvent(body: { type?: unknown; [field: string]: unknown }): Promise<void> {
  const { doc, ajv } = await load();
  const type = String(body.type);
  if (!doc.webhooks?.[type]?.post?.requestBody?.content?.['application/json']?.schema) {
    throw new Error(`Contract: the event ${type} is not among the document's webhooks`);
  }
  const validate = validatorFor(
    ajv,
    `/webhooks/${escapePointer(type)}/post/requestBody/content/application~1json/schema`,
  );
  if (!validate(body)) throw contractError(`event ${type}`, validate);
  validated++;
}

function contractError(where: string, validate: ValidateFunction): Error {
  const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message}`).join('; ');
  return new Error(`Contract: ${where} does not match the document: ${problems}`);
}

type Requester = (input: string | Request | URL, init?: RequestInit, ...rest: never[]) => Response | Promise<Response>;

/** Makes every `app.request` of this app check its response against the document. */
export function withContractChecks<A extends { request: Requester }>(app: A): A {
  const request = app.request.bind(app) as Requester;
  app.request = (async (input: string | Request | URL, init?: RequestInit, ...rest: never[]) => {
    const response = await request(input, init, ...rest);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const url = input instanceof Request ? input.url : String(input);
    await checkResponse(method, url, response.clone());
    return response;
  }) as A['request'];
  return app;
}

/** Adds this process's count to the run's tally (summed by test/support/contract-tally.ts). */
export function recordTally(dir: string): void {
  if (validated === 0) return;
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, 'counts'), `${validated}\n`);
}
