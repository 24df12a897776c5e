import { describe, expect, it } from 'vitest';
import { scrubbedPath } from '../../server/tracing/http.ts';

/** What the request span records as `url.path`: the path as sent, unless a segment could name a person. */
describe('url.path on the request span', () => {
  it('keeps paths of ids and names as they are', () => {
    expect(scrubbedPath('/v1/emails/0193a1b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b')).toBe(
      '/v1/emails/0193a1b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b',
    );
    expect(scrubbedPath('/v1/templates/activation/render')).toBe('/v1/templates/activation/render');
  });

  it('replaces a segment that holds an address, typed as it is or percent-encoded', () => {
    expect(scrubbedPath('/v1/emails/dana@contoso.com')).toBe('/v1/emails/REDACTED');
    expect(scrubbedPath('/v1/activations/dana%40contoso.com/choice')).toBe('/v1/activations/REDACTED/choice');
  });
});
