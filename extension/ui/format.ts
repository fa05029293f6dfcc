import { currentLocale } from '../i18n/index.ts';

const tag = (): string => (currentLocale() === 'zh_CN' ? 'zh-CN' : 'en');

// Making an Intl formatter costs far more than using one (a list of 100 dates made 200 of
// them): one per language and style, made on first use.
type Formatter = Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat;
const formatters = new Map<string, Formatter>();
function formatter<T extends Formatter>(key: string, make: (tag: string) => T): T {
  const full = `${tag()}\u0000${key}`;
  let known = formatters.get(full) as T | undefined;
  if (!known) {
    known = make(tag());
    formatters.set(full, known);
  }
  return known;
}

export function money(amount: number, currency: string): string {
  try {
    return formatter(
      `money:${currency}`,
      (t) => new Intl.NumberFormat(t, { style: 'currency', currency, maximumFractionDigits: 0 }),
    ).format(amount);
  } catch {
    // An unknown currency code from an old row: show the number and the code.
    return `${formatter('number', (t) => new Intl.NumberFormat(t)).format(amount)} ${currency}`;
  }
}

/** A share or rate (0.25 → "25%"), to one decimal. */
export const percent = (share: number): string =>
  formatter(
    'percent',
    (t) => new Intl.NumberFormat(t, { style: 'percent', maximumFractionDigits: 1 }),
  ).format(share);

export const date = (at: number): string =>
  formatter('date', (t) => new Intl.DateTimeFormat(t, { dateStyle: 'medium' })).format(
    new Date(at),
  );

export const dateTime = (at: number): string =>
  formatter(
    'dateTime',
    (t) => new Intl.DateTimeFormat(t, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(new Date(at));

/**
 * A moment written into a note's text, read later by teammates in other time zones: the zone
 * is part of it ("30 Nov 2026, 09:14 GMT+8").
 */
export const dateTimeWithZone = (at: number): string =>
  new Intl.DateTimeFormat(tag(), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(at));

/** yyyy-mm-dd in local time, as <input type="date"> wants it. */
export function dateInput(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local midnight of an <input type="date"> value, or undefined when it is empty or bad. */
export function parseDateInput(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const at = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
  return Number.isFinite(at) ? at : undefined;
}

/** Largest unit first: a moment is said in the largest unit it has a whole one of. */
const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/**
 * How long ago (or how soon) a moment is, as a person says it: "2 hours ago", "yesterday",
 * "3 周前". Shown with the full date on hover, where a rep wants the exact time.
 */
export function ago(at: number, now: number = Date.now()): string {
  const rtf = formatter('ago', (t) => new Intl.RelativeTimeFormat(t, { numeric: 'auto' }));
  const ms = at - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(ms) >= size) return rtf.format(Math.trunc(ms / size), unit);
  }
  return rtf.format(0, 'second');
}
