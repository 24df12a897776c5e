// An integrator's calls through openapi-zod-client's Zodios client, type-checked under --strict.
import { createApiClient } from '../zod/client';

const mail = createApiClient('http://127.0.0.1:3000');

export const calls = () => [
  mail.updateActivationContacts(
    { enrollment: { vlscAdministrator: null } },
    { params: { id: '0196a0b4-2c1e-7d3a-9f10-6a5b4c3d2e1f' } },
  ),
];
