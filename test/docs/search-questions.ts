/**
 * What customers type into the guide's search, in their own words (not the headings'), and the
 * page that answers each: twelve questions per language, asked of the built Pagefind index by
 * site.test.ts. Paths are the English ones; each language's page is the same path in its folder.
 */
import type { Locale } from '../../emails/_catalog/index.ts';

export interface SearchQuestion {
  query: string;
  page: string;
}

const trial = '/scenarios/trial-customer/';
const newCustomer = '/scenarios/new-customer/';
const bypass = '/scenarios/bypass-customer/';
const choice = '/sign-in-or-sign-up/';
const activationEmail = '/activation-email/';

export const searchQuestions: Record<Locale, SearchQuestion[]> = {
  'en-US': [
    { query: 'keep my trial data and settings', page: trial },
    { query: 'I picked the wrong option', page: '/faq/' },
    { query: 'who gets the activation email', page: activationEmail },
    { query: 'support phone number', page: '/support/' },
    { query: 'first time buying online services', page: newCustomer },
    { query: 'bought BPOS-S but never activated it', page: bypass },
    { query: 'should I sign in or sign up', page: choice },
    { query: 'forgot my password', page: '/faq/' },
    { query: 'activation email sent to the wrong person', page: activationEmail },
    { query: 'what emails will I get', page: '/emails/' },
    { query: 'keep our onmicrosoft.com domain', page: '/faq/' },
    { query: 'support outside the US', page: '/support/' },
  ],
  'de-DE': [
    { query: 'Daten der Testversion behalten', page: trial },
    { query: 'falsche Option gewählt', page: '/faq/' },
    { query: 'wer bekommt die Aktivierungs-E-Mail', page: activationEmail },
    { query: 'Support Telefonnummer', page: '/support/' },
    { query: 'zum ersten Mal Onlinedienste gekauft', page: newCustomer },
    { query: 'BPOS-S gekauft aber nie aktiviert', page: bypass },
    { query: 'soll ich mich anmelden oder registrieren', page: choice },
    { query: 'Kennwort vergessen', page: '/faq/' },
    { query: 'Aktivierungs-E-Mail an die falsche Person', page: activationEmail },
    { query: 'welche E-Mails bekomme ich', page: '/emails/' },
    { query: 'onmicrosoft.com-Domäne behalten', page: '/faq/' },
    { query: 'Support außerhalb der USA', page: '/support/' },
  ],
  'fr-FR': [
    { query: "garder les données de la version d'évaluation", page: trial },
    { query: "je me suis trompé d'option", page: '/faq/' },
    { query: "qui reçoit l'e-mail d'activation", page: activationEmail },
    { query: 'numéro de téléphone du support', page: '/support/' },
    { query: 'premier achat de services en ligne', page: newCustomer },
    { query: 'BPOS-S acheté mais jamais activé', page: bypass },
    { query: "se connecter ou s'inscrire, que choisir", page: choice },
    { query: 'mot de passe oublié', page: '/faq/' },
    { query: "e-mail d'activation envoyé à la mauvaise personne", page: activationEmail },
    { query: 'quels e-mails vais-je recevoir', page: '/emails/' },
    { query: 'garder notre domaine onmicrosoft.com', page: '/faq/' },
    { query: 'support hors des États-Unis', page: '/support/' },
  ],
  'es-ES': [
    { query: 'conservar los datos de la versión de prueba', page: trial },
    { query: 'elegí la opción equivocada', page: '/faq/' },
    { query: 'quién recibe el correo de activación', page: activationEmail },
    { query: 'teléfono de soporte', page: '/support/' },
    { query: 'primera compra de servicios en línea', page: newCustomer },
    { query: 'compramos BPOS-S y nunca lo activamos', page: bypass },
    { query: 'iniciar sesión o registrarse, cuál elijo', page: choice },
    { query: 'olvidé la contraseña', page: '/faq/' },
    { query: 'el correo de activación llegó a otra persona', page: activationEmail },
    { query: 'qué correos voy a recibir', page: '/emails/' },
    { query: 'conservar el dominio onmicrosoft.com', page: '/faq/' },
    { query: 'soporte fuera de Estados Unidos', page: '/support/' },
  ],
  'ja-JP': [
    { query: '試用版のデータを残したい', page: trial },
    { query: '間違ったオプションを選んだ', page: '/faq/' },
    { query: 'アクティブ化メールは誰に届く', page: activationEmail },
    { query: 'サポートの電話番号', page: '/support/' },
    { query: '初めてオンライン サービスを購入', page: newCustomer },
    { query: 'BPOS-S を購入したがアクティブ化していない', page: bypass },
    { query: 'サインインとサインアップどちらを選ぶ', page: choice },
    { query: 'パスワードを忘れた', page: '/faq/' },
    { query: 'メールが別の人に届いた', page: activationEmail },
    { query: 'どんなメールが届く', page: '/emails/' },
    { query: 'onmicrosoft.com ドメインを引き継ぐ', page: '/faq/' },
    { query: '海外からサポートに連絡', page: '/support/' },
  ],
};
