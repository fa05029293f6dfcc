import { type Priority, startOfLocalDay } from '../../shared/index.ts';
import type { AccountLensDB } from '../db/database.ts';
import { yieldToUrgent } from '../db/urgent.ts';
import type { BookAction, BookCount } from './types.ts';

export const DAY_GROUPS = ['overdue', 'today', 'week', 'later'] as const;
export type DayGroup = (typeof DAY_GROUPS)[number];

/** Whose actions Today lists: the rep's own, one teammate's (a member id), or the whole team's. */
export type Whose = { readonly kind: 'team' } | { readonly kind: 'member'; readonly id: string };

const PRIORITIES: readonly Priority[] = [0, 1, 2, 3, 4];

/**
 * The due-date ranges of the groups, from local midnight: overdue is anything due before today;
 * "this week" is the six days after today.
 */
export function groupRanges(now: number): Record<DayGroup, readonly [number, number]> {
  const today = startOfLocalDay(now);
  const midnight = new Date(today);
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
 * Today's groups with their first `limit` actions (docs/domain.md §11.1), read straight from the indexes of
 * book_actions: a handful of bounded range reads whatever the size of the book, so the first
 * rows show without reading every action. Overdue comes first; within a group, priority then
 * due date (then key: IndexedDB orders equal index keys by primary key).
 */
export async function loadTodayRows(
  db: AccountLensDB,
  whose: Whose,
  now: number,
  limits: Readonly<Record<DayGroup, number>>,
): Promise<{ readonly group: DayGroup; readonly actions: readonly BookAction[] }[]> {
  const ranges = groupRanges(now);
  // Every priority of every group at once: one round of reads rather than twenty in a row. A
  // group's first `limit` come from its lowest priorities, so each read is bounded by it.
  const first = async ([from, to]: readonly [number, number], limit: number) => {
    const perPriority = await Promise.all(
      PRIORITIES.map((p) => byPriority(db, whose, p, from, to).limit(limit).toArray()),
    );
    return perPriority.flat().slice(0, limit);
  };
  return Promise.all(
    DAY_GROUPS.map(async (group) => ({
      group,
      actions: await first(ranges[group], limits[group]),
    })),
  );
}

/**
 * How many actions each group holds, from the counts the refresh keeps per owner and due day
 * (counts.ts): a few small reads, where counting book_actions would walk every action (100k
 * actions: about 400 ms of IndexedDB, which a search typed meanwhile would wait for).
 */
export async function loadTodayCounts(
  db: AccountLensDB,
  whose: Whose,
  now: number,
): Promise<Record<DayGroup, number>> {
  const ranges = groupRanges(now);
  await yieldToUrgent();
  const perGroup = await db.transaction('r', db.book_counts, () =>
    Promise.all(
      DAY_GROUPS.map((group) => {
        const [from, to] = ranges[group];
        const days =
          whose.kind === 'team'
            ? db.book_counts.where('day').between(from, to, true, false)
            : db.book_counts
                .where('[ownerId+day]')
                .between([whose.id, from], [whose.id, to], true, false);
        return days.toArray();
      }),
    ),
  );
  const total = (counts: readonly BookCount[]) => counts.reduce((sum, c) => sum + c.n, 0);
  return Object.fromEntries(DAY_GROUPS.map((g, i) => [g, total(perGroup[i] ?? [])])) as Record<
    DayGroup,
    number
  >;
}

/** The actions of one priority due in [from, to), the team's or one member's. */
function byPriority(db: AccountLensDB, whose: Whose, p: Priority, from: number, to: number) {
  return whose.kind === 'team'
    ? db.book_actions.where('[priority+dueAt]').between([p, from], [p, to], true, false)
    : db.book_actions
        .where('[ownerId+priority+dueAt]')
        .between([whose.id, p, from], [whose.id, p, to], true, false);
}

/** Whether an action is among those `whose` selects. */
export const isWhose = (whose: Whose, action: BookAction): boolean =>
  whose.kind === 'team' || action.ownerId === whose.id;

/** The group an action falls in. */
export function groupOf(
  dueAt: number,
  ranges: Record<DayGroup, readonly [number, number]>,
): DayGroup {
  for (const g of DAY_GROUPS) if (dueAt >= ranges[g][0] && dueAt < ranges[g][1]) return g;
  return 'later';
}

/**
 * Counts after some accounts were recomputed: their old actions out, their new ones in. Saves
 * counting a whole book's actions again after every write.
 */
export function adjustCounts(
  counts: Readonly<Record<DayGroup, number>>,
  whose: Whose,
  now: number,
  removed: readonly BookAction[],
  added: readonly BookAction[],
): Record<DayGroup, number> {
  const ranges = groupRanges(now);
  const out = { ...counts };
  for (const a of removed) if (isWhose(whose, a)) out[groupOf(a.dueAt, ranges)]--;
  for (const a of added) if (isWhose(whose, a)) out[groupOf(a.dueAt, ranges)]++;
  return out;
}
