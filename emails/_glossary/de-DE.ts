import { processNames } from '../_domain/process-names.ts';
import type { Glossary } from './types.ts';

/**
 * Deutsch, in den Begriffen der deutschen Microsoft-Dokumentation zur Volumenlizenzierung:
 * Registrierung (enrollment) und Registrierungsnummer, Online Services Manager (OSM) auf Englisch.
 */
const glossary: Glossary = {
  enrollment: {
    use: 'Registrierung',
    avoid: [
      { words: /\bEnrollments?\b/, why: 'Microsofts deutsche Dokumentation sagt „Registrierung“' },
      {
        words: /\bVertrag\b/,
        why: 'die Registrierung (enrollment) ist kein Vertrag; für die Vereinbarung „Volumenlizenzvertrag“',
      },
      { words: /Anmeldeformular/, why: '„Anmelden“ ist die Option 1; das Formular ist die Registrierung' },
    ],
  },
  enrollmentNumber: {
    use: 'Registrierungsnummer',
    avoid: [
      { words: /Vertragsnummer/, why: 'im VLSC ist die Vertragsnummer eine andere Nummer: „Registrierungsnummer“' },
      { words: /Enrollment-Nummer/, why: '„Registrierungsnummer“' },
    ],
  },
  volumeLicensing: {
    use: 'Volumenlizenzierung',
    avoid: [{ words: /Volumenlizensierung/, why: 'Schreibweise: Volumenlizenzierung' }],
  },
  onlineServicesManager: {
    use: 'Online Services Manager (OSM)',
    avoid: [
      {
        words: /Onlinedienste-Manager|Onlinedienstemanager/,
        why: 'Microsofts deutsche Dokumentation behält den Rollennamen „Online Services Manager (OSM)“',
      },
    ],
  },
  vlscAdministrator: {
    use: 'VLSC-Onlineadministrator',
    avoid: [{ words: /VLSC-Administrator/, why: 'eine Bezeichnung für die Rolle: VLSC-Onlineadministrator' }],
  },
  noticesContact: {
    use: 'Kontakt für Mitteilungen und Onlineadministrator',
    avoid: [{ words: /Benachrichtigungskontakt/, why: '„Kontakt für Mitteilungen und Onlineadministrator“' }],
  },
  onlineServicesId: {
    use: 'Microsoft Online Services-ID',
    avoid: [{ words: /Onlinedienste-ID|Online-Services-ID/, why: '„Online Services-ID“, wie das Produkt sie nennt' }],
  },
  signIn: {
    use: 'Anmelden',
    avoid: [{ words: /\bEinloggen\b|\beinloggen\b|\bSign In\b/, why: 'die Option heißt „Anmelden“' }],
  },
  signUp: { use: 'Registrieren', avoid: [{ words: /\bSign Up\b/, why: 'die Option heißt „Registrieren“' }] },
  trial: {
    use: 'Testversion',
    avoid: [
      { words: /Probeversion|Testabonnement/, why: '„Testversion“' },
      { words: /Testdaten/, why: '„Testdaten“ sind Daten zum Testen: „die Daten der Testversion“' },
    ],
  },
  provisioning: { use: 'Bereitstellung', avoid: [{ words: /Provisionierung/, why: '„Bereitstellung“' }] },
  supportPortal: {
    use: processNames.supportPortal,
    avoid: [{ words: /Supportportal/i, why: `der Prozess nennt das Portal: ${processNames.supportPortal}` }],
  },
};

export default glossary;
