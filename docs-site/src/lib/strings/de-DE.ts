import { type Declined, germanAfter, type ScenarioId } from '../facts.ts';
import type { DocsStrings } from './types.ts';

/**
 * Die Szenarien als Nomen, in den Fällen, die die Sätze brauchen: nach „für“ steht der Akkusativ
 * („Für Neukunden“), als Prädikat der Nominativ („Sie sind Neukunde“).
 */
const nouns: Record<ScenarioId, Declined> = {
  'new-customer': { nominative: 'Neukunde', accusative: 'Neukunden', dative: 'Neukunden' },
  'trial-customer': {
    nominative: 'Kunde mit Testversion',
    accusative: 'Kunden mit Testversion',
    dative: 'Kunden mit Testversion',
  },
  'bypass-customer': {
    nominative: 'BPOS-S-Bypass-Kunde',
    accusative: 'BPOS-S-Bypass-Kunden',
    dative: 'BPOS-S-Bypass-Kunden',
  },
};
const or = new Intl.ListFormat('de-DE', { type: 'disjunction' });

/** Deutsch: Microsofts deutsche Begriffe (Glossar: emails/_glossary/de-DE.ts). */
export default {
  siteTitle: (product) => `Aktivierungsleitfaden für ${product}`,
  siteDescription: (product) =>
    `So aktivieren Sie ${product}, erworben über die Volumenlizenzierung: die Aktivierungs-E-Mail, Anmelden oder Registrieren, die Schritte jedes Szenarios und die E-Mails, die Sie erhalten.`,
  sidebar: {
    overview: 'Überblick',
    activationEmail: 'Die Aktivierungs-E-Mail',
    choice: 'Anmelden oder Registrieren',
    scenarios: 'Ihr Szenario',
    emails: 'E-Mails, die Sie erhalten',
    faq: 'Häufige Fragen',
    support: 'Support',
  },
  scenarioCard: ({ who, offered }) =>
    `${who} Ihre E-Mail bietet ${offered.length === 1 ? 'nur ' : ''}${or.format(offered)}.`,
  table: {
    caption: 'Welche Optionen jedes Szenario bietet und was bei jeder erhalten bleibt oder neu angelegt wird',
    scenario: 'Ihr Szenario',
    notOffered: 'Nicht angeboten',
    doesNotApply: (who) =>
      `Gilt nicht für ${who}: Der Prozess nennt für sie keine Option. Wenden Sie sich daher vor Ihrer Wahl an den Support.`,
  },
  steps: {
    heading: (option) => `Schritte mit ${option}`,
    emailCard: 'Die E-Mail in diesem Schritt',
    bypassAcknowledged: {
      title: 'Ihre Kontoinformationen werden bestätigt',
      detail:
        'Eine Bestätigung teilt Ihnen mit, dass Ihre vorhandenen Kontoinformationen mit Ihren Volumenlizenzinformationen verknüpft werden.',
    },
  },
  emails: {
    titles: {
      activation: 'Aktivierungs-E-Mail',
      acknowledgement: 'Bestätigung',
      'provisioning-confirmation': 'Bereitstellungsbestätigung',
      'trial-ending': 'Hinweis zum Ende der Testversion',
    },
    when: {
      activation:
        'Wenn Microsoft oder Ihr Partner Ihre Volumenlizenzbestellung erfasst. Sie enthält die Wahl zwischen Anmelden und Registrieren.',
      acknowledgement:
        'Direkt nach Ihrer Wahl: Sie sagt, ob ein neues Kontoprofil erstellt wurde oder Ihr vorhandenes Konto verknüpft wird.',
      'provisioning-confirmation': 'Wenn die erworbenen Dienste bereitstehen. Sie listet jedes Abonnement auf.',
      'trial-ending': 'Bevor die Daten einer Testversion gelöscht werden. Sie erklärt, wie Sie sie behalten.',
    },
    forScenario: (scenario) => germanAfter('Für', nouns[scenario]),
    afterSignUp: (option) => `Nach ${option} (Kontoprofil erstellt)`,
    afterSignIn: (option) => `Nach ${option} (vorhandenes Konto verknüpft)`,
    subject: 'Betreff',
    htmlVersion: 'HTML-Version',
    textVersion: 'Nur-Text-Version',
    sample: 'Beispiel-E-Mail mit Beispielnamen: Ihre Schaltflächen bewirken hier nichts.',
    openOwnPage: (title) => `${title} auf eigener Seite öffnen`,
    pageTitle: 'E-Mails, die Sie erhalten',
    pageDescription:
      'Jede E-Mail des Aktivierungsprozesses, genau wie sie gesendet wird: als HTML- und als Nur-Text-Version.',
    pageIntro:
      'Welche E-Mails bekomme ich, und wann? Diese E-Mails erhält Ihre Organisation, während sie ihre Onlinedienste aktiviert. Jede wird aus genau der Vorlage erzeugt, mit der sie gesendet wird, hier mit Beispielnamen und -adressen. Jede E-Mail gibt es in zwei Versionen: HTML und Nur-Text für E-Mail-Programme, die kein HTML anzeigen.',
    whenLabel: 'Wann:',
    whenYouReceive: 'Wann Sie sie erhalten:',
    thisVersion: (scenario) => `Diese Version erhält ein ${nouns[scenario].nominative}.`,
    seeSteps: 'Zu den Schritten',
    all: 'Alle E-Mails des Aktivierungsprozesses',
  },
  helper: {
    questionNumber: (n) => `Frage ${n}`,
    yourAnswer: 'Ihre Antwort',
    startOver: 'Von vorn beginnen',
    start: {
      question: (product) =>
        `Nutzt Ihre Organisation eine ${product}-Testversion, die Sie jetzt in ein kostenpflichtiges Abonnement umwandeln möchten?`,
      hint: (days) => `Die Testversion läuft ${days} Tage und kostet keine Abonnementgebühr.`,
      yes: 'Ja, wir haben eine Testversion',
      no: 'Nein, keine solche Testversion',
    },
    trial: {
      question:
        'Möchten Sie die Daten, Einstellungen und die vorhandene onmicrosoft.com-Domäne der Testversion behalten?',
      keep: 'Ja, Daten, Einstellungen und Domäne behalten',
      fresh: 'Nein, wir möchten ein völlig neues Abonnement',
    },
    bpos: {
      question: 'Was trifft auf Ihre Organisation zu?',
      yes: 'Wir haben BPOS-S über die Volumenlizenzierung gekauft und nie aktiviert',
      neverBought: 'Wir hatten nie eine Office 365-Testversion und haben nie Onlinedienste von Microsoft gekauft',
      bposTrial: 'Wir hatten eine BPOS-S-Testversion',
      other: 'Nichts davon, oder wir sind unsicher',
    },
    bypass: {
      question:
        'Möchten Sie sich mit einem vorhandenen Konto anmelden oder sich mit einem neuen Kontoprofil registrieren?',
      signIn: 'Mit unserem vorhandenen Konto anmelden',
      signUp: 'Mit einem neuen Kontoprofil registrieren',
    },
    because: {
      'new-customer:sign-up': 'dies ist der erste Kauf von Onlinediensten Ihrer Organisation',
      'trial-customer:sign-in': 'Sie möchten Daten, Einstellungen und Domäne Ihrer Testversion behalten',
      'trial-customer:sign-up': 'Sie möchten ein völlig neues Abonnement',
      'bypass-customer:sign-in': 'Sie möchten sich mit Ihrem vorhandenen Konto anmelden',
      'bypass-customer:sign-up': 'Sie möchten ein neues Kontoprofil',
    },
    choose: (option) => `Wählen Sie ${option}`,
    why: 'Warum:',
    youAre: ({ scenario, reason, onlyOption }) =>
      `Sie sind ${nouns[scenario].nominative}, und ${reason}${onlyOption ? `; ${onlyOption} ist die einzige Option, die Ihre Aktivierungs-E-Mail bietet.` : '.'}`,
    whatItDoes: 'Was sie bewirkt:',
    final:
      'Denken Sie daran: Die Wahl ist endgültig. Sobald Sie sie in der Aktivierungs-E-Mail treffen, können Sie nicht mehr wechseln.',
    seeSteps: 'Die Schritte für diesen Weg',
    support: {
      heading: 'Wenden Sie sich vor Ihrer Wahl an den Support',
      bposTrial:
        'Der Bypass-Weg gilt nicht für Kunden mit einer BPOS-S-Testversion, und der Aktivierungsprozess nennt für sie keine Option.',
      other: 'Der Aktivierungsprozess sagt nicht, welche Option zu Ihrem Fall passt.',
      doNotChoose:
        'Die Wahl ist einmalig und unwiderruflich. Wählen Sie deshalb noch keine Option, sondern fragen Sie den Support, welche für Sie gilt.',
      reach: 'So erreichen Sie den Support',
    },
    noscript:
      'Jede Antwort führt Sie zur nächsten Frage. Unsicher? Vergleichen Sie die Optionen in der Tabelle oben oder fragen Sie den Support.',
  },
  feedback: {
    question: 'War diese Seite hilfreich?',
    yes: 'Ja',
    no: 'Nein',
    thanks: 'Vielen Dank. Es wurde nichts gesendet: Dieser Leitfaden erhebt keine Daten.',
    sorry: 'Schade, dass sie nicht geholfen hat. Es wurde nichts gesendet: Dieser Leitfaden erhebt keine Daten.',
    tellSupport: 'Sagen Sie dem Support, was Sie gesucht haben',
  },
  phone: {
    number: 'Telefonnummer:',
    call: (option) => `{number}, dann Option ${option} wählen`,
    hours: 'Servicezeiten:',
    when: ({ hours, days }) => `${days}, ${hours}`,
    for: 'Gilt für:',
  },
  recipientExplain: {
    'online-services-manager':
      'Die Person, die Ihre Organisation in ihrer Volumenlizenz-Registrierung als Online Services Manager genannt hat. An sie geht die E-Mail zuerst.',
    'vlsc-administrator':
      'Nennt die Volumenlizenz-Registrierung keinen Online Services Manager, geht die E-Mail an den Onlineadministrator des Volume License Service Center (VLSC).',
    'notices-contact':
      'Andernfalls geht sie an den in der Volumenlizenz-Registrierung angegebenen Kontakt für Mitteilungen und Onlineadministrator.',
  },
} satisfies DocsStrings;
