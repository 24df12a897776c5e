import g from '../_glossary/ja-JP.ts';
import { ja, quote } from './grammar.ts';
import type { Messages } from './types.ts';

/**
 * 日本語 (日本)。マイクロソフトの日本語製品用語に従う (用語集: emails/_glossary/ja-JP.ts): サインイン /
 * サインアップ、ボリューム ライセンス、加入契約、Microsoft Online Services ID、試用版、サブスクリプション、
 * テナント。日本語の文字の間に半角スペースを入れない (emails/_messages/typography.ts)。
 */
const messages: Messages = {
  optionLabels: { 'sign-in': g.signIn.use, 'sign-up': g.signUp.use },
  optionTitle: (number, label) => `オプション ${number} – ${label}`,
  irreversibleWarning: {
    several:
      'この選択は一度きりで、取り消すことはできません。いったんオプションを選択すると変更できないため、選択する前に、各オプションで引き継がれるものと新しく開始されるものをよくお読みください。',
    single:
      'この操作は一度きりで、取り消すことはできません。いったんこのオプションを選択すると元に戻せないため、選択する前に、新しく開始されるものをよくお読みください。',
  },
  scenarios: {
    'new-customer': {
      title: 'オンライン サービスの新規のお客様',
      who: () =>
        'Office 365 の試用版を使用したことがなく、マイクロソフトからオンライン サービスを購入したこともないお客様です。',
    },
    'trial-customer': {
      title: 'Office 365 for Enterprises 試用版のお客様',
      who: ({ trialDays }) =>
        `${trialDays} 日間の無料の Office 365 for Enterprises 試用版を使用中で、有料サブスクリプションに移行するお客様です。`,
    },
    'bypass-customer': {
      title: 'BPOS-S バイパスのお客様',
      who: () =>
        'ボリューム ライセンスで BPOS-S を購入したものの一度もアクティブ化していないお客様です。アクティブ化されていなかったこれらのサービスは、Office 365 for Enterprises に移行されました (これを「バイパス」と呼びます)。',
    },
  },
  offers: {
    'new-customer': {
      'sign-up': {
        outcome: '組織の新しいアカウント プロファイルと新しい Microsoft Online Services ID を作成します。',
        cta: 'サインアップしてアカウント プロファイルを作成',
      },
    },
    'trial-customer': {
      'sign-in': {
        outcome:
          '試用版のデータ、設定、既存の onmicrosoft.com ドメインを引き継ぎます。試用版がそのまま有料サブスクリプションになります。',
        cta: 'サインインして試用版を引き継ぐ',
      },
      'sign-up': {
        outcome: 'まったく新しいサブスクリプションを開始します。試用版のデータと設定は引き継がれません。',
        cta: '新しいサブスクリプションを開始',
      },
    },
    'bypass-customer': {
      'sign-in': {
        outcome: '既存のアカウントでサインインし、その情報をボリューム ライセンス契約に関連付けます。',
        cta: '既存のアカウントでサインイン',
      },
      'sign-up': {
        outcome:
          '新規のお客様と同じように新しいアカウント プロファイルを作成し、ボリューム ライセンス契約に関連付けます。',
        cta: '新しいアカウント プロファイルでサインアップ',
      },
    },
  },
  exclusions: {
    'bpos-s-trial-customers': {
      who: 'BPOS-S 試用版のお客様',
      sentence: 'この手順は BPOS-S 試用版のお客様には適用されません。',
      advice:
        '組織で BPOS-S の試用版のみを使用していた場合、どのオプションを選ぶべきかはアクティブ化の手順に示されていません。選択する前に、下記のサポートにお問い合わせください。',
    },
  },
  steps: {
    'order-entered': {
      title: '注文が入力される',
      detail: () => 'マイクロソフトまたはチャネル パートナーが、ボリューム ライセンスの注文を入力します。',
    },
    'choose-sign-up': {
      title: 'アクティブ化メールで「サインアップ」を選ぶ',
      detail: ({ option }) => `アクティブ化メールが届いたら、${quote('ja-JP', option('sign-up'))}を選択します。`,
    },
    'create-profile': {
      title: 'アカウント プロファイルを作成してアクティブ化する',
      detail: () => '組織のアカウント プロファイルを入力し、アクティブ化します。',
    },
    'add-online-services-id': {
      title: 'Microsoft Online Services ID を追加する',
      detail: () => '管理者が使用する Online Services ID (サインイン名) を作成します。',
    },
    'profile-acknowledged': {
      title: 'プロファイルの確認通知が届く',
      detail: () => 'アカウント プロファイルが作成されたことを確認する通知が届きます。',
    },
    'choose-sign-in': {
      title: 'アクティブ化メールで「サインイン」を選ぶ',
      detail: ({ option }) => `アクティブ化メールが届いたら、${quote('ja-JP', option('sign-in'))}を選択します。`,
    },
    'sign-in-existing': {
      title: '既存のアカウントでサインインする',
      detail: () =>
        '既存の Online Services ID とパスワードでサインインし、既存のアカウントのサブスクリプション情報を入力します。既存のテナントとボリューム ライセンス情報の関連付けの処理中であることを知らせる確認通知が届きます。',
    },
    provisioned: {
      title: 'サービスがプロビジョニングされる',
      detail: () =>
        'プロビジョニング完了のお知らせに、購入したすべてのサブスクリプション (例: SharePoint Online (プラン 2)) が記載されます。',
    },
    'review-subscriptions': {
      title: '作成されたサブスクリプションを確認する',
      detail: () => '請求とサブスクリプション管理のページを開き、作成された内容を確認します。',
    },
    'review-details': {
      title: 'サブスクリプションの詳細を確認する',
      detail: () => '各サブスクリプションについて、ボリューム ライセンス サブスクリプションの詳細ページを開きます。',
    },
  },
  recipientRoles: {
    'online-services-manager': g.onlineServicesManager.use,
    'vlsc-administrator': g.vlscAdministrator.use,
    'notices-contact': g.noticesContact.use,
  },
  support: {
    heading: 'お困りの場合',
    defaultPhone: {
      region: '米国およびカナダ',
      hours: '太平洋標準時 (PST) 午前 6 時～午後 6 時',
      days: '月曜日～金曜日',
    },
    portal: '{portal} からオンライン サービス リクエストを送信してください。',
    portalLink: g.supportPortal.use,
    phone: ({ region, option, hours, days }) =>
      `${region}: {number} に電話し、音声ガイダンスで ${option} 番を選択してください。受付時間は${days}、${hours}です。`,
    phoneLine: ({ region, number, option, hours, days }) =>
      `${region}: ${number} (音声ガイダンスで ${option} 番)、受付時間は${days}の${hours}です。`,
    international: () => '米国およびカナダ以外のお客様は、{contacts}をご確認ください。',
    internationalLink: 'お客様の国または地域の受付時間と連絡先',
    forgotCredentials:
      '既存のアカウントの情報をお忘れの場合は、サインインする前に、下記のサポートにお問い合わせのうえ、資格情報を入手してください。',
  },
  email: {
    greeting: (name) => (name ? ja`${name} 様` : 'ご担当者様'),
    orOpenLink: 'または次のリンクを開いてください:',
    reminderSubject: (subject) => `【リマインダー】${subject}`,
    footer: ({ brand, product }) =>
      `このメールは、${product} のボリューム ライセンス契約に関して ${brand} からお送りしています。`,
    activation: {
      subject: ({ product, org }) => ja`${org} の ${product} をアクティブ化してください`,
      preview: ({ product, org, single }) =>
        ja`${single ? 'サインアップでアクティブ化' : 'お客様に合ったオプションを選択'}: ${org} の ${product} の注文をアクティブ化できます。`,
      heading: ({ product }) => `${product} のアクティブ化`,
      reminder:
        'このメールは、以前お送りしたアクティブ化メールのリマインダーです。以下のオプションとリンクは同じものです。',
      orderEntered:
        '{org} のボリューム ライセンスの注文が入力されました。オンライン サービスの利用を開始するには、このメールからアクティブ化してください。',
      orderEnteredWithEnrollment:
        '{org} (加入契約番号 {enrollment}) のボリューム ライセンスの注文が入力されました。オンライン サービスの利用を開始するには、このメールからアクティブ化してください。',
      services: 'この注文のサービス:',
      whyYou:
        'このメールは、組織のボリューム ライセンスの加入契約でオンライン サービスの連絡先として記載されている方にお送りしています。',
    },
    acknowledgement: {
      headline: {
        'profile-created': 'アカウント プロファイルが作成されました',
        'tenant-associated': '既存のアカウントをボリューム ライセンス契約に関連付けています',
      },
      subject: ({ headline, org }) => `${headline}: ${org}`,
      preview: ({ headline }) => `${headline}。次にサービスがプロビジョニングされます。`,
      created:
        '{org} のアカウント プロファイルが作成され、アクティブ化されました。Microsoft Online Services ID は {id} です。',
      createdWithDomain:
        '{org} のアカウント プロファイルが作成され、アクティブ化されました。Microsoft Online Services ID は {id}、ドメインは {domain} です。',
      associated:
        '{id} としてサインインしました。{org} の既存のアカウント情報を、ボリューム ライセンス情報に関連付けています。',
      associatedWithDomain:
        '{id} としてサインインしました。{org} ({domain}) の既存のアカウント情報を、ボリューム ライセンス情報に関連付けています。',
      nextLabel: '今後の流れ:',
      next: '購入されたサービスをプロビジョニングしています。準備ができ次第、各サブスクリプションを記載したプロビジョニング完了のお知らせをお送りします。',
      review: 'サブスクリプションを確認',
      idNote: '管理者はこの Online Services ID でサインインします。',
    },
    provisioning: {
      subject: ({ org }) => `サービスの準備ができました: ${org}`,
      preview: {
        one: ({ count, org }) => ja`${org} の ${count} 件のサブスクリプションがプロビジョニングされました。`,
        other: ({ count, org }) => ja`${org} の ${count} 件のサブスクリプションがプロビジョニングされました。`,
      },
      heading: 'サービスがプロビジョニングされました',
      intro: '{org} がボリューム ライセンスで購入したサービスがプロビジョニングされ、利用できるようになりました:',
      quantity: ({ quantity }) => `数量: ${quantity}`,
      period: {
        both: ({ from, to }) => `${from}～${to}`,
        from: (date) => `${date}から`,
        until: (date) => `${date}まで`,
      },
      nextLabel: '次の手順:',
      next: '作成されたサブスクリプションを確認し、それぞれを開いてボリューム ライセンスの詳細を確認してください。',
      review: 'サブスクリプションを確認',
      missing: '不足や誤りがある場合は、加入契約番号を添えてサポートにお問い合わせください。',
      missingWithEnrollment:
        '不足や誤りがある場合は、加入契約番号 ({enrollment}) を添えてサポートにお問い合わせください。',
    },
    trialEnding: {
      subject: ({ product, date, org }) => `${product} の試用版は ${date}に終了します: ${org}`,
      preview: ({ date }) => `${date}までに移行すると、試用版のデータ、設定、ドメインを引き継げます。`,
      heading: ({ date }) => `試用版は ${date}に終了します`,
      ends: '{org} の {days} 日間の {product} 試用版は {date}に終了します。終了後にデータが削除される場合は、その前にマイクロソフトからお知らせします。',
      keep: ({ signIn, signUp }) =>
        `試用版のデータ、設定、既存の onmicrosoft.com ドメインを引き継ぐには、${quote('ja-JP', signIn)}で有料サブスクリプションに移行してください。既存の Online Services ID とパスワードでサインインします。なお、${quote('ja-JP', signUp)}を選択すると、まったく新しいサブスクリプションが開始され、試用版のデータと設定は引き継がれません。`,
      cta: 'サインインして試用版を引き継ぐ',
      forgot:
        'Online Services ID またはパスワードをお忘れの場合は、試用版の終了前に、下記のサポートにお問い合わせのうえ、資格情報を入手してください。',
      ended: {
        subject: ({ product, date, org }) => `${product} の試用版は ${date}に終了しました: ${org}`,
        preview: ({ date }) =>
          `試用版は ${date}に終了しました。オプションを選択する前にサポートにお問い合わせください。`,
        heading: ({ date }) => `試用版は ${date}に終了しました`,
        body: '{org} の {days} 日間の {product} 試用版は {date}に終了しましたが、アクティブ化のオプションはまだ選択されていません。',
        support:
          '試用版の終了後に各オプションで何が引き継がれるかは、アクティブ化の手順には記載がありません。アクティブ化メールでオプションを選択する前に、下記のサポートにお問い合わせください。',
      },
      signedUp: {
        preview: ({ date, signUp }) =>
          `試用版は ${date}に終了します。「${signUp}」を選択されたため、試用版のデータと設定は新しいサブスクリプションに引き継がれません。`,
        body: '{org} の {days} 日間の {product} 試用版は {date}に終了します。',
        chose: ({ signUp }) =>
          `アクティブ化メールで「${signUp}」を選択されました。${signUp}ではまったく新しいサブスクリプションを開始するため、試用版のデータと設定は新しいサブスクリプションに引き継がれません。`,
        advised: '試用版の終了後にデータが削除される場合は、その前にマイクロソフトからお知らせします。',
        support: '試用版や新しいサブスクリプションについてご不明な点は、下記のサポートにお問い合わせください。',
      },
    },
  },
};

export default messages;
