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
  refuseSize(bytes.length);
  const encoding = detectEncoding(bytes);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: encoding !== 'gb18030' }).decode(bytes);
  } catch {
    throw new ImportFileError('notText', `the file is not text in ${encoding}`);
  }
  text = text.replace(/^\uFEFF/, '');
  refuseBinary(text);
  return { text, encoding };
}

/** An empty file, or one too large to import, refused by its size before it is read. */
function refuseSize(size: number): void {
  if (size === 0) throw new ImportFileError('empty', 'the file is empty');
  if (size > MAX_FILE_BYTES) {
    throw new ImportFileError(
      'tooLarge',
      `the file is ${Math.round(size / 1024 / 1024)} MB; files up to ${MAX_FILE_BYTES / 1024 / 1024} MB can be imported (split it, or export fewer columns)`,
    );
  }
}

/** A zip (xlsx), a PDF or an image read as text is full of control characters. */
function refuseBinary(text: string): void {
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

/** Bytes read at a time from a file: its text never has to be held whole. */
export const READ_CHUNK_BYTES = 4 * 1024 * 1024;

const DELIMITERS = [',', '\t', ';', '|'];

/** Where the text's last whole line ends (after its line break); 0 when it holds none yet. */
function wholeLines(text: string): number {
  const lf = text.lastIndexOf('\n');
  // A CR at the very end may be half of a CRLF whose LF is in the next piece.
  const cr = text.lastIndexOf('\r', text.length - 2);
  return Math.max(lf, cr) + 1;
}

/**
 * A CSV or TSV read a piece at a time with papaparse's parser: the delimiter (comma, semicolon
 * as European Excel writes, tab, bar) and the line break guessed once from whole lines of the
 * first piece, the first non-empty row as headers, quoted cells with line breaks kept across
 * pieces (a row cut by a piece's end waits for the next one). A sheet too wide is refused as
 * soon as its header row is read.
 */
export class TableReader {
  private pending = '';
  private parser: Papa.Parser | undefined;
  private delimiter = ',';
  private headers: string[] | undefined;
  private readonly rows: string[][] = [];

  /** The next piece of the text; `last` for the final one (an empty piece may end it). */
  push(text: string, last: boolean): void {
    this.pending += text;
    if (!this.parser) {
      const whole = last ? this.pending.length : wholeLines(this.pending);
      // Keep reading until a line is whole, unless a first line runs on past a piece.
      if (whole === 0 && this.pending.length < READ_CHUNK_BYTES) return;
      const lines = this.pending.slice(0, whole || this.pending.length);
      // The first 64 kB of whole lines are plenty to guess from.
      const head = lines.slice(0, wholeLines(lines.slice(0, 1 << 16)) || lines.length);
      const guess = Papa.parse<string[]>(head, {
        delimitersToGuess: DELIMITERS,
        preview: 100,
      }).meta;
      const newline =
        guess.linebreak === '\r\n' || guess.linebreak === '\r' ? guess.linebreak : '\n';
      this.delimiter = guess.delimiter;
      this.parser = new Papa.Parser({ delimiter: guess.delimiter, newline });
    }
    const result = this.parser.parse(this.pending, 0, !last) as Papa.ParseResult<string[]>;
    for (const row of result.data) this.take(row);
    this.pending = last ? '' : this.pending.slice(result.meta.cursor);
  }

  /** The table read; call after the last piece. */
  table(): Table {
    if (this.headers === undefined) {
      throw new ImportFileError('noHeader', 'the file has no header row');
    }
    return { headers: this.headers, rows: this.rows, delimiter: this.delimiter };
  }

  private take(row: string[]): void {
    // Blank lines, and lines of only separators and spaces, are no rows (papaparse's 'greedy').
    if (row.every((cell) => cell.trim() === '')) return;
    if (this.headers === undefined) {
      if (row.length > MAX_COLUMNS) {
        throw new ImportFileError(
          'tooManyColumns',
          `the file has ${row.length} columns; an import reads at most ${MAX_COLUMNS}`,
        );
      }
      this.headers = row.map((h) => h.trim());
      return;
    }
    const width = this.headers.length;
    this.rows.push(
      row.length === width ? row : Array.from({ length: width }, (_h, i) => row[i] ?? ''),
    );
  }
}

/** Text as a table (TableReader over one piece). */
export function parseTable(text: string): Table {
  const reader = new TableReader();
  reader.push(text, true);
  return reader.table();
}

/**
 * A CSV or TSV file read as a table a piece at a time: its encoding from its first bytes as
 * decodeText finds it, decoded by one streaming TextDecoder (a character cut by a piece's end
 * is completed by the next). Refuses what decodeText refuses, before reading further.
 */
export async function readTableFile(
  file: Blob,
  options: {
    readonly onProgress?: (read: number, total: number) => void;
    /** Bytes a piece (READ_CHUNK_BYTES); tests cut small pieces to cut rows and characters. */
    readonly chunkBytes?: number;
  } = {},
): Promise<{ table: Table; encoding: TextEncoding }> {
  const { onProgress, chunkBytes = READ_CHUNK_BYTES } = options;
  refuseSize(file.size);
  const encoding = detectEncoding(new Uint8Array(await file.slice(0, 1 << 20).arrayBuffer()));
  const decoder = new TextDecoder(encoding, { fatal: encoding !== 'gb18030' });
  const reader = new TableReader();
  for (let at = 0; at < file.size; at += chunkBytes) {
    const last = at + chunkBytes >= file.size;
    const bytes = new Uint8Array(await file.slice(at, at + chunkBytes).arrayBuffer());
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: !last });
    } catch {
      throw new ImportFileError('notText', `the file is not text in ${encoding}`);
    }
    if (at === 0) {
      text = text.replace(/^\uFEFF/, '');
      refuseBinary(text);
    }
    reader.push(text, last);
    onProgress?.(Math.min(file.size, at + chunkBytes), file.size);
  }
  return { table: reader.table(), encoding };
}
