import { z } from 'zod';
import { EpochMs } from '../schema/common.ts';
import { Order } from '../schema/entities.ts';
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

/**
 * Names beside ids, for a person reading the file and for an import into another team (where
 * the ids mean nothing): the account's name after `accountId`, the owner's after `ownerId`.
 */
export interface ExportNames {
  readonly account: (id: string) => string | undefined;
  readonly member: (id: string) => string | undefined;
}

/** The column each id column is followed by when names are given, and whose name it holds. */
const NAME_COLUMNS: Readonly<Record<string, { column: string; of: keyof ExportNames }>> = {
  accountId: { column: 'accountName', of: 'account' },
  ownerId: { column: 'owner', of: 'member' },
};

type ExportRow = { readonly id: string; readonly fields: Readonly<Record<string, unknown>> };

/**
 * A table's live rows as CSV (see toCsv): one line per row, the columns of tableColumns, and
 * with `names` each account or owner id followed by its name ("accountName", "owner").
 */
export function tableCsv(
  table: TableName,
  rows: readonly ExportRow[],
  names?: ExportNames,
): string {
  const columns: { header: string; cell: (r: ExportRow) => CsvCell }[] = [];
  for (const name of tableColumns(table)) {
    if (name === 'id') {
      columns.push({ header: 'id', cell: (r) => r.id });
      continue;
    }
    const time = isTimeField(table, name);
    columns.push({ header: name, cell: (r) => cellOf(r.fields[name], time) });
    const named = names === undefined ? undefined : NAME_COLUMNS[name];
    if (names !== undefined && named !== undefined) {
      columns.push({
        header: named.column,
        cell: (r) => {
          const id = r.fields[name];
          return typeof id === 'string' ? (names[named.of](id) ?? '') : '';
        },
      });
    }
  }
  return toCsv(
    columns.map((c) => c.header),
    rows.map((r) => columns.map((c) => c.cell(r))),
  );
}

/** The columns of the orders file: an account's orders are a list inside its row. */
export const ORDER_COLUMNS = ['accountId', 'accountName', 'at', 'amount'] as const;

/**
 * Every account's orders as their own CSV, one line per order (the account's id and name, the
 * order's time in ISO 8601 UTC, its amount), in the accounts' order and each account's: what
 * an ERP's order list looks like, and what the import reads back as orders.
 */
export function ordersCsv(accounts: readonly ExportRow[]): string {
  const lines: CsvCell[][] = [];
  for (const a of accounts) {
    const parsed = OrderList.safeParse(a.fields.orders ?? []);
    if (!parsed.success) continue;
    const name = typeof a.fields.name === 'string' ? a.fields.name : '';
    for (const o of parsed.data) lines.push([a.id, name, cellOf(o.at, true), o.amount]);
  }
  return toCsv(ORDER_COLUMNS, lines);
}

const OrderList = z.array(Order);
