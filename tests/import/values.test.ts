import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  currencyOf,
  detectDateOrder,
  readAmount,
  readDate,
  readShare,
} from '../../shared/import/values.ts';

const amount = (raw: string) => {
  const r = readAmount(raw);
  return r.ok ? r.value : r.problem.code;
};
const date = (raw: string, order?: 'dmy' | 'mdy') => {
  const r = readDate(raw, order);
  return r.ok ? new Date(r.value).toDateString() : r.problem.code;
};

describe('amounts as exports write them', () => {
  it('reads separators, decimal marks, currency signs, 万 and 亿, and negatives in parentheses', () => {
    expect(amount('1,234.50')).toEqual({ amount: 1234.5, currency: undefined });
    expect(amount('1.234,50 €')).toEqual({ amount: 1234.5, currency: 'EUR' });
    expect(amount('¥12,000')).toEqual({ amount: 12_000, currency: 'CNY' });
    expect(amount('￥1,200.00元')).toEqual({ amount: 1200, currency: 'CNY' });
    expect(amount('12万')).toEqual({ amount: 120_000, currency: undefined });
    expect(amount('1.5亿')).toEqual({ amount: 150_000_000, currency: undefined });
    expect(amount('(300)')).toEqual({ amount: -300, currency: undefined });
    expect(amount('USD 9,999')).toEqual({ amount: 9999, currency: 'USD' });
    expect(amount('1 234,5')).toEqual({ amount: 1234.5, currency: undefined });
    expect(amount('12,5')).toEqual({ amount: 12.5, currency: undefined });
    expect(amount('1.234.567')).toEqual({ amount: 1_234_567, currency: undefined });
    expect(amount('0,500')).toEqual({ amount: 0.5, currency: undefined });
  });

  it('names what is not an amount', () => {
    for (const bad of ['', 'n/a', '12abc', '1,23,4', '=SUM(A1:A2)', '--5']) {
      expect(amount(bad)).toBe('notANumber');
    }
  });

  it('reads back any amount written with thousands separators, in either convention', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_00 }),
        fc.boolean(),
        fc.constantFrom('', '$', '€ ', '¥'),
        (cents, european, sign) => {
          const value = cents / 100;
          const text = value.toLocaleString(european ? 'de-DE' : 'en-US', {
            minimumFractionDigits: 2,
            maximumFractionDigits: 2,
          });
          const read = readAmount(`${sign}${text}`);
          expect(read.ok && read.value.amount).toBeCloseTo(value, 2);
        },
      ),
    );
  });
});

describe('dates as exports write them', () => {
  it('reads ISO, Chinese, slashed dates in the column order, and Excel serial numbers', () => {
    expect(date('2026-03-01')).toBe(new Date(2026, 2, 1).toDateString());
    expect(date('2026-03-01T10:30:00Z')).toBe(new Date(2026, 2, 1).toDateString());
    expect(date('2026/3/1')).toBe(new Date(2026, 2, 1).toDateString());
    expect(date('2026年3月1日')).toBe(new Date(2026, 2, 1).toDateString());
    expect(date('03/01/2026')).toBe(new Date(2026, 2, 1).toDateString());
    expect(date('01/03/2026', 'dmy')).toBe(new Date(2026, 2, 1).toDateString());
    expect(date('1.3.26', 'dmy')).toBe(new Date(2026, 2, 1).toDateString());
    expect(date('46082')).toBe(new Date(2026, 2, 1).toDateString());
  });

  it('names what is not a date, impossible days included', () => {
    for (const bad of ['', 'soon', '2026-02-30', '13/13/2026', '2026-13-01']) {
      expect(date(bad)).toBe('notADate');
    }
  });

  it('tells a day-first column from a month-first one by the values that settle it', () => {
    expect(detectDateOrder(['01/02/2026', '25/12/2026'])).toBe('dmy');
    expect(detectDateOrder(['01/02/2026', '12/25/2026'])).toBe('mdy');
    expect(detectDateOrder(['01/02/2026'])).toBe('mdy');
  });

  it('reads back any day, written in ISO, Chinese, or slashed in either order', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(1950, 0, 1), max: new Date(2100, 0, 1), noInvalidDate: true }),
        (d) => {
          const [y, m, day] = [d.getFullYear(), d.getMonth() + 1, d.getDate()];
          const midnight = new Date(y, m - 1, day).getTime();
          const pad = (n: number) => String(n).padStart(2, '0');
          expect(readDate(`${y}-${pad(m)}-${pad(day)}`)).toEqual({ ok: true, value: midnight });
          expect(readDate(`${y}年${m}月${day}日`)).toEqual({ ok: true, value: midnight });
          expect(readDate(`${pad(day)}/${pad(m)}/${y}`, 'dmy')).toEqual({
            ok: true,
            value: midnight,
          });
          expect(readDate(`${m}/${day}/${y}`, 'mdy')).toEqual({ ok: true, value: midnight });
        },
      ),
    );
  });
});

describe('shares of wallet', () => {
  it('reads percentages and fractions, and names the rest', () => {
    expect(readShare('35%')).toEqual({ ok: true, value: 0.35 });
    expect(readShare('0.35')).toEqual({ ok: true, value: 0.35 });
    expect(readShare('35')).toEqual({ ok: true, value: 0.35 });
    expect(readShare('140%').ok).toBe(false);
    expect(readShare('lots').ok).toBe(false);
  });
});

describe('currencies as files name them', () => {
  it('reads ISO codes, Chinese names and signs', () => {
    expect(['usd', '人民币', '€', '美元', '港币', 'RMB'].map(currencyOf)).toEqual([
      'USD',
      'CNY',
      'EUR',
      'USD',
      'HKD',
      'CNY',
    ]);
    expect(currencyOf('dollars')).toBeUndefined();
  });
});
