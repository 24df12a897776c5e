import g from '../_glossary/de-DE.ts';
import { quote } from './grammar.ts';
import type { Messages } from './types.ts';

/**
 * Deutsch (Deutschland), in Microsofts deutschen Produktbegriffen (Glossar: emails/_glossary/de-DE.ts):
 * Anmelden / Registrieren, Volumenlizenzierung, Registrierung(snummer), Microsoft Online Services-ID,
 * Testversion, Abonnement, Mandant.
 */
const messages: Messages = {
  optionLabels: { 'sign-in': g.signIn.use, 'sign-up': g.signUp.use },
  optionTitle: (number, label) => `Option ${number} – ${label}`,
  irreversibleWarning: {
    several:
      'Diese Entscheidung ist einmalig und unwiderruflich: Sobald Sie eine Option auswählen, können Sie Ihre Wahl nicht mehr ändern. Lesen Sie vor der Auswahl, was bei jeder Option erhalten bleibt und was neu angelegt wird.',
    single:
      'Dieser Schritt ist einmalig und unwiderruflich: Sobald Sie diese Option auswählen, können Sie Ihre Wahl nicht rückgängig machen. Lesen Sie vor der Auswahl, was dabei neu angelegt wird.',
  },
  scenarios: {
    'new-customer': {
      title: 'Neukunde für Onlinedienste',
      who: () =>
        'Sie hatten noch nie eine Office 365-Testversion und haben noch nie Onlinedienste bei Microsoft gekauft.',
    },
    'trial-customer': {
      title: 'Kunde mit Office 365 for Enterprises-Testversion',
      who: ({ trialDays }) =>
        `Sie nutzen eine ${trialDays}-tägige, kostenlose Testversion von Office 365 for Enterprises und wechseln zu einem kostenpflichtigen Abonnement.`,
    },
    'bypass-customer': {
      title: 'BPOS-S-Bypass-Kunde',
      who: () =>
        'Sie haben BPOS-S über die Volumenlizenzierung gekauft, aber nie aktiviert; diese inaktiven Dienste wurden zu Office 365 for Enterprises überführt („Bypass“).',
    },
  },
  offers: {
    'new-customer': {
      'sign-up': {
        outcome: 'Erstellt ein neues Kontoprofil und eine neue Microsoft Online Services-ID für Ihre Organisation.',
        cta: 'Registrieren und Kontoprofil erstellen',
      },
    },
    'trial-customer': {
      'sign-in': {
        outcome:
          'Behält die Daten, Einstellungen und die vorhandene onmicrosoft.com-Domäne Ihrer Testversion bei: Die Testversion wird zu Ihrem kostenpflichtigen Abonnement.',
        cta: 'Anmelden und Testversion behalten',
      },
      'sign-up': {
        outcome:
          'Beginnt ein völlig neues Abonnement: Die Daten und Einstellungen Ihrer Testversion werden nicht übernommen.',
        cta: 'Neues Abonnement beginnen',
      },
    },
    'bypass-customer': {
      'sign-in': {
        outcome:
          'Meldet Sie mit Ihrem vorhandenen Konto an und verknüpft dessen Informationen mit Ihrem Volumenlizenzvertrag.',
        cta: 'Mit vorhandenem Konto anmelden',
      },
      'sign-up': {
        outcome:
          'Erstellt wie bei einem Neukunden ein neues Kontoprofil, das mit Ihrem Volumenlizenzvertrag verknüpft wird.',
        cta: 'Mit neuem Kontoprofil registrieren',
      },
    },
  },
  exclusions: {
    'bpos-s-trial-customers': {
      who: 'Kunden mit einer BPOS-S-Testversion',
      sentence: 'Dieser Weg gilt nicht für Kunden mit einer BPOS-S-Testversion.',
      advice:
        'Hatte Ihre Organisation nur eine BPOS-S-Testversion, nennt der Prozess für Sie keine Option: Wenden Sie sich vor der Auswahl an den Support (siehe unten).',
    },
  },
  steps: {
    'order-entered': {
      title: 'Die Bestellung wird erfasst',
      detail: () => 'Microsoft oder Ihr Vertriebspartner erfasst Ihre Volumenlizenzbestellung.',
    },
    'choose-sign-up': {
      title: 'In der Aktivierungs-E-Mail „Registrieren“ wählen',
      detail: ({ option }) => `Die Aktivierungs-E-Mail trifft ein; wählen Sie ${option('sign-up')}.`,
    },
    'create-profile': {
      title: 'Ein Kontoprofil erstellen und aktivieren',
      detail: () => 'Füllen Sie das Kontoprofil Ihrer Organisation aus und aktivieren Sie es.',
    },
    'add-online-services-id': {
      title: 'Eine Microsoft Online Services-ID hinzufügen',
      detail: () => 'Erstellen Sie die Online Services-ID (den Anmeldenamen), die Ihre Administratoren verwenden.',
    },
    'profile-acknowledged': {
      title: 'Ihr Profil wird bestätigt',
      detail: () => 'Eine Bestätigung teilt Ihnen mit, dass das Kontoprofil erstellt wurde.',
    },
    'choose-sign-in': {
      title: 'In der Aktivierungs-E-Mail „Anmelden“ wählen',
      detail: ({ option }) => `Die Aktivierungs-E-Mail trifft ein; wählen Sie ${option('sign-in')}.`,
    },
    'sign-in-existing': {
      title: 'Mit Ihrem vorhandenen Konto anmelden',
      detail: () =>
        'Melden Sie sich mit Ihrer vorhandenen Online Services-ID und Ihrem Kennwort an und bestätigen Sie Ihre Abonnementinformationen. Eine Bestätigung teilt Ihnen mit, dass Ihr vorhandener Mandant mit Ihren Volumenlizenzinformationen verknüpft wird.',
    },
    provisioned: {
      title: 'Ihre Dienste werden bereitgestellt',
      detail: () =>
        'Eine Bereitstellungsbestätigung führt jedes gekaufte Abonnement auf, zum Beispiel SharePoint Online (Plan 2).',
    },
    'review-subscriptions': {
      title: 'Die erstellten Abonnements prüfen',
      detail: () => 'Öffnen Sie die Seite für Abrechnung und Abonnementverwaltung, um zu prüfen, was erstellt wurde.',
    },
    'review-details': {
      title: 'Die Abonnementdetails prüfen',
      detail: () => 'Öffnen Sie für jedes Abonnement die Seite mit den Details des Volumenlizenzabonnements.',
    },
  },
  recipientRoles: {
    'online-services-manager': g.onlineServicesManager.use,
    'vlsc-administrator': g.vlscAdministrator.use,
    'notices-contact': g.noticesContact.use,
  },
  support: {
    heading: 'Benötigen Sie Hilfe?',
    defaultPhone: { region: 'USA und Kanada', hours: '6:00 bis 18:00 Uhr PST', days: 'Montag bis Freitag' },
    portal: 'Stellen Sie über das {portal} eine Onlineserviceanfrage.',
    portalLink: g.supportPortal.use,
    phone: ({ region, option, hours, days }) =>
      `${region}: Rufen Sie {number} an und wählen Sie Option ${option} (${hours}, ${days}).`,
    phoneLine: ({ region, number, option, hours, days }) =>
      `${region}: ${number}, Option ${option}, ${hours}, ${days}.`,
    international: () => 'Internationale Kunden finden hier {contacts}.',
    internationalLink: 'die Zeiten und Kontakte in ihrem Land',
    forgotCredentials:
      'Sie kennen die Daten Ihres vorhandenen Kontos nicht mehr? Wenden Sie sich vor der Anmeldung an den Support (siehe unten), um Ihre Anmeldeinformationen zu erhalten.',
  },
  email: {
    greeting: (name) => (name ? `Guten Tag ${name},` : 'Guten Tag,'),
    orOpenLink: 'Oder öffnen Sie diesen Link:',
    reminderSubject: (subject) => `Erinnerung: ${subject}`,
    footer: ({ brand, product }) =>
      `${brand} hat Ihnen diese E-Mail zu Ihrem Volumenlizenzvertrag für ${product} gesendet.`,
    activation: {
      subject: ({ product, org }) => `${product} für ${org} aktivieren`,
      preview: ({ product, org, single }) =>
        `${single ? 'Mit „Registrieren“ aktivieren' : 'Wählen Sie die passende Option'}: Die ${product}-Bestellung von ${org} ist bereit zur Aktivierung.`,
      heading: ({ product }) => `${product} aktivieren`,
      reminder:
        'Dies ist eine Erinnerung an die Aktivierungs-E-Mail, die Sie bereits erhalten haben. Die Optionen und Links unten sind dieselben.',
      orderEntered:
        'Die Volumenlizenzbestellung für {org} wurde erfasst. Um Ihre Onlinedienste zu nutzen, aktivieren Sie sie über diese E-Mail.',
      orderEnteredWithEnrollment:
        'Die Volumenlizenzbestellung für {org} (Registrierungsnummer {enrollment}) wurde erfasst. Um Ihre Onlinedienste zu nutzen, aktivieren Sie sie über diese E-Mail.',
      services: 'Dienste in dieser Bestellung:',
      whyYou:
        'Sie erhalten diese E-Mail, weil Sie in der Volumenlizenz-Registrierung Ihrer Organisation als Kontakt für Onlinedienste angegeben sind.',
    },
    acknowledgement: {
      headline: {
        'profile-created': 'Ihr Kontoprofil wurde erstellt',
        'tenant-associated': 'Ihr vorhandenes Konto wird mit Ihrem Volumenlizenzvertrag verknüpft',
      },
      subject: ({ headline, org }) => `${headline}: ${org}`,
      preview: ({ headline }) => `${headline}. Als Nächstes werden Ihre Dienste bereitgestellt.`,
      created: 'Das Kontoprofil für {org} wurde erstellt und aktiviert. Ihre Microsoft Online Services-ID lautet {id}.',
      createdWithDomain:
        'Das Kontoprofil für {org} wurde erstellt und aktiviert. Ihre Microsoft Online Services-ID lautet {id}, Ihre Domäne ist {domain}.',
      associated:
        'Sie haben sich als {id} angemeldet. Die vorhandenen Kontoinformationen von {org} werden mit Ihren Volumenlizenzinformationen verknüpft.',
      associatedWithDomain:
        'Sie haben sich als {id} angemeldet. Die vorhandenen Kontoinformationen von {org} ({domain}) werden mit Ihren Volumenlizenzinformationen verknüpft.',
      nextLabel: 'Wie es weitergeht:',
      next: 'Die gekauften Dienste werden bereitgestellt. Sobald sie bereit sind, erhalten Sie eine Bereitstellungsbestätigung mit jedem Abonnement.',
      review: 'Abonnements prüfen',
      idNote: 'Ihre Administratoren melden sich mit dieser Online Services-ID an.',
    },
    provisioning: {
      subject: ({ org }) => `Ihre Dienste sind bereit: ${org}`,
      preview: {
        one: ({ count, org }) => `${count} Abonnement ist für ${org} bereitgestellt.`,
        other: ({ count, org }) => `${count} Abonnements sind für ${org} bereitgestellt.`,
      },
      heading: 'Ihre Dienste sind bereitgestellt',
      intro: 'Die Dienste, die {org} über die Volumenlizenzierung gekauft hat, sind bereitgestellt und einsatzbereit:',
      quantity: ({ quantity }) => `Anzahl: ${quantity}`,
      period: {
        both: ({ from, to }) => `${from} bis ${to}`,
        from: (date) => `ab ${date}`,
        until: (date) => `bis ${date}`,
      },
      nextLabel: 'Als Nächstes:',
      next: 'Prüfen Sie die erstellten Abonnements, und sehen Sie sich anschließend die Volumenlizenzdetails jedes einzelnen Abonnements an.',
      review: 'Abonnements prüfen',
      missing: 'Fehlt etwas oder stimmt etwas nicht? Wenden Sie sich mit Ihrer Registrierungsnummer an den Support.',
      missingWithEnrollment:
        'Fehlt etwas oder stimmt etwas nicht? Wenden Sie sich mit Ihrer Registrierungsnummer {enrollment} an den Support.',
    },
    trialEnding: {
      subject: ({ product, date, org }) => `Ihre ${product}-Testversion endet am ${date}: ${org}`,
      preview: ({ date }) =>
        `Wechseln Sie bis zum ${date}, um Daten, Einstellungen und Domäne Ihrer Testversion zu behalten.`,
      heading: ({ date }) => `Ihre Testversion endet am ${date}`,
      ends: 'Die {days}-tägige {product}-Testversion von {org} endet am {date}. Nach ihrem Ende informiert Microsoft Sie, bevor Daten der Testversion gelöscht werden.',
      keep: ({ signIn, signUp }) =>
        `Um die Daten, Einstellungen und die vorhandene onmicrosoft.com-Domäne der Testversion zu behalten, überführen Sie sie mit ${quote('de-DE', signIn)} in ein kostenpflichtiges Abonnement: Melden Sie sich mit Ihrer vorhandenen Online Services-ID und Ihrem Kennwort an. (${quote('de-DE', signUp)} beginnt ein völlig neues Abonnement und übernimmt die Daten und Einstellungen der Testversion nicht.)`,
      cta: 'Anmelden und Testversion behalten',
      forgot:
        'Sie haben Ihre Online Services-ID oder Ihr Kennwort vergessen? Wenden Sie sich vor dem Ende der Testversion an den Support (siehe unten), um Ihre Anmeldeinformationen zu erhalten.',
      ended: {
        subject: ({ product, date, org }) => `Ihre ${product}-Testversion ist am ${date} abgelaufen: ${org}`,
        preview: ({ date }) =>
          `Ihre Testversion ist am ${date} abgelaufen. Wenden Sie sich vor der Auswahl einer Option an den Support.`,
        heading: ({ date }) => `Ihre Testversion ist am ${date} abgelaufen`,
        body: 'Die {days}-tägige {product}-Testversion von {org} ist am {date} abgelaufen, und es wurde noch keine Aktivierungsoption ausgewählt.',
        support:
          'Was die Optionen nach dem Ende einer Testversion beibehalten, ist nicht Teil des Aktivierungsprozesses. Wenden Sie sich an den Support (siehe unten), bevor Sie in Ihrer Aktivierungs-E-Mail eine Option auswählen.',
      },
      signedUp: {
        preview: ({ date, signUp }) =>
          `Ihre Testversion endet am ${date}. Sie haben „${signUp}“ gewählt: Ihr neues Abonnement übernimmt die Daten und Einstellungen der Testversion nicht.`,
        body: 'Die {days}-tägige {product}-Testversion von {org} endet am {date}.',
        chose: ({ signUp }) =>
          `Sie haben in Ihrer Aktivierungs-E-Mail „${signUp}“ gewählt und sich damit für ein völlig neues Abonnement entschieden: Die Daten und Einstellungen der Testversion werden nicht in dieses Abonnement übernommen.`,
        advised: 'Nach dem Ende der Testversion informiert Microsoft Sie, bevor Daten der Testversion gelöscht werden.',
        support:
          'Haben Sie Fragen zu Ihrer Testversion oder Ihrem neuen Abonnement? Wenden Sie sich an den Support (siehe unten).',
      },
    },
  },
};

export default messages;
