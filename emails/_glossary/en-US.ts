import { processNames } from '../_domain/process-names.ts';
import type { Glossary } from './types.ts';

/** American English: the seed guide's own terms. */
const glossary: Glossary = {
  enrollment: { use: 'enrollment', avoid: [{ words: /\benrolment\b/i, why: 'US spelling: enrollment' }] },
  enrollmentNumber: { use: 'enrollment number' },
  volumeLicensing: { use: 'Volume Licensing' },
  onlineServicesManager: { use: 'Online Services Manager (OSM)' },
  vlscAdministrator: {
    use: 'VLSC Online Administrator',
    avoid: [{ words: /\bVLSC Administrator\b/, why: 'one name for the role: VLSC Online Administrator' }],
  },
  noticesContact: { use: 'Notices Contact & Online Administrator' },
  onlineServicesId: { use: 'Microsoft Online Services ID' },
  signIn: { use: 'Sign In' },
  signUp: { use: 'Sign Up' },
  trial: { use: 'trial' },
  provisioning: { use: 'provisioning' },
  supportPortal: {
    use: processNames.supportPortal,
    avoid: [{ words: /\bsupport portal\b/i, why: `the process names the portal: ${processNames.supportPortal}` }],
  },
};

export default glossary;
