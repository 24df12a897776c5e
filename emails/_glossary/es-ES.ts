import { processNames } from '../_domain/process-names.ts';
import type { Glossary } from './types.ts';

/**
 * Español (España), con los términos de la documentación de Microsoft sobre licencias por volumen:
 * inscripción (enrollment) y número de inscripción, Online Services Manager (OSM) en inglés.
 */
const glossary: Glossary = {
  enrollment: {
    use: 'inscripción',
    avoid: [{ words: /\benrollment\b/i, why: 'la documentación de Microsoft dice «inscripción»' }],
  },
  enrollmentNumber: {
    use: 'número de inscripción',
    avoid: [{ words: /número de contrato/, why: 'el número de la inscripción: «número de inscripción»' }],
  },
  volumeLicensing: {
    use: 'licencias por volumen',
    avoid: [
      {
        words: /(?<=[a-záéíóúñü,] )Licencias por volumen/,
        why: 'nombre común en mitad de la frase: «licencias por volumen»',
      },
    ],
  },
  onlineServicesManager: {
    use: 'Online Services Manager (OSM)',
    avoid: [
      {
        words: /[Aa]dministrador de servicios en línea/,
        why: 'la documentación de Microsoft mantiene el nombre del rol: «Online Services Manager (OSM)»',
      },
    ],
  },
  vlscAdministrator: {
    use: 'administrador en línea del VLSC',
    avoid: [{ words: /administrador de VLSC/, why: 'un solo nombre para el rol: «administrador en línea del VLSC»' }],
  },
  noticesContact: {
    use: 'contacto para notificaciones y administrador en línea',
    avoid: [{ words: /contacto de notificaciones/, why: 'un solo nombre para el rol' }],
  },
  onlineServicesId: { use: 'Id. de Microsoft Online Services' },
  signIn: { use: 'Iniciar sesión', avoid: [{ words: /\bSign In\b/, why: 'la opción se llama «Iniciar sesión»' }] },
  signUp: { use: 'Registrarse', avoid: [{ words: /\bSign Up\b/, why: 'la opción se llama «Registrarse»' }] },
  trial: {
    use: 'versión de prueba',
    avoid: [
      {
        words: /\b(?:la|su|una|sus|las) pruebas?\b(?! de )/,
        why: '«la prueba» a secas es coloquial y ambiguo: «la versión de prueba»',
      },
      { words: /\bversión de evaluación\b/, why: 'Microsoft dice «versión de prueba»' },
    ],
  },
  provisioning: { use: 'aprovisionamiento' },
  supportPortal: {
    use: processNames.supportPortal,
    avoid: [{ words: /portal de soporte/i, why: `el proceso nombra el portal: ${processNames.supportPortal}` }],
  },
};

export default glossary;
