/**
 * Cells as exports write them, read into the values the book stores: amounts with currency
 * signs, thousands separators, decimal commas and 万/亿; dates in ISO, Chinese, US or European
 * order, or as Excel serial numbers; shares as percentages. Each reader returns the value or a
 * Problem whose reason names what is wrong, for the wizard to show by row and column.
 */

/** Why a cell could not be read: a stable code (for tests and counts) and the cell as given. */
export interface CellProblem {
  readonly code: 'notANumber' | 'notADate' | 'notAShare' | 'unknownValue';
  readonly value: string;
}

export type Read<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: CellProblem };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const problem = (code: CellProblem['code'], value: string): Read<never> => ({
  ok: false,
  problem: { code, value },
});

/** A currency's mark beside an amount: a sign, a Chinese name or an ISO code (see currencyOf). */
const CURRENCY_MARK =
  /US\$|[$€£¥￥]|人民币|元|RMB|\b(?:USD|EUR|GBP|CNY|JPY|HKD|CHF|SGD|AUD|CAD)\b/gi;

/**
 * An amount as written: "1,234.50", "1.234,50 €", "¥12,000", "12万", "(300)" (negative),
 * "1 234,5". With a decimal comma or point both present, the last one is the decimal mark;
 * with one kind only, it is a thousands separator when followed by exactly three digits in
 * every group ("1,234", "1.234.567"), else the decimal mark ("12,5").
 */
export function readAmount(raw: string): Read<{ amount: number; currency: string | undefined }> {
  const text = raw.normalize('NFKC').trim();
  if (text === '') return problem('notANumber', raw);
  const mark = text.match(CURRENCY_MARK)?.[0];
  const currency = mark === undefined ? undefined : currencyOf(mark);
  let body = text.replace(CURRENCY_MARK, '').trim();
  let sign = 1;
  if (/^\(.*\)$/.test(body)) {
    sign = -1;
    body = body.slice(1, -1).trim();
  }
  if (body.startsWith('-')) {
    sign = -sign;
    body = body.slice(1).trim();
  }
  let scale = 1;
  if (body.endsWith('亿')) {
    scale = 1e8;
    body = body.slice(0, -1);
  } else if (body.endsWith('万')) {
    scale = 1e4;
    body = body.slice(0, -1);
  }
  body = body.replace(/[\s'’_]/g, '');
  if (!/^\d[\d.,]*$/.test(body) && !/^[.,]\d+$/.test(body)) return problem('notANumber', raw);
  const lastComma = body.lastIndexOf(',');
  const lastPoint = body.lastIndexOf('.');
  let normalised: string;
  if (lastComma >= 0 && lastPoint >= 0) {
    const decimal = lastComma > lastPoint ? ',' : '.';
    const thousands = decimal === ',' ? '.' : ',';
    normalised = body.split(thousands).join('').replace(decimal, '.');
  } else if (lastComma >= 0 || lastPoint >= 0) {
    const mark = lastComma >= 0 ? ',' : '.';
    const groups = body.split(mark);
    const thousands =
      groups.length > 2 ||
      (groups.length === 2 && (groups[1] as string).length === 3 && (groups[0] as string) !== '0');
    normalised = thousands ? groups.join('') : groups.join('.');
    if (thousands && groups.slice(1).some((g) => g.length !== 3)) return problem('notANumber', raw);
  } else {
    normalised = body;
  }
  const value = Number(normalised);
  if (!Number.isFinite(value)) return problem('notANumber', raw);
  return ok({ amount: sign * value * scale, currency });
}

/** A share of wallet: "35%", "35 %", "0.35", "35" (read as percent when above 1). */
export function readShare(raw: string): Read<number> {
  const text = raw.normalize('NFKC').trim();
  const percent = text.endsWith('%');
  const number = Number(text.replace(/%$/, '').trim().replace(',', '.'));
  if (text === '' || !Number.isFinite(number) || number < 0) return problem('notAShare', raw);
  const share = percent || number > 1 ? number / 100 : number;
  return share <= 1 ? ok(share) : problem('notAShare', raw);
}

/** Day first (31/12/2026) or month first (12/31/2026), for dates written with slashes or dots. */
export type DateOrder = 'dmy' | 'mdy';

const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T].*)?$/;

/**
 * Whether a column's day-first or month-first dates are day first: any value whose first part
 * is above 12 settles it; else month first, as US exports (HubSpot, Salesforce) write them.
 */
export function detectDateOrder(values: readonly string[]): DateOrder {
  let dmy = 0;
  let mdy = 0;
  for (const v of values) {
    const m = SLASHED.exec(v.normalize('NFKC').trim());
    if (!m) continue;
    if (Number(m[1]) > 12) dmy++;
    else if (Number(m[2]) > 12) mdy++;
  }
  return dmy > mdy ? 'dmy' : 'mdy';
}

/** Excel's day 0 is 1899-12-30 (its serial numbers count the fictitious 1900-02-29). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** An ISO 8601 moment with its zone, as our export writes times: 2026-03-01T09:30:00.000Z. */
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A date as written, as the local midnight it names (epoch ms): "2026-03-01" (with a time or
 * not), "2026/3/1", "2026年3月1日", "1/3/2026" in the column's order, or an Excel serial
 * number (a date cell of a CSV saved from Excel: 46082). A moment with its time zone
 * ("2026-03-01T09:30:00.000Z", as our export and APIs write times) names that moment exactly,
 * so a book exported and imported again keeps its times.
 */
export function readDate(raw: string, order: DateOrder = 'mdy'): Read<number> {
  const text = raw.normalize('NFKC').trim();
  if (ZONED.test(text)) {
    const at = Date.parse(text);
    if (Number.isFinite(at) && at >= Date.UTC(1900, 0, 1)) return ok(at);
    return problem('notADate', raw);
  }
  let y: number;
  let mo: number;
  let d: number;
  const iso = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(text);
  const slashed = iso ? null : SLASHED.exec(text);
  if (iso) {
    [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (slashed) {
    const [a, b] = [Number(slashed[1]), Number(slashed[2])];
    [d, mo] = order === 'dmy' ? [a, b] : [b, a];
    y = Number(slashed[3]);
    if (y < 100) y += y < 70 ? 2000 : 1900;
  } else if (/^\d{5}(\.\d+)?$/.test(text)) {
    const day = new Date(EXCEL_EPOCH + Math.floor(Number(text)) * 86_400_000);
    [y, mo, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
  } else {
    return problem('notADate', raw);
  }
  const at = new Date(y, mo - 1, d);
  if (at.getFullYear() !== y || at.getMonth() !== mo - 1 || at.getDate() !== d || y < 1900) {
    return problem('notADate', raw);
  }
  return ok(at.getTime());
}

/** Currency names and signs as files write them, beside ISO codes: 人民币, 美元, €, US$. */
const CURRENCY_NAMES: Record<string, string> = {
  人民币: 'CNY',
  元: 'CNY',
  rmb: 'CNY',
  '¥': 'CNY',
  '￥': 'CNY',
  美元: 'USD',
  $: 'USD',
  us$: 'USD',
  欧元: 'EUR',
  '€': 'EUR',
  英镑: 'GBP',
  '£': 'GBP',
  港币: 'HKD',
  港元: 'HKD',
  日元: 'JPY',
  瑞士法郎: 'CHF',
};

/** A currency cell as its ISO code: "usd", "人民币", "€"; undefined when it names none. */
export function currencyOf(raw: string): string | undefined {
  const text = raw.normalize('NFKC').trim().toLowerCase();
  const named = CURRENCY_NAMES[text];
  if (named !== undefined) return named;
  return /^[a-z]{3}$/.test(text) ? text.toUpperCase() : undefined;
}
