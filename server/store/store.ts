/**
 * The one storage interface the server runs on. Two implementations keep the same promises:
 * SQLite (`sqlite-store.ts`, the embedded default: one file, one process) and PostgreSQL
 * (`postgres/store.ts`: any number of server instances against one database). Routes, jobs and
 * the admin commands talk to a Store only, never to a database driver.
 */
import type { HlcClock, Mutation, TableName, TeamSettings } from '../../shared/index.ts';
import type {
  Device,
  InviteSpec,
  InviteSummary,
  Joined,
  Member,
  Principal,
  Team,
} from './identity.ts';
import type { PullPage } from './pull.ts';
import type { GroupResult, PushContext } from './push-core.ts';

export type StoreKind = 'sqlite' | 'postgres';

export interface JoinInput {
  readonly inviteHash: Buffer;
  readonly tokenHash: Buffer;
  readonly deviceName: string;
  /** The person, as they typed their name when joining; see JoinRequest. */
  readonly memberName?: string | undefined;
}

/** Rows of a team changed in another process (another instance, an admin command). */
export interface RowsChanged {
  readonly teamId: string;
  /** The team's seq after the commit. */
  readonly seq: number;
}

export interface LiveRow {
  readonly id: string;
  readonly fields: Record<string, unknown>;
}

export interface TeamSnapshot {
  readonly rows: ReadonlyMap<TableName, LiveRow[]>;
  readonly members: (Member & { devices: Device[] })[];
}

export interface Store {
  readonly kind: StoreKind;

  // Teams, members, invites and device tokens (see identity.ts for each rule).
  createTeam(name: string, settings: TeamSettings, now: number): Promise<Team>;
  getTeam(teamId: string): Promise<Team | undefined>;
  /** Every team, oldest first: for the operator's commands and jobs, never for an API caller. */
  listTeams(): Promise<{ id: string; name: string }[]>;
  setTeamSettings(teamId: string, settings: TeamSettings): Promise<void>;
  getMember(teamId: string, memberId: string): Promise<Member | undefined>;
  listMembers(teamId: string): Promise<(Member & { devices: Device[] })[]>;
  createInvite(spec: InviteSpec, now: number): Promise<{ id: string }>;
  /** Spend an invite: at most once, even when two joins race on two instances. */
  redeemInvite(input: JoinInput, now: number): Promise<Joined>;
  previewInvite(inviteHash: Buffer, now: number): Promise<InviteSummary>;
  authenticate(tokenHash: Buffer): Promise<Principal | undefined>;
  revokeToken(tokenId: string, now: number): Promise<boolean>;
  tokenExists(tokenId: string): Promise<boolean>;
  tokenActive(teamId: string, tokenId: string): Promise<boolean>;

  // Synced rows.
  /**
   * Several pushes in one transaction, each alone in a savepoint: a bad push fails alone, the
   * rest commit together, and each is answered only after that commit.
   */
  applyPushGroup(
    pushes: readonly { ctx: PushContext; mutations: readonly Mutation[] }[],
  ): Promise<GroupResult[]>;
  /** One page of a member's pull: rows with seq > cursor, in seq order, with no gaps. */
  pullPage(
    teamId: string,
    memberId: string,
    cursor: number,
    limit: number,
    mine?: string,
  ): Promise<PullPage>;
  /** A page of some tables only (initial syncs), bounded by the team's seq read first. */
  pullTables(
    teamId: string,
    memberId: string,
    cursor: number,
    limit: number,
    tables: readonly string[],
  ): Promise<PullPage & { readonly top: number }>;
  countAfter(teamId: string, cursor: number, tables?: readonly string[]): Promise<number>;
  teamSeq(teamId: string): Promise<number>;
  /** Every live row of a table: the inputs of the team's segmentation and of exports. */
  liveRows(teamId: string, table: TableName): Promise<LiveRow[]>;
  /**
   * The live rows of several tables and the team's members, read in one snapshot: an export or
   * an import's dedupe never sees a contact whose account was written after the accounts were read.
   */
  snapshot(teamId: string, tables: readonly TableName[]): Promise<TeamSnapshot>;
  /** Stored rows of a table (id → fields JSON text), tombstones included. */
  storedFieldsText(teamId: string, table: TableName): Promise<Map<string, string>>;
  /** Server-authored rows, each under a new seq, stamped now. Returns the team's seq after. */
  writeServerRows(
    teamId: string,
    table: TableName,
    rows: readonly LiveRow[],
    clock: HlcClock,
  ): Promise<number>;
  /** The latest clock stamp on any field of the team's rows of these tables. */
  latestStamp(teamId: string, tables: readonly TableName[]): Promise<string | undefined>;
  /** Forget mutation ids older than the retention; returns how many were dropped. */
  pruneAppliedMutations(now: number, retentionMs?: number): Promise<number>;

  /**
   * Run `fn` only if no other instance runs it for this key now (the team's segmentation runs
   * once per change, not once per instance). Resolves to whether it ran.
   */
  exclusively(key: string, fn: () => Promise<void>): Promise<boolean>;
  /**
   * Hear row changes committed by other processes, so an event stream fires wherever its
   * browser is connected. Returns stop. (This process's own pushes notify directly.)
   */
  watch(listener: (change: RowsChanged) => void): () => void;
  /**
   * False when no device token can have been revoked since the last call: asked before every
   * event fan-out, so it must be cheap. Revocations come from the admin command (another
   * process) or another instance.
   */
  revocationsMayHaveChanged(): boolean;
  /**
   * Whether an error says the database is away for now (restarting, unreachable, busy), not
   * that the request is wrong: answered 503 with Retry-After, and the browser tries again.
   */
  isUnavailable(error: unknown): boolean;
  /** The byte budget of the recent-changes cache (PULL_CACHE_MB); 0 turns it off. */
  setPullCacheBudget(bytes: number): void;
  close(): Promise<void>;
}
