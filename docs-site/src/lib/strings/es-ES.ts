import type { ScenarioId } from '../facts.ts';
import type { DocsStrings } from './types.ts';

/** El lector de un escenario, en mitad de la frase. */
const nouns: Record<ScenarioId, string> = {
  'new-customer': 'un cliente nuevo de servicios en línea',
  'trial-customer': 'un cliente con versión de prueba de Office 365 for Enterprises',
  'bypass-customer': 'un cliente «bypass» de BPOS-S',
};
const or = new Intl.ListFormat('es-ES', { type: 'disjunction' });

/** Español (España): los términos de Microsoft (glosario: emails/_glossary/es-ES.ts). */
export default {
  siteTitle: (product) => `Guía de activación de ${product}`,
  siteDescription: (product) =>
    `Cómo activar ${product} adquirido mediante licencias por volumen: el correo de activación, Iniciar sesión o Registrarse, los pasos de cada escenario y los correos que recibirá.`,
  sidebar: {
    overview: 'Introducción',
    activationEmail: 'El correo de activación',
    choice: 'Iniciar sesión o Registrarse',
    scenarios: 'Su escenario',
    emails: 'Correos que recibirá',
    faq: 'Preguntas frecuentes',
    support: 'Soporte',
  },
  scenarioCard: ({ who, offered }) =>
    `${who} Su correo ofrece ${offered.length === 1 ? 'solo ' : ''}${or.format(offered)}.`,
  table: {
    caption: 'Qué opción ofrece cada escenario y qué conserva o inicia',
    scenario: 'Su escenario',
    notOffered: 'No se ofrece',
    doesNotApply: (who) =>
      `No se aplica a ${who}: el proceso no indica ninguna opción para ellos, así que póngase en contacto con el soporte antes de elegir.`,
  },
  steps: {
    heading: (option) => `Pasos con ${option}`,
    emailCard: 'El correo de este paso',
    bypassAcknowledged: {
      title: 'Se confirma la información de su cuenta',
      detail:
        'Una confirmación indica que la información de su cuenta existente se está asociando con su información de licencias por volumen.',
    },
  },
  emails: {
    titles: {
      activation: 'Correo de activación',
      acknowledgement: 'Confirmación',
      'provisioning-confirmation': 'Confirmación de aprovisionamiento',
      'trial-ending': 'Aviso de fin de la versión de prueba',
    },
    when: {
      activation:
        'Cuando Microsoft o su asociado registra su pedido de licencias por volumen. Contiene la elección entre Iniciar sesión y Registrarse.',
      acknowledgement:
        'Justo después de elegir: indica si se ha creado un perfil de cuenta nuevo o si su cuenta existente se está asociando.',
      'provisioning-confirmation': 'Cuando los servicios adquiridos están listos. Enumera cada suscripción.',
      'trial-ending': 'Antes de que se eliminen los datos de una versión de prueba. Explica cómo conservarlos.',
    },
    forScenario: (scenario) => `Para ${nouns[scenario]}`,
    afterSignUp: (option) => `Después de ${option} (perfil de cuenta creado)`,
    afterSignIn: (option) => `Después de ${option} (cuenta existente asociada)`,
    subject: 'Asunto',
    htmlVersion: 'Versión HTML',
    textVersion: 'Versión de texto sin formato',
    sample: 'Correo de ejemplo con nombres ficticios: sus botones no hacen nada aquí.',
    openOwnPage: (title) => `Abrir «${title}» en su propia página`,
    pageTitle: 'Correos que recibirá',
    pageDescription:
      'Cada correo del proceso de activación, tal como se envía: la versión HTML y la de texto sin formato.',
    pageIntro:
      '¿Qué correos voy a recibir y cuándo? Estos son los correos que recibe su organización mientras activa sus servicios en línea. Cada uno se genera con la misma plantilla que lo envía, aquí con nombres y direcciones de ejemplo. Cada correo tiene dos versiones: HTML y texto sin formato para los programas de correo que no muestran HTML.',
    whenLabel: 'Cuándo:',
    whenYouReceive: 'Cuándo lo recibe:',
    thisVersion: (scenario) => `Esta versión es la que recibe ${nouns[scenario]}.`,
    seeSteps: 'Ver los pasos',
    all: 'Todos los correos del proceso de activación',
  },
  helper: {
    questionNumber: (n) => `Pregunta ${n}`,
    yourAnswer: 'Su respuesta',
    startOver: 'Empezar de nuevo',
    start: {
      question: (product) =>
        `¿Su organización usa una versión de prueba de ${product} que ahora quiere convertir en una suscripción de pago?`,
      hint: (days) => `La versión de prueba dura ${days} días y no tiene cuota de suscripción.`,
      yes: 'Sí, tenemos una versión de prueba',
      no: 'No, no tenemos esa versión de prueba',
    },
    trial: {
      question:
        '¿Quiere conservar los datos, la configuración y el dominio onmicrosoft.com existente de la versión de prueba?',
      keep: 'Sí, conservar los datos, la configuración y el dominio',
      fresh: 'No, queremos una suscripción totalmente nueva',
    },
    bpos: {
      question: '¿Cuál de estas opciones describe a su organización?',
      yes: 'Compramos BPOS-S mediante licencias por volumen y nunca lo activamos',
      neverBought: 'Nunca tuvimos una versión de prueba de Office 365 ni compramos servicios en línea a Microsoft',
      bposTrial: 'Tuvimos una versión de prueba de BPOS-S',
      other: 'Ninguna, o no estamos seguros',
    },
    bypass: {
      question: '¿Quiere iniciar sesión con una cuenta existente o registrarse con un perfil de cuenta nuevo?',
      signIn: 'Iniciar sesión con nuestra cuenta existente',
      signUp: 'Registrarnos con un perfil de cuenta nuevo',
    },
    because: {
      'new-customer:sign-up': 'esta es la primera compra de servicios en línea de su organización',
      'trial-customer:sign-in': 'quiere conservar los datos, la configuración y el dominio de su versión de prueba',
      'trial-customer:sign-up': 'quiere una suscripción totalmente nueva',
      'bypass-customer:sign-in': 'quiere iniciar sesión con su cuenta existente',
      'bypass-customer:sign-up': 'quiere un perfil de cuenta nuevo',
    },
    choose: (option) => `Elija ${option}`,
    why: 'Por qué:',
    youAre: ({ scenario, reason, onlyOption }) =>
      `usted es ${nouns[scenario]} y ${reason}${onlyOption ? `; ${onlyOption} es la única opción que ofrece su correo de activación.` : '.'}`,
    whatItDoes: 'Qué hace:',
    final:
      'Recuerde: la elección es definitiva. Una vez que la seleccione en el correo de activación, no podrá cambiarla.',
    seeSteps: 'Ver los pasos de esta ruta',
    support: {
      heading: 'Póngase en contacto con el soporte antes de elegir',
      bposTrial:
        'La ruta «bypass» no se aplica a los clientes con versión de prueba de BPOS-S, y el proceso de activación no indica ninguna opción para ellos.',
      other: 'El proceso de activación no indica qué opción corresponde a su caso.',
      doNotChoose:
        'La elección es única e irreversible: no seleccione todavía ninguna opción; pregunte primero al soporte cuál le corresponde.',
      reach: 'Cómo contactar con el soporte',
    },
    noscript:
      'Cada respuesta le lleva a la siguiente pregunta. ¿No está seguro? Compare las opciones en la tabla anterior o pregunte al soporte.',
  },
  feedback: {
    question: '¿Le ha resultado útil esta página?',
    yes: 'Sí',
    no: 'No',
    thanks: 'Gracias. No se ha enviado nada: esta guía no recopila datos.',
    sorry: 'Sentimos que no le haya ayudado. No se ha enviado nada: esta guía no recopila datos.',
    tellSupport: 'Cuente al soporte qué buscaba',
  },
  phone: {
    number: 'Número:',
    call: (option) => `{number} y seleccione la opción ${option}`,
    hours: 'Horario:',
    when: ({ hours, days }) => `${days}, ${hours}`,
    for: 'Para:',
  },
  recipientExplain: {
    'online-services-manager':
      'la persona que su organización designó como Online Services Manager en su inscripción de licencias por volumen. El correo se le envía a ella en primer lugar.',
    'vlsc-administrator':
      'si la inscripción no designa ningún Online Services Manager, el correo se envía al administrador en línea del Volume License Service Center (VLSC).',
    'notices-contact':
      'si no, se envía al contacto para notificaciones y administrador en línea indicado en la inscripción.',
  },
} satisfies DocsStrings;
