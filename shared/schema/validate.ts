import type { z } from 'zod';
import { exactPushRequest, PushRequest, TABLE_SCHEMAS, type TableName } from './sync.ts';

/** Thrown when input crossing a boundary does not fit its schema. `field` names the culprit. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}

const pathToString = (path: readonly PropertyKey[]): string =>
  path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');

/** The first issue of a zod error as one sentence that starts with the field's path. */
export function describeZodError(error: z.ZodError, prefix?: string): ValidationError {
  const issue = error.issues[0];
  if (!issue) return new ValidationError(prefix ? `${prefix} is invalid` : 'invalid input', prefix);
  const path = pathToString(issue.path);
  const field = [prefix, path].filter(Boolean).join(path.startsWith('[') ? '' : '.') || undefined;
  // A bad record key is reported as "Invalid key in record": the key schema's own words
  // ("must be a field name") say what is wrong with it.
  const text =
    issue.code === 'invalid_type' && issue.message.endsWith('received undefined')
      ? 'is required'
      : issue.code === 'invalid_key'
        ? (issue.issues[0]?.message ?? issue.message)
        : issue.message;
  const message = field ? `${field}: ${text}` : text;
  return new ValidationError(message, field);
}

/** Parse with a schema or throw a ValidationError naming the field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  prefix?: string,
): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw describeZodError(result.error, prefix);
  return result.data;
}

type Shape = Record<string, z.ZodType>;

// In zod 4 a refined object is still a ZodObject, so every table schema has a shape.
const shapeOf = (table: TableName): Shape => TABLE_SCHEMAS[table].shape;

const shapes = new Map<TableName, Shape>();
const getShape = (table: TableName): Shape => {
  let shape = shapes.get(table);
  if (!shape) {
    shape = shapeOf(table);
    shapes.set(table, shape);
  }
  return shape;
};

/** Field names of a table's rows, `id` excluded. */
export function tableFields(table: TableName): string[] {
  return Object.keys(getShape(table)).filter((f) => f !== 'id');
}

/**
 * Validate the fields of one mutation against the table's row schema, field by field.
 * `null` clears a field and is accepted only for optional fields. Returns normalised values
 * (trimmed, lowercased e-mails and domains) so what is stored is what every reader compares.
 */
export function parseMutationFields(
  table: TableName,
  fields: Record<string, unknown>,
  prefix = 'fields',
): Record<string, unknown> {
  const shape = getShape(table);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    // Own properties only: `shape.constructor` or `shape.toString` is inherited from Object and
    // would be taken for a field's schema.
    const fieldSchema = name !== 'id' && Object.hasOwn(shape, name) ? shape[name] : undefined;
    if (!fieldSchema) {
      throw new ValidationError(
        `${prefix}.${name}: unknown field for ${table}`,
        `${prefix}.${name}`,
      );
    }
    if (value === null) {
      if (!fieldSchema.safeParse(undefined).success) {
        throw new ValidationError(
          `${prefix}.${name}: is required and cannot be cleared`,
          `${prefix}.${name}`,
        );
      }
      out[name] = null;
      continue;
    }
    out[name] = parseOrThrow(fieldSchema, value, `${prefix}.${name}`);
  }
  return out;
}

/**
 * Turn merged field values into a full row: cleared (null) fields are dropped, then the row
 * is checked against its schema, so a row missing a required field is refused whole.
 */
export function parseRow<T extends TableName>(
  table: T,
  id: string,
  fields: Record<string, unknown>,
): z.infer<(typeof TABLE_SCHEMAS)[T]> {
  const present: Record<string, unknown> = { id };
  for (const [k, v] of Object.entries(fields)) if (v !== null && v !== undefined) present[k] = v;
  // The schema is TABLE_SCHEMAS[table]; TypeScript cannot follow the generic index to its output.
  return parseOrThrow(TABLE_SCHEMAS[table] as z.ZodType, present, table) as z.infer<
    (typeof TABLE_SCHEMAS)[T]
  >;
}

/**
 * A push request body checked against PushRequest: the usual shape by exactPushRequest's direct
 * checks, anything else by the schema itself, which words every refusal.
 */
export function parsePushRequest(input: unknown): PushRequest {
  return exactPushRequest(input) ?? parseOrThrow(PushRequest, input);
}

const requiredCache = new Map<TableName, readonly string[]>();

/** The fields every row of the table has (`id` aside): those whose schema refuses absence. */
function requiredFields(table: TableName): readonly string[] {
  let required = requiredCache.get(table);
  if (!required) {
    required = Object.entries(getShape(table))
      .filter(([name, field]) => name !== 'id' && !field.safeParse(undefined).success)
      .map(([name]) => name);
    requiredCache.set(table, required);
  }
  return required;
}

/**
 * The fields of a mutation that holds a whole row, checked in one run of the row's schema: the
 * values parseMutationFields would return for them, and the proof that a new row of just these
 * fields passes parseRow (the tables' schemas accept what they return: trimmed text, lowercased
 * e-mails, normalised domains). Undefined when they are not a whole valid row (a partial edit,
 * a cleared or unknown field, a bad value): the caller then checks field by field, as before,
 * which also words the refusal.
 */
export function parseWholeRow(
  table: TableName,
  id: string,
  fields: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const shape = getShape(table);
  const names = Object.keys(fields);
  for (const name of names) {
    if (name === 'id' || !Object.hasOwn(shape, name) || fields[name] === null) return undefined;
  }
  for (const name of requiredFields(table)) if (!Object.hasOwn(fields, name)) return undefined;
  // `id` first: the schema reads a spread-then-assigned object several times slower.
  const parsed = TABLE_SCHEMAS[table].safeParse({ id, ...fields });
  if (!parsed.success) return undefined;
  const row: Record<string, unknown> = parsed.data;
  const out: Record<string, unknown> = {};
  for (const name of names) out[name] = row[name];
  return out;
}

declare const CHECKED: unique symbol;

/**
 * A new row's fields as parseRow returned them (normalised, the schema's defaults filled in,
 * `id` left out): made only by checkNewRow, so holding one proves the row fits its table's
 * schema. A bulk write (an import) stores such a row as it is, without parsing it again.
 */
export type CheckedRow = Readonly<Record<string, unknown>> & { readonly [CHECKED]: true };

/** Check a new row whole, as parseRow does; throws a ValidationError naming the field. */
export function checkNewRow(
  table: TableName,
  id: string,
  fields: Readonly<Record<string, unknown>>,
): CheckedRow {
  const { id: _id, ...row } = parseRow(table, id, fields) as Record<string, unknown>;
  return row as CheckedRow;
}

const defaultsCache = new Map<TableName, Readonly<Record<string, unknown>>>();

/**
 * The values a table's schema gives absent fields (`domains: []`, `visibility: 'team'`…). A row
 * on the server holds only the fields its mutations named, so a client storing pulled rows
 * without a full parse fills these in: code reading `account.orders` can then rely on it.
 */
export function tableDefaults(table: TableName): Readonly<Record<string, unknown>> {
  let defaults = defaultsCache.get(table);
  if (!defaults) {
    const found: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(getShape(table))) {
      const parsed = field.safeParse(undefined);
      if (parsed.success && parsed.data !== undefined) found[name] = parsed.data;
    }
    defaults = Object.freeze(found);
    defaultsCache.set(table, defaults);
  }
  return defaults;
}
