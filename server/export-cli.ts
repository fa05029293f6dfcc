import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ordersCsv, tableCsv } from '../shared/export/index.ts';
import { TABLE_NAMES, type TableName } from '../shared/index.ts';
import type { Store } from './store/store.ts';

export interface ExportResult {
  /** Live rows written per table, in TABLE_NAMES order. */
  readonly counts: ReadonlyMap<TableName, number>;
  /** Orders written to orders.csv (every account's, one line each). */
  readonly orders: number;
  readonly files: readonly string[];
}

/**
 * `npm run server -- export --team ID DIR`: every table of a team as `DIR/<table>.csv`, live
 * rows only, for a spreadsheet (UTF-8 with BOM, formulas escaped; shared/export), each account
 * or owner id followed by its name, and the accounts' orders one per line in `DIR/orders.csv`:
 * what `npm run server -- import` reads back into another team (server/import-cli.ts). All tables
 * are read in one read transaction, so the files agree with each other (no contact of an
 * account written after the accounts were read); each file is written beside its final name
 * and renamed once every one is written, so a failure leaves the earlier export as it was.
 */
export async function exportTeam(store: Store, teamId: string, dir: string): Promise<ExportResult> {
  const snapshot = await store.snapshot(teamId, TABLE_NAMES);
  const members = snapshot.members;
  const tables = TABLE_NAMES.map((table) => ({
    table,
    rows: [...(snapshot.rows.get(table) ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1)),
  }));
  const accounts = tables.find((t) => t.table === 'accounts')?.rows ?? [];
  const accountNames = new Map(
    accounts.map((a) => [a.id, typeof a.fields.name === 'string' ? a.fields.name : '']),
  );
  const memberNames = new Map(members.map((m) => [m.id, m.name]));
  const names = {
    account: (id: string) => accountNames.get(id),
    member: (id: string) => memberNames.get(id),
  };
  const files = [
    ...tables.map(({ table, rows }) => ({ name: table, text: () => tableCsv(table, rows, names) })),
    { name: 'orders', text: () => ordersCsv(accounts) },
  ];
  mkdirSync(dir, { recursive: true });
  const written: { temp: string; final: string }[] = [];
  try {
    for (const file of files) {
      const final = join(dir, `${file.name}.csv`);
      const temp = `${final}.${process.pid}.tmp`;
      writeFileSync(temp, file.text(), 'utf8');
      written.push({ temp, final });
    }
  } catch (error) {
    for (const { temp } of written) rmSync(temp, { force: true });
    throw error;
  }
  for (const { temp, final } of written) renameSync(temp, final);
  return {
    counts: new Map(tables.map(({ table, rows }) => [table, rows.length])),
    orders: accounts.reduce(
      (n, a) => n + (Array.isArray(a.fields.orders) ? a.fields.orders.length : 0),
      0,
    ),
    files: written.map((w) => w.final),
  };
}
