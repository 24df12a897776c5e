import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  acknowledgedIn,
  breakingChanges,
  releasedPath,
  unacknowledged,
} from '../../../server/openapi/breaking-changes.ts';
import { servedDocument } from '../../../server/openapi/document.ts';

/**
 * The `/v1` compatibility check (`npm run openapi:breaking`, run by CI): the served document
 * against the released one, breaking changes allowed only where the README's changelog names them.
 */

type Doc = {
  components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>>; required: string[] }> };
  paths: Record<string, unknown>;
};

const released = JSON.parse(readFileSync(releasedPath, 'utf8')) as Doc;
const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
const changed = (edit: (doc: Doc) => void): Doc => {
  const doc = structuredClone(released);
  edit(doc);
  return doc;
};
const pointers = (doc: Doc) => breakingChanges(released, doc).map((c) => c.pointer);
const CREATE = '/paths/~1v1~1activations/post/requestBody/content/application~1json/schema';

describe('the /v1 compatibility check', () => {
  test('the served document breaks nothing the changelog does not name', async () => {
    const served = await servedDocument();
    expect(unacknowledged(breakingChanges(released, served), acknowledgedIn(readme))).toEqual([]);
  });

  test('passes what the policy allows: a new response field, an optional request field, a looser limit, a new enum value in a response', () => {
    const doc = changed((d) => {
      const accepted = d.components.schemas.AcceptedEmail;
      if (accepted) accepted.properties.extra = { type: 'string' };
      const create = d.components.schemas.CreateActivationRequest;
      if (create) {
        create.properties.note = { type: 'string' };
        (create.properties.signInUrl as { maxLength: number }).maxLength = 4096;
      }
      (d.components.schemas.ProblemType as unknown as { enum: string[] }).enum.push('a-new-kind');
    });
    expect(pointers(doc)).toEqual([]);
  });

  test('fails what breaks a client, naming where: a removed response field or enum value, a response type changed, a narrower or new required request field, a removed operation, other security', () => {
    const doc = changed((d) => {
      const accepted = d.components.schemas.AcceptedEmail;
      if (accepted) delete accepted.properties.id;
      const create = d.components.schemas.CreateActivationRequest;
      if (create) {
        (create.properties.signInUrl as { maxLength: number }).maxLength = 100;
        create.properties.note = { type: 'string' };
        create.required.push('note');
      }
      const problemTypes = (d.components.schemas.ProblemType as unknown as { enum: string[] }).enum;
      problemTypes.splice(problemTypes.indexOf('urn:activation-mail:problem:not-found'), 1);
      const email = d.components.schemas.Email;
      if (email) email.properties.attempts = { type: 'string' };
      delete d.paths['/healthz'];
      (d as unknown as { components: { securitySchemes: Record<string, unknown> } }).components.securitySchemes = {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      };
    });
    const found = pointers(doc);
    expect(found).toContain('/paths/~1v1~1emails/post/responses/202/content/application~1json/schema/properties/id');
    expect(found).toContain(`${CREATE}/properties/signInUrl/maxLength`);
    expect(found).toContain(`${CREATE}/properties/note`);
    expect(found).toContain('/paths/~1healthz/get');
    expect(found.some((p) => p.includes('/schema/properties/type/enum'))).toBe(true);
    expect(found.some((p) => p.endsWith('/properties/attempts/type'))).toBe(true);
    expect(found.some((p) => p.startsWith('/components/securitySchemes'))).toBe(true);
  });

  test('lets a breaking change through once a dated changelog entry names it, or a part that holds it', () => {
    const doc = changed((d) => {
      delete d.paths['/healthz'];
      const create = d.components.schemas.CreateActivationRequest;
      if (create) (create.properties.signInUrl as { maxLength: number }).maxLength = 100;
    });
    const changelog = [
      '**Changes to `/v1` and what stays.** A pointer such as `/paths/~1v1~1emails/post` in this text names nothing.',
      '',
      '- **2027-01-04.** Removed `/paths/~1healthz` (use `/readyz`); `signInUrl` shorter:',
      `  \`${CREATE}/properties/signInUrl\`.`,
      '',
      '**Typed client.** `/paths/~1v1~1activations` is not in the changelog section.',
    ].join('\n');
    expect(acknowledgedIn(changelog)).toEqual(['/paths/~1healthz', `${CREATE}/properties/signInUrl`]);
    expect(unacknowledged(breakingChanges(released, doc), acknowledgedIn(changelog))).toEqual([]);
    expect(unacknowledged(breakingChanges(released, doc), [])).toHaveLength(2);
  });

  test('the README names request bodies only, so a break in what POST /v1/emails answers fails against it', () => {
    expect(acknowledgedIn(readme).length).toBeGreaterThan(0);
    for (const pointer of acknowledgedIn(readme)) expect(pointer).toMatch(/\/requestBody$/);
    const doc = changed((d) => {
      const accepted = d.components.schemas.AcceptedEmail;
      if (accepted) delete accepted.properties.id;
    });
    expect(unacknowledged(breakingChanges(released, doc), acknowledgedIn(readme)).length).toBeGreaterThan(0);
  });
});
