import { processNames } from '../_domain/process-names.ts';
import type { Glossary } from './types.ts';

/**
 * 日本語。マイクロソフトの日本語ドキュメントのボリューム ライセンス用語に従う:
 * 加入契約 (enrollment)、加入契約番号、オンライン サービス マネージャー (OSM)。
 */
const glossary: Glossary = {
  enrollment: {
    use: '加入契約',
    avoid: [{ words: /エンロールメント|登録契約/, why: 'マイクロソフトの日本語ドキュメントは「加入契約」' }],
  },
  enrollmentNumber: {
    use: '加入契約番号',
    avoid: [{ words: /(?<!加入)契約番号/, why: '加入契約の番号は「加入契約番号」(「契約番号」は別の番号)' }],
  },
  volumeLicensing: {
    use: 'ボリューム ライセンス',
    avoid: [{ words: /ボリュームライセンス/, why: '表記は「ボリューム ライセンス」(半角スペースあり)' }],
  },
  onlineServicesManager: {
    use: 'オンライン サービス マネージャー (OSM)',
    avoid: [{ words: /Online Services Manager/, why: '日本語では「オンライン サービス マネージャー」' }],
  },
  vlscAdministrator: { use: 'VLSC オンライン管理者' },
  noticesContact: { use: '通知連絡先兼オンライン管理者' },
  onlineServicesId: { use: 'Microsoft Online Services ID' },
  signIn: { use: 'サインイン', avoid: [{ words: /ログイン/, why: 'オプション名は「サインイン」' }] },
  signUp: { use: 'サインアップ', avoid: [{ words: /新規登録/, why: 'オプション名は「サインアップ」' }] },
  trial: {
    use: '試用版',
    avoid: [{ words: /トライアル|評価版/, why: 'マイクロソフトの用語は「試用版」' }],
  },
  provisioning: { use: 'プロビジョニング' },
  supportPortal: {
    use: processNames.supportPortal,
    avoid: [{ words: /サポート ?ポータル/, why: `プロセスが示すポータル名: ${processNames.supportPortal}` }],
  },
};

export default glossary;
