/**
 * The lines around an e-mail signature that are not contact data, in the languages reps meet
 * (EN/DE/FR/ES/IT/ZH/JA/KO): sign-offs ("Best,", "Viele Grüße", "此致 敬礼", "よろしくお願いいたします。",
 * "감사합니다."), where a quoted or forwarded message starts ("On … wrote:", "Von:", "差出人:",
 * "보낸 사람:"), mobile footers ("Sent from my iPhone", "iPhoneから送信"), confidentiality notices,
 * company-register lines and "please consider the environment" lines.
 */

const CLOSING_WORDS = [
  // English
  '(?:(?:best|kind|warm|warmest|warmly|many|with (?:best|kind|warm)|all (?:the )?best|best personal)\\s+(?:regards|wishes)|regards|best|all best|cheers|thanks(?: (?:again|a lot|so much))?(?: (?:&|and) (?:best |kind |warm )?regards)?|thank you(?: (?:very much|again|so much))?|many thanks|thanks in advance|thx|tia|br|sincerely(?: yours)?|yours(?: sincerely| truly| faithfully)?|respectfully|all the best|talk soon|speak soon|take care|have a (?:nice|great|good) (?:day|weekend)|ciao)',
  // German
  '(?:mit (?:freundlichen|besten|herzlichen|vielen) (?:grüßen|grüssen)|mit freundlichem gru(?:ß|ss)|freundliche (?:grüße|grüsse)|freundlichen gru(?:ß|ss)|(?:viele|beste|liebe|herzliche|schöne|sonnige) (?:grüße|grüsse)|(?:danke|vielen dank) und (?:viele |beste )?(?:grüße|grüsse|gru(?:ß|ss))|besten dank|vielen dank|danke|gru(?:ß|ss)|grüße|grüsse|mfg|vg|lg|bg)',
  // French
  "(?:(?:bien|très|tres) cordialement|cordialement|bien à vous|bien a vous|(?:meilleures|sincères|sinceres|bien sincères)? ?salutations(?: distinguées)?|amicalement|merci(?: beaucoup| d'avance| par avance)?|bonne (?:journée|journee|soirée)|à bientôt|a bientot)",
  // Spanish
  '(?:saludos(?: cordiales)?|un (?:cordial )?saludo|reciba un cordial saludo|atentamente|cordialmente|(?:muchas )?gracias|un abrazo|quedo atent[oa])',
  // Italian
  '(?:(?:cordiali|distinti|cari) saluti|saluti|un (?:caro )?saluto|grazie(?: mille)?|buona giornata|a presto)',
  // Chinese
  '(?:此致敬礼|此致|敬礼|祝好|顺祝商祺|顺颂商祺|顺颂时祺|祝商祺|谢谢|多谢|感谢|祝工作顺利|祝一切顺利|祝顺利|盼复|期待您的回复|谢谢您|顺祝|商祺)',
  // Japanese
  '(?:(?:以上、?\\s*)?(?:今後とも|引き続き|何卒|どうぞ)?\\s*(?:よろしく|宜しく)お願い(?:いた|致)?(?:します|申し上げます)|ありがとうございます|ありがとうございました|以上|取り急ぎ(?:ご連絡|ご報告|お礼)まで)',
  // Korean
  '(?:감사합니다|감사드립니다|고맙습니다|수고하세요|수고하십시오|좋은 하루 (?:되세요|보내세요)|잘 부탁드립니다|잘 부탁 드립니다)',
].join('|');
const TRAIL = '[\\s,，.!！。:：~\\-、]*';

/** A sign-off on a line of its own ("Best,", "Mit freundlichen Grüßen", "감사합니다."). */
export const CLOSING = new RegExp(`^(?:${CLOSING_WORDS})${TRAIL}$`, 'iu');
/** "Best regards, Jane Doe" / "Thanks, -Jane" / "谢谢！王小明". */
export const CLOSING_WITH_NAME = new RegExp(
  `^(?:${CLOSING_WORDS})[,，!！.。]\\s*-?\\s*(.{2,40})$`,
  'iu',
);

/** "-- ", a rule of dashes, underscores, equals signs or box-drawing characters. */
export const DELIMITER = /^(?:--|-- |[-_=]{5,}|—{2,}|[━─═＿＝－~～*＊・･]{5,})$/u;

const QUOTE_LINE: readonly RegExp[] = [
  /^>/,
  /^on\b.{0,200}\bwrote:?$/i,
  /^-{2,}\s*(?:original message|forwarded message|ursprüngliche nachricht|weitergeleitete nachricht|message d'origine|message transféré|mensaje original|mensaje reenviado|messaggio originale|messaggio inoltrato|原始邮件|回复的原邮件|转发邮件|原邮件|元のメッセージ|転送メッセージ|원본 메시지|전달된 메시지)\s*-{2,}/i,
  /^-{3,}\s*(?:原始邮件|回复的原邮件|original message|元のメッセージ|원본 메시지)/i,
  /^在\s?.{0,100}写道[:：]?$/,
  /^.{0,100}于\s?.{0,60}写道[:：]?$/,
  /a écrit\s?:$/i,
  /^am .{0,100} schrieb .{0,80}:$/i,
  /^(?:el|on) .{0,160}\bescribió\s?:?$/i,
  /^il .{0,160}\bha scritto\s?:?$/i,
  /^\d{4}年\d{1,2}月\d{1,2}日.{0,120}[:：]$/,
  /^\d{4}년 ?\d{1,2}월 ?\d{1,2}일.{0,120}(?:작성|씀)\s?[:：]?$/,
  /님이 작성(?:했습니다)?\s?[:：]?$/,
  /^begin forwarded message:?$/i,
  /^(?:début du message réexpédié|inicio del mensaje reenviado|inizio messaggio inoltrato|anfang der weitergeleiteten nachricht)\s?:?$/i,
];
const HEADER_FROM =
  /^(?:from|发件人|寄件人|寄件者|von|de|da|van|från|fra|差出人|送信者|보낸 ?사람|보낸이)\s*[:：]/i;
const HEADER_NEXT =
  /^(?:sent|date|to|subject|cc|发送时间|时间|日期|收件人|主题|抄送|gesendet|datum|an|betreff|envoyé|envoye|à|a|objet|enviado|fecha|para|asunto|inviato|data|oggetto|送信日時|日時|宛先|件名|받는 ?사람|보낸 ?날짜|날짜|제목|참조)\s*[:：]/i;

/** Index of the first line of quoted or forwarded content, or the number of lines. */
export function quoteStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (QUOTE_LINE.some((r) => r.test(line))) return i;
    // "On Tue, 3 Mar 2024 at 10:02, Jane Doe <" + "jane@acme.com> wrote:"
    if (/^(?:on|el|le|il|am)\b/i.test(line)) {
      const two = `${line} ${lines[i + 1] ?? ''}`;
      const ended = /\b(?:wrote:?|escribió:?|a écrit\s?:|ha scritto:?|schrieb\b.{0,80}:)$/i.test(
        two,
      );
      if (ended && (/^on\b/i.test(line) || /[@<]/.test(two))) return i;
    }
    if (HEADER_FROM.test(line) && lines.slice(i + 1, i + 5).some((l) => HEADER_NEXT.test(l))) {
      return i > 0 && /^[_-]{8,}$/.test(lines[i - 1] ?? '') ? i - 1 : i;
    }
  }
  return lines.length;
}

/** "Sent from my iPhone", "Get Outlook for iOS", "Von meinem iPhone gesendet", "发自我的iPhone"… */
const MOBILE_FOOTER =
  /^(?:sent (?:from|via|with|using|on) .{1,60}|get outlook for .{1,30}|download outlook for .{1,30}|von meinem .{1,50} gesendet|gesendet (?:von|mit|vom|über) .{1,50}|envoyé (?:de|depuis|à partir de) (?:mon )?.{1,50}|télécharger outlook pour .{1,30}|obtenir outlook pour .{1,30}|enviado (?:desde|con|de) .{1,50}|obtener outlook para .{1,30}|descargar outlook para .{1,30}|inviato (?:da|dal|dal mio|tramite|con) .{1,50}|scarica outlook per .{1,30}|ottieni outlook per .{1,30}|发自我的.{1,30}|发自.{1,30}(?:手机|客户端|邮箱|ipad|iphone)|从我的.{1,30}发送|来自.{1,30}(?:邮箱|客户端|手机|ipad|iphone)|获取\s?outlook.{0,30}|.{1,40}から送信(?:しました)?|outlook for .{1,20}\s?を入手|.{1,40}에서 (?:보냄|보냈습니다|발송)|outlook for .{1,20}\s?(?:받기|다운로드))[\s.。!！]*$/i;

export function isMobileFooter(line: string): boolean {
  return line.length <= 90 && MOBILE_FOOTER.test(line);
}

/** A confidentiality notice starts here: everything from it down is not the sender's. */
const DISCLAIMER_START =
  /^(?:confidential(?:ity)?(?: notice| note| statement| warning)?\b|disclaimer\b|legal (?:notice|disclaimer)\b|important(?: notice)?\s*:|notice\s*:|privileged\b|this (?:e-?mail|message|communication|transmission)(?: and any (?:files|attachments)[^.]{0,40})? (?:is|are|may|contains?|and its)|the (?:information|content)s? (?:contained )?in this|if you (?:are not|have received)|any (?:views|opinions) (?:expressed|presented)|unless (?:expressly|otherwise) stated|vertraulichkeitshinweis|haftungsausschluss|avis de confidentialité|confidentialit[ée]\s*:|aviso(?: legal| de confidencialidad)?\s*:|avvertenza|riservatezza\s*:|保密(?:声明|提示|须知)?[:：]?|免责声明|本邮件(?:及其附件)?(?:含有|包含|可能|仅供|所含|内容)|此邮件(?:及其附件)?(?:含有|包含|可能|仅)|此电子邮件|【?機密)/i;
// Starts that are a notice only with a word of one in the line ("This e-mail (including …)").
const DISCLAIMER_MAYBE =
  /^(?:this (?:e-?mail|message|communication|transmission)\b|(?:diese|die) (?:e-?mail|nachricht)\b|der inhalt dieser|ce (?:message|courriel|e-?mail|mail)\b|este (?:mensaje|correo)\b|la información contenida|questo (?:messaggio|e-?mail)\b|le informazioni contenute|本メール|このメール(?:は|には)|본 (?:메일|이메일|전자우편)|이 (?:메일|이메일|전자우편))/i;
// Words of the notice itself: two of them in a long line make it one, however it starts.
const DISCLAIMER_WORDS =
  /confidential|privileged|intended (?:solely |only |exclusively )?for|intended recipient|addressee|notify the sender|delete (?:it|this|the)|unauthori[sz]ed|prohibited|strictly|vertraulich|empfänger|absender|irrtümlich|confidentiel|destinataire|interdit|confidencial|destinatario|prohibid|riservat|destinatari|vietat|機密|受信|削除|秘密|비밀|수신|삭제|保密|收件人|删除|机密/gi;

export function isDisclaimerStart(line: string): boolean {
  if (DISCLAIMER_START.test(line)) return true;
  const hits = new Set((line.match(DISCLAIMER_WORDS) ?? []).map((w) => w.toLowerCase()));
  if (DISCLAIMER_MAYBE.test(line)) return hits.size >= 1;
  return line.length >= 60 && hits.size >= 2;
}

/**
 * Company-register and board lines ("Sitz: Düsseldorf | Amtsgericht HRB 12345",
 * "Vorstand: Dr. …", "Registered in England No. …"), external-mail banners, and environment
 * lines: dropped one by one, the rest of the block is kept.
 */
const LEGAL_LINE =
  /\b(?:sitz(?: der gesellschaft)?\s*:|amtsgericht|registergericht|handelsregister|hrb\s?\d|hra\s?\d|ust-?id(?:-?nr)?|steuer-?nr|geschäftsführ(?:er|erin|ung)\s*:|vorstand\s*:|aufsichtsrat|registered (?:office|in|address|number)|company (?:registration|reg\.?|number|no\.?)\b|vat (?:no|number|reg)|siège social|rcs\s|capital social|siret|registro mercantil|c\.?i\.?f\.?\s*:|p\.?\s?iva|partita iva|codice fiscale|capitale sociale|r\.?e\.?a\.?\s*:)/i;
const BANNER =
  /originated (?:from )?outside|external (?:e-?mail|sender)|^\[?(?:external|extern|externe)\]?\s*[:：]?$|^\[(?:external|extern|externe)\]|caution\s*:|外部邮件|外部メール|외부 메일/i;
const ENVIRONMENT =
  /(?:environment|umwelt|environnement|medio ambiente|ambiente|环保|环境|環境|환경|tree|arbre|baum|árbol)[^\n]{0,80}(?:print|drucken|imprim|stampa|打印|印刷|인쇄)|(?:print|drucken|imprim|stampa|打印|印刷|인쇄)[^\n]{0,80}(?:environment|umwelt|environnement|ambiente|环保|环境|環境|환경|necessary|nötig|notwendig|nécessaire|necesario|necessario)|think before you print|请环保|打印前请/i;

export function isDroppedLine(line: string): boolean {
  if (line.length > 400) return false;
  return LEGAL_LINE.test(line) || BANNER.test(line) || ENVIRONMENT.test(line);
}

/** "i. A.", "i.V.", "ppa.", "p.p.", "im Auftrag", "in Vertretung" before the signer's name. */
export const PROXY =
  /^(?:i\.\s?a\.|i\.\s?v\.|ppa\.|pp\.|p\.\s?p\.|p\.\s?o\.|im auftrag|in vertretung|per procura|p\.\s?p\.\s?a\.)(?:\s+|$)/i;
