// An integrator's calls through openapi-typescript + openapi-fetch, type-checked under --strict.
import createClient from 'openapi-fetch';
import type { paths } from '../openapi-typescript/schema';

const mail = createClient<paths>({ baseUrl: 'http://127.0.0.1:3000' });

export const calls = () => [
  mail.PATCH('/v1/activations/{id}', {
    params: { path: { id: '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f' } },
    body: { enrollment: { vlscAdministrator: null, onlineServicesManager: { name: 'Dana', email: 'd@c.com' } } },
  }),
  mail.POST('/v1/emails', {
    body: {
      template: 'activation',
      // @ts-expect-error signupUrl is not a field: signUpUrl is
      data: { scenario: 'new-customer', organizationName: 'Contoso Ltd', signupUrl: 'https://x.example.com' },
      to: 'osm@contoso.com',
    },
  }),
];

export async function enrollmentTaken(): Promise<string | undefined> {
  const { error } = await mail.POST('/v1/activations', {
    body: {
      enrollment: { number: '62345678', organizationName: 'Contoso Ltd', noticesContact: { email: 'n@c.com' } },
      scenario: 'new-customer',
      signUpUrl: 'https://activation.example.com/sign-up',
    },
  });
  return error?.type === 'urn:activation-mail:problem:enrollment-taken' ? error.activationId : undefined;
}
