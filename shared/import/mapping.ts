import { IMPORT_ENTITIES, IMPORT_FIELDS, type ImportEntity, type ImportField } from './fields.ts';
import { SYNONYMS } from './synonyms.ts';

/** A header as the synonyms are written: see normaliseHeader. */
export interface NormalisedHeader {
  /** Lower case, half-width, punctuation gone, without what was in parentheses. */
  readonly main: string;
  /** What was in parentheses ("EUR" of "Amount (EUR)", "元" of "金额（元）"), normalised. */
  readonly unit: string | undefined;
}

const PUNCTUATION = /[\s\-_./:;,|#*'"`~!?·•—–+&=\\[\]{}<>@]+/gu;
const CJK = /\p{Script=Han}/u;

/**
 * "Deal - Expected close date", "金额（元）", " E-mail Address " → comparable text: Unicode
 * NFKC (full-width letters and brackets become half-width), lower case, units in parentheses
 * set apart, punctuation and separators turned into single spaces.
 */
export function normaliseHeader(header: string): NormalisedHeader {
  let text = header.normalize('NFKC').toLowerCase();
  let unit: string | undefined;
  text = text.replace(/\(([^()]*)\)|\[([^[\]]*)\]|【([^【】]*)】/g, (_m, a, b, c) => {
    const inside = clean(String(a ?? b ?? c ?? ''));
    if (inside !== '') unit = unit === undefined ? inside : `${unit} ${inside}`;
    return ' ';
  });
  return { main: clean(text), unit };
}

const clean = (text: string): string => text.replace(PUNCTUATION, ' ').trim();

/**
 * Words in a header that say it is about something else than the field a name in it suggests
 * ("Company ID" is no company name, "Phone 1 - Type" no phone number, "Last Activity Date" no
 * order date, "Middle Name" no person's name): such a header matches a field only if the
 * field's own name has the word.
 */
const OTHER_THINGS = [
  'id',
  'code',
  'type',
  'label',
  'created',
  'create',
  'modified',
  'updated',
  'last',
  'count',
  'number of',
  'source',
  'status',
  // "Contact Owner", "Account Owner": the rep who owns a row, never the person or the company.
  'owner',
  '负责人',
  // Parts and forms of a name that are not the name a rep files a person under.
  'middle',
  'nickname',
  'suffix',
  'prefix',
  'phonetic',
  'yomi',
  'probability',
  'city',
  'state',
  'country',
  'zip',
  'postal',
  '编码',
  '编号',
  '代码',
  '类型',
  '创建',
  '修改',
  '更新',
  '最后',
  '最近',
  '状态',
  '来源',
  '城市',
  '省',
  '国家',
  '邮编',
  '拼音',
  '昵称',
];

const hasWords = (text: string, words: string): boolean =>
  CJK.test(words) ? text.includes(words) : ` ${text} `.includes(` ${words} `);

/**
 * How well a normalised header names a field, 0 to 1: one of the field's names exactly (1), or
 * inside the header as whole words or a run of Chinese characters (between 0.5 and 0.9, more
 * the more of the header it covers). Names of one Chinese character or two letters ("名",
 * "co") count only exactly.
 */
function nameScore(text: string, names: readonly string[]): number {
  if (text === '') return 0;
  let best = 0;
  for (const name of names) {
    if (text === name) return 1;
    const short = CJK.test(name) ? name.length < 2 : name.length < 3;
    if (short || !hasWords(text, name)) continue;
    if (OTHER_THINGS.some((w) => hasWords(text, w) && !hasWords(name, w))) continue;
    best = Math.max(best, 0.5 + (0.4 * name.length) / text.length);
  }
  return best;
}

/** How well a header names each field of an entity, as nameScore. */
export function headerScore<E extends ImportEntity>(
  entity: E,
  header: string,
  field: ImportField<E>,
): number {
  const { main, unit } = normaliseHeader(header);
  const names = SYNONYMS[entity][field];
  // "Phone (Mobile)": a unit that is itself a field's name says more than the words before it.
  const byUnit = unit !== undefined && names.includes(unit) ? 1.01 : 0;
  return Math.max(nameScore(main, names), byUnit, unit ? nameScore(`${main} ${unit}`, names) : 0);
}

export interface ColumnMapping<E extends ImportEntity = ImportEntity> {
  readonly header: string;
  /** The field the column fills, or null: the column is not imported. */
  readonly field: ImportField<E> | null;
  /** How sure the mapping is, 0 to 1 (0 for a column left out). */
  readonly score: number;
  /** What the header had in parentheses: a unit or currency ("EUR", "元"). */
  readonly unit: string | undefined;
}

/** Below this, a header is too loosely related to a field to fill it unasked. */
const MIN_SCORE = 0.55;

/**
 * The columns of a file of `entity` rows mapped to its fields: each field filled by at most one
 * column, the best-named first (a file with "Name" and "Company name" of contacts gives the
 * person's name to the first and the account's to the second). Columns nothing fits are left
 * out (field null), as is any column named by a header seen before it.
 */
export function mapColumns<E extends ImportEntity>(
  entity: E,
  headers: readonly string[],
): ColumnMapping<E>[] {
  const fields = IMPORT_FIELDS[entity] as readonly ImportField<E>[];
  const candidates: { column: number; field: ImportField<E>; score: number }[] = [];
  headers.forEach((header, column) => {
    for (const field of fields) {
      const score = headerScore(entity, header, field);
      if (score >= MIN_SCORE) candidates.push({ column, field, score });
    }
  });
  // Best first; on a tie, the earlier column, then the field listed first.
  candidates.sort(
    (a, b) =>
      b.score - a.score || a.column - b.column || fields.indexOf(a.field) - fields.indexOf(b.field),
  );
  const chosen = new Map<number, { field: ImportField<E>; score: number }>();
  const taken = new Set<ImportField<E>>();
  for (const c of candidates) {
    if (chosen.has(c.column) || taken.has(c.field)) continue;
    chosen.set(c.column, { field: c.field, score: c.score });
    taken.add(c.field);
  }
  return headers.map((header, column) => {
    const pick = chosen.get(column);
    return {
      header,
      field: pick?.field ?? null,
      score: pick ? Math.min(1, pick.score) : 0,
      unit: normaliseHeader(header).unit,
    };
  });
}

/** Fields that say what kind of rows a file holds, and how much. */
const SIGNATURE: { readonly [E in ImportEntity]: Partial<Record<ImportField<E>, number>> } = {
  accounts: { website: 0.6, industry: 0.6, revenue12m: 0.6, tier: 0.4, address: 0.3 },
  contacts: { email: 0.8, firstName: 0.8, lastName: 0.8, title: 0.6, mobile: 0.6 },
  opportunities: { stage: 1.2, expectedClose: 0.8 },
  orders: { date: 0.8 },
};

/** Words in headers that name the kind of rows ("Deal - Value", "订单日期"). */
const KIND_WORDS: { readonly [E in ImportEntity]: readonly string[] } = {
  accounts: [],
  contacts: ['person', 'contact', '联系人'],
  opportunities: ['deal', 'opportunity', 'pipeline', '商机', '机会'],
  orders: ['order', 'invoice', '订单', '单据', '发票', '出库'],
};

export interface EntityGuess {
  readonly entity: ImportEntity;
  /** Every entity's score, best first: the wizard offers the others as choices. */
  readonly scores: readonly { readonly entity: ImportEntity; readonly score: number }[];
}

/**
 * What kind of rows a file holds, from its headers alone: for each entity, how well its
 * columns map (the sum of their scores), plus the fields and words that mark that kind (a
 * stage marks deals, an order date orders, e-mail addresses and first names people).
 */
export function detectEntity(headers: readonly string[]): EntityGuess {
  const texts = headers.map((h) => normaliseHeader(h).main);
  const scores = IMPORT_ENTITIES.map((entity) => {
    const mapped = mapColumns(entity, headers);
    let score = mapped.reduce((sum, c) => sum + c.score, 0);
    const signature = SIGNATURE[entity] as Partial<Record<string, number>>;
    for (const c of mapped) if (c.field !== null) score += signature[c.field] ?? 0;
    if (entity === 'orders' && !mapped.some((c) => c.field === 'amount')) score -= 1;
    if (KIND_WORDS[entity].some((w) => texts.some((t) => hasWords(t, w)))) score += 1;
    return { entity, score };
  }).sort((a, b) => b.score - a.score);
  return { entity: (scores[0] as { entity: ImportEntity }).entity, scores };
}
