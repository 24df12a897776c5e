import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { templateNames } from '../../emails/_catalog/index.ts';
import { json, newCustomer, PROBLEM_JSON, testApp } from '../support/app.ts';

/** Whatever a client sends, the render route answers 200 or a problem, never a 5xx. */

const { app } = testApp({ LINK_HOSTS: 'activation.example.com' });

const templateName = fc.oneof(fc.constantFrom(...templateNames), fc.string({ maxLength: 20 }));

// Bodies near the valid shape find more than noise: a valid body with one field replaced.
const nearlyValid = fc
  .record({
    key: fc.constantFrom(...Object.keys(newCustomer), 'recipientName', 'services', 'signInUrl'),
    value: fc.jsonValue(),
  })
  .map(({ key, value }) => JSON.stringify({ data: { ...newCustomer, [key]: value } }));

const body = fc.oneof(
  fc.json(),
  fc.jsonValue().map((data) => JSON.stringify({ data })),
  fc
    .record({ data: fc.dictionary(fc.string(), fc.jsonValue()), locale: fc.jsonValue() }, { requiredKeys: ['data'] })
    .map((b) => JSON.stringify(b)),
  nearlyValid,
  fc.string(),
);

async function expectWellFormed(res: Response) {
  expect(res.status).toBeLessThan(500);
  if (res.status !== 200) {
    expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
    const problem = (await res.json()) as { status: number; type: string };
    expect(problem.status).toBe(res.status);
  } else {
    await res.arrayBuffer();
  }
}

describe('render route under arbitrary input', () => {
  it('never answers 5xx and always answers problem+json when not 200', async () => {
    await fc.assert(
      fc.asyncProperty(templateName, body, async (name, text) => {
        const res = await app.request(`/v1/templates/${encodeURIComponent(name)}/render`, json(text));
        await expectWellFormed(res);
      }),
      { numRuns: 300 },
    );
  });
});
