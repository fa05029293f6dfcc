import { Dexie } from 'dexie';
import { handle } from '../background/router.ts';
import { type AccountLensDB, getDb } from '../db/database.ts';
import { catchUp } from './maintain.ts';

/** After the worker starts: late enough not to compete with answering the message that woke it. */
const START_DELAY_MS = 2_000;
/** After accounts or contacts change: once a sync's pages have stopped arriving. */
const QUIET_MS = 1_500;

/**
 * Keep the persisted search index current from the background (extension/search): built after
 * the first sync, caught up after every change that reaches this context, so a popup or Book
 * page opened later answers from it. The work yields between shards and between chunks of a
 * build, so lookups for the badge and the webmail panel are answered in between.
 */
export function keepSearchIndex(db: AccountLensDB = getDb()): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (ms: number) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      catchUp(db).catch((e: unknown) => console.warn('[account-lens search] index', e));
    }, ms);
  };
  schedule(START_DELAY_MS);
  // From a page whose search met more changes than it reads directly (or no index yet).
  handle('indexSearch', () => {
    schedule(0);
    return Promise.resolve(null);
  });
  // Dexie reports writes from every context of the extension (this worker's sync included).
  Dexie.on('storagemutated', (parts: Record<string, unknown>) => {
    for (const key of Object.keys(parts)) {
      if (key.includes(`/${db.name}/search_changes/`)) {
        schedule(QUIET_MS);
        return;
      }
    }
  });
}
