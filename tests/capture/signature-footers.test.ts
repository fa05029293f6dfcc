import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSignature } from '../../shared/capture/index.ts';

/** Signatures as reps receive them, built from parts in the languages the parser reads. */
const SIGN_OFFS = [
  'Best regards,',
  'Thanks,',
  'Mit freundlichen Grüßen',
  'Viele Grüße',
  'Cordialement,',
  'Saludos,',
  'Cordiali saluti,',
  '此致\n敬礼',
  'よろしくお願いいたします。',
  '감사합니다.',
  '--',
];
const PEOPLE: readonly (readonly string[])[] = [
  [
    'Jane Doe',
    'VP Sales',
    'Acme Robotics Inc.',
    'M: +1 415 555 0101',
    'jane.doe@acme-robotics.com',
  ],
  ['Klaus Richter', 'Leiter Einkauf', 'Bergmann Maschinenbau GmbH', 'Tel.: +49 89 1234567-40'],
  ['王小明', '销售总监', '北京华信科技有限公司', '手机：138 0013 8000', '邮箱：wangxm@huaxin.cn'],
  ['山田 太郎', '株式会社サクラ電機', '営業部 部長', '携帯: 090-1234-5678'],
  ['김민수 대리', '주식회사 한빛테크', '휴대폰: 010-1234-5678', 'minsu.kim@hanbit-tech.co.kr'],
  ['Rosa Delgado', 'Area Sales Manager, Southwest', 'Pinnacle Foods LLC', 'rosa@pinnaclefoods.com'],
  ['i. A. Sabine Krüger', 'Vertriebsinnendienst', 'Hansen & Söhne KG', 'Tel. +49 40 123456-21'],
];
const MOBILE_FOOTERS = [
  'Sent from my iPhone',
  'Sent from my Galaxy S23, an AT&T 5G smartphone',
  'Get Outlook for iOS<https://aka.ms/o0ukef>',
  'Get Outlook for Android',
  'Von meinem iPhone gesendet',
  'Von meinem Samsung Galaxy Smartphone gesendet.',
  'Envoyé de mon iPhone',
  'Enviado desde mi iPhone',
  'Inviato da iPhone',
  '发自我的iPhone',
  '发自我的华为手机',
  'iPhoneから送信',
  'iPhone에서 보냄',
];
const DISCLAIMERS = [
  'CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential. If you are not the intended recipient, notify legal@fabrikam.co.uk or call +44 20 7946 0999.',
  'This e-mail (including any attachments) is intended solely for the addressee and may contain privileged information.\nJonathan Reed\nGeneral Counsel, Alpine Medical Devices LLC',
  'Please consider the environment before printing this email.',
  'P Please consider the environment before printing this e-mail',
  'Bitte denken Sie an die Umwelt, bevor Sie diese E-Mail ausdrucken.',
  'Nordstahl Handels AG | Sitz: Düsseldorf | Amtsgericht Düsseldorf HRB 12345\nVorstand: Dr. Thomas Krause, Petra Lange',
  'Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte den Absender unter info@nordstahl.de.',
  "Ce message et toutes les pièces jointes sont confidentiels et établis à l'intention exclusive de ses destinataires. Contact : Paul Girard, juridique@exemple.fr",
  'AVISO DE CONFIDENCIALIDAD: Este mensaje y sus anexos son confidenciales. Si lo ha recibido por error, comuníquelo a privacidad@ejemplo.es.',
  '本邮件及其附件含有保密信息，如果您错收了本邮件，请致电 0755-2345 6000 或邮件 legal@qhzl.com.cn 通知发件人。',
  '本メールは機密情報を含む場合があります。誤って受信された場合は info@example.co.jp までご連絡の上、削除してください。',
  '본 메일은 비밀 정보를 포함하고 있습니다. 잘못 수신하신 경우 privacy@example.co.kr 로 알려주시고 삭제해 주십시오.',
];

const signature = fc
  .record({
    body: fc.constantFrom('', 'Thanks for the update.\n\n', 'Anbei das Angebot.\n\n', '好的。\n\n'),
    signOff: fc.constantFrom(...SIGN_OFFS),
    person: fc.constantFrom(...PEOPLE),
  })
  .map(({ body, signOff, person }) => `${body}${signOff}\n${person.join('\n')}`);

describe('signature parsing: footers and notices are not contact data', () => {
  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (t) => {
        expect(() => parseSignature(t)).not.toThrow();
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 40 }),
            fc.constantFrom(...SIGN_OFFS, ...MOBILE_FOOTERS, ...DISCLAIMERS, ...PEOPLE.flat()),
          ),
          { maxLength: 30 },
        ),
        (parts) => {
          expect(() => parseSignature(parts.join('\n'))).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a mobile footer after the signature changes nothing', () => {
    fc.assert(
      fc.property(
        signature,
        fc.constantFrom(...MOBILE_FOOTERS),
        fc.boolean(),
        (sig, footer, gap) => {
          const before = parseSignature(sig);
          expect(before).toBeDefined();
          expect(parseSignature(`${sig}\n${gap ? '\n' : ''}${footer}`)).toEqual(before);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a disclaimer, a register line or an environment note after it changes nothing', () => {
    fc.assert(
      fc.property(
        signature,
        fc.array(fc.constantFrom(...DISCLAIMERS, ...MOBILE_FOOTERS), {
          minLength: 1,
          maxLength: 3,
        }),
        (sig, notes) => {
          const before = parseSignature(sig);
          expect(before).toBeDefined();
          expect(parseSignature(`${sig}\n\n${notes.join('\n\n')}`)).toEqual(before);
        },
      ),
      { numRuns: 300 },
    );
  });
});
