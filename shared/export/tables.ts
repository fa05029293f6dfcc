import { z } from 'zod';
import { EpochMs } from '../schema/common.ts';
import { TABLE_SCHEMAS, type TableName } from '../schema/sync.ts';
import { type CsvCell, toCsv } from './csv.ts';

/**
 * The columns of a table's export: its id, then every field of its schema in the schema's own
 * order (docs/domain.md names them), `deleted` left out (an export holds live rows only).
 */
export function tableColumns(table: TableName): string[] {
  const fields = Object.keys(TABLE_SCHEMAS[table].shape).filter(
    (f) => f !== 'id' && f !== 'deleted',
  );
  return ['id', ...fields];
}

/** Whether a table's field holds a moment (epoch milliseconds, EpochMs in the schema). */
export function isTimeField(table: TableName, field: string): boolean {
  const shape: Record<string, z.ZodType> = TABLE_SCHEMAS[table].shape;
  if (!Object.hasOwn(shape, field)) return false;
  let type: unknown = shape[field];
  while (type instanceof z.ZodOptional || type instanceof z.ZodDefault) type = type.def.innerType;
  return type === EpochMs;
}

/**
 * One field as a cell: lists of text (domains, e-mails, roles) joined with "; ", moments as
 * ISO 8601 in UTC (epoch milliseconds mean nothing in a spreadsheet), anything else structured
 * (orders, a tier override) as JSON.
 */
export function cellOf(value: unknown, time = false): CsvCell {
  if (value === undefined || value === null) return '';
  if (time && typeof value === 'number' && Number.isFinite(value)) {
    return new Date(value).toISOString();
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('; ');
  return JSON.stringify(value);
}

/** A table's live rows as CSV (see toCsv): one line per row, the columns of tableColumns. */
export function tableCsv(
  table: TableName,
  rows: readonly { readonly id: string; readonly fields: Readonly<Record<string, unknown>> }[],
): string {
  const columns = tableColumns(table);
  const fields = columns.slice(1).map((name) => ({ name, time: isTimeField(table, name) }));
  return toCsv(
    columns,
    rows.map((r) => [r.id, ...fields.map((f) => cellOf(r.fields[f.name], f.time))]),
  );
}
