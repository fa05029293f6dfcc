import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AccountDraft,
  type ContactDraft,
  detectEntity,
  ImportFileError,
  MAX_COLUMNS,
  MAX_FILE_BYTES,
  mapColumns,
  readRows,
} from '../../shared/import/index.ts';
import { readWorkbook } from '../../shared/import/xlsx.ts';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

/** A workbook made here with exceljs, as bytes. */
async function workbookOf(build: (workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** One sheet with these rows from A1. */
const sheetOf = (rows: ExcelJS.CellValue[][], more?: (sheet: ExcelJS.Worksheet) => void) =>
  workbookOf((workbook) => {
    const sheet = workbook.addWorksheet('Sheet1');
    rows.forEach((values, i) => {
      sheet.getRow(i + 1).values = values;
    });
    more?.(sheet);
  });

/** The code of the ImportFileError a workbook is refused with, and its message. */
async function refusal(bytes: Uint8Array, options?: { sheet?: string }) {
  try {
    await readWorkbook(bytes, options);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportFileError);
    const error = e as ImportFileError;
    expect(error.name).toBe('ImportFileError');
    return { code: error.code, message: error.message };
  }
  return { code: 'no error', message: '' };
}

/** A zip of files stored uncompressed (JSZip checks no CRC unless asked): no workbook. */
function storedZip(files: Record<string, string>): Uint8Array {
  const parts: number[] = [];
  const central: number[] = [];
  const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
  const u32 = (n: number) => [...u16(n & 0xffff), ...u16(n >>> 16)];
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = [...new TextEncoder().encode(name)];
    const data = [...new TextEncoder().encode(text)];
    const offset = parts.length;
    const common = [...u16(20), ...u16(0), ...u16(0), ...u16(0), ...u16(0), ...u32(0)];
    const sizes = [...u32(data.length), ...u32(data.length), ...u16(nameBytes.length), ...u16(0)];
    parts.push(...u32(0x04034b50), ...common, ...sizes, ...nameBytes, ...data);
    central.push(...u32(0x02014b50), ...u16(20), ...common, ...sizes);
    central.push(...u16(0), ...u16(0), ...u16(0), ...u32(0), ...u32(offset), ...nameBytes);
  }
  const count = Object.keys(files).length;
  const end = [...u32(0x06054b50), ...u16(0), ...u16(0), ...u16(count), ...u16(count)];
  end.push(...u32(central.length), ...u32(parts.length), ...u16(0));
  return new Uint8Array([...parts, ...central, ...end]);
}

describe('an Excel workbook as a CRM exports it', () => {
  const bytes = fixture('merged-header.xlsx');

  it('a title above grouped headers: one header row, and each cell as the text the import reads', async () => {
    const { sheets, sheet, table } = await readWorkbook(bytes);
    expect(sheets).toEqual(['客户列表', '联系人']);
    expect(sheet).toBe('客户列表');
    expect(table.delimiter).toBe('');
    expect(table.headers).toEqual([
      '客户名称',
      '客户信息 网址',
      '客户信息 行业',
      '联系方式 电话',
      '联系方式 邮箱',
      '负责人',
      '年销售额（元）',
      '钱包份额',
      '潜在销售额（元）',
      '签约日期',
      '创建时间',
      '重点客户',
      '备注',
    ]);
    expect(table.rows).toEqual([
      [
        '北京宏远科技有限公司', // rich text
        'www.hongyuan.cn', // a hyperlink's text
        '制造业',
        '010-6288 1234',
        'info@hongyuan.cn',
        '张伟',
        '1280000', // shown as 1,280,000.00
        '0.35', // shown as 35%
        '1408000', // a formula's result, 1408000.0000000002 in the file
        '2024-03-15', // shown as 2024年3月15日
        '2026-01-05 09:30',
        'TRUE',
        '年度框架协议',
      ],
      [
        '上海东方精密机械有限公司',
        'dfjm.com.cn',
        '机械',
        '021-5888 6666',
        'sales@dfjm.com.cn',
        '李娜',
        '56500.5',
        '0.2',
        '62150.55',
        '2025-07-01',
        '2026-02-11 14:05:30',
        'FALSE',
        '年底续约\n需报价',
      ],
      // The blank row between the customers and the styled empty rows below are left out.
      [
        'Nordwerk Logistik SE',
        'nordwerk.de',
        'Logistics',
        '+49 40 1234567',
        '',
        '王芳',
        '9800',
        '',
        '', // #DIV/0!
        '2025-11-30',
        '2026-02-28 17:45',
        'FALSE',
        '',
      ],
    ]);
  });

  it('its combined headers map to the fields a rep means, and its rows read into accounts', async () => {
    const { table } = await readWorkbook(bytes);
    const { entity } = detectEntity(table.headers);
    expect(entity).toBe('accounts');
    const mapping = mapColumns(entity, table.headers);
    expect(mapping.map((m) => m.field)).toEqual([
      'name',
      'website',
      'industry',
      'phone',
      null, // an account has no e-mail address
      'owner',
      'revenue12m',
      'shareOfWallet',
      'potentialRevenue',
      null,
      null,
      null,
      null,
    ]);
    const read = readRows(entity, mapping, table.rows, { currency: 'CNY' });
    expect(read.problems).toEqual([]);
    expect(read.drafts.map((d) => d.draft as AccountDraft)).toMatchObject([
      {
        name: '北京宏远科技有限公司',
        owner: '张伟',
        revenue12m: 1_280_000,
        shareOfWallet: 0.35,
        potentialRevenue: 1_408_000,
      },
      { name: '上海东方精密机械有限公司', revenue12m: 56_500.5, shareOfWallet: 0.2 },
      { name: 'Nordwerk Logistik SE', domains: ['nordwerk.de'], revenue12m: 9_800 },
    ]);
  });

  it('reads the sheet asked for: a group over name and mobile, a customer merged over its two contacts', async () => {
    const { sheet, table } = await readWorkbook(bytes, { sheet: '联系人' });
    expect(sheet).toBe('联系人');
    expect(table.headers).toEqual([
      '所属客户',
      '联系人 姓名',
      '联系人 手机',
      '职位',
      '邮箱',
      '最近联系',
    ]);
    const { entity } = detectEntity(table.headers);
    expect(entity).toBe('contacts');
    const mapping = mapColumns(entity, table.headers);
    expect(mapping.map((m) => m.field)).toEqual([
      'accountName',
      'name',
      'mobile',
      'title',
      'email',
      null,
    ]);
    const read = readRows(entity, mapping, table.rows, { currency: 'CNY' });
    expect(read.problems).toEqual([]);
    expect(read.drafts.map((d) => d.draft as ContactDraft)).toMatchObject([
      { name: '王小明', accountName: '北京宏远科技有限公司', title: '采购经理' },
      { name: '刘洋', accountName: '北京宏远科技有限公司', title: '技术总监' },
      { name: '陈静', accountName: '上海东方精密机械有限公司', title: '总经理' },
    ]);
    expect(table.rows.map((r) => r[2])).toEqual(['13800138000', '13912345678', '13700001111']);
    // A sheet's name as Excel compares them: without regard to case.
    expect((await readWorkbook(bytes, { sheet: ' 联系人 ' })).sheet).toBe('联系人');
  });

  it('a sheet the workbook lacks is refused with the names of those it has', async () => {
    expect(await refusal(bytes, { sheet: 'Kunden' })).toEqual({
      code: 'unknownSheet',
      message: 'the workbook has no sheet “Kunden”; its sheets are “客户列表”, “联系人”',
    });
  });
});

describe('which sheet, and where its header is', () => {
  it('by default the first visible sheet with data: an empty or hidden sheet before it is passed over', async () => {
    const bytes = await workbookOf((workbook) => {
      workbook.addWorksheet('说明');
      const hidden = workbook.addWorksheet('lists', { state: 'hidden' });
      hidden.addRow(['Stage']);
      hidden.addRow(['Won']);
      const data = workbook.addWorksheet('Accounts');
      data.addRow(['Company', 'Website']);
      data.addRow(['Acme', 'acme.com']);
    });
    const read = await readWorkbook(bytes);
    expect(read.sheets).toEqual(['说明', 'lists', 'Accounts']);
    expect(read.sheet).toBe('Accounts');
    expect(read.table.rows).toEqual([['Acme', 'acme.com']]);
  });

  it('groups over sub-headers without merged-down headers: the cells under the others left blank', async () => {
    const bytes = await sheetOf(
      [
        ['Company', 'Contact', null, null, 'Owner'],
        [null, 'Name', 'Email', 'Phone'],
        ['Acme', 'Ann Lee', 'ann@acme.com', '+1 555 0100', 'Bo'],
      ],
      (sheet) => sheet.mergeCells('B1:D1'),
    );
    const { table } = await readWorkbook(bytes);
    expect(table.headers).toEqual([
      'Company',
      'Contact Name',
      'Contact Email',
      'Contact Phone',
      'Owner',
    ]);
    expect(table.rows).toEqual([['Acme', 'Ann Lee', 'ann@acme.com', '+1 555 0100', 'Bo']]);
    const mapping = mapColumns('contacts', table.headers);
    expect(mapping.map((m) => m.field)).toEqual(['accountName', 'name', 'email', 'phone', null]);
  });

  it('a header merged across columns with data right under it keeps every data row', async () => {
    const bytes = await sheetOf(
      [
        ['Company', 'Address', null],
        ['Acme', 'Main St 1', 'Springfield'],
        ['Beta', 'High St 2', 'Shelbyville'],
      ],
      (sheet) => sheet.mergeCells('B1:C1'),
    );
    const { table } = await readWorkbook(bytes);
    expect(table.headers).toEqual(['Company', 'Address', 'Address']);
    expect(table.rows).toEqual([
      ['Acme', 'Main St 1', 'Springfield'],
      ['Beta', 'High St 2', 'Shelbyville'],
    ]);
  });

  it('a title typed above the header without a merge, and a table that starts at B4, read from its header', async () => {
    const bytes = await sheetOf([
      [],
      [null, 'Customer list 2026'],
      [],
      [null, 'Name', 'Website', 'Revenue', null],
      [null, 'Acme', 'acme.com', 1234.5, 'a note'],
      [null, 'Beta'],
    ]);
    const { table } = await readWorkbook(bytes);
    // A note beyond the last header is kept, under an empty header.
    expect(table.headers).toEqual(['Name', 'Website', 'Revenue', '']);
    expect(table.rows).toEqual([
      ['Acme', 'acme.com', '1234.5', 'a note'],
      ['Beta', '', '', ''],
    ]);
  });

  it('a one-column sheet: its one header is no title', async () => {
    const { table } = await readWorkbook(await sheetOf([['Email'], ['ann@acme.com']]));
    expect(table).toEqual({ headers: ['Email'], rows: [['ann@acme.com']], delimiter: '' });
  });

  it('a header with a line break reads as one line; a sub-header that names its group stands alone', async () => {
    const bytes = await sheetOf(
      [
        ['Contact details', null, 'Owner\n(sales rep)'],
        ['Contact name', 'E-mail'],
        ['Ann Lee', 'ann@acme.com', 'Bo'],
      ],
      (sheet) => {
        sheet.mergeCells('A1:B1');
        sheet.mergeCells('C1:C2');
      },
    );
    const { table } = await readWorkbook(bytes);
    expect(table.headers).toEqual(['Contact name', 'Contact details E-mail', 'Owner (sales rep)']);
  });
});

describe('cells as the text the import reads', () => {
  it('numbers plain, dates ISO, formulas as their result, errors empty', async () => {
    const bytes = await sheetOf(
      [
        ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
        [0.1 + 0.2, 1e21, 1.5e-7, -0, 123_456_789_012, -2.5, 12_345.678, 46_082],
        [
          new Date(Date.UTC(2026, 2, 1)),
          new Date(Date.UTC(2026, 2, 1, 8, 5)),
          new Date(Date.UTC(2026, 2, 1, 8, 5, 7)),
          new Date(Date.UTC(1899, 11, 30, 10, 30)), // a time of day alone
          { formula: 'A1&"x"', result: 'ax' },
          { formula: 'NOW()' } as ExcelJS.CellFormulaValue, // never calculated
          { error: '#N/A' },
          { formula: 'A2*3', result: 0.30000000000000004 * 3 },
        ],
        [
          true,
          false,
          { richText: [{ text: 'Nord' }, { text: 'werk', font: { bold: true } }] },
          { text: 'Acme site', hyperlink: 'https://acme.com' },
          {
            text: { richText: [{ text: 'Beta' }, { text: ' site', font: { italic: true } }] },
            hyperlink: 'https://beta.example',
          } as unknown as ExcelJS.CellHyperlinkValue, // as Excel writes a link in rich text
          '=1+1', // text, not a formula
          ' padded ',
          '1,234.50',
        ],
      ],
      (sheet) => {
        sheet.getCell('G2').numFmt = '#,##0.000';
        sheet.getCell('H2').numFmt = '0'; // an Excel serial number left as a number
        sheet.getCell('H3').numFmt = '0.00';
      },
    );
    const { table } = await readWorkbook(bytes);
    expect(table.rows).toEqual([
      [
        '0.3',
        '1000000000000000000000',
        '0.00000015',
        '0',
        '123456789012',
        '-2.5',
        '12345.678',
        '46082',
      ],
      ['2026-03-01', '2026-03-01 08:05', '2026-03-01 08:05:07', '10:30', 'ax', '', '', '0.9'],
      ['TRUE', 'FALSE', 'Nordwerk', 'Acme site', 'Beta site', '=1+1', ' padded ', '1,234.50'],
    ]);
  });

  it('reads back any grid of text and numbers written with exceljs, cell for cell', async () => {
    // Text as a cell holds it: no control characters (XML has none; exceljs drops them, and
    // Excel writes a carriage return as _x000D_, which exceljs reads back as one).
    const text = fc
      .string({ unit: 'grapheme', maxLength: 12 })
      .map((s) =>
        s.replace(/[\p{Cc}\uFFFE\uFFFF]/gu, (ch) => (ch === '\n' || ch === '\t' ? ch : '')),
      )
      .filter((s) => !/_x[0-9a-f]{4}_/i.test(s));
    const number = fc.oneof(
      fc.integer(),
      // Excel's numbers: 15 significant digits shown, none above 9.99999999999999E+307.
      fc.double({ noNaN: true, min: -9.99999999999999e307, max: 9.99999999999999e307 }),
      fc.integer({ min: -1_000_000_00, max: 1_000_000_00 }).map((cents) => cents / 100),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.oneof(text, number), { minLength: 3, maxLength: 3 }), {
          minLength: 1,
          maxLength: 6,
        }),
        async (cells) => {
          const { table } = await readWorkbook(await sheetOf([['A', 'B', 'C'], ...cells]));
          expect(table.headers).toEqual(['A', 'B', 'C']);
          const kept = cells.filter((r) => r.some((c) => typeof c === 'number' || c.trim() !== ''));
          expect(table.rows).toHaveLength(kept.length);
          kept.forEach((row, i) => {
            row.forEach((cell, j) => {
              const read = table.rows[i]?.[j] as string;
              if (typeof cell === 'string') {
                expect(read).toBe(cell);
              } else {
                expect(read).toMatch(/^-?\d+(\.\d+)?$/);
                expect(Number(read)).toBe(Number(cell.toPrecision(15)) + 0);
              }
            });
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('files that are no workbook to read, refused with a reason a rep can act on', () => {
  it('a download cut short: the workbook is damaged or incomplete', async () => {
    const bytes = fixture('merged-header.xlsx');
    const half = await refusal(bytes.slice(0, bytes.length / 2));
    expect(half.code).toBe('damaged');
    expect(half.message).toMatch(/^the workbook is damaged or incomplete/);
    // Cut anywhere past its first file's name, too.
    expect((await refusal(bytes.slice(0, bytes.length - 10))).code).toBe('damaged');
    expect((await refusal(bytes.slice(0, 200))).code).toBe('damaged');
  });

  it('random bytes, a CSV renamed .xlsx, or a zip of something else: not an Excel workbook', async () => {
    let seed = 7;
    const random = Uint8Array.from({ length: 5000 }, () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed >> 16;
    });
    const noise = await refusal(random);
    expect(noise).toEqual({ code: 'notXlsx', message: 'the file is not an Excel .xlsx workbook' });
    const csv = await refusal(fixture('hubspot-companies.csv'));
    expect(csv.code).toBe('notXlsx');
    expect(csv.message).toBe(
      'the file is not an Excel .xlsx workbook but text: if it is a CSV or TSV file, import it as one',
    );
    const html = await refusal(
      new TextEncoder().encode('<html><body><table><tr><td>客户</td></tr></table></body></html>'),
    );
    expect(html.message).toMatch(/^the file is not an Excel \.xlsx workbook but a web page/);
    const ods = await refusal(
      storedZip({
        mimetype: 'application/vnd.oasis.opendocument.spreadsheet',
        'content.xml': '<office:document-content/>',
      }),
    );
    expect(ods).toEqual({
      code: 'notXlsx',
      message:
        'the file is not an Excel .xlsx workbook but an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV',
    });
    const xlsb = await refusal(storedZip({ 'xl/workbook.bin': 'binary' }));
    expect(xlsb.code).toBe('notXlsx');
    expect(xlsb.message).toMatch(/\(\.xlsb\): open it in Excel and save it as \.xlsx or CSV$/);
  });

  it('an Excel 97–2003 .xls is to be saved as .xlsx or CSV; a password-protected workbook said so', async () => {
    const ole2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    const xls = new Uint8Array(1024);
    xls.set(ole2);
    xls.set(new TextEncoder().encode('Workbook'), 600);
    expect(await refusal(xls)).toEqual({
      code: 'legacyXls',
      message:
        'the file is an Excel 97–2003 workbook (.xls), which cannot be imported: open it in Excel or WPS and save it as an Excel workbook (.xlsx) or as CSV',
    });
    const encrypted = new Uint8Array(1024);
    encrypted.set(ole2);
    // The container's directory names its streams in UTF-16LE.
    encrypted.set(
      [...'EncryptedPackage'].flatMap((ch) => [ch.charCodeAt(0), 0]),
      512,
    );
    const locked = await refusal(encrypted);
    expect(locked.code).toBe('encrypted');
    expect(locked.message).toMatch(/^the workbook is protected with a password/);
  });

  it('an empty file, and one over the size limit before anything of it is read', async () => {
    expect(await refusal(new Uint8Array())).toEqual({
      code: 'empty',
      message: 'the file is empty',
    });
    // Never written to: the zeroed pages cost no memory, and the size alone refuses it.
    const huge = await refusal(new Uint8Array(MAX_FILE_BYTES + 1));
    expect(huge).toEqual({
      code: 'tooLarge',
      message:
        'the file is 100 MB; files up to 100 MB can be imported (split it, or export fewer columns)',
    });
  });

  it(`a sheet of 10,000 columns is refused (an import reads ${MAX_COLUMNS})`, async () => {
    const wide = Array.from({ length: 10_000 }, (_v, i) => `Column ${i + 1}`);
    const bytes = await sheetOf([wide, wide.map((_h, i) => i)]);
    expect(await refusal(bytes)).toEqual({
      code: 'tooManyColumns',
      message: `the sheet “Sheet1” has 10000 columns; an import reads at most ${MAX_COLUMNS}`,
    });
    // Just at the limit it is read.
    const widest = await sheetOf([wide.slice(0, MAX_COLUMNS)]);
    expect((await readWorkbook(widest)).table.headers).toHaveLength(MAX_COLUMNS);
  });

  it('a workbook whose sheets are empty has no header row', async () => {
    const one = await workbookOf((workbook) => workbook.addWorksheet('Sheet1'));
    expect(await refusal(one)).toEqual({
      code: 'noHeader',
      message: 'the sheet “Sheet1” is empty',
    });
    const two = await workbookOf((workbook) => {
      workbook.addWorksheet('A').getCell('B2').value = '   ';
      workbook.addWorksheet('B');
    });
    expect(await refusal(two)).toEqual({
      code: 'noHeader',
      message: 'every sheet of the workbook is empty',
    });
    expect(await refusal(two, { sheet: 'B' })).toEqual({
      code: 'noHeader',
      message: 'the sheet “B” is empty',
    });
  });
});
