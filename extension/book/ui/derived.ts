import type { Opportunity, TeamSettings } from '../../../shared/index.ts';
import { rowsById } from '../live.ts';
import { bookPipeline } from '../pipeline.ts';
import { bookPyramid } from '../pyramid.ts';
import { BookTable, type TableFilter, type TableSort } from '../table.ts';
import type { BookRow } from '../types.ts';
import { fromParams } from './accounts-params.ts';
import { ownerLabel } from './context.tsx';
import { memoizeOne } from './memo.ts';

/**
 * What the views derive from the book, kept while its inputs are the same objects: switching
 * back to a view reuses it, and warmViews computes it ahead, so the first switch is quick too.
 */
export const tableOf = memoizeOne(
  (rows: readonly BookRow[], me: string | undefined, members: ReadonlyMap<string, string>) =>
    new BookTable(rows, (id) => ownerLabel(id, me, members), Date.now()),
);

/** The table's order for a filter and sort, keyed by their JSON (equal choices reuse it). */
export const viewOf = memoizeOne((table: BookTable, filter: string, sort: string) =>
  table.view(JSON.parse(filter) as TableFilter, JSON.parse(sort) as TableSort),
);

export const pyramidOf = memoizeOne(bookPyramid);

export const pipelineOf = memoizeOne(
  (
    opportunities: readonly Opportunity[],
    accounts: ReadonlyMap<string, BookRow>,
    settings: TeamSettings,
  ) => bookPipeline(opportunities, (id) => accounts.get(id)?.ownerId ?? '', settings, Date.now()),
);

const idle = (): Promise<void> =>
  new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve());
    else setTimeout(resolve, 0);
  });

/**
 * Compute each view's data in idle time once the book is read, one view per idle slot, so the
 * rep's first switch to a view finds it ready. Stops when `current` says the inputs moved on.
 */
export async function warmViews(
  rows: readonly BookRow[],
  me: string | undefined,
  members: ReadonlyMap<string, string>,
  settings: TeamSettings,
  opportunities: readonly Opportunity[] | undefined,
  current: () => boolean,
): Promise<void> {
  const { filter, sort } = fromParams(new URLSearchParams());
  const steps = [
    () => viewOf(tableOf(rows, me, members), JSON.stringify(filter), JSON.stringify(sort)),
    () => pyramidOf(rows, settings),
    () => opportunities && pipelineOf(opportunities, rowsById(rows), settings),
  ];
  for (const step of steps) {
    await idle();
    if (!current()) return;
    step();
  }
}
