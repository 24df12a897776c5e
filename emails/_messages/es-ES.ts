import g from '../_glossary/es-ES.ts';
import { quote } from './grammar.ts';
import type { Messages } from './types.ts';

/**
 * Español (España), con los términos de Microsoft (glosario: emails/_glossary/es-ES.ts): Iniciar sesión /
 * Registrarse, licencias por volumen, inscripción, Id. de Microsoft Online Services, versión de prueba,
 * suscripción, inquilino.
 */
const messages: Messages = {
  optionLabels: { 'sign-in': g.signIn.use, 'sign-up': g.signUp.use },
  optionTitle: (number, label) => `Opción ${number}: ${label}`,
  irreversibleWarning: {
    several:
      'Esta elección es única e irreversible: una vez que seleccione una opción, no podrá cambiarla. Lea qué conserva o inicia cada opción antes de seleccionar una.',
    single:
      'Esta acción es única e irreversible: una vez que seleccione esta opción, no podrá deshacerla. Lea qué inicia antes de seleccionarla.',
  },
  scenarios: {
    'new-customer': {
      title: 'Nuevo cliente de servicios en línea',
      who: () => 'Nunca ha tenido una versión de prueba de Office 365 ni ha comprado servicios en línea a Microsoft.',
    },
    'trial-customer': {
      title: 'Cliente con versión de prueba de Office 365 for Enterprises',
      who: ({ trialDays }) =>
        `Usa una versión de prueba gratuita de ${trialDays} días de Office 365 for Enterprises y va a pasar a una suscripción de pago.`,
    },
    'bypass-customer': {
      title: 'Cliente «bypass» de BPOS-S',
      who: () =>
        'Compró BPOS-S mediante licencias por volumen pero nunca lo activó; esos servicios inactivos se trasladaron («bypass») a Office 365 for Enterprises.',
    },
  },
  offers: {
    'new-customer': {
      'sign-up': {
        outcome: 'Crea un nuevo perfil de cuenta y un nuevo Id. de Microsoft Online Services para su organización.',
        cta: 'Registrarse y crear el perfil de cuenta',
      },
    },
    'trial-customer': {
      'sign-in': {
        outcome:
          'Conserva los datos, la configuración y el dominio onmicrosoft.com existente de su versión de prueba: la versión de prueba pasa a ser su suscripción de pago.',
        cta: 'Iniciar sesión y conservar la versión de prueba',
      },
      'sign-up': {
        outcome:
          'Inicia una suscripción totalmente nueva: los datos y la configuración de su versión de prueba no se trasladan.',
        cta: 'Iniciar una nueva suscripción',
      },
    },
    'bypass-customer': {
      'sign-in': {
        outcome:
          'Inicia sesión con su cuenta existente y asocia su información a su contrato de licencias por volumen.',
        cta: 'Iniciar sesión con su cuenta existente',
      },
      'sign-up': {
        outcome:
          'Crea un nuevo perfil de cuenta, igual que un cliente nuevo, vinculado a su contrato de licencias por volumen.',
        cta: 'Registrarse con un nuevo perfil de cuenta',
      },
    },
  },
  exclusions: {
    'bpos-s-trial-customers': {
      who: 'clientes con una versión de prueba de BPOS-S',
      sentence: 'Esta vía no se aplica a los clientes con una versión de prueba de BPOS-S.',
      advice:
        'Si su organización solo tuvo una versión de prueba de BPOS-S, el proceso no indica ninguna opción para usted: póngase en contacto con el soporte (más abajo) antes de elegir.',
    },
  },
  steps: {
    'order-entered': {
      title: 'Se registra el pedido',
      detail: () => 'Microsoft o su asociado registra su pedido de licencias por volumen.',
    },
    'choose-sign-up': {
      title: 'Elegir «Registrarse» en el correo de activación',
      detail: ({ option }) => `Llega el correo de activación; seleccione ${option('sign-up')}.`,
    },
    'create-profile': {
      title: 'Crear y activar un perfil de cuenta',
      detail: () => 'Rellene el perfil de cuenta de su organización y actívelo.',
    },
    'add-online-services-id': {
      title: 'Agregar un Id. de Microsoft Online Services',
      detail: () => 'Cree el Id. de Online Services (el nombre de inicio de sesión) que usarán sus administradores.',
    },
    'profile-acknowledged': {
      title: 'Se confirma su perfil',
      detail: () => 'Una confirmación indica que se ha creado el perfil de cuenta.',
    },
    'choose-sign-in': {
      title: 'Elegir «Iniciar sesión» en el correo de activación',
      detail: ({ option }) => `Llega el correo de activación; seleccione ${option('sign-in')}.`,
    },
    'sign-in-existing': {
      title: 'Iniciar sesión con su cuenta existente',
      detail: () =>
        'Inicie sesión con su Id. de Online Services y su contraseña existentes y confirme la información de su suscripción. Una confirmación indica que su inquilino existente se está asociando a su información de licencias por volumen.',
    },
    provisioned: {
      title: 'Se aprovisionan sus servicios',
      detail: () =>
        'Una confirmación de aprovisionamiento enumera cada suscripción comprada, por ejemplo SharePoint Online (Plan 2).',
    },
    'review-subscriptions': {
      title: 'Revisar las suscripciones creadas',
      detail: () =>
        'Abra la página de facturación y administración de suscripciones para comprobar lo que se ha creado.',
    },
    'review-details': {
      title: 'Revisar los detalles de la suscripción',
      detail: () => 'Abra la página de detalles de la suscripción por volumen de cada suscripción.',
    },
  },
  recipientRoles: {
    'online-services-manager': g.onlineServicesManager.use,
    'vlsc-administrator': 'Administrador en línea del VLSC',
    'notices-contact': 'Contacto para notificaciones y administrador en línea',
  },
  support: {
    heading: '¿Necesita ayuda?',
    defaultPhone: {
      region: 'Estados Unidos y Canadá',
      hours: 'de 6:00 a 18:00 (hora del Pacífico, PST)',
      days: 'de lunes a viernes',
    },
    portal: 'Envíe una solicitud de servicio en línea a través del {portal}.',
    portalLink: g.supportPortal.use,
    phone: ({ region, option, hours, days }) =>
      `${region}: llame al {number} y seleccione la opción ${option}. Horario: ${days}, ${hours}.`,
    phoneLine: ({ region, number, option, hours, days }) =>
      `${region}: ${number}, opción ${option}, ${hours}, ${days}.`,
    international: () => 'Clientes internacionales: consulte {contacts}.',
    internationalLink: 'los horarios y contactos de su país',
    forgotCredentials:
      '¿No recuerda los datos de su cuenta existente? Póngase en contacto con el soporte (más abajo) para obtener sus credenciales antes de iniciar sesión.',
  },
  email: {
    greeting: (name) => (name ? `Hola, ${name}:` : 'Hola:'),
    orOpenLink: 'O abra este vínculo:',
    reminderSubject: (subject) => `Recordatorio: ${subject}`,
    footer: ({ brand, product }) =>
      `${brand} le ha enviado este correo sobre su contrato de licencias por volumen de ${product}.`,
    activation: {
      subject: ({ product, org }) => `Active ${product} para ${org}`,
      preview: ({ product, org, single }) =>
        `${single ? 'Active con «Registrarse»' : 'Elija la opción que le corresponde'}: el pedido de ${product} de ${org} está listo para activarse.`,
      heading: ({ product }) => `Active ${product}`,
      reminder:
        'Este es un recordatorio del correo de activación que se le envió anteriormente. Las opciones y los vínculos de abajo son los mismos.',
      orderEntered:
        'El pedido de licencias por volumen de {org} se ha registrado. Para empezar a usar sus servicios en línea, actívelos desde este correo.',
      orderEnteredWithEnrollment:
        'Se ha registrado el pedido de licencias por volumen de {org} (número de inscripción {enrollment}). Para empezar a usar sus servicios en línea, actívelos desde este correo.',
      services: 'Servicios de este pedido:',
      whyYou:
        'Recibe este correo porque figura como contacto para servicios en línea en la inscripción de licencias por volumen de su organización.',
    },
    acknowledgement: {
      headline: {
        'profile-created': 'Se ha creado su perfil de cuenta',
        'tenant-associated': 'Su cuenta existente se está asociando a su contrato de licencias por volumen',
      },
      subject: ({ headline, org }) => `${headline}: ${org}`,
      preview: ({ headline }) => `${headline}. A continuación se aprovisionarán sus servicios.`,
      created: 'El perfil de cuenta de {org} se ha creado y activado. Su Id. de Microsoft Online Services es {id}.',
      createdWithDomain:
        'El perfil de cuenta de {org} se ha creado y activado. Su Id. de Microsoft Online Services es {id} y su dominio es {domain}.',
      associated:
        'Ha iniciado sesión como {id}. La información de la cuenta existente de {org} se está asociando a su información de licencias por volumen.',
      associatedWithDomain:
        'Ha iniciado sesión como {id}. La información de la cuenta existente de {org} ({domain}) se está asociando a su información de licencias por volumen.',
      nextLabel: 'Próximos pasos:',
      next: 'se están aprovisionando los servicios que compró. En cuanto estén listos, recibirá una confirmación de aprovisionamiento con cada suscripción.',
      review: 'Revisar sus suscripciones',
      idNote: 'Sus administradores inician sesión con este Id. de Online Services.',
    },
    provisioning: {
      subject: ({ org }) => `Sus servicios están listos: ${org}`,
      preview: {
        one: ({ count, org }) => `Para ${org}, ${count} suscripción aprovisionada.`,
        other: ({ count, org }) => `Para ${org}, ${count} suscripciones aprovisionadas.`,
      },
      heading: 'Sus servicios están aprovisionados',
      intro: 'Los servicios que {org} compró mediante licencias por volumen están aprovisionados y listos para usar:',
      quantity: ({ quantity }) => `Cantidad: ${quantity}`,
      period: {
        both: ({ from, to }) => `del ${from} al ${to}`,
        from: (date) => `desde el ${date}`,
        until: (date) => `hasta el ${date}`,
      },
      nextLabel: 'Siguiente paso:',
      next: 'revise las suscripciones creadas y abra cada una para comprobar los detalles de su licencia por volumen.',
      review: 'Revisar sus suscripciones',
      missing: '¿Falta algo o hay algún error? Póngase en contacto con el soporte e indique su número de inscripción.',
      missingWithEnrollment:
        '¿Falta algo o hay algún error? Póngase en contacto con el soporte e indique su número de inscripción, {enrollment}.',
    },
    trialEnding: {
      subject: ({ product, date, org }) => `Su versión de prueba de ${product} finaliza el ${date}: ${org}`,
      preview: ({ date }) =>
        `Realice la conversión a más tardar el ${date} para conservar los datos, la configuración y el dominio de su versión de prueba.`,
      heading: ({ date }) => `Su versión de prueba finaliza el ${date}`,
      ends: 'La versión de prueba de {days} días de {product} de {org} finaliza el {date}. Cuando finalice, Microsoft le avisará antes de eliminar cualquier dato de la versión de prueba.',
      keep: ({ signIn, signUp }) =>
        `Para conservar sus datos, su configuración y el dominio onmicrosoft.com existente, elija ${quote('es-ES', signIn)} y acceda con su Id. de Online Services y su contraseña existentes: la versión de prueba se convertirá en su suscripción de pago. (${quote('es-ES', signUp)} inicia una suscripción totalmente nueva y no traslada los datos ni la configuración de la versión de prueba).`,
      cta: 'Iniciar sesión y conservar la versión de prueba',
      forgot:
        '¿Ha olvidado su Id. de Online Services o su contraseña? Póngase en contacto con el soporte (más abajo) para obtener sus credenciales antes de que finalice la versión de prueba.',
      ended: {
        subject: ({ product, date, org }) => `Su versión de prueba de ${product} finalizó el ${date}: ${org}`,
        preview: ({ date }) =>
          `Su versión de prueba finalizó el ${date}. Póngase en contacto con el soporte antes de elegir una opción.`,
        heading: ({ date }) => `Su versión de prueba finalizó el ${date}`,
        body: 'La versión de prueba de {days} días de {product} de {org} finalizó el {date} y todavía no se ha elegido ninguna opción de activación.',
        support:
          'Lo que conservan las opciones una vez finalizada la versión de prueba no forma parte del proceso de activación. Póngase en contacto con el soporte (más abajo) antes de elegir una opción en su correo de activación.',
      },
      signedUp: {
        preview: ({ date, signUp }) =>
          `Su versión de prueba finaliza el ${date}. Eligió «${signUp}», por lo que su nueva suscripción no conserva los datos ni la configuración de la versión de prueba.`,
        body: 'La versión de prueba de {days} días de {product} de {org} finaliza el {date}.',
        chose: ({ signUp }) =>
          `En su correo de activación eligió «${signUp}», opción que inicia una suscripción totalmente nueva: los datos y la configuración de la versión de prueba no se transfieren a ella.`,
        advised:
          'Una vez finalizada la versión de prueba, Microsoft le avisará antes de eliminar cualquier dato de ella.',
        support:
          '¿Tiene preguntas sobre su versión de prueba o su nueva suscripción? Póngase en contacto con el soporte (más abajo).',
      },
    },
  },
};

export default messages;
