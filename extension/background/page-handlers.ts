import { liveQuery } from 'dexie';
import {
  type Account,
  type AccountInsight,
  committee,
  coverageGaps,
  DEFAULT_SETTINGS,
  Id,
  isOpen,
  type Note,
  nextActions,
  shownTier,
  strategyFor,
  type TeamSettings,
} from '../../shared/index.ts';
import { type AccountLensDB, getDb, type LocalAccount } from '../db/database.ts';
import { decideAction } from '../db/decide-action.ts';
import { stripLocal } from '../db/derive.ts';
import { lookupEmails, lookupHostname } from '../db/read.ts';
import { createRow, type WriteContext } from '../db/write.ts';
import {
  ACCOUNT_PORT_PREFIX,
  type AccountPortMessage,
  type AccountView,
  type BadgeInfo,
  type LookupEmailsReply,
  type LookupReply,
} from '../messaging/protocol.ts';
import { loadLanguage } from '../settings/language.ts';
import { setOverlayEnabled, setSiteEnabled, siteState } from '../settings/sites.ts';
import { clientIdOf, currentAuthorId, loadTeamSettings, META } from '../sync/state.ts';
import { handle } from './router.ts';

/** How many next actions and notes the overlay's panel shows. */
const TOP_ACTIONS = 5;
const LATEST_NOTES = 5;

type StoredInsight = AccountInsight & { local?: boolean };

/** Who writes from this browser: the sync client's ids (its meta keys), shared with popup and side panel. */
async function writeContext(db: AccountLensDB): Promise<WriteContext & { authorId: string }> {
  const [clientId, authorId] = await Promise.all([clientIdOf(db), currentAuthorId(db)]);
  return { db, clientId, authorId };
}

/** The team's segmentation settings as the sync client stored them, else the defaults. */
async function teamSettings(db: AccountLensDB): Promise<TeamSettings> {
  return (await loadTeamSettings(db)) ?? DEFAULT_SETTINGS;
}

function badgeOf(
  account: LocalAccount,
  domain: string,
  insight: StoredInsight | undefined,
): BadgeInfo {
  const live = insight?.deleted ? undefined : insight;
  return {
    accountId: account.id,
    domain,
    name: account.name,
    // An account the segmentation has not seen: the rep's tier, else not yet tiered without
    // value data, else small until the pyramid places it (next-actions does the same).
    tier: shownTier(account, live) ?? 'small',
    tierLocal: live === undefined || live.local === true,
  };
}

/** The whole panel of one account, or null when the account is gone. */
export async function accountView(
  db: AccountLensDB,
  accountId: string,
  now = Date.now(),
): Promise<AccountView | null> {
  const stored = await db.accounts.get(accountId);
  if (!stored) return null;
  const [insightRow, contactRows, noteRows, opportunityRows, taskRows, decisions, settings, me] =
    await Promise.all([
      db.account_insights.get(accountId),
      db.contacts.where('accountId').equals(accountId).toArray(),
      db.notes.where('accountId').equals(accountId).toArray(),
      db.opportunities.where('accountId').equals(accountId).toArray(),
      db.tasks.where('accountId').equals(accountId).toArray(),
      db.action_decisions.where('accountId').equals(accountId).toArray(),
      teamSettings(db),
      db.meta.bulkGet([META.memberId, META.clientId]),
    ]);
  const account = stripLocal(stored) as Account;
  const insight = insightRow && !insightRow.deleted ? insightRow : undefined;
  const contacts = contactRows.filter((c) => !c.deleted);
  const opportunities = opportunityRows.filter((o) => !o.deleted);
  const group = committee(contacts);
  const badge = badgeOf(stored, stored.domains[0] ?? '', insight);
  const actions = nextActions(
    {
      accounts: [account],
      contacts,
      notes: noteRows,
      opportunities,
      tasks: taskRows,
      decisions,
      // The segmentation is book-wide: one account's rows cannot recompute it, so an account
      // without a stored insight gets none (tier from its override, else not yet tiered or small).
      insights: new Map(insight ? [[accountId, insight]] : []),
    },
    settings,
    now,
  );
  const myIds = new Set(me.flatMap((m) => (typeof m?.value === 'string' ? [m.value] : [])));
  const notes = noteRows
    .filter((n) => !n.deleted && (n.visibility !== 'private' || myIds.has(n.authorId)))
    .sort(newestFirst)
    .slice(0, LATEST_NOTES);
  const ids = (list: readonly { id: string }[]) => list.map((c) => c.id);
  return {
    account,
    insight: insight ?? null,
    badge,
    strategy: insight?.strategy ?? strategyFor(badge.tier, account.manualFlags ?? []),
    status: insight?.status ?? account.statusOverride ?? null,
    relationshipStage: insight?.relationshipStage ?? null,
    contacts: [...group.deciders, ...group.influencers, ...group.unplaced],
    committee: {
      deciders: ids(group.deciders),
      influencers: ids(group.influencers),
      opponents: ids(group.opponents),
      unplaced: ids(group.unplaced),
    },
    gaps: coverageGaps(
      contacts,
      opportunities.some((o) => isOpen(o)),
    ),
    actions: actions.slice(0, TOP_ACTIONS).map((a) => ({
      key: a.key,
      rule: a.rule,
      title: a.title,
      reason: a.reason,
      dueAt: a.dueAt,
      priority: a.priority,
    })),
    actionCount: actions.length,
    notes,
    opportunities,
  };
}

const newestFirst = (a: Note, b: Note): number =>
  b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The overlay subscribes to one account on a port named `account-view:<id>` and gets the view
 * again whenever a row it was built from changes: a local write, a teammate's note pulled by
 * the sync client, or a write from the popup or side panel (Dexie's live queries see those
 * through its cross-context change broadcast). No polling anywhere.
 */
function servePorts(db: AccountLensDB): void {
  browser.runtime.onConnect.addListener((port) => {
    if (!port.name.startsWith(ACCOUNT_PORT_PREFIX)) return;
    const id = Id.safeParse(port.name.slice(ACCOUNT_PORT_PREFIX.length));
    if (!id.success) {
      port.disconnect();
      return;
    }
    const post = (message: AccountPortMessage) => {
      try {
        port.postMessage(message);
      } catch {
        // The page went away between the change and the post: the disconnect handler cleans up.
      }
    };
    const subscription = liveQuery(() => accountView(db, id.data)).subscribe({
      next: (view) => post(view ? { type: 'view', view } : { type: 'gone' }),
      error: (e: unknown) => console.error('account view failed', e),
    });
    port.onDisconnect.addListener(() => subscription.unsubscribe());
  });
}

/** Handlers for everything a web page's content script asks. Called once by the background. */
export function registerPageHandlers(db: AccountLensDB = getDb()): void {
  handle('lookup', async ({ hostname }): Promise<LookupReply> => {
    // The site switches and the index lookup are independent: ask both at once.
    const [state, found, language] = await Promise.all([
      siteState(hostname),
      lookupHostname(db, hostname),
      loadLanguage(),
    ]);
    const enabled = state.globalEnabled && state.siteEnabled;
    if (!found || !enabled) return { match: null, enabled, language };
    const insight = await db.account_insights.get(found.accountId);
    const match = badgeOf(found.account, found.domain, insight);
    return { match, enabled, language };
  });

  handle('lookupEmails', async ({ emails }): Promise<LookupEmailsReply> => {
    const found = await lookupEmails(db, emails);
    const accounts = await db.accounts.bulkGet([
      ...new Set([...found.values()].map((m) => m.accountId)),
    ]);
    const names = new Map(accounts.flatMap((a) => (a ? [[a.id, a.name] as const] : [])));
    return {
      matches: [...found].map(([email, m]) => ({
        email,
        accountId: m.accountId,
        ...(m.via === 'contact' ? { contactId: m.contactId } : {}),
        name: names.get(m.accountId) ?? '',
      })),
    };
  });

  handle('accountView', async ({ accountId }) => {
    const view = await accountView(db, accountId);
    if (!view) throw notFound(accountId);
    return view;
  });

  handle('addNote', async (request) => {
    if (!(await db.accounts.get(request.accountId))) throw notFound(request.accountId);
    const ctx = await writeContext(db);
    const note = await createRow(ctx, 'notes', {
      kind: request.kind,
      body: request.body,
      accountId: request.accountId,
      contactIds: request.contactIds,
      visibility: request.visibility,
      authorId: ctx.authorId,
      at: Date.now(),
    });
    return stripLocal(note);
  });

  handle('decideAction', async (request) => {
    const ctx = await writeContext(db);
    const row = await decideAction(ctx, {
      actionKey: request.actionKey,
      accountId: request.accountId,
      decision: request.decision,
      snoozedUntil: request.snoozedUntil,
      decidedBy: ctx.authorId,
    });
    return stripLocal(row);
  });

  handle('siteState', ({ hostname }) => siteState(hostname));
  handle('setSiteEnabled', ({ hostname, enabled }) => setSiteEnabled(hostname, enabled));
  handle('setOverlayEnabled', async ({ enabled }) => {
    await setOverlayEnabled(enabled);
    return { enabled };
  });

  servePorts(db);
}

function notFound(accountId: string): Error {
  const error = new Error(`no account ${accountId}`);
  error.name = 'NotFound';
  return error;
}
