import { afterAll, describe, expect, it } from 'vitest';
import { setLanguage } from '../../../extension/i18n/index.ts';
import { ago } from '../../../extension/ui/format.ts';

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('when a note was written, as a person says it', () => {
  afterAll(() => setLanguage('auto'));

  it('says the largest whole unit, in English', () => {
    setLanguage('en');
    expect(ago(NOW - 20_000, NOW)).toBe('now');
    expect(ago(NOW - 5 * MIN, NOW)).toBe('5 minutes ago');
    expect(ago(NOW - 2 * HOUR - 10 * MIN, NOW)).toBe('2 hours ago');
    expect(ago(NOW - DAY - HOUR, NOW)).toBe('yesterday');
    expect(ago(NOW - 3 * DAY, NOW)).toBe('3 days ago');
    expect(ago(NOW - 15 * DAY, NOW)).toBe('2 weeks ago');
    expect(ago(NOW - 400 * DAY, NOW)).toBe('last year');
  });

  it('says it in Chinese for a Chinese interface', () => {
    setLanguage('zh_CN');
    expect(ago(NOW - 2 * HOUR, NOW)).toBe('2小时前');
    expect(ago(NOW - DAY, NOW)).toBe('昨天');
  });
});
