import { startOfLocalDay } from '../../shared/index.ts';
import type { AccountLensDB } from '../db/database.ts';
import type { BookAction, BookCount } from './types.ts';

const keyOf = (ownerId: string, day: number): string => `${ownerId}\u0001${day}`;

/** Per owner and due day, how many actions: what book_counts holds for these actions. */
export function tally(actions: Iterable<BookAction>): BookCount[] {
  const counts = new Map<string, { ownerId: string; day: number; n: number }>();
  for (const a of actions) {
    const day = startOfLocalDay(a.dueAt);
    const key = keyOf(a.ownerId, day);
    const c = counts.get(key);
    if (c) c.n++;
    else counts.set(key, { ownerId: a.ownerId, day, n: 1 });
  }
  return [...counts].map(([key, c]) => ({ key, ...c }));
}

/** The book_counts keys these actions count towards. */
export function countKeys(actions: Iterable<BookAction>): string[] {
  const keys = new Set<string>();
  for (const a of actions) keys.add(keyOf(a.ownerId, startOfLocalDay(a.dueAt)));
  return [...keys];
}

/**
 * Move the counts from `removed` actions to `added` ones. Call inside the transaction that
 * writes those actions (it must include book_counts), so counts and actions never disagree.
 * `known` holds counts already read in that transaction (by key, undefined for none stored);
 * only the keys it lacks are read here.
 */
export async function shiftCounts(
  db: AccountLensDB,
  removed: readonly BookAction[],
  added: readonly BookAction[],
  known: ReadonlyMap<string, BookCount | undefined> = new Map(),
): Promise<void> {
  const delta = new Map<string, BookCount>();
  const add = (list: readonly BookAction[], sign: 1 | -1) => {
    for (const c of tally(list)) {
      const before = delta.get(c.key);
      delta.set(c.key, { ...c, n: (before?.n ?? 0) + sign * c.n });
    }
  };
  add(removed, -1);
  add(added, 1);
  const keys = [...delta.keys()].filter((k) => delta.get(k)?.n !== 0);
  if (keys.length === 0) return;
  const missing = keys.filter((k) => !known.has(k));
  const read = missing.length === 0 ? [] : await db.book_counts.bulkGet(missing);
  const stored = new Map(known);
  for (const [i, key] of missing.entries()) stored.set(key, read[i]);
  const put: BookCount[] = [];
  const gone: string[] = [];
  for (const key of keys) {
    const d = delta.get(key) as BookCount;
    const n = (stored.get(key)?.n ?? 0) + d.n;
    if (n > 0) put.push({ ...d, n });
    else gone.push(key);
  }
  await Promise.all([db.book_counts.bulkPut(put), db.book_counts.bulkDelete(gone)]);
}
