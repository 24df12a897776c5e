import { frenchDe, type ScenarioId } from '../facts.ts';
import type { DocsStrings } from './types.ts';

/** Le lecteur d’un scénario, en milieu de phrase. */
const nouns: Record<ScenarioId, string> = {
  'new-customer': 'un nouveau client des services en ligne',
  'trial-customer': 'un client d’une version d’évaluation d’Office 365 for Enterprises',
  'bypass-customer': 'un client BPOS-S « bypass »',
};
const or = new Intl.ListFormat('fr-FR', { type: 'disjunction' });

/**
 * Français : les termes de Microsoft (glossaire : emails/_glossary/fr-FR.ts). Écrit avec des espaces
 * ordinaires : les espaces fines insécables avant : ; ? ! et dans « » sont posées à la construction
 * des pages (lib/typeset.ts).
 */
export default {
  siteTitle: (product) => `Guide d’activation ${frenchDe(product)}`,
  siteDescription: (product) =>
    `Comment activer ${product} acheté en licences en volume : l’e-mail d’activation, Se connecter ou S’inscrire, les étapes de chaque scénario et les e-mails que vous recevrez.`,
  sidebar: {
    overview: 'Présentation',
    activationEmail: 'L’e-mail d’activation',
    choice: 'Se connecter ou S’inscrire',
    scenarios: 'Votre scénario',
    emails: 'Les e-mails que vous recevrez',
    faq: 'Questions fréquentes',
    support: 'Support',
  },
  scenarioCard: ({ who, offered }) =>
    `${who} Votre e-mail propose ${offered.length === 1 ? 'uniquement ' : ''}${or.format(offered)}.`,
  table: {
    caption: 'L’option que propose chaque scénario, et ce qu’elle conserve ou fait commencer',
    scenario: 'Votre scénario',
    notOffered: 'Non proposée',
    doesNotApply: (who) =>
      `Ne s’applique pas aux ${who} : le processus ne leur indique aucune option ; contactez donc le support avant de choisir.`,
  },
  steps: {
    heading: (option) => `Étapes avec ${option}`,
    emailCard: 'L’e-mail de cette étape',
    bypassAcknowledged: {
      title: 'Vos informations de compte sont confirmées',
      detail:
        'Un accusé de réception indique que les informations de votre compte existant sont associées à vos informations de licences en volume.',
    },
  },
  emails: {
    titles: {
      activation: 'E-mail d’activation',
      acknowledgement: 'Accusé de réception',
      'provisioning-confirmation': 'Confirmation de mise en service',
      'trial-ending': 'Avis de fin de version d’évaluation',
    },
    when: {
      activation:
        'Quand Microsoft ou votre partenaire saisit votre commande de licences en volume. Il contient le choix entre Se connecter et S’inscrire.',
      acknowledgement:
        'Juste après votre choix : il indique si un nouveau profil de compte a été créé ou si votre compte existant est en cours d’association.',
      'provisioning-confirmation': 'Quand les services achetés sont prêts. Il liste chaque abonnement.',
      'trial-ending': 'Avant la suppression des données d’une version d’évaluation. Il explique comment les conserver.',
    },
    forScenario: (scenario) => `Pour ${nouns[scenario]}`,
    afterSignUp: (option) => `Après ${option} (profil de compte créé)`,
    afterSignIn: (option) => `Après ${option} (compte existant associé)`,
    subject: 'Objet',
    htmlVersion: 'Version HTML',
    textVersion: 'Version texte brut',
    sample: 'E-mail d’exemple avec des noms fictifs : ses boutons n’ont aucun effet ici.',
    openOwnPage: (title) => `Ouvrir « ${title} » sur sa propre page`,
    pageTitle: 'Les e-mails que vous recevrez',
    pageDescription:
      'Chaque e-mail du processus d’activation, tel qu’il est envoyé : la version HTML et la version texte brut.',
    pageIntro:
      'Quels e-mails vais-je recevoir, et quand ? Voici les e-mails que reçoit votre organisation pendant l’activation de ses services en ligne. Chacun est produit par le modèle même qui l’envoie, ici avec des noms et adresses d’exemple. Chaque e-mail existe en deux versions : HTML, et texte brut pour les messageries qui n’affichent pas le HTML.',
    whenLabel: 'Quand :',
    whenYouReceive: 'Quand vous le recevez :',
    thisVersion: (scenario) => `Cette version est celle que reçoit ${nouns[scenario]}.`,
    seeSteps: 'Voir les étapes',
    all: 'Tous les e-mails du processus d’activation',
  },
  helper: {
    questionNumber: (n) => `Question ${n}`,
    yourAnswer: 'Votre réponse',
    startOver: 'Recommencer',
    start: {
      question: (product) =>
        `Votre organisation utilise-t-elle une version d’évaluation ${frenchDe(product)} qu’elle souhaite maintenant transformer en abonnement payant ?`,
      hint: (days) => `La version d’évaluation dure ${days} jours, sans frais d’abonnement.`,
      yes: 'Oui, nous avons une version d’évaluation',
      no: 'Non, pas de version d’évaluation de ce type',
    },
    trial: {
      question:
        'Souhaitez-vous conserver les données, les paramètres et le domaine onmicrosoft.com existant de la version d’évaluation ?',
      keep: 'Oui, conserver les données, les paramètres et le domaine',
      fresh: 'Non, nous voulons un abonnement entièrement nouveau',
    },
    bpos: {
      question: 'Laquelle de ces situations décrit votre organisation ?',
      yes: 'Nous avons acheté BPOS-S en licences en volume sans jamais l’activer',
      neverBought:
        'Nous n’avons jamais eu de version d’évaluation d’Office 365 ni acheté de services en ligne à Microsoft',
      bposTrial: 'Nous avions une version d’évaluation de BPOS-S',
      other: 'Aucune, ou nous ne savons pas',
    },
    bypass: {
      question:
        'Souhaitez-vous vous connecter avec un compte existant, ou vous inscrire avec un nouveau profil de compte ?',
      signIn: 'Nous connecter avec notre compte existant',
      signUp: 'Nous inscrire avec un nouveau profil de compte',
    },
    because: {
      'new-customer:sign-up': 'il s’agit du premier achat de services en ligne de votre organisation',
      'trial-customer:sign-in':
        'vous souhaitez conserver les données, les paramètres et le domaine de votre version d’évaluation',
      'trial-customer:sign-up': 'vous souhaitez un abonnement entièrement nouveau',
      'bypass-customer:sign-in': 'vous souhaitez vous connecter avec votre compte existant',
      'bypass-customer:sign-up': 'vous souhaitez un nouveau profil de compte',
    },
    choose: (option) => `Choisissez ${option}`,
    why: 'Pourquoi :',
    youAre: ({ scenario, reason, onlyOption }) =>
      `vous êtes ${nouns[scenario]} et ${reason}${onlyOption ? ` ; ${onlyOption} est la seule option que propose votre e-mail d’activation.` : '.'}`,
    whatItDoes: 'Ce qu’elle fait :',
    final:
      'Rappel : le choix est définitif. Une fois l’option sélectionnée dans l’e-mail d’activation, vous ne pouvez plus en changer.',
    seeSteps: 'Voir les étapes de ce parcours',
    support: {
      heading: 'Contactez le support avant de choisir',
      bposTrial:
        'Le parcours « bypass » ne s’applique pas aux clients d’une version d’évaluation de BPOS-S, et le processus d’activation ne leur indique aucune option.',
      other: 'Le processus d’activation n’indique pas quelle option correspond à votre cas.',
      doNotChoose:
        'Le choix est unique et irréversible : ne sélectionnez encore aucune option, demandez d’abord au support laquelle s’applique à vous.',
      reach: 'Comment joindre le support',
    },
    noscript:
      'Chaque réponse vous mène à la question suivante. Vous hésitez ? Comparez les options dans le tableau ci-dessus, ou demandez au support.',
  },
  feedback: {
    question: 'Cette page vous a-t-elle été utile ?',
    yes: 'Oui',
    no: 'Non',
    thanks: 'Merci. Rien n’a été envoyé : ce guide ne collecte aucune donnée.',
    sorry: 'Désolés qu’elle ne vous ait pas aidé. Rien n’a été envoyé : ce guide ne collecte aucune donnée.',
    tellSupport: 'Dites au support ce que vous cherchiez',
  },
  phone: {
    number: 'Numéro :',
    call: (option) => `{number}, puis choisissez l’option ${option}`,
    hours: 'Horaires :',
    when: ({ hours, days }) => `${days}, ${hours}`,
    for: 'Pour :',
  },
  recipientExplain: {
    'online-services-manager':
      'la personne que votre organisation a désignée comme Online Services Manager dans son inscription aux licences en volume. C’est à elle que l’e-mail est envoyé en premier.',
    'vlsc-administrator':
      'si l’inscription ne désigne aucun Online Services Manager, l’e-mail est envoyé à l’administrateur en ligne du Volume License Service Center (VLSC).',
    'notices-contact':
      'sinon, il est envoyé au contact pour les avis et administrateur en ligne indiqué dans l’inscription.',
  },
} satisfies DocsStrings;
