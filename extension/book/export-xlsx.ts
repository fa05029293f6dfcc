import { toXlsx } from '../../shared/export/xlsx.ts';
import { t } from '../i18n/index.ts';
import { type AccountsExportContext, accountsTable } from './export.ts';
import type { BookRow } from './types.ts';

/** The accounts table's export as an Excel workbook: the columns and rows of accountsTable. */
export async function accountsXlsx(
  rows: readonly BookRow[],
  ctx: AccountsExportContext,
): Promise<Uint8Array<ArrayBuffer>> {
  const { header, lines } = accountsTable(rows, ctx);
  const bytes = await toXlsx(t('book.tab.accounts'), header, lines);
  return new Uint8Array(bytes);
}
