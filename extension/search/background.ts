import { Dexie } from 'dexie';
import { type AccountLensDB, getDb } from '../db/database.ts';
import { pageSearch } from './index.ts';

/** After the worker starts: late enough not to compete with answering the message that woke it. */
const START_DELAY_MS = 5_000;
/** After accounts or contacts change: once a sync's pages have stopped arriving. */
const QUIET_MS = 3_000;

/**
 * Keep the persisted search index current from the service worker (extension/search): built
 * after the first sync, rebuilt when many rows changed, so a popup or Book page opened later
 * reads it as it is and never scans the book itself. Runs on every wake of the worker.
 */
export function keepSearchIndex(db: AccountLensDB = getDb()): void {
  const search = pageSearch(db);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (ms: number) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      search.maintain().catch((e: unknown) => console.warn('[account-lens search] index', e));
    }, ms);
  };
  schedule(START_DELAY_MS);
  // Dexie reports writes from every context of the extension (this worker's sync included).
  Dexie.on('storagemutated', (parts: Record<string, unknown>) => {
    for (const key of Object.keys(parts)) {
      if (key.includes(`/${db.name}/accounts/`) || key.includes(`/${db.name}/contacts/`)) {
        schedule(QUIET_MS);
        return;
      }
    }
  });
}
