import ExcelJS from 'exceljs';
import { ImportFileError, MAX_COLUMNS, MAX_FILE_BYTES, type Table } from './file.ts';

/**
 * Excel workbooks (`.xlsx`) read into the same Table as a CSV (file.ts `parseTable`), with
 * exceljs. Kept apart from the index like shared/export/xlsx.ts (exceljs is large): a page
 * loads it only when the rep picks a workbook.
 *
 * Cells become the text the rest of the import reads (values.ts): dates as ISO `YYYY-MM-DD`
 * (with ` HH:MM` or ` HH:MM:SS` when they have a time), numbers as plain decimals rounded to
 * Excel's 15 significant digits (no `0.30000000000000004`, no thousands separators, no
 * exponent), booleans as TRUE/FALSE, rich text and hyperlinks as the text shown, formulas as
 * their last result (never the formula), error values (#N/A, #DIV/0!) as ''.
 *
 * Exports from CRMs and ERPs put titles and grouped headers above their columns; see
 * tableOf for how a sheet's header is found.
 */

/** A workbook's sheets, the one read, and its rows. */
export interface WorkbookRead {
  /** Every worksheet's name, in the workbook's order. */
  readonly sheets: string[];
  /** The sheet read: the one asked for, else the first with any data. */
  readonly sheet: string;
  /** Its rows as parseTable gives a CSV's: `delimiter` is ''. */
  readonly table: Table;
}

/**
 * The sheets of an `.xlsx` and one of them as a table: `options.sheet` by name (exactly, or
 * else ignoring case as Excel does), by default the first visible sheet with any data.
 * Refuses with an ImportFileError what it cannot read: too large, no workbook, an `.xls`, a
 * password-protected or damaged workbook, an unknown sheet, too many columns, an empty sheet.
 */
export async function readWorkbook(
  bytes: Uint8Array,
  options: { sheet?: string } = {},
): Promise<WorkbookRead> {
  refuseNonWorkbook(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    // JSZip (inside exceljs, in Node and in browsers) reads a Uint8Array as it is; exceljs's
    // typings only name its Buffer and ArrayBuffer.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    const office = [XL_FOLDER, CONTENT_TYPES].some(
      (name) => hasBytes(bytes, name, 0, ZIP_PROBE) || hasBytes(bytes, name, -ZIP_PROBE),
    );
    if (!office) throw notXlsx(bytes);
    throw new ImportFileError(
      'damaged',
      'the workbook is damaged or incomplete (was the download cut short?): open it in Excel and save it again, or export it anew',
    );
  }
  const worksheets = workbook.worksheets;
  if (worksheets.length === 0) throw notXlsx(bytes);
  const sheets = worksheets.map((w) => w.name);
  const date1904 = workbook.properties.date1904 === true;

  if (options.sheet !== undefined) {
    const wanted = options.sheet;
    const chosen =
      worksheets.find((w) => w.name === wanted) ??
      worksheets.find((w) => w.name.trim().toLowerCase() === wanted.trim().toLowerCase());
    if (chosen === undefined) {
      throw new ImportFileError(
        'unknownSheet',
        `the workbook has no sheet “${wanted}”; its sheets are ${sheets.map((s) => `“${s}”`).join(', ')}`,
      );
    }
    return { sheets, sheet: chosen.name, table: tableOf(gridOf(chosen, date1904), chosen.name) };
  }
  // Hidden sheets (lookup lists, a macro's scratch) come after every visible one.
  const hidden = (w: ExcelJS.Worksheet) => w.state === 'hidden' || w.state === 'veryHidden';
  const ordered = [...worksheets.filter((w) => !hidden(w)), ...worksheets.filter(hidden)];
  for (const worksheet of ordered) {
    const grid = gridOf(worksheet, date1904);
    if (grid.rows.length > 0) {
      return { sheets, sheet: worksheet.name, table: tableOf(grid, worksheet.name) };
    }
  }
  throw new ImportFileError(
    'noHeader',
    sheets.length === 1
      ? `the sheet “${sheets[0]}” is empty`
      : 'every sheet of the workbook is empty',
  );
}

// ─── What the bytes are ────────────────────────────────────────────────────────────────────

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** The Compound File container of Excel 97–2003 workbooks, and of password-protected .xlsx. */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0];
/** The stream an encrypted .xlsx keeps its zip in, named in UTF-16LE in the container. */
const ENCRYPTED_PACKAGE = [...'EncryptedPackage'].flatMap((ch) => [ch.charCodeAt(0), 0]);
const ascii = (text: string): number[] => [...text].map((ch) => ch.charCodeAt(0));
/** Every .xlsx has its parts under xl/ and a list of them; a zip names its files in plain text. */
const XL_FOLDER = ascii('xl/');
const CONTENT_TYPES = ascii('[Content_Types].xml');
const XLSB_WORKBOOK = ascii('xl/workbook.bin');
const ODS_MIMETYPE = ascii('application/vnd.oasis.opendocument.spreadsheet');
/** A zip names its first files at its start and every file at its end (central directory). */
const ZIP_PROBE = 64 * 1024;

function refuseNonWorkbook(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new ImportFileError('empty', 'the file is empty');
  if (bytes.length > MAX_FILE_BYTES) {
    throw new ImportFileError(
      'tooLarge',
      `the file is ${Math.round(bytes.length / 1024 / 1024)} MB; files up to ${MAX_FILE_BYTES / 1024 / 1024} MB can be imported (split it, or export fewer columns)`,
    );
  }
  if (startsWith(bytes, OLE2)) {
    if (hasBytes(bytes, ENCRYPTED_PACKAGE, 0)) {
      throw new ImportFileError(
        'encrypted',
        'the workbook is protected with a password: open it in Excel, save a copy without the password (File › Info › Protect Workbook), and import that',
      );
    }
    throw new ImportFileError(
      'legacyXls',
      'the file is an Excel 97–2003 workbook (.xls), which cannot be imported: open it in Excel or WPS and save it as an Excel workbook (.xlsx) or as CSV',
    );
  }
  if (!startsWith(bytes, ZIP)) throw notXlsx(bytes);
}

function notXlsx(bytes: Uint8Array): ImportFileError {
  let message = 'the file is not an Excel .xlsx workbook';
  if (hasBytes(bytes, XLSB_WORKBOOK, 0, ZIP_PROBE) || hasBytes(bytes, XLSB_WORKBOOK, -ZIP_PROBE)) {
    message = `${message} but an Excel binary workbook (.xlsb): open it in Excel and save it as .xlsx or CSV`;
  } else if (hasBytes(bytes, ODS_MIMETYPE, 0, 256)) {
    message = `${message} but an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV`;
  } else if (looksLikeText(bytes)) {
    // Many web CRMs and ERPs send an HTML table or a CSV named .xls or .xlsx.
    const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 2048)).toLowerCase();
    message = /<(html|table|!doctype)/.test(head)
      ? `${message} but a web page named as one: open it in Excel and save it as .xlsx or CSV`
      : `${message} but text: if it is a CSV or TSV file, import it as one`;
  }
  return new ImportFileError('notXlsx', message);
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Whether `pattern` is in bytes[from, to) (a negative `from` counts from the end). */
function hasBytes(
  bytes: Uint8Array,
  pattern: readonly number[],
  from: number,
  to = bytes.length,
): boolean {
  const part = bytes.subarray(Math.max(0, from < 0 ? bytes.length + from : from), to);
  const first = pattern[0] as number;
  for (let i = part.indexOf(first); i >= 0; i = part.indexOf(first, i + 1)) {
    if (i + pattern.length > part.length) return false;
    if (pattern.every((b, j) => part[i + j] === b)) return true;
  }
  return false;
}

/** No control characters but tab and line ends in the first 4 kB (UTF-8, GBK: all ≥ 0x20). */
function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return true;
}

// ─── Cells ─────────────────────────────────────────────────────────────────────────────────

/** A cell as text, and what it held: a sub-header is text, never a number, date or TRUE. */
interface Cell {
  readonly text: string;
  readonly kind: 'text' | 'number' | 'date' | 'other';
}

const EMPTY: Cell = { text: '', kind: 'other' };

function cellOf(value: ExcelJS.CellValue, date1904: boolean): Cell {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') return { text: value, kind: 'text' };
  if (typeof value === 'number') return { text: plainNumber(value), kind: 'number' };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', kind: 'other' };
  if (value instanceof Date) return { text: isoDate(value, date1904), kind: 'date' };
  if ('richText' in value) {
    return { text: value.richText.map((run) => run.text).join(''), kind: 'text' };
  }
  if ('hyperlink' in value) {
    // The text shown may itself be rich text; a link with none shows its address.
    const shown = cellOf(value.text as ExcelJS.CellValue, date1904);
    return shown.text !== '' ? shown : { text: value.hyperlink, kind: 'text' };
  }
  if ('formula' in value || 'sharedFormula' in value) {
    return cellOf((value.result ?? null) as ExcelJS.CellValue, date1904);
  }
  return EMPTY; // an error value: #N/A, #DIV/0!, #REF!
}

/**
 * A number as a plain decimal: rounded to the 15 significant digits Excel keeps and shows
 * (0.1+0.2 is 0.3), without an exponent (1e21 and 1e-7 written out) or a negative zero.
 */
function plainNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  // Past Excel's largest number (9.99999999999999E+307) rounding could overflow.
  const rounded = Math.abs(value) < 1e308 ? Number(value.toPrecision(15)) : value;
  if (rounded === 0) return '0';
  const text = String(rounded);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const sign = text.startsWith('-') ? '-' : '';
  const mantissa = text.slice(sign.length, e);
  const exponent = Number(text.slice(e + 1));
  const point = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const at = (point < 0 ? mantissa.length : point) + exponent;
  if (at <= 0) return `${sign}0.${'0'.repeat(-at)}${digits}`;
  if (at >= digits.length) return `${sign}${digits}${'0'.repeat(at - digits.length)}`;
  return `${sign}${digits.slice(0, at)}.${digits.slice(at)}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A date cell (exceljs gives its wall-clock time as UTC) as `YYYY-MM-DD`, with ` HH:MM` (and
 * `:SS`) when it has a time, to the nearest second; a time alone (a day 0 date) as `HH:MM`.
 */
function isoDate(value: Date, date1904: boolean): string {
  const ms = value.getTime();
  if (Number.isNaN(ms)) return '';
  const at = new Date(Math.round(ms / 1000) * 1000);
  const date = `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  const [h, m, s] = [at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds()];
  const time = `${pad(h)}:${pad(m)}${s === 0 ? '' : `:${pad(s)}`}`;
  if (date === (date1904 ? '1904-01-01' : '1899-12-30')) return time;
  return h === 0 && m === 0 && s === 0 ? date : `${date} ${time}`;
}

// ─── A sheet as a grid ─────────────────────────────────────────────────────────────────────

/** A merged range; its value is in its first (top left) cell. */
interface Merge {
  readonly top: number;
  readonly left: number;
  bottom: number;
  right: number;
}

interface Grid {
  /** Cells with a value, by key(row, column); a merge's value is in its first cell only. */
  readonly cells: Map<number, Cell>;
  /** The merge each merged cell is in, by key(row, column). */
  readonly merged: Map<number, Merge>;
  readonly merges: Merge[];
  /** Rows with a cell that is not blank, ascending, and the columns of their first and last. */
  readonly rows: number[];
  readonly spans: Map<number, { left: number; right: number }>;
}

/** Excel's widest sheet has 16,384 columns. */
const key = (row: number, column: number): number => row * 16_385 + column;

const blank = (cell: Cell | undefined): boolean => cell === undefined || cell.text.trim() === '';

function gridOf(worksheet: ExcelJS.Worksheet, date1904: boolean): Grid {
  const cells = new Map<number, Cell>();
  const merged = new Map<number, Merge>();
  const merges: Merge[] = [];
  const rows: number[] = [];
  const spans = new Map<number, { left: number; right: number }>();
  worksheet.eachRow((row, r) => {
    let left = 0;
    let right = 0;
    row.eachCell((cell, c) => {
      if (cell.isMerged) {
        const master = cell.master;
        const masterKey = key(Number(master.row), Number(master.col));
        let merge = merged.get(masterKey);
        if (merge === undefined) {
          merge = { top: Number(master.row), left: Number(master.col), bottom: r, right: c };
          merges.push(merge);
          merged.set(masterKey, merge);
        }
        merge.bottom = Math.max(merge.bottom, r);
        merge.right = Math.max(merge.right, c);
        merged.set(key(r, c), merge);
        if (cell.type === ExcelJS.ValueType.Merge) return;
      }
      const value = cellOf(cell.value, date1904);
      if (value === EMPTY) return;
      cells.set(key(r, c), value);
      if (blank(value)) return;
      if (left === 0) left = c;
      right = c;
    });
    if (left > 0) {
      rows.push(r);
      spans.set(r, { left, right });
    }
  });
  return { cells, merged, merges, rows, spans };
}

/** The text a cell shows: a merged cell shows its merge's. */
function shown(grid: Grid, row: number, column: number): string {
  const merge = grid.merged.get(key(row, column));
  const cell = merge
    ? grid.cells.get(key(merge.top, merge.left))
    : grid.cells.get(key(row, column));
  return cell?.text ?? '';
}

const clean = (text: string): string => text.replace(/\s+/g, ' ').trim();

// ─── Where the header is ───────────────────────────────────────────────────────────────────

/** Header rows below which a sheet's first row is data, at most. */
const MAX_HEADER_ROWS = 3;

/**
 * A sheet as a table. Its header is the first row with values, after any titles:
 * - a title is a first row with a value in one cell only ("Customer list 2026", merged across
 *   the width or not) above a row of several values; a value merged across part of the width
 *   only is rather a group header when sub-headers are under it (see below);
 * - a header row goes on into the row below while a header cell is merged down into it
 *   ("负责人" over two rows), or while the row below holds sub-headers (text only) under
 *   cells merged across several columns ("Contact" over "Name | Email") and nothing under
 *   the other headers;
 * - each column's header joins what its header rows say: "Contact Email", or the sub-header
 *   alone when it names its group already ("客户名称" under "客户信息").
 * Data rows follow it; blank rows are left out (as parseTable does), and a cell merged down
 * across data rows ("客户名称" over three order lines) gives its value to each of them.
 */
function tableOf(grid: Grid, sheet: string): Table {
  const { rows } = grid;
  if (rows.length === 0) {
    throw new ImportFileError('noHeader', `the sheet “${sheet}” is empty`);
  }
  const { left: sheetLeft, right: sheetRight } = bounds(grid, rows);
  const width = sheetRight - sheetLeft + 1;

  let at = 0; // index in rows of the header's first row
  while (at < rows.length - 1 && width >= 2) {
    const row = rows[at] as number;
    const filled = filledColumns(grid, row, sheetLeft, sheetRight);
    if (filled.length !== 1) break;
    const own = grid.merged.get(key(row, filled[0] as number));
    const bottom = Math.max(row, own?.bottom ?? row);
    let next = at + 1;
    while (next < rows.length && (rows[next] as number) <= bottom) next++;
    if (next >= rows.length) break;
    if (filledColumns(grid, rows[next] as number, sheetLeft, sheetRight).length < 2) break;
    // One value merged across part of the width may be a group over sub-headers; across
    // (nearly) all of it, it is a title whatever is below.
    const wide = own !== undefined && own.right - own.left + 1 >= Math.ceil(width * 0.8);
    if (
      own !== undefined &&
      !wide &&
      own.right > own.left &&
      subHeaderRow(grid, row, row, row + 1, sheetLeft, sheetRight)
    ) {
      break;
    }
    at = next;
  }

  const top = rows[at] as number;
  let last = top;
  while (last - top + 1 < MAX_HEADER_ROWS) {
    const next = last + 1;
    const mergedDown = grid.merges.some((m) => m.top >= top && m.top <= last && m.bottom >= next);
    if (!mergedDown && !subHeaderRow(grid, top, last, next, sheetLeft, sheetRight)) break;
    last = next;
  }

  const dataRows = rows.filter((r) => r > last);
  const { left, right } = bounds(
    grid,
    rows.filter((r) => r >= top),
  );
  if (right - left + 1 > MAX_COLUMNS) {
    throw new ImportFileError(
      'tooManyColumns',
      `the sheet “${sheet}” has ${right - left + 1} columns; an import reads at most ${MAX_COLUMNS}`,
    );
  }

  const columns = Array.from({ length: right - left + 1 }, (_v, i) => left + i);
  const headers = columns.map((c) => {
    let header = '';
    for (let r = top; r <= last; r++) {
      const merge = grid.merged.get(key(r, c));
      if (merge !== undefined && merge.top < r) continue; // said by the row above
      header = joinHeader(header, clean(shown(grid, r, c)));
    }
    return header;
  });
  if (headers.every((h) => h === '')) {
    throw new ImportFileError('noHeader', `the sheet “${sheet}” has no header row`);
  }
  const body = dataRows.map((r) =>
    columns.map((c) => {
      const cell = grid.cells.get(key(r, c));
      if (cell !== undefined) return cell.text;
      // A value merged down over data rows belongs to each of them (its first column only).
      const merge = grid.merged.get(key(r, c));
      if (merge !== undefined && merge.left === c && merge.top > last && merge.top < r) {
        return grid.cells.get(key(merge.top, merge.left))?.text ?? '';
      }
      return '';
    }),
  );
  return { headers, rows: body, delimiter: '' };
}

/** The first and last column with a value in any of `rows`. */
function bounds(grid: Grid, rows: readonly number[]): { left: number; right: number } {
  let left = Number.POSITIVE_INFINITY;
  let right = 0;
  for (const r of rows) {
    const span = grid.spans.get(r);
    if (span === undefined) continue;
    left = Math.min(left, span.left);
    right = Math.max(right, span.right);
  }
  return { left, right };
}

function filledColumns(grid: Grid, row: number, left: number, right: number): number[] {
  const filled: number[] = [];
  for (let c = left; c <= right; c++) if (!blank(grid.cells.get(key(row, c)))) filled.push(c);
  return filled;
}

/**
 * Whether row `next` holds sub-headers of the header rows `top`–`last`: text under a cell of
 * row `last` merged across several columns (a group), and under every other header nothing
 * (or the header itself, merged down). A row of data under a merged header fails this: data
 * has numbers or dates, or values under the headers that are no group.
 */
function subHeaderRow(
  grid: Grid,
  top: number,
  last: number,
  next: number,
  left: number,
  right: number,
): boolean {
  const groups = grid.merges.filter(
    (m) =>
      m.top >= top &&
      m.bottom === last &&
      m.right > m.left &&
      !blank(grid.cells.get(key(m.top, m.left))),
  );
  if (groups.length === 0) return false;
  let under = false;
  for (let c = left; c <= right; c++) {
    const cell = grid.cells.get(key(next, c));
    if (blank(cell)) continue;
    if (cell?.kind !== 'text') return false;
    if (groups.some((g) => g.left <= c && c <= g.right)) {
      under = true;
      continue;
    }
    for (let r = top; r <= last; r++) if (clean(shown(grid, r, c)) !== '') return false;
  }
  return under;
}

/** Words that say a group is a group ("客户信息", "Contact details"), not what it is of. */
const GROUP_WORDS = /基本信息|信息|资料|详情|情况|\b(?:information|info|details|data)\b/giu;

/** Lower case, half-width, punctuation as single spaces: for comparing headers. */
const comparable = (text: string): string =>
  ` ${text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;

/**
 * A group's header and a sub-header as one: "Contact" and "Email" as "Contact Email"; the
 * sub-header alone when it has the group's name in it already ("客户名称" under "客户信息",
 * "Contact name" under "Contact details"), so the column reads as the sheet's author meant.
 */
function joinHeader(group: string, sub: string): string {
  if (group === '') return sub;
  if (sub === '') return group;
  const name = comparable(group.replace(GROUP_WORDS, ' '));
  const subText = comparable(sub);
  const cjk = /\p{Script=Han}/u.test(name);
  const named = cjk ? subText.includes(name.trim()) : subText.includes(name);
  if (name.trim() !== '' && named) return sub;
  if (comparable(group).includes(subText)) return group;
  return `${group} ${sub}`;
}
