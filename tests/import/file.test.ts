import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AccountDraft,
  decodeText,
  detectEntity,
  ImportFileError,
  MAX_COLUMNS,
  mapColumns,
  type OrderDraft,
  openImportFile,
  parseTable,
  readRows,
  readTableFile,
} from '../../shared/import/index.ts';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

/** A fixture file from bytes to drafts, as the wizard reads it. */
function importFile(name: string) {
  const { text, encoding } = decodeText(fixture(name));
  const table = parseTable(text);
  const { entity } = detectEntity(table.headers);
  const mapping = mapColumns(entity, table.headers);
  return {
    encoding,
    table,
    entity,
    mapping,
    read: readRows(entity, mapping, table.rows, { currency: 'USD' }),
  };
}

describe('files as reps have them', () => {
  it('a HubSpot companies export: UTF-8, commas, quoted cells; a formula cell is named and its row left out', () => {
    const { encoding, table, entity, read } = importFile('hubspot-companies.csv');
    expect([encoding, table.delimiter, entity]).toEqual(['utf-8', ',', 'accounts']);
    expect(read.problems).toEqual([
      {
        row: 3,
        column: 'Company name',
        code: 'formula',
        field: 'name',
        value: '=HYPERLINK("http://evil.example";"Click")',
      },
    ]);
    expect(read.drafts.map((d) => (d.draft as AccountDraft).name)).toEqual([
      'Nordwerk Logistik SE',
      'Brandt & Sons, Ltd',
    ]);
    expect(read.drafts[0]?.draft).toMatchObject({
      domains: ['nordwerk.de'],
      revenue12m: 1_200_000,
      owner: 'Anna Berg',
    });
  });

  it('a Salesforce contacts report with a byte-order mark: first and last names joined', () => {
    const { encoding, entity, read } = importFile('salesforce-contacts.csv');
    expect([encoding, entity]).toEqual(['utf-8', 'contacts']);
    expect(read.problems).toEqual([]);
    expect(read.drafts.map((d) => d.draft)).toMatchObject([
      {
        name: 'Priya Raman',
        accountName: 'Nordwerk Logistik SE',
        phones: ['+49 40 1234568', '+49 171 5550101'],
      },
      {
        name: "Jean-Luc d'Aubigny",
        accountDomain: 'brandt-sons.co.uk',
        title: 'Head of Procurement',
      },
    ]);
  });

  it('a Chinese ERP order list in GBK, as Excel saves it on a Chinese Windows', () => {
    const { encoding, entity, read } = importFile('erp-orders-gbk.csv');
    expect([encoding, entity]).toEqual(['gb18030', 'orders']);
    expect(read.problems).toEqual([]);
    expect(
      read.drafts.map((d) => {
        const order = d.draft as OrderDraft;
        return [order.accountName, order.amount, order.currency];
      }),
    ).toEqual([
      ['北京宏远科技有限公司', 128_000, 'CNY'],
      ['上海东方精密机械有限公司', 56_500.5, 'CNY'],
      ['北京宏远科技有限公司', 9_800, 'CNY'],
    ]);
  });

  it("Excel's Unicode text: UTF-16 with tabs", () => {
    const { encoding, table, entity, read } = importFile('contacts-utf16.txt');
    expect([encoding, table.delimiter, entity]).toEqual(['utf-16le', '\t', 'contacts']);
    expect(read.drafts[0]?.draft).toMatchObject({
      name: '王小明',
      emails: ['xm.wang@hongyuan.cn'],
    });
  });

  it('refuses what is no table, with a reason a rep can act on', () => {
    const fail = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ImportFileError);
        return (e as ImportFileError).code;
      }
      return 'no error';
    };
    expect(fail(() => decodeText(new Uint8Array()))).toBe('empty');
    // The start of an .xlsx: a zip.
    const zip = new Uint8Array([
      0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0, 0, 0x21, 0x00, 1, 2, 3, 4, 5,
      6,
    ]);
    expect(fail(() => decodeText(zip))).toBe('notText');
    expect(
      fail(() => parseTable(Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => `c${i}`).join(','))),
    ).toBe('tooManyColumns');
    expect(fail(() => parseTable('\n\n'))).toBe('noHeader');
  });

  it('reads back any table written as CSV, whatever its cells hold', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { minLength: 3, maxLength: 3 }),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        (cells) => {
          const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
          const lines = [['A', 'B', 'C'], ...cells].map((r) => r.map(quote).join(','));
          const table = parseTable(lines.join('\r\n'));
          expect(table.headers).toEqual(['A', 'B', 'C']);
          const nonEmpty = cells.filter((r) => r.some((c) => c.trim() !== ''));
          expect(table.rows.filter((r) => r.some((c) => c.trim() !== ''))).toEqual(nonEmpty);
        },
      ),
    );
  });

  it("reads a file a piece at a time into the same table as read whole: a character or a quoted line break cut by a piece's end is completed by the next", async () => {
    const cell = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.constantFrom('李伟', '株式会社', 'a\nb', '"quoted"', 'x,y', '😀'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom(',', '\t', ';'),
        fc.constantFrom('utf-8', 'utf-16le'),
        fc.integer({ min: 1, max: 64 }),
        async (cells, newline, delimiter, encoding, chunkBytes) => {
          const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
          const text = [['Name', 'Title', 'City'], ...cells]
            .map((r) => r.map(quote).join(delimiter))
            .join(newline);
          const bytes =
            encoding === 'utf-8'
              ? new TextEncoder().encode(text)
              : Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
          const whole = parseTable(text);
          const read = await readTableFile(new Blob([bytes]), { chunkBytes });
          expect(read.encoding).toBe(encoding);
          expect(read.table).toEqual(whole);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses a sheet too wide at its header row, without reading the rest of the file', async () => {
    const header = Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => `c${i}`).join(',');
    const rest = 'x\n'.repeat(1_000_000);
    let read = 0;
    const error = await readTableFile(new Blob([`${header}\n${rest}`]), {
      chunkBytes: 64 * 1024,
      onProgress: (n) => {
        read = n;
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).code).toBe('tooManyColumns');
    expect(read).toBe(0);
  });

  it('opens a workbook, a vCard file and a text table by what they hold, whatever their names say', async () => {
    const blob = (name: string) => new Blob([fixture(name)]);
    expect((await openImportFile(blob('merged-header.xlsx'), 'export.csv')).kind).toBe('xlsx');
    const cards = await openImportFile(blob('iphone-contacts.vcf'), 'contacts.txt');
    expect(cards.kind).toBe('vcard');
    const utf16Card = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(
        'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:李伟\r\nEMAIL:li.wei@acme.example\r\nEND:VCARD\r\n',
        'utf16le',
      ),
    ]);
    const opened = await openImportFile(new Blob([utf16Card]), 'card');
    expect(opened.kind === 'vcard' && opened.drafts[0]?.draft.name).toBe('李伟');
    const gbk = await openImportFile(blob('erp-orders-gbk.csv'), 'orders.csv');
    expect(gbk.kind === 'csv' && gbk.encoding).toBe('gb18030');
    const sheet = await openImportFile(blob('hubspot-companies.csv'), 'c.csv', {
      sheet: 'Kunden',
    }).catch((e: unknown) => e);
    expect(sheet).toBeInstanceOf(ImportFileError);
  });
});
