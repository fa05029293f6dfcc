import Papa from 'papaparse';

/** A file that cannot be read as a table, with what is wrong in words a rep can act on. */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
  constructor(
    readonly code:
      | 'empty'
      | 'tooLarge'
      | 'notText'
      | 'tooManyColumns'
      | 'noHeader'
      /** A workbook: no .xlsx (a zip of a spreadsheet's XML) at all, or an .xlsb or .ods. */
      | 'notXlsx'
      /** An Excel 97–2003 workbook (.xls): to be saved as .xlsx or CSV first. */
      | 'legacyXls'
      /** An .xlsx protected with a password (it is then no zip but an encrypted container). */
      | 'encrypted'
      /** An .xlsx whose zip or XML cannot be read: cut short, or written wrong. */
      | 'damaged'
      /** A sheet asked for by a name the workbook has no sheet of. */
      | 'unknownSheet',
    message: string,
  ) {
    super(message);
  }
}

/** Files above this are refused before they are read (a book of 100k accounts is ~30 MB). */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** A sheet wider than this is no export of a book (and would make a preview unusable). */
export const MAX_COLUMNS = 500;

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/**
 * The bytes of a CSV or TSV as text, and the encoding it was in: a byte-order mark decides;
 * without one, UTF-16 shows as every other byte zero in Latin text, and text that is not valid
 * UTF-8 is read as GB18030 (what Excel writes on a Chinese Windows; a superset of GBK and
 * GB2312). The browser's and Node's own TextDecoder does the decoding.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (bytes.length === 0) throw new ImportFileError('empty', 'the file is empty');
  if (bytes.length > MAX_FILE_BYTES) {
    throw new ImportFileError(
      'tooLarge',
      `the file is ${Math.round(bytes.length / 1024 / 1024)} MB; files up to ${MAX_FILE_BYTES / 1024 / 1024} MB can be imported (split it, or export fewer columns)`,
    );
  }
  const encoding = detectEncoding(bytes);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: encoding !== 'gb18030' }).decode(bytes);
  } catch {
    throw new ImportFileError('notText', `the file is not text in ${encoding}`);
  }
  text = text.replace(/^\uFEFF/, '');
  // A zip (xlsx), a PDF or an image read as text is full of control characters.
  const sample = text.slice(0, 4096);
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) controls++;
  }
  if (controls > sample.length / 100) {
    throw new ImportFileError(
      'notText',
      'the file is not a CSV or TSV text file (is it an Excel workbook?)',
    );
  }
  return { text, encoding };
}

function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length, 4096);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i++) if (bytes[i] === 0) i % 2 === 0 ? evenZeros++ : oddZeros++;
  if (oddZeros > n / 4 && evenZeros < n / 50) return 'utf-16le';
  if (evenZeros > n / 4 && oddZeros < n / 50) return 'utf-16be';
  try {
    // As a stream: a multi-byte character cut at the end of the sample is no evidence
    // against UTF-8.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 1 << 20), { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

export interface Table {
  readonly headers: string[];
  /** Data rows, each as long as the header row (short rows padded with ''). */
  readonly rows: string[][];
  /** The delimiter found: ',' ';' '\t' or '|' ('' for a sheet of a workbook: it has none). */
  readonly delimiter: string;
}

/**
 * Text as a table with papaparse: the delimiter detected (comma, semicolon as European Excel
 * writes, tab, bar), the first non-empty row as headers, quoted cells with line breaks kept.
 */
export function parseTable(text: string): Table {
  const parsed = Papa.parse<string[]>(text, {
    delimitersToGuess: [',', '\t', ';', '|'],
    skipEmptyLines: 'greedy',
  });
  const [first, ...rest] = parsed.data;
  if (first === undefined || first.every((h) => h.trim() === '')) {
    throw new ImportFileError('noHeader', 'the file has no header row');
  }
  if (first.length > MAX_COLUMNS) {
    throw new ImportFileError(
      'tooManyColumns',
      `the file has ${first.length} columns; an import reads at most ${MAX_COLUMNS}`,
    );
  }
  const headers = first.map((h) => h.trim());
  const rows = rest.map((r) => headers.map((_h, i) => r[i] ?? ''));
  return { headers, rows, delimiter: parsed.meta.delimiter };
}
