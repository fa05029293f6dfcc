import type { AccountLensDB } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import { dateInput } from '../../ui/format.ts';
import type { AccountsExportContext } from '../export.ts';
import type { BookRow } from '../types.ts';
import { ExportButton } from './ExportButton.tsx';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The accounts table's exports: the rows it shows as CSV or an Excel workbook, their people as
 * vCards (docs/domain.md §13). Each loads its code on the first click.
 */
export function ExportButtons(props: {
  db: AccountLensDB;
  /** How many rows the table shows (the rows themselves are gathered on click). */
  count: number;
  rows: () => BookRow[];
  ctx: AccountsExportContext;
}) {
  const { count, rows, ctx } = props;
  return (
    <>
      <ExportButton
        kind="accounts"
        label={t('accounts.export')}
        hint={t('accounts.export.hint', { n: count })}
        make={async () => {
          const { accountsCsv } = await import('../export.ts');
          const content = accountsCsv(rows(), ctx);
          return { name: exportName('accounts', 'csv'), content, type: 'text/csv;charset=utf-8' };
        }}
      />
      <ExportButton
        kind="xlsx"
        label={t('accounts.exportXlsx')}
        hint={t('accounts.export.hint', { n: count })}
        make={async () => {
          const { accountsXlsx } = await import('../export-xlsx.ts');
          const content = await accountsXlsx(rows(), ctx);
          return { name: exportName('accounts', 'xlsx'), content, type: XLSX };
        }}
      />
      <ExportButton
        kind="contacts"
        label={t('accounts.exportContacts')}
        hint={t('accounts.exportContacts.hint', { n: count })}
        make={async () => {
          const { contactsOfRowsVcf } = await import('../export.ts');
          const { text } = await contactsOfRowsVcf(props.db, rows());
          return {
            name: exportName('contacts', 'vcf'),
            content: text,
            type: 'text/vcard;charset=utf-8',
          };
        }}
      />
    </>
  );
}

/** `account-lens-accounts-2026-12-03.csv`, the kind in the rep's language. */
const exportName = (kind: 'accounts' | 'contacts', extension: string) =>
  `account-lens-${t(`accounts.export.file.${kind}`)}-${dateInput(Date.now())}.${extension}`;
