import { liveQuery } from 'dexie';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Opportunity, TeamSettings } from '../../shared/index.ts';
import type { AccountLensDB } from '../db/database.ts';
import { scan } from '../db/scan.ts';
import { BookRefresher } from './refresh-client.ts';
import type { BookAction, BookRow } from './types.ts';

/**
 * Told to every Book page after a refresh: the whole book changed, or these accounts did, with
 * their actions before and after (a view adjusts its counts without recounting).
 */
export type Changed =
  | { readonly whole: true }
  | {
      readonly accountIds: readonly string[];
      readonly removed: readonly BookAction[];
      readonly added: readonly BookAction[];
    };
const CHANNEL = 'account-lens-book';

export interface RefreshState {
  /** 0–1 while a whole-book refresh runs; undefined otherwise. */
  readonly progress: number | undefined;
  readonly error: unknown;
}

/**
 * The page's refresh worker, started on first use and kept for the page's life: a settings
 * change restarts the refresh loop below, and must not end a refresh in flight with the worker.
 */
let refresher: BookRefresher | undefined;

/**
 * Keeps the book tables current while the page is open: a refresh at once (the whole book on
 * the first open of a day), then one whenever a write records changed accounts (in any
 * context, a teammate's change arriving by sync), and one at local midnight. One refresh at a
 * time; changes recorded meanwhile are taken by the next. The refreshes run in a worker
 * (refresh-worker.ts).
 */
export function useBookRefresh(
  db: AccountLensDB,
  settings: TeamSettings | undefined,
): RefreshState {
  const [state, setState] = useState<RefreshState>({ progress: undefined, error: undefined });
  useEffect(() => {
    if (!settings) return;
    let running = false;
    let again = false;
    let stopped = false;
    const run = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        // Today's first rows come from the book tables as stored: the worker starts, and the
        // refresh reads, once they are on screen (the open is what the rep waits for).
        await firstPaint;
        refresher ??= new BookRefresher();
        const worker = refresher;
        do {
          again = false;
          const result = await worker.refresh(
            settings,
            (p) => !stopped && setState({ progress: p, error: undefined }),
          );
          if (result.kind === 'whole') publish({ whole: true });
          else if (result.kind === 'accounts') {
            const { accountIds, removed, added } = result;
            publish({ accountIds, removed, added });
          }
          if (!stopped) setState({ progress: undefined, error: undefined });
        } while (again && !stopped);
      } catch (error) {
        if (!stopped) setState({ progress: undefined, error });
      } finally {
        running = false;
      }
    };
    const marks = liveQuery(() => db.book_changes.count()).subscribe({
      next: (n) => {
        if (n > 0) void run();
      },
    });
    void run();
    const midnight = new Date();
    midnight.setHours(24, 0, 5, 0);
    const timer = setTimeout(() => void run(), midnight.getTime() - Date.now());
    return () => {
      stopped = true;
      marks.unsubscribe();
      clearTimeout(timer);
    };
  }, [db, settings]);
  return state;
}

// One feed per page: this page's refreshes and other Book pages' (a BroadcastChannel does not
// deliver to its sender, so this page's own are handed to the listeners directly).
const listeners = new Set<(changed: Changed) => void>();
let version = 0;
let channel: BroadcastChannel | undefined;
const deliver = (changed: Changed) => {
  version++;
  for (const l of listeners) l(changed);
};
function feed(): BroadcastChannel {
  if (!channel) {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (e: MessageEvent<Changed>) => deliver(e.data);
  }
  return channel;
}
const publish = (changed: Changed) => {
  feed().postMessage(changed);
  deliver(changed);
};

/** How many book changes this page has seen: a view's cached data is good while it holds. */
export const bookVersion = (): number => version;

/** Listen to book changes from this page's refreshes and from other Book pages'. */
export function onBookChanged(listener: (changed: Changed) => void): () => void {
  feed();
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * A number that changes whenever the book tables do, once per refresh. Views re-read on it
 * rather than through a live query: a whole-book refresh writes in dozens of transactions, and
 * a live query would re-read after each of them.
 */
export function useBookVersion(): number {
  const [seen, setSeen] = useState(version);
  useEffect(() => onBookChanged(() => setSeen(version)), []);
  return seen;
}

let markFirstPaint: () => void = () => undefined;
/** Resolved once Today has shown its first rows (or another view was opened first). */
const firstPaint = new Promise<void>((resolve) => {
  markFirstPaint = resolve;
});
/** Today calls this after painting: the rest of the book is read only then (see useBookRows). */
export const firstRowsShown = (): void => markFirstPaint();

const indexes = new WeakMap<readonly BookRow[], ReadonlyMap<string, BookRow>>();

/**
 * The book rows of useBookRows by account id: built while they were read, or (after a patch)
 * on first use, and kept while that array is the page's.
 */
export function rowsById(rows: readonly BookRow[]): ReadonlyMap<string, BookRow> {
  let byId = indexes.get(rows);
  if (!byId) {
    // A loop, not new Map(rows.map(…)): no pair array per account to collect.
    const built = new Map<string, BookRow>();
    for (const r of rows) built.set(r.accountId, r);
    byId = built;
    indexes.set(rows, byId);
  }
  return byId;
}

/**
 * Every book row, read once after the first paint and then patched as refreshes report
 * changed accounts (from this page or another Book page). Undefined until read.
 */
export function useBookRows(db: AccountLensDB): readonly BookRow[] | undefined {
  const [rows, setRows] = useState<readonly BookRow[] | undefined>(undefined);
  const current = useRef<BookRow[] | undefined>(undefined);
  useEffect(() => {
    let stopped = false;
    const loadAll = async () => {
      const all: BookRow[] = [];
      const byId = new Map<string, BookRow>();
      // Small chunks: a search typed while the book loads waits for one chunk at most. The
      // index by id is built on the way, a chunk at a time, rather than at once when the
      // Pipeline view first needs it (100k entries are tens of milliseconds in one go).
      await inTurn(() =>
        scan(
          db.book_rows,
          (r) => {
            all.push(r);
            byId.set(r.accountId, r);
          },
          BOOK_LOAD,
        ),
      );
      if (stopped) return;
      indexes.set(all, byId);
      current.current = all;
      setRows(all);
    };
    const patch = async (ids: readonly string[]) => {
      const base = current.current;
      if (!base) return loadAll();
      const fresh = await db.book_rows.bulkGet([...ids]);
      const byId = new Map<string, BookRow | undefined>(ids.map((id, i) => [id, fresh[i]]));
      const next: BookRow[] = [];
      for (const r of base) {
        if (!byId.has(r.accountId)) next.push(r);
        else {
          const replacement = byId.get(r.accountId);
          if (replacement) next.push(replacement);
          byId.delete(r.accountId);
        }
      }
      for (const added of byId.values()) if (added) next.push(added);
      if (stopped) return;
      current.current = next;
      setRows(next);
    };
    const stop = onBookChanged(
      (changed) => void ('whole' in changed ? loadAll() : patch(changed.accountIds)),
    );
    // After Today's first rows: they come from a few index reads, and 100k rows read meanwhile
    // would queue ahead of them in IndexedDB.
    void firstPaint.then(() => {
      if (!stopped && !current.current) void loadAll();
    });
    return () => {
      stopped = true;
      stop();
    };
  }, [db]);
  return rows;
}

/**
 * Loading the book: 500 rows per read (about 5 ms of the main thread each, to take them out of
 * IndexedDB's structured clone), and a search typed meanwhile goes first
 * (extension/db/urgent.ts). A search cannot overtake the chunk already in flight: its answer
 * comes after that chunk's, so the chunk bounds what a keystroke typed during the load waits.
 */
const BOOK_LOAD = { chunk: 500, yieldToUrgent: true } as const;

/**
 * The page's bulk loads (book rows, then opportunities) run one after another, never side by
 * side: IndexedDB serves a page's requests one at a time and the main thread unpacks them one
 * at a time, so two loads at once finish no sooner, and a search would wait for a chunk of each.
 */
let loading: Promise<unknown> = Promise.resolve();
function inTurn<T>(load: () => Promise<T>): Promise<T> {
  const turn = loading.then(load, load);
  loading = turn.catch(() => undefined);
  return turn;
}

/** Opportunities are re-read this long after the last change, not after every one. */
const OPPORTUNITIES_QUIET_MS = 1_000;

/**
 * Every opportunity, for the Pipeline view: read once after Today's first rows, and again a
 * second after changes stop (a write to an opportunity marks its account; 50k rows are not
 * re-read for every note a rep writes).
 */
export function useBookOpportunities(db: AccountLensDB): readonly Opportunity[] | undefined {
  const [opportunities, setOpportunities] = useState<readonly Opportunity[] | undefined>(undefined);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      const all: Opportunity[] = [];
      await inTurn(() => scan(db.synced('opportunities'), (o) => all.push(o), BOOK_LOAD));
      if (!stopped) setOpportunities(all);
    };
    void firstPaint.then(() => {
      if (!stopped) void load();
    });
    const stop = onBookChanged(() => {
      clearTimeout(timer);
      timer = setTimeout(load, OPPORTUNITIES_QUIET_MS);
    });
    return () => {
      stopped = true;
      clearTimeout(timer);
      stop();
    };
  }, [db]);
  return opportunities;
}
