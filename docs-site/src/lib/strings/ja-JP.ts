import { quote, type ScenarioId } from '../facts.ts';
import type { DocsStrings } from './types.ts';

/** シナリオの読者 (文中)。 */
const nouns: Record<ScenarioId, string> = {
  'new-customer': 'オンライン サービスの新規のお客様',
  'trial-customer': 'Office 365 for Enterprises 試用版のお客様',
  'bypass-customer': 'BPOS-S バイパスのお客様',
};
/** オプション名などの題目は「」で囲み、日本語の文字の間に半角スペースを入れない。 */
const q = (title: string) => quote('ja-JP', title);

/** 日本語: マイクロソフトの日本語製品用語に従う (用語集: emails/_glossary/ja-JP.ts)。 */
export default {
  siteTitle: (product) => `${product} アクティブ化ガイド`,
  siteDescription: (product) =>
    `ボリューム ライセンスで購入した ${product} をアクティブ化する方法: アクティブ化メール、サインインとサインアップの選択、シナリオごとの手順、届くメールを説明します。`,
  sidebar: {
    overview: '概要',
    activationEmail: 'アクティブ化メール',
    choice: 'サインインかサインアップか',
    scenarios: 'お客様のシナリオ',
    emails: '届くメール',
    faq: 'よくある質問',
    support: 'サポート',
  },
  scenarioCard: ({ who, offered }) =>
    `${who}メールで選べるのは${offered.map(q).join('または')}${offered.length === 1 ? 'のみ' : ''}です。`,
  table: {
    caption: '各シナリオで選べるオプションと、それぞれで引き継がれるもの・新しく始まるもの',
    scenario: 'お客様のシナリオ',
    notOffered: '選択できません',
    doesNotApply: (who) =>
      `${who}には適用されません。プロセスはこのお客様向けのオプションを定めていないため、選択する前にサポートにお問い合わせください。`,
  },
  steps: {
    heading: (option) => `${q(option)}の手順`,
    emailCard: 'この手順で届くメール',
    bypassAcknowledged: {
      title: 'アカウント情報の確認通知が届く',
      detail:
        '既存のアカウント情報とボリューム ライセンス情報の関連付けの処理中であることを知らせる確認通知が届きます。',
    },
  },
  emails: {
    titles: {
      activation: 'アクティブ化メール',
      acknowledgement: '確認通知',
      'provisioning-confirmation': 'プロビジョニング完了のお知らせ',
      'trial-ending': '試用版終了のお知らせ',
    },
    when: {
      activation:
        'マイクロソフトまたはパートナーがボリューム ライセンスの注文を入力したときに届きます。サインインとサインアップの選択肢が記載されています。',
      acknowledgement:
        '選択した直後に届きます。新しいアカウント プロファイルが作成されたか、既存のアカウントが関連付けられているかを知らせます。',
      'provisioning-confirmation':
        '購入したサービスの準備ができたときに届きます。すべてのサブスクリプションが記載されています。',
      'trial-ending': '試用版のデータが削除される前に届きます。データを残す方法を説明しています。',
    },
    forScenario: (scenario) => `${nouns[scenario]}向け`,
    afterSignUp: (option) => `${q(option)}の後 (アカウント プロファイル作成)`,
    afterSignIn: (option) => `${q(option)}の後 (既存のアカウントの関連付け)`,
    subject: '件名',
    htmlVersion: 'HTML 版',
    textVersion: 'テキスト版',
    sample: '架空の名前を使ったサンプル メールです。ここではボタンは機能しません。',
    openOwnPage: (title) => `「${title}」を単独のページで開く`,
    pageTitle: '届くメール',
    pageDescription: 'アクティブ化プロセスのすべてのメールを、送信されるとおりに HTML 版とテキスト版で示します。',
    pageIntro:
      'どんなメールがいつ届くのかをまとめています。組織がオンライン サービスをアクティブ化する間に届くメールです。どれも実際に送信するテンプレートから作成しており、名前とアドレスはサンプルです。各メールには、HTML 版と、HTML を表示しないメール ソフト向けのテキスト版があります。',
    whenLabel: '届くタイミング:',
    whenYouReceive: '届くタイミング:',
    thisVersion: (scenario) => `${nouns[scenario]}に届くのはこのメールです。`,
    seeSteps: '手順を見る',
    all: 'アクティブ化プロセスのすべてのメール',
  },
  helper: {
    questionNumber: (n) => `質問 ${n}`,
    yourAnswer: '回答',
    startOver: '最初からやり直す',
    start: {
      question: (product) => `組織で ${product} の試用版を使用していて、これから有料サブスクリプションに移行しますか?`,
      hint: (days) => `試用版の期間は ${days} 日間で、サブスクリプション料金はかかりません。`,
      yes: 'はい、試用版を使用しています',
      no: 'いいえ、そのような試用版はありません',
    },
    trial: {
      question: '試用版のデータ、設定、既存の onmicrosoft.com ドメインを引き継ぎますか?',
      keep: 'はい、データ、設定、ドメインを引き継ぎます',
      fresh: 'いいえ、まったく新しいサブスクリプションにします',
    },
    bpos: {
      question: '組織に当てはまるのはどれですか?',
      yes: 'ボリューム ライセンスで BPOS-S を購入したが、一度もアクティブ化していない',
      neverBought: 'Office 365 の試用版を使用したことがなく、マイクロソフトからオンライン サービスを購入したこともない',
      bposTrial: 'BPOS-S の試用版を使用していた',
      other: 'どれにも当てはまらない、またはわからない',
    },
    bypass: {
      question: '既存のアカウントでサインインしますか? それとも新しいアカウント プロファイルでサインアップしますか?',
      signIn: '既存のアカウントでサインインする',
      signUp: '新しいアカウント プロファイルでサインアップする',
    },
    because: {
      'new-customer:sign-up': '今回が組織として初めてのオンライン サービスの購入です',
      'trial-customer:sign-in': '試用版のデータ、設定、ドメインを引き継ぐことを希望しています',
      'trial-customer:sign-up': 'まったく新しいサブスクリプションを希望しています',
      'bypass-customer:sign-in': '既存のアカウントでサインインすることを希望しています',
      'bypass-customer:sign-up': '新しいアカウント プロファイルを希望しています',
    },
    choose: (option) => `${q(option)}を選択してください`,
    why: '理由:',
    youAre: ({ scenario, reason, onlyOption }) =>
      `${nouns[scenario]}に該当し、${reason}。${onlyOption ? `アクティブ化メールで選べるオプションは${q(onlyOption)}だけです。` : ''}`,
    whatItDoes: 'このオプションの結果:',
    final: 'この選択は最終的なものです。アクティブ化メールで選択した後は変更できません。',
    seeSteps: 'この場合の手順を見る',
    support: {
      heading: '選択する前にサポートにお問い合わせください',
      bposTrial:
        'バイパスの手順は BPOS-S 試用版のお客様には適用されず、アクティブ化プロセスはこのお客様向けのオプションを定めていません。',
      other: 'アクティブ化プロセスには、お客様のケースに合うオプションが示されていません。',
      doNotChoose:
        'この選択は一度きりで、取り消すことはできません。まだどちらのオプションも選択せず、どちらが該当するかをサポートにお問い合わせください。',
      reach: 'サポートへのお問い合わせ方法',
    },
    noscript:
      '回答を選ぶと次の質問に進みます。迷う場合は、上の表でオプションを比較するか、サポートにお問い合わせください。',
  },
  feedback: {
    question: 'このページは役に立ちましたか?',
    yes: 'はい',
    no: 'いいえ',
    thanks: 'ありがとうございました。何も送信されていません。このガイドはデータを収集しません。',
    sorry: 'お役に立てず申し訳ありません。何も送信されていません。このガイドはデータを収集しません。',
    tellSupport: '探していた内容をサポートにお伝えください',
  },
  phone: {
    number: '電話番号:',
    call: (option) => `{number} に電話し、音声ガイダンスで ${option} 番を選択`,
    hours: '受付時間:',
    when: ({ hours, days }) => `${days}、${hours}`,
    for: '対象:',
  },
  recipientExplain: {
    'online-services-manager':
      '組織がボリューム ライセンスの加入契約にオンライン サービス マネージャーとして記載した担当者です。メールはまずこの担当者に届きます。',
    'vlsc-administrator':
      '加入契約にオンライン サービス マネージャーが記載されていない場合は、ボリューム ライセンス サービス センター (VLSC) のオンライン管理者です。',
    'notices-contact': 'それ以外の場合は、加入契約に記載された通知連絡先兼オンライン管理者です。',
  },
} satisfies DocsStrings;
