import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { toXlsx } from '../../../shared/export/xlsx.ts';

describe('an Excel workbook of the rows', () => {
  it('holds the header and every row as values: a cell that starts with = is text, never a formula', async () => {
    const bytes = await toXlsx(
      'Accounts: key/major?',
      ['Account', 'Open pipeline (USD)', 'Note'],
      [
        ['北京宏远科技有限公司', 120_000, 'plain'],
        ['=HYPERLINK("http://evil.example","Click")', -5, undefined],
      ],
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe('Accounts  key major ');
    expect(sheet?.getRow(1).values).toEqual([undefined, 'Account', 'Open pipeline (USD)', 'Note']);
    expect(sheet?.getRow(2).values).toEqual([undefined, '北京宏远科技有限公司', 120_000, 'plain']);
    const hostile = sheet?.getRow(3).getCell(1);
    expect(hostile?.type).toBe(ExcelJS.ValueType.String);
    expect(hostile?.value).toBe('=HYPERLINK("http://evil.example","Click")');
    expect(sheet?.getRow(3).getCell(2).value).toBe(-5);
    expect(sheet?.rowCount).toBe(3);
  });
});
