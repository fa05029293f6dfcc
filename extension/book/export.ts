import { type CsvCell, contactsVcf, toCsv } from '../../shared/export/index.ts';
import type { AccountLensDB } from '../db/database.ts';
import { rowsOfAccounts } from '../db/read.ts';
import { t } from '../i18n/index.ts';
import { dateInput } from '../ui/format.ts';
import type { BookRow } from './types.ts';

/** What the export needs of the table beside the rows: labels as the rep reads them. */
export interface AccountsExportContext {
  /** An owner's name as the table shows it (Me, a teammate's name, No owner). */
  readonly ownerLabel: (ownerId: string) => string;
  /** Days the account is past its tier's cadence (negative: days left; NaN: no cadence). */
  readonly pastCadenceDays: (row: BookRow) => number;
}

/**
 * The accounts the table shows, in its order, as a spreadsheet's rows: a column per field the
 * table shows, in the rep's language, dates as YYYY-MM-DD in the rep's time zone, and the open
 * pipeline as a number column per currency (amounts in two currencies are never added up,
 * docs/domain.md).
 */
export function accountsTable(
  rows: readonly BookRow[],
  ctx: AccountsExportContext,
): { header: string[]; lines: CsvCell[][] } {
  const currencies = [...new Set(rows.flatMap((r) => r.openAmounts.map((a) => a.currency)))].sort();
  const yesNo = (v: boolean) => (v ? t('accounts.export.yes') : t('accounts.export.no'));
  const header = [
    t('accounts.col.name'),
    t('accounts.col.domains'),
    t('accounts.col.tier'),
    t('accounts.col.tierManual'),
    t('accounts.col.status'),
    t('accounts.col.relationship'),
    t('accounts.col.loyalty'),
    t('accounts.col.owner'),
    t('accounts.col.lastTouch'),
    t('accounts.col.pastCadence'),
    ...currencies.map((currency) => t('accounts.col.pipelineIn', { currency })),
    t('accounts.col.openDeals'),
    t('accounts.col.noDecisionMaker'),
    t('accounts.col.next'),
    t('accounts.col.nextDue'),
    t('accounts.col.contacts'),
  ];
  const lines = rows.map((row): CsvCell[] => {
    const past = ctx.pastCadenceDays(row);
    return [
      row.name,
      row.domains.join('; '),
      t(`tier.${row.tier}`),
      yesNo(row.tierManual),
      row.status ? t(`status.${row.status}`) : '',
      row.relationship ? t(`relationship.${row.relationship}`) : '',
      row.loyalty ? t(`loyalty.${row.loyalty}`) : '',
      ctx.ownerLabel(row.ownerId),
      row.lastTouchAt === undefined ? '' : dateInput(row.lastTouchAt),
      Number.isNaN(past) || past <= 0 ? '' : past,
      ...currencies.map((c) => row.openAmounts.find((a) => a.currency === c)?.amount ?? ''),
      row.openDeals,
      yesNo(row.noDecisionMaker),
      row.next ? t(row.next.title) : '',
      row.next ? dateInput(row.next.dueAt) : '',
      row.contactNames.join('; '),
    ];
  });
  return { header, lines };
}

/** The accounts table's export as CSV (see accountsTable). */
export function accountsCsv(rows: readonly BookRow[], ctx: AccountsExportContext): string {
  const { header, lines } = accountsTable(rows, ctx);
  return toCsv(header, lines);
}

/**
 * The contacts of the accounts the table shows, as vCard 4.0 (shared/export): accounts in the
 * table's order, each account's people by name, the account's name as their organisation and
 * their buying roles, in the rep's language, as categories.
 */
export async function contactsOfRowsVcf(
  db: AccountLensDB,
  rows: readonly BookRow[],
): Promise<{ text: string; cards: number }> {
  const names = new Map(rows.map((r) => [r.accountId, r.name]));
  const order = new Map(rows.map((r, i) => [r.accountId, i]));
  const contacts = (await rowsOfAccounts(db.contacts, names.keys()))
    .filter((c) => !c.deleted)
    .sort(
      (a, b) =>
        (order.get(a.accountId) ?? 0) - (order.get(b.accountId) ?? 0) ||
        a.name.localeCompare(b.name),
    );
  const text = contactsVcf(contacts, {
    accountName: (id) => names.get(id),
    roleLabel: (role) => t(`role.${role}`),
  });
  return { text, cards: contacts.length };
}
