/**
 * "Label: value" segments as written on contact pages, cards and e-mail signatures, in English
 * and Chinese ("Mobile: +1 …", "M: …", "手机：…", "传真：…"). Shared by the card reader and the
 * signature parser so both read "T:" and "电话" the same way.
 */

export type LabelKind =
  | 'name'
  | 'title'
  | 'company'
  | 'mobile'
  | 'phone'
  | 'fax'
  | 'email'
  | 'website'
  | 'address'
  | 'other';

interface LabelRule {
  readonly kind: LabelKind;
  /** Labels that may stand without a colon when the value starts like a phone number / address. */
  readonly words: readonly string[];
  /** One-letter or ambiguous labels: only with a colon or full stop ("T:", "M."). */
  readonly short?: readonly string[];
}

// Order matters: the first rule whose label matches wins ("Phone/Fax" is a phone line).
const RULES: readonly LabelRule[] = [
  {
    kind: 'mobile',
    words: [
      '手机号码',
      '手机号',
      '手机',
      '移动电话',
      'mobile phone',
      'mobile',
      'mob',
      'cellphone',
      'cell phone',
      'cell',
      'handy',
      'portable',
      'mobil',
      'cel',
      'móvil',
      'movil',
      'cellulare',
      'port',
      '携帯',
      '携帯電話',
      '휴대폰',
      '휴대전화',
      '핸드폰',
    ],
    short: ['m', 'c', 'mp'],
  },
  {
    kind: 'fax',
    words: ['传真', 'fax', 'facsimile', 'telefax', 'télécopie', 'ファックス', '팩스'],
    short: ['f'],
  },
  {
    kind: 'phone',
    words: [
      '办公电话',
      '联系电话',
      '固定电话',
      '固话',
      '座机',
      '电话',
      '直线',
      '总机',
      '热线',
      '客服热线',
      '销售热线',
      'telephone',
      'phone',
      'tel',
      'office phone',
      'office',
      'direct line',
      'direct',
      'dir',
      'did',
      'work',
      'landline',
      'hotline',
      'switchboard',
      'main',
      'telefon',
      'durchwahl',
      'zentrale',
      'festnetz',
      'fon',
      '座机号码',
      '分机',
      '代表電話',
      '電話番号',
      '代表番号',
      '대표전화',
      'tél',
      'téléphone',
      'teléfono',
      'telefono',
      '電話',
      '전화',
      '전화번호',
    ],
    short: ['t', 'o', 'd', 'p', 'ph', 'w'],
  },
  {
    kind: 'email',
    words: [
      '电子邮箱',
      '电子邮件',
      '邮箱',
      '邮件',
      'e-mail',
      'email',
      'mail',
      'メール',
      '이메일',
      'courriel',
      'correo',
    ],
    short: ['e'],
  },
  {
    kind: 'website',
    words: [
      '公司网址',
      '网址',
      '网站',
      '主页',
      '官网',
      'website',
      'web',
      'site',
      'url',
      'homepage',
      'linkedin',
      'xing',
    ],
    short: [],
  },
  {
    kind: 'address',
    words: [
      '公司地址',
      '办公地址',
      '地址',
      '通讯地址',
      'address',
      'addr',
      'add',
      'adresse',
      'office address',
      '住所',
      '주소',
      'dirección',
      'indirizzo',
      'anschrift',
    ],
    short: ['a'],
  },
  {
    kind: 'name',
    words: [
      '联系人',
      '姓名',
      'contact person',
      'name',
      'contact',
      'ansprechpartner',
      'ansprechpartnerin',
      '担当者',
      '担当',
      '代表者',
      '氏名',
      '담당자',
      '성명',
    ],
    short: [],
  },
  {
    kind: 'title',
    words: [
      '职位',
      '职务',
      '头衔',
      'job title',
      'title',
      'position',
      'role',
      '役職',
      '직책',
      '직위',
      'funktion',
      'fonction',
      'cargo',
      'puesto',
    ],
    short: [],
  },
  {
    kind: 'company',
    words: ['公司名称', '公司', '单位', 'company', 'organisation', 'organization', 'employer'],
    short: [],
  },
  {
    kind: 'other',
    words: [
      '微信号',
      '微信',
      'wechat',
      'weixin',
      'qq',
      'skype',
      'whatsapp',
      'zalo',
      'viber',
      'telegram',
      'kakaotalk',
      'line',
      'twitter',
      'x',
      'teams',
      'zoom',
      'wecom',
      '企业微信',
      '钉钉',
    ],
    short: [],
  },
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const byLength = (a: string, b: string) => b.length - a.length;
const ALL_WORDS = RULES.flatMap((r) => r.words)
  .sort(byLength)
  .map(escapeRegExp)
  .join('|');
const ALL_SHORT = RULES.flatMap((r) => r.short ?? [])
  .sort(byLength)
  .map(escapeRegExp)
  .join('|');
// "Tel (direct):" glosses the label; "Cell (515) 555-0188" is an area code, part of the value.
const ONE_LABEL = `(?:${ALL_WORDS})(?:\\s*\\((?![\\d\\s+-]+\\))[^)]{1,12}\\))?`;
// "Tel/Fax:", "Mobile & WeChat:", "电话/传真："
const LABELS = `${ONE_LABEL}(?:\\s*[/&]\\s*${ONE_LABEL})*`;
// "Tel:", "Tel.:", "Tel. +49…", "M. +1…"; never "linkedin.com/…".
const WITH_COLON = new RegExp(
  `^(${LABELS}|${ALL_SHORT})(?:\\.?\\s*[:：]|\\.(?=\\s*[+＋(\\d]))\\s*(.*)$`,
  'iu',
);
const WITHOUT_COLON = new RegExp(`^(${LABELS})\\s+([+＋(\\d].*)$`, 'iu');
// Where a second label starts inside one line ("T: 415 555 0100  M: 415 555 0199").
const INNER_LABEL = new RegExp(`(?:^|\\s)(?=(?:${LABELS}|${ALL_SHORT})\\s*[:：])`, 'giu');

/** Labels of the company's own switchboard ("Zentrale", "总机", "代表電話"), never a person's line. */
export const SWITCHBOARD =
  /^(?:总机|總機|zentrale|switchboard|main|代表電話|代表番号|대표전화|hauptnummer)$/i;

export interface Labelled {
  readonly kind: LabelKind;
  /** The label as written, without the colon. */
  readonly label: string;
  readonly value: string;
  /** Every kind named in a combined label ("Tel/Fax" → phone, fax). */
  readonly kinds: readonly LabelKind[];
}

function kindOf(word: string): LabelKind {
  const w = word
    .toLowerCase()
    .replace(/\s*\([^)]*\)$/, '')
    .trim();
  for (const rule of RULES) {
    if (rule.words.includes(w) || rule.short?.includes(w)) return rule.kind;
  }
  return 'other';
}

/** The label and value of one segment, or undefined if it has no recognised label. */
export function splitLabel(segment: string): Labelled | undefined {
  const s = segment.trim();
  // Every label is followed by a colon, a full stop or a number: most lines have none of them.
  if (!/[:：.\d+＋(]/.test(s)) return undefined;
  const m = WITH_COLON.exec(s) ?? WITHOUT_COLON.exec(s);
  if (!m) return undefined;
  const label = (m[1] ?? '').trim();
  const value = (m[2] ?? '').trim();
  // A single capital letter followed by "." is an initial ("J. Doe"), not a label.
  if (/^[a-z]$/i.test(label) && /\.\s/.test(s.slice(1, 3)) && !/^[+＋(\d]/.test(value)) {
    return undefined;
  }
  const kinds = label.split(/\s*[/&]\s*/).map(kindOf);
  let kind = kinds[0] ?? 'other';
  // The value settles what a letter label means: "W: www.acme.com" is a website, not work.
  if (/^(?:https?:\/\/|www\.)|^[a-z0-9-]+\.[a-z]{2,}\/(?:in|pub)\//i.test(value)) kind = 'website';
  else if (value.includes('@') && (kind === 'phone' || kind === 'mobile')) kind = 'email';
  return { kind, label, value, kinds };
}

/**
 * A line cut into segments: at " | ", " • ", " · ", tabs, runs of 3+ spaces, and before every
 * further "Label:" ("T: 415 555 0100 M: 415 555 0199" → two segments).
 */
export function segmentLine(line: string): string[] {
  // A spaced dash separates too: "Dana Whitaker, Sales Manager – dana@… – (207) 555-0141".
  const parts = line.split(/\s+[|｜•·–—]\s+|\s*[|｜]\s*|\t+| {3,}/);
  const out: string[] = [];
  for (const part of parts) {
    const starts = [...part.matchAll(INNER_LABEL)].map((m) => m.index ?? 0);
    if (starts.length === 0 || (starts.length === 1 && starts[0] === 0)) {
      if (part.trim() !== '') out.push(part.trim());
      continue;
    }
    if ((starts[0] ?? 0) > 0) out.push(part.slice(0, starts[0]).trim());
    for (const [i, start] of starts.entries()) {
      const piece = part.slice(start, starts[i + 1] ?? part.length).trim();
      if (piece !== '') out.push(piece);
    }
  }
  return out.filter((p) => p !== '');
}
