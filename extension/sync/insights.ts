import { type Account, DEFAULT_SETTINGS, isOpen, segmentAccounts } from '../../shared/index.ts';
import type { AccountLensDB } from '../db/database.ts';
import { stripLocal } from '../db/derive.ts';
import { loadTeamSettings, META } from './state.ts';

/**
 * The local preview of the team's segmentation: until the server has sent insights (it computes
 * them after pushes), the same shared segmentation runs over this browser's accounts and its
 * results are stored as account_insights marked `local: true`. They are never pushed (the table
 * is server-written) and server rows replace them by id. Returns how many were written.
 */
export async function refreshLocalInsights(
  db: AccountLensDB,
  now: number = Date.now(),
): Promise<number> {
  if ((await db.meta.get(META.serverInsights))?.value === true) {
    await dropLocalInsights(db);
    return 0;
  }
  const settings = (await loadTeamSettings(db)) ?? DEFAULT_SETTINGS;
  const [accounts, opportunities] = await Promise.all([
    db.accounts.toArray(),
    db.opportunities.toArray(),
  ]);
  const open = new Set(
    opportunities.filter((o) => !o.deleted && isOpen(o)).map((o) => o.accountId),
  );
  const insights = segmentAccounts(
    accounts.map((a) => stripLocal(a) as Account),
    settings,
    now,
    { openOpportunityAccountIds: open },
  );
  const rows = [...insights.values()].map((i) => ({ ...i, local: true }));
  return db.transaction('rw', db.account_insights, db.meta, async () => {
    // A pull may have brought the server's insights while this was computing: they win.
    if ((await db.meta.get(META.serverInsights))?.value === true) return 0;
    await db.account_insights.clear();
    await db.account_insights.bulkPut(rows);
    await db.meta.put({ key: META.preview, value: true });
    return rows.length;
  });
}

/**
 * Once the server's insights arrive, previews of accounts it has not covered go. A scan, so
 * only when a preview was ever written (meta `sync.preview`).
 */
export async function dropLocalInsights(db: AccountLensDB): Promise<void> {
  if ((await db.meta.get(META.preview))?.value !== true) return;
  await db.transaction('rw', db.account_insights, db.meta, async () => {
    await db.account_insights.filter((i) => i.local === true).delete();
    await db.meta.delete(META.preview);
  });
}
