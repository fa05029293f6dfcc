import type { Priority } from '../../shared/index.ts';
import type { AccountLensDB } from '../db/database.ts';
import type { BookAction } from './types.ts';

export const DAY_GROUPS = ['overdue', 'today', 'week', 'later'] as const;
export type DayGroup = (typeof DAY_GROUPS)[number];

/** Whose actions Today lists: the rep's own, one teammate's (a member id), or the whole team's. */
export type Whose = { readonly kind: 'team' } | { readonly kind: 'member'; readonly id: string };

export interface TodayGroup {
  readonly group: DayGroup;
  readonly count: number;
  /** The group's first actions: by priority, then due date, then key. */
  readonly actions: readonly BookAction[];
}

const PRIORITIES: readonly Priority[] = [0, 1, 2, 3, 4];

/**
 * The due-date ranges of the groups, from local midnight: overdue is anything due before today;
 * "this week" is the six days after today.
 */
export function groupRanges(now: number): Record<DayGroup, readonly [number, number]> {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const today = midnight.getTime();
  const tomorrow = new Date(midnight);
  tomorrow.setDate(tomorrow.getDate() + 1);
  const week = new Date(midnight);
  week.setDate(week.getDate() + 7);
  return {
    overdue: [Number.NEGATIVE_INFINITY, today],
    today: [today, tomorrow.getTime()],
    week: [tomorrow.getTime(), week.getTime()],
    later: [week.getTime(), Number.POSITIVE_INFINITY],
  };
}

/**
 * Today's groups, each with its count and its first `limit` actions, read straight from the
 * indexes of book_actions: a handful of bounded range reads whatever the size of the book, so
 * the first rows show without reading every action. Overdue comes first; within a group,
 * priority then due date (then key: IndexedDB orders equal index keys by primary key).
 */
export async function loadToday(
  db: AccountLensDB,
  whose: Whose,
  now: number,
  limits: Readonly<Record<DayGroup, number>>,
): Promise<TodayGroup[]> {
  const ranges = groupRanges(now);
  const table = db.book_actions;
  const count = ([from, to]: readonly [number, number]) =>
    whose.kind === 'team'
      ? table.where('dueAt').between(from, to, true, false).count()
      : table
          .where('[ownerId+dueAt]')
          .between([whose.id, from], [whose.id, to], true, false)
          .count();
  const first = async ([from, to]: readonly [number, number], limit: number) => {
    const out: BookAction[] = [];
    for (const p of PRIORITIES) {
      if (out.length >= limit) break;
      const rows = await (whose.kind === 'team'
        ? table.where('[priority+dueAt]').between([p, from], [p, to], true, false)
        : table
            .where('[ownerId+priority+dueAt]')
            .between([whose.id, p, from], [whose.id, p, to], true, false)
      )
        .limit(limit - out.length)
        .toArray();
      for (const r of rows) out.push(r);
    }
    return out;
  };
  return Promise.all(
    DAY_GROUPS.map(async (group) => {
      const range = ranges[group];
      const [n, actions] = await Promise.all([count(range), first(range, limits[group])]);
      return { group, count: n, actions };
    }),
  );
}
