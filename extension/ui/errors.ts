import { ValidationError } from '../../shared/index.ts';
import { t } from '../i18n/index.ts';

/**
 * An error as the rep reads it. A ValidationError names its field as a path
 * (`fields.marginPct: must be at most 100`); the field is shown with its UI label.
 */
export function errorText(error: unknown): string {
  if (error instanceof ValidationError) {
    const name = error.field
      ?.split('.')
      .pop()
      ?.replace(/\[\d+\]$/, '');
    const rest = error.message.includes(': ')
      ? error.message.slice(error.message.indexOf(': ') + 2)
      : error.message;
    if (name) {
      const label = t(`ui.field.${name}`);
      return t('ui.error.field', {
        field: label.startsWith('ui.field.') ? name : label,
        message: rest,
      });
    }
    return rest;
  }
  return t('ui.error.other', { message: error instanceof Error ? error.message : String(error) });
}
