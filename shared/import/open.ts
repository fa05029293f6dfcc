import {
  decodeText,
  ImportFileError,
  readTableFile,
  type Table,
  type TextEncoding,
} from './file.ts';
import { readVcards } from './vcard.ts';

/** A file opened for import, by what it turned out to be. */
export type OpenedFile =
  | {
      readonly kind: 'xlsx';
      readonly table: Table;
      readonly sheets: readonly string[];
      readonly sheet: string;
    }
  | { readonly kind: 'csv'; readonly table: Table; readonly encoding: TextEncoding }
  | ({ readonly kind: 'vcard'; readonly encoding: TextEncoding } & ReturnType<typeof readVcards>);

const WORKBOOK_NAME = /\.(xlsx|xlsm|xls)$/i;
const VCARD_NAME = /\.(vcf|vcard)$/i;
/** A zip (an .xlsx) or an OLE2 container (an Excel 97–2003 .xls, or an encrypted .xlsx). */
const WORKBOOK_MAGIC = [
  [0x50, 0x4b, 0x03, 0x04],
  [0xd0, 0xcf, 0x11, 0xe0],
];

/**
 * Open a file the way the import wizard and the server's import command both do: a workbook by
 * its name or its first bytes (the sheet asked for, or the first); a vCard file by its name or
 * its first line; anything else a CSV or TSV read a piece at a time. Refuses what cannot be
 * read with an ImportFileError (or a VcardFileError) naming what is wrong.
 */
export async function openImportFile(
  file: Blob,
  name: string,
  options: {
    readonly sheet?: string | undefined;
    readonly onProgress?: (read: number, total: number) => void;
  } = {},
): Promise<OpenedFile> {
  const start = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  const workbook =
    WORKBOOK_NAME.test(name) ||
    WORKBOOK_MAGIC.some((magic) => magic.every((b, i) => start[i] === b));
  if (workbook) {
    // Loaded only for a workbook: exceljs is large.
    const { readWorkbook } = await import('./xlsx.ts');
    const bytes = new Uint8Array(await file.arrayBuffer());
    const read = await readWorkbook(
      bytes,
      options.sheet === undefined ? {} : { sheet: options.sheet },
    );
    return { kind: 'xlsx', table: read.table, sheets: read.sheets, sheet: read.sheet };
  }
  if (options.sheet !== undefined) {
    throw new ImportFileError(
      'notXlsx',
      'a sheet was asked for, but only a workbook (.xlsx) has sheets',
    );
  }
  // A vCard file is a few cards a contact, never a book's size: read whole.
  const head = await file.slice(0, 64).arrayBuffer();
  // The first line in any encoding the table reader knows: NULs of UTF-16 and marks dropped.
  const headText = new TextDecoder()
    .decode(head)
    .replace(/\0/g, '')
    .replace(/^[\uFEFF\uFFFD]+/, '');
  if (VCARD_NAME.test(name) || /^\s*BEGIN:VCARD/i.test(headText)) {
    const { text, encoding } = decodeText(new Uint8Array(await file.arrayBuffer()));
    return { kind: 'vcard', encoding, ...readVcards(text) };
  }
  const { table, encoding } = await readTableFile(
    file,
    options.onProgress ? { onProgress: options.onProgress } : {},
  );
  return { kind: 'csv', table, encoding };
}
