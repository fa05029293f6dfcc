import type {
  ActionDecision,
  Contact,
  NoteRevision,
  Opportunity,
  Task,
  TeamSettings,
} from '../../../shared/index.ts';
import type { AccountLensDB, LocalAccount, LocalNote, LocalRow } from '../../db/database.ts';
import { loadTeamInfo } from '../../sync/state.ts';
import { teamSettings } from '../team-settings.ts';

export interface AccountView {
  readonly account: LocalAccount;
  readonly insight: LocalRow['account_insights'] | undefined;
  readonly contacts: readonly Contact[];
  readonly opportunities: readonly Opportunity[];
  /** Newest first. */
  readonly notes: readonly LocalNote[];
  /** Revisions kept from concurrent edits, by note id, oldest first. */
  readonly revisions: ReadonlyMap<string, readonly NoteRevision[]>;
  readonly tasks: readonly Task[];
  readonly decisions: readonly ActionDecision[];
  readonly settings: TeamSettings;
  /** Who this browser writes as (see identity.ts); notes by them are marked as the rep's own. */
  readonly authorId: string | undefined;
  /** Teammates' names by member id, as the server last said (empty before joining). */
  readonly members: ReadonlyMap<string, string>;
}

const live = <T extends { deleted: boolean }>(rows: T[]): T[] => rows.filter((r) => !r.deleted);

/** Everything the side panel shows about one account, read in one go (a live query re-runs it). */
export async function loadAccountView(
  db: AccountLensDB,
  accountId: string,
  authorId: string | undefined,
): Promise<AccountView | null> {
  const account = await db.accounts.get(accountId);
  if (!account || account.deleted) return null;
  const [insight, contacts, opportunities, notes, tasks, decisions, settings, team] =
    await Promise.all([
      db.account_insights.get(accountId),
      db.contacts.where('accountId').equals(accountId).toArray(),
      db.opportunities.where('accountId').equals(accountId).toArray(),
      db.notes.where('accountId').equals(accountId).toArray(),
      db.tasks.where('accountId').equals(accountId).toArray(),
      db.action_decisions.where('accountId').equals(accountId).toArray(),
      teamSettings(db),
      loadTeamInfo(db),
    ]);
  const liveNotes = live(notes).sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
  const revisions = new Map<string, NoteRevision[]>();
  const revisionRows = await db.note_revisions
    .where('noteId')
    .anyOf(liveNotes.map((n) => n.id))
    .toArray();
  for (const r of live(revisionRows).sort((a, b) => (a.hlc < b.hlc ? -1 : 1))) {
    const list = revisions.get(r.noteId);
    if (list) list.push(r);
    else revisions.set(r.noteId, [r]);
  }
  return {
    account,
    insight: insight && !insight.deleted ? insight : undefined,
    // By name, not by committee rank: a role edit must not move the row the rep is editing.
    contacts: live(contacts).sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1)),
    opportunities: live(opportunities).sort((a, b) => (a.id < b.id ? -1 : 1)),
    notes: liveNotes,
    revisions,
    tasks: live(tasks),
    decisions: live(decisions),
    settings,
    authorId,
    members: new Map((team?.members ?? []).map((m) => [m.id, m.name])),
  };
}
