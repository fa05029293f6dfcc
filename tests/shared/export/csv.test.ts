import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  cellOf,
  FORMULA_START,
  tableColumns,
  tableCsv,
  toCsv,
  UTF8_BOM,
} from '../../../shared/export/index.ts';

/** What a spreadsheet reads back: the rows of the CSV, BOM removed. */
const readBack = (csv: string): string[][] => {
  expect(csv.startsWith(UTF8_BOM)).toBe(true);
  const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
};

describe('CSV a spreadsheet opens safely', () => {
  it('turns a cell a spreadsheet would run as a formula into text, and leaves the rest as written', () => {
    const rows = readBack(
      toCsv(
        ['name', 'note', 'amount'],
        [
          ['=HYPERLINK("http://evil.example","Click")', '+1 555 0100', -42],
          ['@SUM(A1:A9)', '-2+3', 1.5],
          ['\t=1+1', 'Hello, "world"\n=second line', 0],
          ['北京宏远科技有限公司', 'plain', 7],
        ],
      ),
    );
    expect(rows).toEqual([
      ['name', 'note', 'amount'],
      [`'=HYPERLINK("http://evil.example","Click")`, "'+1 555 0100", '-42'],
      ["'@SUM(A1:A9)", "'-2+3", '1.5'],
      ["'\t=1+1", 'Hello, "world"\n=second line', '0'],
      ['北京宏远科技有限公司', 'plain', '7'],
    ]);
  });

  it('round-trips any text: what is read back is the text, with a quote mark before a formula', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 2, maxLength: 2 }), {
          maxLength: 6,
        }),
        (cells) => {
          // Two empty cells are a line of one comma, which is kept: every row comes back.
          const rows = readBack(toCsv(['a', 'b'], cells));
          expect(rows.slice(1)).toEqual(
            cells.map((r) => r.map((c) => (FORMULA_START.test(c) ? `'${c}` : c))),
          );
          // No cell of the file starts a formula.
          for (const row of rows)
            for (const cell of row) expect(FORMULA_START.test(cell)).toBe(false);
        },
      ),
    );
  });
});

describe("a table's export", () => {
  it("has the id then every field of the table's schema, without the tombstone flag", () => {
    const columns = tableColumns('accounts');
    expect(columns[0]).toBe('id');
    expect(columns).toContain('name');
    expect(columns).toContain('domains');
    expect(columns).not.toContain('deleted');
  });

  it('writes lists joined, moments in ISO 8601 UTC, structured values as JSON', () => {
    expect(cellOf(['a.com', 'b.cn'])).toBe('a.com; b.cn');
    expect(cellOf(Date.UTC(2026, 11, 3, 8, 30), true)).toBe('2026-12-03T08:30:00.000Z');
    expect(cellOf(1_700_000_000_000)).toBe(1_700_000_000_000);
    expect(cellOf([{ at: 1, amount: 2 }])).toBe('[{"at":1,"amount":2}]');
    expect(cellOf(undefined)).toBe('');
    const rows = readBack(
      tableCsv('notes', [
        {
          id: '01HZ0000000000000000000001',
          fields: { kind: 'call', body: '=cmd|calc', at: Date.UTC(2026, 0, 2), contactIds: [] },
        },
      ]),
    );
    const header = rows[0] ?? [];
    const row = rows[1] ?? [];
    expect(row[header.indexOf('body')]).toBe("'=cmd|calc");
    expect(row[header.indexOf('at')]).toBe('2026-01-02T00:00:00.000Z');
  });
});
