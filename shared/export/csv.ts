import Papa from 'papaparse';

/**
 * A cell that a spreadsheet would read as a formula: it starts with `=`, `+`, `-` or `@` (or a
 * tab or carriage return, which some spreadsheets skip before looking). Whole string, newlines
 * included: papaparse's own test (`/^[=+\-@\t\r].*$/`) misses a formula followed by a line
 * break, so the test is passed in.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** The byte-order mark that makes Excel read a CSV as UTF-8 (Chinese names stay readable). */
export const UTF8_BOM = '\uFEFF';

/** One cell as written: text, a number, or nothing. */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * Rows to CSV text for a spreadsheet: a header line, CRLF line ends, quotes where needed, and
 * every text cell a spreadsheet would run as a formula (`=HYPERLINK(...)` in a note a customer
 * wrote) prefixed with `'`, so it shows as text. Numbers are written as numbers, negative ones
 * included. Starts with a UTF-8 byte-order mark unless `bom` is false (docs/domain.md §13).
 */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  { bom = true }: { bom?: boolean } = {},
): string {
  const text = Papa.unparse(
    { fields: [...header], data: rows.map((r) => [...r]) },
    { escapeFormulae: FORMULA_START, newline: '\r\n' },
  );
  return (bom ? UTF8_BOM : '') + text + (rows.length > 0 || header.length > 0 ? '\r\n' : '');
}
