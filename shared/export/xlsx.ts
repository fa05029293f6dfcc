import ExcelJS from 'exceljs';
import type { CsvCell } from './csv.ts';

/**
 * Rows as an Excel workbook (`.xlsx`) of one sheet: a bold header row that stays in view, a
 * filter on every column, and widths that fit the text. Every cell is written as a value,
 * never a formula: text that starts with `=` stays text (the type is in the file, so no
 * escaping is needed, unlike CSV). Kept apart from the CSV code (exceljs is large): a page
 * loads it only when the rep asks for a workbook.
 */
export async function toXlsx(
  sheetName: string,
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Account Lens';
  // Excel refuses sheet names over 31 characters or with any of : \ / ? * [ ].
  const sheet = workbook.addWorksheet(sheetName.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.addRow([...header]).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((cell) => (cell === undefined ? null : cell)));
  if (header.length > 0) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
  }
  sheet.columns.forEach((column, i) => {
    let widest = String(header[i] ?? '').length;
    for (const row of rows) widest = Math.max(widest, String(row[i] ?? '').length);
    column.width = Math.min(60, Math.max(8, widest + 2));
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
