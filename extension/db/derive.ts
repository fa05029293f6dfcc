import { type Account, domainKey, type TableName } from '../../shared/index.ts';
import type { LocalRow } from './database.ts';

/** Local-only fields: computed from the synced row, never pushed. */
export const LOCAL_FIELDS: ReadonlySet<string> = new Set([
  'matchKeys',
  'registrables',
  'bodyHlc',
  'local',
]);

/** The index keys an account's domains are matched by, the same way shared/matching does. */
export function accountMatchKeys(account: Pick<Account, 'domains'>): {
  matchKeys: string[];
  registrables: string[];
} {
  const matchKeys = new Set<string>();
  const registrables = new Set<string>();
  for (const d of account.domains) {
    const k = domainKey(d);
    if (!k) continue;
    matchKeys.add(k.key);
    registrables.add(k.registrable);
  }
  return { matchKeys: [...matchKeys], registrables: [...registrables] };
}

/** Add the local-only fields a table's rows carry. */
export function toLocal<T extends TableName>(
  table: T,
  row: Record<string, unknown> & { id: string },
  extra: { bodyHlc?: string | undefined } = {},
): LocalRow[T] {
  if (table === 'accounts') {
    const domains = Array.isArray(row.domains) ? (row.domains as string[]) : [];
    return { ...row, ...accountMatchKeys({ domains }) } as unknown as LocalRow[T];
  }
  if (table === 'notes' && extra.bodyHlc !== undefined) {
    return { ...row, bodyHlc: extra.bodyHlc } as unknown as LocalRow[T];
  }
  return row as unknown as LocalRow[T];
}

/** The synced fields of a local row. */
export function stripLocal(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!LOCAL_FIELDS.has(k)) out[k] = v;
  return out;
}
