/**
 * What the lines of a signature are, beyond what names.ts answers for English and Chinese:
 * Japanese and Korean names and titles, titles in German, French, Spanish and Italian, legal
 * forms that mark an organisation (Ltd, GmbH, S.r.l., 有限公司, 株式会社, 주식회사), department
 * lines ("Vertriebsinnendienst", "영업팀", "営業部"), and Japanese and Korean postal addresses.
 */

import { cleanPersonName, hasCjk, looksLikeTitle } from './names.ts';

export const KANA = /[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]/;
export const HANGUL = /[\uac00-\ud7af]/;
const KANJI = '\\u3400-\\u9fff\\uf900-\\ufaff々';
const KANA_CLASS = '\\u3040-\\u30ff';

/** Text written in Chinese characters, kana or Hangul. */
export const isEastAsian = (s: string): boolean => hasCjk(s) || KANA.test(s) || HANGUL.test(s);

// ---- organisations

/** Legal forms that end or start a company name; upper-case short forms only as written. */
const LEGAL_LATIN =
  /(?:^|[\s,(])(?:inc|incorporated|llc|l\.l\.c|llp|ltd|limited|plc|corp|corporation|gmbh|mbh|kgaa|sarl|s\.\s?a\.\s?r\.\s?l|eurl|ltda|pte|pvt|pty|s\.\s?a|s\.\s?a\.\s?s|s\.\s?l|s\.\s?l\.\s?u|s\.\s?r\.\s?l|s\.\s?p\.\s?a|s\.\s?c\.\s?a|b\.\s?v|n\.\s?v|a\/s|e\.\s?k|e\.\s?v|k\.\s?k|co\.)\.?(?=$|[\s,)&])/i;
const LEGAL_UPPER =
  /(?:^|[\s,(&])(?:AG|KG|SE|OHG|UG|GbR|AB|AS|ASA|SA|SL|SAS|SRL|SPA|SpA|Srl|BV|NV|Oy|Oyj|ApS|KK)\.?(?=$|[\s,)])/;
const LEGAL_CJK =
  /(?:有限公司|股份有限公司|有限责任公司|股份公司|公司|集团|株式会社|有限会社|合同会社|合資会社|（株）|\(株\)|㈱|（有）|\(有\)|주식회사|유한회사|유한책임회사|\(주\)|（주）|㈜|\(유\))/;
/** Words that make a company line without a legal form ("… Technologies", "…科技", "…商事"). */
const COMPANY_WORD =
  /\b(?:company|group|holdings?|technologies|technology|systems|solutions|labs|robotics|software|partners|consulting|industries|ventures|capital|analytics|networks|logistics|manufacturing|gruppe|groupe|grupo|gruppo|industrie|industria|industrias|maschinenbau|handel|handels|logistik|werke|société|societe|compagnie|distribuidora|comercial|sociedad)\b/i;
const COMPANY_CJK_WORD =
  /(?:科技|研究院|研究所|事务所|工作室|银行|大学|学院|医院|工厂|商行|控股|商事|商会|工業|工业|電機|电机|製作所|産業|物産|物流|技研|通商|銀行|건설|전자|물산|산업|테크|그룹|상사|무역|은행)/;

export function hasLegalForm(s: string): boolean {
  return LEGAL_LATIN.test(s) || LEGAL_UPPER.test(s) || LEGAL_CJK.test(s);
}

/** A line naming an organisation: a legal form, or a company word in a short line. */
export function looksLikeOrganization(s: string): boolean {
  if (s.length > 90 || /@|\d{4,}/.test(s)) return false;
  if (hasLegalForm(s)) return true;
  if (isEastAsian(s)) return COMPANY_CJK_WORD.test(s) && !isTitle(s) && !isDepartment(s);
  return COMPANY_WORD.test(s);
}

/** The token of an East Asian line that is the company ("株式会社ミライ商事 購買部 課長"). */
export function splitEastAsianCompany(s: string): { company: string; rest: string } | undefined {
  const parts = s.split(/\s+/).filter((p) => p !== '');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] ?? '';
    if (!LEGAL_CJK.test(p) && !COMPANY_CJK_WORD.test(p)) continue;
    if (isTitle(p) && !LEGAL_CJK.test(p)) continue;
    // "株式会社 サクラ電機": a legal form standing alone joins its neighbour.
    let from = i;
    let to = i + 1;
    if (LEGAL_CJK.test(p) && p.replace(LEGAL_CJK, '') === '') {
      if (i + 1 < parts.length) to = i + 2;
      else if (i > 0) from = i - 1;
    }
    const company = parts.slice(from, to).join(' ');
    const rest = [...parts.slice(0, from), ...parts.slice(to)].join(' ');
    return { company, rest };
  }
  return undefined;
}

// ---- titles

const TITLE_WORDS_EU = new Set(
  // Spanish
  (
    'gerente jefe jefa directora ejecutivo ejecutiva coordinador coordinadora asesor asesora ingeniero ingeniera analista consultor consultora presidente presidenta vicepresidente vicepresidenta socio socia encargado encargada representante especialista delegado delegada comprador compradora técnico técnica administrativo administrativa agente ' +
    // French
    'directeur directrice chargé chargée ingénieur ingénieure commercial commerciale technico-commercial technico-commerciale acheteur acheteuse assistante conseiller conseillère attaché attachée délégué déléguée président présidente gérante chef ' +
    // Italian
    'responsabile direttore direttrice ingegnere consulente tecnico addetto addetta titolare impiegato impiegata amministratore amministratrice ' +
    // German
    'teamleiter teamleiterin einkäufer einkäuferin verkäufer verkäuferin kaufmann kauffrau assistenz inhaber inhaberin mitarbeiter mitarbeiterin disponent disponentin spezialist spezialistin vertriebsmitarbeiter vertriebsmitarbeiterin prokuristin'
  ).split(' '),
);
const TITLE_JA =
  /(?:代表取締役|取締役|社長|副社長|会長|専務|常務|執行役員|本部長|部長|次長|課長|係長|室長|所長|支店長|工場長|センター長|グループ長|主任|主査|主事|担当|マネージャー|マネジャー|リーダー|ディレクター|エンジニア|コンサルタント|スペシャリスト|顧問|参事|チーフ|アシスタント|秘書)/;
const TITLE_ZH_HANT = /(?:經理|總監|總經理|副總|協理|專員|工程師|業務代表|董事長|執行長|處長)/;
const TITLE_KO = new Set(
  '대표이사 대표 부사장 사장 회장 전무 상무 이사 본부장 센터장 실장 팀장 파트장 부장 차장 과장 대리 주임 사원 매니저 책임 선임 수석 연구원 책임연구원 선임연구원 수석연구원 프로 담당 담당자 컨설턴트 엔지니어 디렉터 고문 위원 그룹장 지점장 소장 공장장'.split(
    ' ',
  ),
);

const KO_TITLE_AT_END =
  /(?:대표이사|대표|사장|회장|전무|상무|이사|본부장|센터장|실장|팀장|파트장|부장|차장|과장|대리|주임|사원|매니저|책임|선임|수석|연구원|프로|담당|담당자|컨설턴트|엔지니어|디렉터|고문|그룹장|지점장|소장)$/;

/** A job title in any of the languages signatures are written in. */
export function isTitle(s: string): boolean {
  const t = s.trim();
  if (t === '' || t.length > 90 || t.includes('@')) return false;
  if (HANGUL.test(t)) {
    if (Array.from(t).length > 30) return false;
    return t.split(/\s+/).some((w) => TITLE_KO.has(w) || KO_TITLE_AT_END.test(w));
  }
  if (isEastAsian(t)) {
    if (Array.from(t).length > 40) return false;
    if (TITLE_JA.test(t) || TITLE_ZH_HANT.test(t)) return true;
  }
  if (looksLikeTitle(t)) return true;
  if (isEastAsian(t) || /\d{4,}/.test(t)) return false;
  const words = t.toLowerCase().split(/[\s,&/|()–—]+/);
  return words.length <= 10 && words.some((w) => TITLE_WORDS_EU.has(w));
}

/** A department on its own line: a stand-in for the title when there is none. */
const DEPARTMENT_DE =
  /^(?:abteilung\s+)?[\p{L}-]*(?:dienst|einkauf|vertrieb|verkauf|buchhaltung|kundenservice|kundenbetreuung|logistik|disposition|abwicklung|qualitätssicherung|qualitätsmanagement|versand|konstruktion|entwicklung|controlling|personalwesen|export)$/iu;
const DEPARTMENT_EA = new RegExp(
  `^[${KANJI}${KANA_CLASS}\\uac00-\\ud7afA-Za-z]{1,12}(?:部|課|室|グループ|センター|本部|事業部|팀|본부|사업부|센터|그룹|处|科|中心|事业部)$`,
  'u',
);

export function isDepartment(s: string): boolean {
  const t = s.trim();
  if (t.length > 40) return false;
  if (isEastAsian(t)) return DEPARTMENT_EA.test(t) && !isTitle(t);
  return DEPARTMENT_DE.test(t) && !t.includes(' ');
}

// ---- names

const KO_SURNAMES = new Set(
  Array.from(
    '김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부',
  ),
);
const KO_COMPOUND = ['남궁', '황보', '제갈', '선우', '독고', '사공', '서문'];
const KO_NOT_NAME = new Set(
  '감사 감사합니다 안녕 안녕하세요 전화 이메일 주소 모바일 휴대폰 회사 고객 정보 제목 참조 내용 확인 문의 연락 연락처 부탁 견적 자료 첨부 회신 요청 주식회사 유한회사 구매 영업 마케팅 기술 지원 본사 지사 공장 사무실 팩스 홈페이지 대한 한국 서울 부산 인천 대구 광주 대전 울산 경기 강남 서초 이상 수고 오늘 내일 다음 지난'.split(
    ' ',
  ),
);

/** A Korean full name: 2–3 Hangul syllables after a family name (4 with 남궁, 황보…). */
export function koreanName(s: string): string | undefined {
  const t = s.trim().replace(/\s*(?:드림|올림|배상|씀)$/, '');
  if (!/^[\uac00-\ud7af]{2,4}$/.test(t)) return undefined;
  const compound = KO_COMPOUND.some((c) => t.startsWith(c));
  if (t.length === 4 && !compound) return undefined;
  if (!compound && !KO_SURNAMES.has(t[0] ?? '')) return undefined;
  if (KO_NOT_NAME.has(t) || TITLE_KO.has(t) || /(?:팀|부|실|님|씨|께)$/.test(t)) return undefined;
  return t;
}

const JA_NAME = new RegExp(
  `^([${KANJI}]{1,3}) ([${KANJI}]{1,3}|[${KANJI}${KANA_CLASS}]{2,5})$`,
  'u',
);
const NOT_JA_NAME_PART = /(?:様|殿|さん|部|課|室|長|社|所|店|会|係|担当|御中)$/;

/** A Japanese name written family name, space, given name: "山田 太郎", "山田 太郎（Taro Yamada）". */
export function japaneseName(s: string): string | undefined {
  const t = s
    .replace(/[（(]\s*[A-Za-z][A-Za-z .'-]*[)）]\s*$/, '')
    .replace(/\s+[A-Z][a-z]+ [A-Z][A-Za-z]+$/, '')
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
  const m = JA_NAME.exec(t);
  if (!m?.[1] || !m[2]) return undefined;
  if (NOT_JA_NAME_PART.test(m[1]) || NOT_JA_NAME_PART.test(m[2])) return undefined;
  if (isTitle(m[1]) || isTitle(m[2]) || LEGAL_CJK.test(t) || COMPANY_CJK_WORD.test(t)) {
    return undefined;
  }
  return `${m[1]} ${m[2]}`;
}

/** A person's name in any script the parser reads. */
export function personName(s: string): string | undefined {
  if (HANGUL.test(s)) {
    const t = s.replace(/[（(]\s*[A-Za-z][A-Za-z .'-]*[)）]\s*$/, '').trim();
    return koreanName(t);
  }
  if (hasLegalForm(s)) return undefined;
  return cleanPersonName(s) ?? japaneseName(s);
}

/** "김민수 대리", "山田 太郎 部長", "Jane Doe, CEO" handled elsewhere: East Asian name then rest. */
export function eastAsianNameAndRest(s: string): { name: string; rest: string } | undefined {
  if (!isEastAsian(s)) return undefined;
  const parts = s.split(/\s*[|｜/／]\s*|\s+/).filter((p) => p !== '');
  for (let n = Math.min(parts.length, 3); n >= 1; n--) {
    const head = parts.slice(0, n).join(' ');
    const name = personName(head);
    if (name) return { name, rest: parts.slice(n).join(' ') };
  }
  return undefined;
}

/** "总经理：刘建华", "销售总监 周敏", "営業部長 山田 太郎": the title first, then the name. */
export function titleThenName(s: string): { title: string; name: string } | undefined {
  const m = /^(.{2,40}?)\s*(?:[:：]\s*|\s+)(\S+(?: \S+)?)$/u.exec(s.trim());
  if (!m?.[1] || !m[2]) return undefined;
  const name = personName(m[2]);
  if (!name) return undefined;
  const title = m[1].replace(/[:：]$/, '').trim();
  if (!isTitle(title) || personName(title)) return undefined;
  return { title, name };
}

// ---- addresses

const ADDRESS_JA = /(?:都|道|府|県|市|区|町|村|丁目|番地|番|号|ビル|階)/g;
const ADDRESS_KO =
  /[\uac00-\ud7af]+(?:시|도|구|군|로|길|동|읍|면|층|번지|호|빌딩|타워)(?=[\s,]|\d|$)/g;

/** "〒105-0011 東京都港区…", "서울특별시 강남구 테헤란로 123, 10층". */
export function looksLikeEastAsianAddress(s: string): boolean {
  if (/^〒\s?\d{3}-?\d{4}/.test(s)) return true;
  if (!/\d/.test(s)) return false;
  if (HANGUL.test(s)) return (s.match(ADDRESS_KO)?.length ?? 0) >= 2;
  if (KANA.test(s) || /[都道府県]/.test(s)) return (s.match(ADDRESS_JA)?.length ?? 0) >= 3;
  return false;
}
