import type { Flag, LifecycleStatus, TierOrUntiered } from '../../shared/index.ts';
import {
  LIFECYCLE_STATUSES,
  LOYALTY_RUNGS,
  RELATIONSHIP_STAGES,
  TIERS,
} from '../../shared/index.ts';
import { normalise } from '../search/normalise.ts';
import type { BookRow } from './types.ts';

export const COLUMNS = [
  'name',
  'tier',
  'status',
  'relationship',
  'loyalty',
  'owner',
  'lastTouch',
  'pipeline',
  'next',
] as const;
export type Column = (typeof COLUMNS)[number];

export interface TableFilter {
  readonly tier?: TierOrUntiered | undefined;
  readonly status?: LifecycleStatus | undefined;
  /** A member id, or '' for accounts without an owner. */
  readonly owner?: string | undefined;
  readonly flag?: Flag | undefined;
  readonly pastCadence?: boolean;
  readonly noDecisionMaker?: boolean;
  /** Type-ahead over names, domains, contacts' names and e-mails. */
  readonly query?: string;
}

export interface TableSort {
  readonly column: Column;
  readonly descending: boolean;
}

const TIER_ORDER: readonly TierOrUntiered[] = [...TIERS, 'untiered'];

// The searchable text of a row, normalised once per row object: after a refresh replaces a few
// rows, a new table over 100k rows normalises only those.
const hays = new WeakMap<BookRow, string>();
function hayOf(row: BookRow): string {
  let hay = hays.get(row);
  if (hay === undefined) {
    hay = normalise([row.name, ...row.domains, ...row.contactNames, ...row.emails].join('\u0001'));
    hays.set(row, hay);
  }
  return hay;
}
const rankIn = <T>(order: readonly T[], value: T | undefined): number =>
  value === undefined ? order.length : order.indexOf(value);

/**
 * The whole book in memory for the Accounts table: rows plus, per column, a numeric sort key
 * computed once (names by the reader's collation, enums by the method's order), so a sort or a
 * filter over 100k accounts is a pass over typed arrays rather than string comparisons.
 */
export class BookTable {
  readonly rows: readonly BookRow[];
  private readonly hay: readonly string[];
  private readonly keys = new Map<Column, Float64Array>();
  private readonly ownerLabel: (ownerId: string) => string;
  private readonly now: number;

  constructor(rows: readonly BookRow[], ownerLabel: (ownerId: string) => string, now: number) {
    this.rows = rows;
    this.ownerLabel = ownerLabel;
    this.now = now;
    this.hay = rows.map(hayOf);
  }

  /** Days past the tier's touch cadence (negative: days left); NaN without a cadence. */
  pastCadenceDays(row: BookRow): number {
    return row.cadenceDueAt === undefined
      ? Number.NaN
      : Math.floor((this.now - row.cadenceDueAt) / 86_400_000);
  }

  /** Positions of the rows that pass the filter, in the sort's order. */
  view(filter: TableFilter, sort: TableSort): Uint32Array {
    const q = normalise(filter.query ?? '');
    const out: number[] = [];
    const { rows, hay } = this;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as BookRow;
      if (filter.tier !== undefined && r.tier !== filter.tier) continue;
      if (filter.status !== undefined && r.status !== filter.status) continue;
      if (filter.owner !== undefined && r.ownerId !== filter.owner) continue;
      if (filter.flag !== undefined && !r.flags.includes(filter.flag)) continue;
      if (filter.noDecisionMaker && !r.noDecisionMaker) continue;
      if (filter.pastCadence && !(r.cadenceDueAt !== undefined && r.cadenceDueAt <= this.now)) {
        continue;
      }
      if (q !== '' && !(hay[i] as string).includes(q)) continue;
      out.push(i);
    }
    const key = this.sortKey(sort.column);
    const sign = sort.descending ? -1 : 1;
    // Missing values (NaN) go last whichever the direction; ties keep the name order.
    const names = this.sortKey('name');
    out.sort((a, b) => {
      const ka = key[a] as number;
      const kb = key[b] as number;
      const na = Number.isNaN(ka);
      if (na !== Number.isNaN(kb)) return na ? 1 : -1;
      if (!na && ka !== kb) return (ka < kb ? -1 : 1) * sign;
      return (names[a] as number) - (names[b] as number);
    });
    return Uint32Array.from(out);
  }

  /** Distinct owners of the book ('' included when some account has none). */
  owners(): string[] {
    return [...new Set(this.rows.map((r) => r.ownerId))];
  }

  private sortKey(column: Column): Float64Array {
    const known = this.keys.get(column);
    if (known) return known;
    const rows = this.rows;
    const key = new Float64Array(rows.length);
    if (column === 'name' || column === 'owner') {
      const text = rows.map((r) => (column === 'name' ? r.name : this.ownerLabel(r.ownerId)));
      const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
      const order = Array.from(text.keys()).sort((a, b) =>
        collator.compare(text[a] as string, text[b] as string),
      );
      order.forEach((row, position) => {
        key[row] = position;
      });
    } else {
      for (let i = 0; i < rows.length; i++) key[i] = this.value(rows[i] as BookRow, column);
    }
    this.keys.set(column, key);
    return key;
  }

  private value(r: BookRow, column: Exclude<Column, 'name' | 'owner'>): number {
    switch (column) {
      case 'tier':
        return rankIn(TIER_ORDER, r.tier);
      case 'status':
        return rankIn(LIFECYCLE_STATUSES, r.status);
      case 'relationship':
        return rankIn(RELATIONSHIP_STAGES, r.relationship);
      case 'loyalty':
        return rankIn(LOYALTY_RUNGS, r.loyalty);
      case 'lastTouch':
        return r.lastTouchAt ?? Number.NaN;
      case 'pipeline':
        return r.openAmounts.length === 0
          ? Number.NaN
          : Math.max(...r.openAmounts.map((a) => a.amount));
      case 'next':
        return r.next?.dueAt ?? Number.NaN;
    }
  }
}
