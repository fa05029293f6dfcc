import type { RowProblem } from '../../../shared/import/index.ts';
import { t } from '../../i18n/index.ts';
import { ImportWorkerError } from '../client.ts';

/** A field of the import or of the saved row, as the wizard names it (its id when it has no name). */
export function fieldLabel(field: string): string {
  const label = t(`import.field.${field}`);
  return label.startsWith('import.field.') ? field : label;
}

/** A problem as the rep reads it: the row, the column as the file names it, and why. */
export function problemText(p: RowProblem): string {
  const reason = t(`import.problem.${p.code}`, { value: p.value, field: fieldLabel(p.field) });
  return p.column === ''
    ? t('import.problem.noColumn', { row: p.row, reason })
    : t('import.problem', { row: p.row, column: p.column, reason });
}

/** Why a file could not be read, in the rep's language. */
export function fileErrorText(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    const text = t(`import.fileError.${error.code}`);
    if (!text.startsWith('import.fileError.')) return text;
  }
  if (error instanceof ImportWorkerError || error instanceof Error) {
    return t('import.fileError.vcard', { detail: error.message });
  }
  return String(error);
}

/** One of our values (a stage, role, attitude, tier) by its id. */
export function choiceLabel(field: string, value: string): string {
  if (value === 'lost') return t('import.choices.lost');
  const prefix = field === 'roles' ? 'role' : field;
  return t(`${prefix}.${value}`);
}
