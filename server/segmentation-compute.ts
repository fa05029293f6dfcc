import { z } from 'zod';
import {
  Account,
  type AccountInsight,
  canonicalJson,
  isOpen,
  Opportunity,
  segmentAccounts,
} from '../shared/index.ts';
import type { Store } from './store/store.ts';

/** What the computation reads: a Store, or the worker's own connection to it. */
export type InsightSource = Pick<Store, 'getTeam' | 'liveRows' | 'storedFieldsText'>;

export interface InsightChange {
  readonly id: string;
  readonly fields: Record<string, unknown>;
}

const OppInput = Opportunity.pick({ accountId: true, stage: true, lostAt: true });

// computedAt changes on every run: comparing without it keeps unchanged insights (and their
// seq) where they are, so a recompute costs browsers nothing when nothing moved.
// Key order differs between a fresh insight and one read back from storage: compare canonically.
const comparable = (fields: Record<string, unknown>): string =>
  canonicalJson({ ...fields, computedAt: 0 });

/** Stored fields as a row: a field a rep cleared is stored as null, and a row lacks it. */
function present(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== null) out[k] = v;
  return out;
}

const insightFields = (insight: AccountInsight): Record<string, unknown> => {
  const { id: _id, ...fields } = insight;
  return fields;
};

/**
 * The team's segmentation as the insight rows that differ from what is stored: new or changed
 * insights, and tombstones for insights of accounts that are gone. Reads only.
 */
export async function computeInsightChanges(
  store: InsightSource,
  teamId: string,
  now: number,
): Promise<InsightChange[]> {
  const [team, accountRows, opportunityRows, stored] = await Promise.all([
    store.getTeam(teamId),
    store.liveRows(teamId, 'accounts'),
    store.liveRows(teamId, 'opportunities'),
    store.storedFieldsText(teamId, 'account_insights'),
  ]);
  if (!team) return [];
  const accounts: Account[] = [];
  for (const row of accountRows) {
    // Stored rows passed the schema on the way in; one that no longer does (an older schema)
    // is left out of the pyramid rather than stopping the whole team's segmentation.
    // A cleared value (revenue12m set back to nothing) must not drop the account.
    const parsed = Account.safeParse({ ...present(row.fields), id: row.id });
    if (parsed.success) accounts.push(parsed.data);
  }
  const open = new Set<string>();
  for (const row of opportunityRows) {
    const parsed = OppInput.safeParse(present(row.fields));
    if (parsed.success && isOpen(parsed.data)) open.add(parsed.data.accountId);
  }
  const insights = segmentAccounts(accounts, team.settings, now, {
    openOpportunityAccountIds: open,
  });
  const changes: InsightChange[] = [];
  for (const [id, insight] of insights) {
    const fields = insightFields(insight);
    const before = stored.get(id);
    if (before === undefined || comparable(parseFields(before)) !== comparable(fields))
      changes.push({ id, fields });
  }
  for (const [id, text] of stored) {
    if (insights.has(id)) continue;
    const fields = parseFields(text);
    if (fields.deleted !== true) changes.push({ id, fields: { ...fields, deleted: true } });
  }
  return changes;
}

const Fields = z.record(z.string(), z.unknown());
const parseFields = (text: string): Record<string, unknown> => Fields.parse(JSON.parse(text));
