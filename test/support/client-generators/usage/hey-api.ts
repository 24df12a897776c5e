// An integrator's calls through @hey-api/openapi-ts's SDK, type-checked under --strict.
import { sendEmail, updateActivationContacts } from '../hey-api';

export const calls = () => [
  updateActivationContacts({
    path: { id: '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f' },
    body: { enrollment: { noticesContact: null } },
  }),
  sendEmail({
    body: {
      template: 'activation',
      // @ts-expect-error signupUrl is not a field: signUpUrl is
      data: { scenario: 'new-customer', organizationName: 'Contoso Ltd', signupUrl: 'https://x.example.com' },
      to: 'osm@contoso.com',
    },
  }),
];
