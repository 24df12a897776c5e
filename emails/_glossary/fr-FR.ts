import { processNames } from '../_domain/process-names.ts';
import type { Glossary } from './types.ts';

/**
 * Français, dans les termes de la documentation Microsoft sur les licences en volume :
 * inscription (enrollment) et numéro d’inscription, Online Services Manager (OSM) en anglais.
 */
const glossary: Glossary = {
  enrollment: {
    use: 'inscription',
    avoid: [{ words: /\benrollment\b/i, why: 'la documentation Microsoft dit « inscription »' }],
  },
  enrollmentNumber: {
    use: 'numéro d’inscription',
    avoid: [{ words: /numéro de contrat/, why: 'le numéro de l’inscription : « numéro d’inscription »' }],
  },
  volumeLicensing: {
    use: 'licences en volume',
    avoid: [
      {
        words: /(?<=[a-zàâçéèêëîïôûù,] )Licences en volume/,
        why: 'nom commun en cours de phrase : « licences en volume »',
      },
    ],
  },
  onlineServicesManager: {
    use: 'Online Services Manager (OSM)',
    avoid: [
      {
        words: /[Gg]estionnaire des services en ligne/,
        why: 'la documentation Microsoft garde le nom du rôle : « Online Services Manager (OSM) »',
      },
    ],
  },
  vlscAdministrator: { use: 'administrateur en ligne du VLSC' },
  noticesContact: {
    use: 'contact pour les avis et administrateur en ligne',
    avoid: [{ words: /contact pour les notifications/, why: 'un seul nom pour le rôle : « contact pour les avis »' }],
  },
  onlineServicesId: {
    use: 'ID Microsoft Online Services',
    avoid: [{ words: /identifiant Online Services/i, why: '« ID Online Services », comme le produit le nomme' }],
  },
  signIn: { use: 'Se connecter', avoid: [{ words: /\bSign In\b/, why: 'l’option s’appelle « Se connecter »' }] },
  signUp: { use: 'S’inscrire', avoid: [{ words: /\bSign Up\b/, why: 'l’option s’appelle « S’inscrire »' }] },
  trial: {
    use: 'version d’évaluation',
    avoid: [
      { words: /données d’évaluation/, why: 'ambigu : « les données de la version d’évaluation »' },
      { words: /version d’essai|\bpériode d’essai/, why: 'Microsoft dit « version d’évaluation »' },
    ],
  },
  provisioning: { use: 'mise en service', avoid: [{ words: /provisionnement/, why: '« mise en service »' }] },
  supportPortal: {
    use: processNames.supportPortal,
    avoid: [{ words: /portail de support/i, why: `le processus nomme le portail : ${processNames.supportPortal}` }],
  },
};

export default glossary;
