/**
 * The embedded store: one SQLite file, opened by one server process (the admin commands open it
 * too, briefly). better-sqlite3 answers synchronously, so each call here is one synchronous
 * transaction wrapped in a resolved promise: no other request runs in the middle of one.
 */
import type { HlcClock, Mutation, TableName, TeamSettings } from '../../shared/index.ts';
import { type Db, openDatabase, stmt } from './db.ts';
import * as identity from './identity.ts';
import * as pull from './pull.ts';
import type { GroupResult, PushContext } from './push-core.ts';
import * as rows from './rows.ts';
import type { JoinInput, LiveRow, RowsChanged, Store, TeamSnapshot } from './store.ts';

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private dataVersion: unknown;

  constructor(readonly db: Db) {}

  /** Open (creating and migrating) the database file; ':memory:' for a throwaway one. */
  static open(path: string): SqliteStore {
    return new SqliteStore(openDatabase(path));
  }

  async createTeam(name: string, settings: TeamSettings, now: number) {
    return identity.createTeam(this.db, name, settings, now);
  }
  async getTeam(teamId: string) {
    return identity.getTeam(this.db, teamId);
  }
  async listTeams() {
    return identity.listTeams(this.db);
  }
  async setTeamSettings(teamId: string, settings: TeamSettings) {
    identity.setTeamSettings(this.db, teamId, settings);
  }
  async getMember(teamId: string, memberId: string) {
    return identity.getMember(this.db, teamId, memberId);
  }
  async listMembers(teamId: string) {
    return identity.listMembers(this.db, teamId);
  }
  async createInvite(spec: identity.InviteSpec, now: number) {
    return identity.createInvite(this.db, spec, now);
  }
  async redeemInvite(input: JoinInput, now: number) {
    return identity.redeemInvite(this.db, input, now);
  }
  async previewInvite(inviteHash: Buffer, now: number) {
    return identity.previewInvite(this.db, inviteHash, now);
  }
  async authenticate(tokenHash: Buffer) {
    return identity.authenticate(this.db, tokenHash);
  }
  async revokeToken(tokenId: string, now: number) {
    return identity.revokeToken(this.db, tokenId, now);
  }
  async tokenExists(tokenId: string) {
    return identity.tokenExists(this.db, tokenId);
  }
  async tokenActive(teamId: string, tokenId: string) {
    return identity.tokenActive(this.db, teamId, tokenId);
  }

  async applyPushGroup(
    pushes: readonly { ctx: PushContext; mutations: readonly Mutation[] }[],
  ): Promise<GroupResult[]> {
    return rows.applyPushGroup(this.db, pushes);
  }
  async pullPage(teamId: string, memberId: string, cursor: number, limit: number, mine?: string) {
    return pull.pullPage(this.db, teamId, memberId, cursor, limit, mine);
  }
  async pullTables(
    teamId: string,
    memberId: string,
    cursor: number,
    limit: number,
    tables: readonly string[],
  ) {
    return pull.pullTables(this.db, teamId, memberId, cursor, limit, tables);
  }
  async countAfter(teamId: string, cursor: number, tables?: readonly string[]) {
    return pull.countAfter(this.db, teamId, cursor, tables);
  }
  async teamSeq(teamId: string) {
    return rows.teamSeq(this.db, teamId);
  }
  async liveRows(teamId: string, table: TableName) {
    return rows.liveRows(this.db, teamId, table);
  }
  async snapshot(teamId: string, tables: readonly TableName[]): Promise<TeamSnapshot> {
    return this.db
      .transaction(() => ({
        rows: new Map(tables.map((t) => [t, rows.liveRows(this.db, teamId, t)])),
        members: identity.listMembers(this.db, teamId),
      }))
      .deferred();
  }
  async storedFieldsText(teamId: string, table: TableName) {
    return rows.storedFieldsText(this.db, teamId, table);
  }
  async writeServerRows(
    teamId: string,
    table: TableName,
    written: readonly LiveRow[],
    clock: HlcClock,
  ) {
    return rows.writeServerRows(this.db, teamId, table, written, clock);
  }
  async latestStamp(teamId: string, tables: readonly TableName[]) {
    return rows.latestStamp(this.db, teamId, tables);
  }
  async pruneAppliedMutations(now: number, retentionMs?: number) {
    return rows.pruneAppliedMutations(this.db, now, retentionMs);
  }

  /** One process owns the file, and it runs a team's job one at a time already. */
  async exclusively(_key: string, fn: () => Promise<void>): Promise<boolean> {
    await fn();
    return true;
  }

  /** Only this process serves the file: no other instance's pushes to hear of. */
  watch(_listener: (change: RowsChanged) => void): () => void {
    return () => undefined;
  }

  /**
   * Tokens are revoked by the admin command, another process with its own connection. SQLite's
   * data_version moves whenever another connection commits and costs next to nothing to read;
   * this process's own commits leave it alone, so a push does not send every stream's token to
   * the database again.
   */
  revocationsMayHaveChanged(): boolean {
    const version = stmt(this.db, 'PRAGMA data_version').pluck().get();
    if (version === this.dataVersion) return false;
    this.dataVersion = version;
    return true;
  }

  /** The admin command held the write lock past the busy timeout (5 s). */
  isUnavailable(error: unknown): boolean {
    return error instanceof Error && 'code' in error && error.code === 'SQLITE_BUSY';
  }

  setPullCacheBudget(bytes: number): void {
    pull.setPullCacheBudget(this.db, bytes);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
