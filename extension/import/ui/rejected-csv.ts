import { toCsv } from '../../../shared/export/csv.ts';
import { t } from '../../i18n/index.ts';
import type { RejectedRow } from '../session.ts';
import { problemText } from './text.ts';

/**
 * The rows an import left out, as a CSV the rep can fix and import again: the row number, the
 * cells as they were, and every reason. Written like any export (BOM, formulas escaped), so a
 * cell that was left out for being a formula cannot run when the file is opened.
 */
export function rejectedCsv(rejected: { headers: string[]; rows: RejectedRow[] }): string {
  const headers = [t('import.rejected.row'), ...rejected.headers, t('import.rejected.why')];
  const rows = rejected.rows.map((r) => [
    r.row,
    ...rejected.headers.map((_h, i) => r.cells[i] ?? ''),
    r.problems.map(problemText).join('; '),
  ]);
  return toCsv(headers, rows);
}
