import { type InvitePreview, TABLE_NAMES } from '../../shared/index.ts';
import type { AccountLensDB } from '../db/database.ts';
import { type Fetch, type MeResponse, normaliseServerUrl, SyncApi } from './api.ts';
import { PERSON_FIELDS } from './push.ts';
import { clientIdOf, loadAccount, META, type SyncAccount, type TeamInfo } from './state.ts';

export interface JoinInput {
  readonly serverUrl: string;
  readonly inviteCode: string;
  readonly deviceName: string;
  /** The person, as teammates will see them; empty or absent: the name the invite gave. */
  readonly memberName?: string | undefined;
}

export interface Joined {
  readonly account: SyncAccount;
  readonly team: TeamInfo;
}

/**
 * Join a team: redeem the invite, read the team (name and settings), and store all of it in
 * meta. Writes made before joining stay in the outbox and are pushed by the next sync; what
 * they authored under the placeholder id (the client id) is re-authored to the member id here,
 * in the rows and the outbox alike, in the transaction that stores the token.
 */
export async function joinTeam(
  db: AccountLensDB,
  fetchFn: Fetch,
  input: JoinInput,
): Promise<Joined> {
  const serverUrl = normaliseServerUrl(input.serverUrl);
  const clientId = await clientIdOf(db);
  const anonymous = new SyncApi(serverUrl, fetchFn);
  const reply = await anonymous.join({
    inviteCode: input.inviteCode.trim(),
    deviceName: input.deviceName,
    ...(input.memberName?.trim() ? { memberName: input.memberName.trim() } : {}),
  });
  const me = await anonymous.withToken(reply.token).me();
  const account: SyncAccount = {
    serverUrl,
    token: reply.token,
    teamId: reply.teamId,
    memberId: reply.memberId,
    clientId,
  };
  const team = teamInfo(me);
  const owner = `${serverUrl}|${reply.teamId}`;
  const personTables = Object.keys(PERSON_FIELDS).map((t) => db.table(t));
  await db.transaction('rw', [db.meta, db.outbox, ...personTables], async () => {
    const previous = await db.meta.get(META.cursorOwner);
    if (previous?.value !== owner) {
      // Another team's (or server's) seqs mean nothing here: the first sync starts from 0.
      await db.meta.bulkDelete([META.cursor, META.initial, META.serverInsights]);
    }
    await db.meta.bulkPut([
      { key: META.account, value: account },
      { key: META.memberId, value: reply.memberId },
      { key: META.team, value: team },
      { key: META.teamSettings, value: me.settings },
      { key: META.cursorOwner, value: owner },
    ]);
    await db.meta.delete(META.problem);
    await reauthor(db, clientId, reply.memberId);
  });
  return { account, team };
}

const teamInfo = (me: MeResponse): TeamInfo => ({
  teamName: me.team.name,
  memberName: me.member.name,
  memberRole: me.member.role === 'admin' ? 'admin' : 'member',
  members: me.members,
});

/** Replace the placeholder author id in local rows and unpushed writes. */
async function reauthor(db: AccountLensDB, placeholder: string, memberId: string): Promise<void> {
  for (const [table, fields] of Object.entries(PERSON_FIELDS)) {
    const store = db.table(table);
    for (const field of fields) {
      await store
        .filter((row: Record<string, unknown>) => row[field] === placeholder)
        .modify((row: Record<string, unknown>) => {
          row[field] = memberId;
        });
    }
  }
  await db.outbox
    .filter((e) => (PERSON_FIELDS[e.table] ?? []).some((f) => e.fields[f] === placeholder))
    .modify((e) => {
      const fields = { ...e.fields };
      for (const f of PERSON_FIELDS[e.table] ?? [])
        if (fields[f] === placeholder) fields[f] = memberId;
      e.fields = fields;
    });
}

/** Read the team again (name, settings changed by an admin). Returns undefined when not joined. */
export async function refreshTeam(
  db: AccountLensDB,
  fetchFn: Fetch,
): Promise<TeamInfo | undefined> {
  const account = await loadAccount(db);
  if (!account) return undefined;
  const me = await new SyncApi(account.serverUrl, fetchFn, account.token).me();
  const team = teamInfo(me);
  await db.meta.bulkPut([
    { key: META.team, value: team },
    { key: META.teamSettings, value: me.settings },
  ]);
  return team;
}

/**
 * Leave the team: forget the token (the background stops syncing at its next look). With
 * `clearData`, the local rows, unpushed writes and sync state go too; otherwise they stay, and
 * writes made meanwhile wait in the outbox for the next join.
 */
export async function leaveTeam(db: AccountLensDB, options: { clearData: boolean }): Promise<void> {
  const tables = TABLE_NAMES.map((t) => db.synced(t));
  await db.transaction('rw', [db.meta, db.outbox, ...tables], async () => {
    await db.meta.bulkDelete([
      META.account,
      META.memberId,
      META.team,
      META.teamSettings,
      META.problem,
      META.lastSyncAt,
    ]);
    if (!options.clearData) return;
    await db.meta.bulkDelete([
      META.cursor,
      META.initial,
      META.cursorOwner,
      META.serverInsights,
      META.preview,
      META.rejected,
    ]);
    await db.outbox.clear();
    for (const t of tables) await t.clear();
  });
}

/** What an invite is for, shown by the join form before the rep joins (see SyncApi). */
export function previewInvite(
  fetchFn: Fetch,
  serverUrl: string,
  inviteCode: string,
): Promise<InvitePreview> {
  return new SyncApi(normaliseServerUrl(serverUrl), fetchFn).previewInvite(inviteCode);
}
