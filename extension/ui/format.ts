import { currentLocale } from '../i18n/index.ts';

const tag = (): string => (currentLocale() === 'zh_CN' ? 'zh-CN' : 'en');

export function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(tag(), {
      style: 'currency',
      currency,
      maximumFractionDigits: 0,
    }).format(amount);
  } catch {
    // An unknown currency code from an old row: show the number and the code.
    return `${new Intl.NumberFormat(tag()).format(amount)} ${currency}`;
  }
}

export const date = (at: number): string =>
  new Intl.DateTimeFormat(tag(), { dateStyle: 'medium' }).format(new Date(at));

export const dateTime = (at: number): string =>
  new Intl.DateTimeFormat(tag(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));

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
