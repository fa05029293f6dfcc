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
  private readonly ranks = new Map<Column, { rank: Uint32Array; distinct: number }>();
  private byName: Uint32Array | undefined;
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
    return this.order(out, sort);
  }

  /**
   * Rows in the sort's order: each row's dense rank in the column (missing values last, either
   * direction) and its place by name, packed into one number per row, so the order is one
   * native sort of a Float64Array rather than a comparator called 1.7M times at 100k rows.
   */
  private order(rowsShown: readonly number[], sort: TableSort): Uint32Array {
    const n = this.rows.length;
    const { rank, distinct } = this.rankOf(sort.column);
    const byName = this.sortKey('name');
    const packed = new Float64Array(rowsShown.length);
    for (let k = 0; k < rowsShown.length; k++) {
      const i = rowsShown[k] as number;
      let r = rank[i] as number;
      if (sort.descending && r !== distinct) r = distinct - 1 - r;
      packed[k] = r * n + (byName[i] as number);
    }
    packed.sort();
    const rowAt = this.rowsByName();
    const out = new Uint32Array(packed.length);
    for (let k = 0; k < packed.length; k++) out[k] = rowAt[(packed[k] as number) % n] as number;
    return out;
  }

  /** Per row, the dense rank of its value in a column; `distinct` for a missing value. */
  private rankOf(column: Column): { rank: Uint32Array; distinct: number } {
    const known = this.ranks.get(column);
    if (known) return known;
    const key = this.sortKey(column);
    const values = key.filter((v) => !Number.isNaN(v)).sort();
    let distinct = 0;
    for (let i = 0; i < values.length; i++) {
      if (distinct === 0 || values[i] !== values[distinct - 1])
        values[distinct++] = values[i] as number;
    }
    const rank = new Uint32Array(key.length);
    for (let i = 0; i < key.length; i++) {
      const v = key[i] as number;
      if (Number.isNaN(v)) {
        rank[i] = distinct;
        continue;
      }
      let lo = 0;
      let hi = distinct - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((values[mid] as number) < v) lo = mid + 1;
        else hi = mid;
      }
      rank[i] = lo;
    }
    const ranked = { rank, distinct };
    this.ranks.set(column, ranked);
    return ranked;
  }

  /** The row at each place of the name order. */
  private rowsByName(): Uint32Array {
    if (this.byName) return this.byName;
    const places = this.sortKey('name');
    const rows = new Uint32Array(places.length);
    for (let i = 0; i < places.length; i++) rows[places[i] as number] = i;
    this.byName = rows;
    return rows;
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
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    if (column === 'name') {
      // A place per row (equal names keep the book's order), the tie-break of every column.
      const text = rows.map((r) => r.name);
      const order = Array.from(text.keys()).sort((a, b) =>
        collator.compare(text[a] as string, text[b] as string),
      );
      order.forEach((row, position) => {
        key[row] = position;
      });
    } else if (column === 'owner') {
      // Accounts of one owner rank equal, so they follow the name order among themselves.
      const labels = new Map<string, string>();
      for (const r of rows)
        if (!labels.has(r.ownerId)) labels.set(r.ownerId, this.ownerLabel(r.ownerId));
      const sorted = [...new Set(labels.values())].sort(collator.compare);
      const place = new Map(sorted.map((label, i) => [label, i]));
      for (let i = 0; i < rows.length; i++) {
        key[i] = place.get(labels.get((rows[i] as BookRow).ownerId) as string) as number;
      }
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
