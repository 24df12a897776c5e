import g from '../_glossary/fr-FR.ts';
import { frenchDe, quote } from './grammar.ts';
import type { Messages } from './types.ts';

/**
 * Français (France), dans les termes de Microsoft (glossaire : emails/_glossary/fr-FR.ts) : Se connecter /
 * S’inscrire, licences en volume, inscription, ID Microsoft Online Services, version d’évaluation,
 * abonnement, client (tenant). Espaces fines insécables (U+202F) avant : ; ? ! et dans les guillemets,
 * comme le veut la typographie française (emails/_messages/typography.ts) ; élision par règle
 * (emails/_messages/grammar.ts) devant un nom de produit ou d’organisation.
 */
const messages: Messages = {
  optionLabels: { 'sign-in': g.signIn.use, 'sign-up': g.signUp.use },
  optionTitle: (number, label) => `Option ${number} – ${label}`,
  irreversibleWarning: {
    several:
      'Ce choix est unique et irréversible : une fois une option sélectionnée, vous ne pourrez plus la changer. Lisez ce que chaque option conserve ou crée avant d’en sélectionner une.',
    single:
      'Cette action est unique et irréversible : une fois cette option sélectionnée, vous ne pourrez pas revenir en arrière. Lisez ce qu’elle crée avant de la sélectionner.',
  },
  scenarios: {
    'new-customer': {
      title: 'Nouveau client des services en ligne',
      who: () =>
        'Vous n’avez jamais eu de version d’évaluation d’Office 365 et n’avez jamais acheté de services en ligne auprès de Microsoft.',
    },
    'trial-customer': {
      title: 'Client d’une version d’évaluation d’Office 365 for Enterprises',
      who: ({ trialDays }) =>
        `Vous utilisez une version d’évaluation gratuite de ${trialDays} jours d’Office 365 for Enterprises et passez à un abonnement payant.`,
    },
    'bypass-customer': {
      title: 'Client BPOS-S « bypass »',
      who: () =>
        'Vous avez acheté BPOS-S dans le cadre des licences en volume, mais ne l’avez jamais activé ; ces services inactifs ont été transférés (« bypass ») vers Office 365 for Enterprises.',
    },
  },
  offers: {
    'new-customer': {
      'sign-up': {
        outcome: 'Crée un nouveau profil de compte et un nouvel ID Microsoft Online Services pour votre organisation.',
        cta: 'S’inscrire et créer votre profil de compte',
      },
    },
    'trial-customer': {
      'sign-in': {
        outcome:
          'Conserve les données, les paramètres et le domaine onmicrosoft.com existant de votre version d’évaluation : celle-ci devient votre abonnement payant.',
        cta: 'Se connecter et garder votre version d’évaluation',
      },
      'sign-up': {
        outcome:
          'Crée un abonnement entièrement nouveau : les données et paramètres de votre version d’évaluation ne sont pas repris.',
        cta: 'Créer un nouvel abonnement',
      },
    },
    'bypass-customer': {
      'sign-in': {
        outcome:
          'Vous connecte avec votre compte existant et associe ses informations à votre contrat de licences en volume.',
        cta: 'Se connecter avec votre compte existant',
      },
      'sign-up': {
        outcome:
          'Crée un nouveau profil de compte, comme pour un nouveau client, lié à votre contrat de licences en volume.',
        cta: 'S’inscrire avec un nouveau profil de compte',
      },
    },
  },
  exclusions: {
    'bpos-s-trial-customers': {
      who: 'clients d’une version d’évaluation de BPOS-S',
      sentence: 'Ce parcours ne s’applique pas aux clients d’une version d’évaluation de BPOS-S.',
      advice:
        'Si votre organisation n’a jamais eu qu’une version d’évaluation de BPOS-S, le processus ne vous indique aucune option : contactez le support (ci-dessous) avant de choisir.',
    },
  },
  steps: {
    'order-entered': {
      title: 'La commande est saisie',
      detail: () => 'Microsoft ou votre partenaire de distribution saisit votre commande de licences en volume.',
    },
    'choose-sign-up': {
      title: 'Choisir « S’inscrire » dans l’e-mail d’activation',
      detail: ({ option }) => `L’e-mail d’activation arrive ; sélectionnez ${option('sign-up')}.`,
    },
    'create-profile': {
      title: 'Créer et activer un profil de compte',
      detail: () => 'Remplissez le profil de compte de votre organisation, puis activez-le.',
    },
    'add-online-services-id': {
      title: 'Ajouter un ID Microsoft Online Services',
      detail: () => 'Créez l’ID Online Services (le nom de connexion) que vos administrateurs utiliseront.',
    },
    'profile-acknowledged': {
      title: 'Votre profil est confirmé',
      detail: () => 'Un accusé de réception confirme la création du profil de compte.',
    },
    'choose-sign-in': {
      title: 'Choisir « Se connecter » dans l’e-mail d’activation',
      detail: ({ option }) => `L’e-mail d’activation arrive ; sélectionnez ${option('sign-in')}.`,
    },
    'sign-in-existing': {
      title: 'Se connecter avec votre compte existant',
      detail: () =>
        'Connectez-vous avec votre ID Online Services et votre mot de passe existants, puis confirmez les informations de votre abonnement. Un accusé de réception indique que votre client (tenant) existant est en cours d’association à vos informations de licences en volume.',
    },
    provisioned: {
      title: 'Vos services sont mis en service',
      detail: () =>
        'Une confirmation de mise en service liste chaque abonnement acheté, par exemple SharePoint Online (Plan 2).',
    },
    'review-subscriptions': {
      title: 'Vérifier les abonnements créés',
      detail: () => 'Ouvrez la page de facturation et de gestion des abonnements pour vérifier ce qui a été créé.',
    },
    'review-details': {
      title: 'Vérifier le détail des abonnements',
      detail: () => 'Ouvrez la page de détail de l’abonnement en volume pour chaque abonnement.',
    },
  },
  recipientRoles: {
    'online-services-manager': g.onlineServicesManager.use,
    'vlsc-administrator': 'Administrateur en ligne du VLSC',
    'notices-contact': 'Contact pour les avis et administrateur en ligne',
  },
  support: {
    heading: 'Besoin d’aide ?',
    defaultPhone: {
      region: 'États-Unis et Canada',
      hours: 'de 6 h à 18 h (heure du Pacifique, PST)',
      days: 'du lundi au vendredi',
    },
    portal: 'Envoyez une demande de service en ligne depuis le {portal}.',
    portalLink: g.supportPortal.use,
    phone: ({ region, option, hours, days }) =>
      `${region} : appelez le {number} et sélectionnez l’option ${option}. Horaires : ${days}, ${hours}.`,
    phoneLine: ({ region, number, option, hours, days }) =>
      `${region} : ${number}, option ${option}, ${hours}, ${days}.`,
    international: () => 'Clients internationaux : consultez {contacts}.',
    internationalLink: 'les horaires et contacts de votre pays',
    forgotCredentials:
      'Vous avez oublié les informations de votre compte existant ? Contactez le support (ci-dessous) pour obtenir vos identifiants avant de vous connecter.',
  },
  email: {
    greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    orOpenLink: 'Ou ouvrez ce lien :',
    reminderSubject: (subject) => `Rappel : ${subject}`,
    footer: ({ brand, product }) =>
      `${brand} vous a envoyé cet e-mail au sujet de votre contrat de licences en volume pour ${product}.`,
    activation: {
      subject: ({ product, org }) => `Activez ${product} pour ${org}`,
      preview: ({ product, org, single }) =>
        `${single ? 'Activez avec « S’inscrire »' : 'Choisissez l’option qui vous convient'} : la commande ${product} ${frenchDe(org)} est prête à être activée.`,
      heading: ({ product }) => `Activez ${product}`,
      reminder:
        'Ceci est un rappel de l’e-mail d’activation qui vous a été envoyé précédemment. Les options et liens ci-dessous sont les mêmes.',
      orderEntered:
        'La commande de licences en volume de {org} a été saisie. Pour commencer à utiliser vos services en ligne, activez-les depuis cet e-mail.',
      orderEnteredWithEnrollment:
        'La commande de licences en volume de {org} (numéro d’inscription {enrollment}) a été saisie. Pour commencer à utiliser vos services en ligne, activez-les depuis cet e-mail.',
      services: 'Services de cette commande :',
      whyYou:
        'Vous recevez cet e-mail, car vous êtes désigné comme contact pour les services en ligne dans l’inscription aux licences en volume de votre organisation.',
    },
    acknowledgement: {
      headline: {
        'profile-created': 'Votre profil de compte a été créé',
        'tenant-associated': 'Votre compte existant est en cours d’association à votre contrat de licences en volume',
      },
      subject: ({ headline, org }) => `${headline} : ${org}`,
      preview: ({ headline }) => `${headline}. Vos services vont ensuite être mis en service.`,
      created: 'Le profil de compte de {org} a été créé et activé. Votre ID Microsoft Online Services est {id}.',
      createdWithDomain:
        'Le profil de compte de {org} a été créé et activé. Votre ID Microsoft Online Services est {id} et votre domaine est {domain}.',
      associated:
        'Vous vous êtes connecté en tant que {id}. Les informations du compte existant de {org} sont en cours d’association à vos informations de licences en volume.',
      associatedWithDomain:
        'Vous vous êtes connecté en tant que {id}. Les informations du compte existant de {org} ({domain}) sont en cours d’association à vos informations de licences en volume.',
      nextLabel: 'Et ensuite :',
      next: 'les services achetés sont en cours de mise en service. Une confirmation de mise en service listant chaque abonnement suivra dès qu’ils seront prêts.',
      review: 'Vérifier vos abonnements',
      idNote: 'Vos administrateurs se connectent avec cet ID Online Services.',
    },
    provisioning: {
      subject: ({ org }) => `Vos services sont prêts : ${org}`,
      preview: {
        one: ({ count, org }) => `Pour ${org}, ${count} abonnement est mis en service.`,
        other: ({ count, org }) => `Pour ${org}, ${count} abonnements sont mis en service.`,
      },
      heading: 'Vos services sont mis en service',
      intro:
        'Les services achetés par {org} dans le cadre des licences en volume sont mis en service et prêts à l’emploi :',
      quantity: ({ quantity }) => `Quantité : ${quantity}`,
      period: {
        both: ({ from, to }) => `du ${from} au ${to}`,
        from: (date) => `à partir du ${date}`,
        until: (date) => `jusqu’au ${date}`,
      },
      nextLabel: 'Étape suivante :',
      next: 'vérifiez les abonnements créés, puis ouvrez chacun d’eux pour contrôler le détail de sa licence en volume.',
      review: 'Vérifier vos abonnements',
      missing: 'Un élément manque ou est erroné ? Contactez le support en indiquant votre numéro d’inscription.',
      missingWithEnrollment:
        'Un élément manque ou est erroné ? Contactez le support en indiquant votre numéro d’inscription, {enrollment}.',
    },
    trialEnding: {
      subject: ({ product, date, org }) =>
        `Votre version d’évaluation ${frenchDe(product)} prend fin le ${date} : ${org}`,
      preview: ({ date }) =>
        `Effectuez la conversion au plus tard le ${date} pour conserver les données, paramètres et domaine de votre version d’évaluation.`,
      heading: ({ date }) => `Votre version d’évaluation prend fin le ${date}`,
      ends: 'La version d’évaluation de {days} jours de {product} de {org} prend fin le {date}. Après cette date, Microsoft vous prévient avant toute suppression de ses données.',
      keep: ({ signIn, signUp }) =>
        `Pour conserver les données, les paramètres et le domaine onmicrosoft.com existant de votre version d’évaluation, convertissez-la en abonnement payant en choisissant ${quote('fr-FR', signIn)}, puis connectez-vous avec votre ID Online Services et votre mot de passe existants. (${quote('fr-FR', signUp)} crée un abonnement entièrement nouveau et ne reprend pas les données et paramètres de la version d’évaluation.)`,
      cta: 'Se connecter et garder votre version d’évaluation',
      forgot:
        'Vous avez oublié votre ID Online Services ou votre mot de passe ? Contactez le support (ci-dessous) pour obtenir vos identifiants avant la fin de la version d’évaluation.',
      ended: {
        subject: ({ product, date, org }) =>
          `Votre version d’évaluation ${frenchDe(product)} a pris fin le ${date} : ${org}`,
        preview: ({ date }) =>
          `Votre version d’évaluation a pris fin le ${date}. Contactez le support avant de choisir une option.`,
        heading: ({ date }) => `Votre version d’évaluation a pris fin le ${date}`,
        body: 'La version d’évaluation de {days} jours de {product} de {org} a pris fin le {date}, et aucune option d’activation n’a encore été choisie.',
        support:
          'Ce que les options conservent une fois la version d’évaluation terminée ne fait pas partie du processus d’activation. Contactez le support (ci-dessous) avant de choisir une option dans votre e-mail d’activation.',
      },
      signedUp: {
        preview: ({ date, signUp }) =>
          `Votre version d’évaluation prend fin le ${date}. Vous avez choisi ${quote('fr-FR', signUp)} : votre nouvel abonnement ne reprend ni les données ni les paramètres de la version d’évaluation.`,
        body: 'La version d’évaluation de {days} jours de {product} de {org} prend fin le {date}.',
        chose: ({ signUp }) =>
          `Dans votre e-mail d’activation, vous avez choisi ${quote('fr-FR', signUp)} : cette option crée un abonnement entièrement nouveau, qui ne reprend ni les données ni les paramètres de la version d’évaluation.`,
        advised:
          'Une fois la version d’évaluation terminée, Microsoft vous avertira avant toute suppression de ses données.',
        support:
          'Des questions sur votre version d’évaluation ou sur votre nouvel abonnement ? Contactez le support (ci-dessous).',
      },
    },
  },
};

export default messages;
