import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableCsv } from '../shared/export/index.ts';
import { TABLE_NAMES, type TableName } from '../shared/index.ts';
import type { Db } from './store/db.ts';
import { liveRows } from './store/rows.ts';

export interface ExportResult {
  /** Live rows written per table, in TABLE_NAMES order. */
  readonly counts: ReadonlyMap<TableName, number>;
  readonly files: readonly string[];
}

/**
 * `npm run server -- export --team ID DIR`: every table of a team as `DIR/<table>.csv`, live
 * rows only, for a spreadsheet (UTF-8 with BOM, formulas escaped; shared/export). All tables
 * are read in one read transaction, so the files agree with each other (no contact of an
 * account written after the accounts were read); each file is written beside its final name
 * and renamed once every one is written, so a failure leaves the earlier export as it was.
 */
export function exportTeam(db: Db, teamId: string, dir: string): ExportResult {
  const tables = db
    .transaction(() =>
      TABLE_NAMES.map((table) => {
        const rows = liveRows(db, teamId, table).sort((a, b) => (a.id < b.id ? -1 : 1));
        return { table, rows };
      }),
    )
    .deferred();
  mkdirSync(dir, { recursive: true });
  const written: { temp: string; final: string }[] = [];
  try {
    for (const { table, rows } of tables) {
      const final = join(dir, `${table}.csv`);
      const temp = `${final}.${process.pid}.tmp`;
      writeFileSync(temp, tableCsv(table, rows), 'utf8');
      written.push({ temp, final });
    }
  } catch (error) {
    for (const { temp } of written) rmSync(temp, { force: true });
    throw error;
  }
  for (const { temp, final } of written) renameSync(temp, final);
  return {
    counts: new Map(tables.map(({ table, rows }) => [table, rows.length])),
    files: written.map((w) => w.final),
  };
}
