import {
  attitudeOf,
  type ColumnMapping,
  type ImportEntity,
  rolesOf,
  stageOf,
  tierOf,
} from '../../shared/import/index.ts';

/** One word of the file's stage, role, attitude or tier column and what it becomes. */
export interface ChoiceRow {
  readonly field: 'stage' | 'roles' | 'attitude' | 'tier';
  /** The cell as in the file. */
  readonly raw: string;
  /**
   * Our value(s): a stage, 'lost', roles, an attitude or a tier (ids the page translates);
   * empty when the word is unknown (those rows are rejected and say so).
   */
  readonly mapped: string[];
  /** How many rows hold it. */
  readonly count: number;
}

const READERS: Record<ChoiceRow['field'], (raw: string) => string[]> = {
  stage: (raw) => {
    const s = stageOf(raw);
    return s === undefined ? [] : 'lost' in s ? ['lost'] : [s.stage];
  },
  roles: (raw) => {
    const r = rolesOf(raw);
    return r.unknown.length > 0 ? [] : r.roles;
  },
  attitude: (raw) => {
    const a = attitudeOf(raw);
    return a === undefined ? [] : [a];
  },
  tier: (raw) => {
    const t = tierOf(raw);
    return t === undefined ? [] : [t];
  },
};

/**
 * The distinct words of the columns mapped to our fixed lists (a deal's stage, a contact's
 * roles and attitude, an account's tier), each with what it maps to and how often it occurs:
 * the wizard's mapping table for lists, most frequent first.
 */
export function choiceTable(
  _entity: ImportEntity,
  mapping: readonly ColumnMapping[],
  rows: readonly (readonly string[])[],
): ChoiceRow[] {
  const out: ChoiceRow[] = [];
  mapping.forEach((m, index) => {
    const field = m.field as string | null;
    if (field === null || !(field in READERS)) return;
    const f = field as ChoiceRow['field'];
    const counts = new Map<string, number>();
    for (const r of rows) {
      const raw = r[index]?.trim() ?? '';
      if (raw !== '') counts.set(raw, (counts.get(raw) ?? 0) + 1);
    }
    for (const [raw, count] of [...counts].sort((a, b) => b[1] - a[1])) {
      out.push({ field: f, raw, mapped: READERS[f](raw), count });
    }
  });
  return out;
}
