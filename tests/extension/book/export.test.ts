import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountsCsv } from '../../../extension/book/export.ts';
import type { BookRow } from '../../../extension/book/types.ts';
import { setLanguage } from '../../../extension/i18n/index.ts';
import { msg } from '../../../shared/index.ts';

const row = (name: string, extra: Partial<BookRow> = {}): BookRow => ({
  accountId: name,
  name,
  domains: [],
  tier: 'ordinary',
  tierManual: false,
  status: undefined,
  relationship: undefined,
  loyalty: undefined,
  ownerId: '',
  flags: [],
  value: 0,
  rank: undefined,
  lastTouchAt: undefined,
  cadenceDays: undefined,
  cadenceDueAt: undefined,
  openAmounts: [],
  openDeals: 0,
  noDecisionMaker: false,
  next: undefined,
  actionCount: 0,
  contactNames: [],
  emails: [],
  ...extra,
});

const read = (csv: string) =>
  Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  });

describe("the accounts table's export", () => {
  // The rep's language, chosen (no browser here to ask).
  beforeAll(() => setLanguage('en'));

  it('keeps the rows in the order given, each currency in a column of its own, never summed', () => {
    const parsed = read(
      accountsCsv(
        [
          row('Globex', { openAmounts: [{ currency: 'USD', amount: 5_000 }], openDeals: 1 }),
          row('Acme', {
            openAmounts: [
              { currency: 'USD', amount: 1_000 },
              { currency: 'CNY', amount: 70_000 },
            ],
            openDeals: 2,
            tierManual: true,
            noDecisionMaker: true,
            domains: ['acme.com', 'acme.cn'],
          }),
        ],
        { ownerLabel: () => 'No owner', pastCadenceDays: () => Number.NaN },
      ),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((r) => r.Account)).toEqual(['Globex', 'Acme']);
    expect(parsed.meta.fields).toContain('Open pipeline (CNY)');
    expect(parsed.data[1]).toMatchObject({
      Domains: 'acme.com; acme.cn',
      'Open pipeline (USD)': '1000',
      'Open pipeline (CNY)': '70000',
      'Open deals': '2',
      'Tier set by hand': 'yes',
      'No decision maker': 'yes',
    });
    expect(parsed.data[0]?.['Open pipeline (CNY)']).toBe('');
  });

  it('defuses a name or an action a spreadsheet would run, and writes days past cadence only when past', () => {
    const parsed = read(
      accountsCsv(
        [
          row('=HYPERLINK("http://evil.example")', {
            next: { title: msg('action.incompleteFile.title', { account: '@cmd' }), dueAt: 0 },
          }),
          row('Late Co'),
        ],
        {
          ownerLabel: () => 'Me',
          pastCadenceDays: (r) => (r.name === 'Late Co' ? 12 : -3),
        },
      ),
    );
    expect(parsed.data[0]?.Account).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(parsed.data[0]?.['Days past cadence']).toBe('');
    expect(parsed.data[1]?.['Days past cadence']).toBe('12');
  });
});
