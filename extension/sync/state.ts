import { ulid } from 'ulid';
import { z } from 'zod';
import { ClientId, Id, TeamSettings } from '../../shared/index.ts';
import type { AccountLensDB } from '../db/database.ts';

/**
 * Everything the sync client knows lives in the `meta` table, never only in memory: Chrome stops
 * the MV3 service worker whenever it is idle, and the popup, side panel and options page read
 * the same keys. Keys without a `sync.` prefix are shared with the rest of the extension.
 */
export const META = {
  /** This browser's sync client id (a ULID): its clock's node id, and its author id before joining. */
  clientId: 'clientId',
  /** The member id the server gave at join; absent while not joined. */
  memberId: 'memberId',
  /** The team's segmentation settings from GET /v1/me (cutoffs, cadences, win rates). */
  teamSettings: 'teamSettings',
  /** Server, token and ids of the team this browser has joined. */
  account: 'sync.account',
  /** Team and member names from GET /v1/me, for the options page and the status. */
  team: 'sync.team',
  /** The general pull cursor: every row with seq ≤ it has been applied. */
  cursor: 'sync.cursor',
  /** The first sync's two phases (accounts first), while it is under way. */
  initial: 'sync.initial',
  /** Which server and team the cursor belongs to: joining another one starts from 0. */
  cursorOwner: 'sync.cursorOwner',
  lastSyncAt: 'sync.lastSyncAt',
  /** A problem that outlives the worker: signed out, or a rejected write. */
  problem: 'sync.problem',
  /** Set once the server has sent insights: the local preview is no longer needed. */
  serverInsights: 'sync.serverInsights',
  /** Set while local preview insights are stored. */
  preview: 'sync.preview',
  /** Local writes the server refused (with its reason), kept so nothing vanishes silently. */
  rejected: 'sync.rejected',
  /** The HLC of the last local stamp, shared with extension/db/write.ts. */
  clock: 'clock',
} as const;

export const SyncAccount = z.object({
  serverUrl: z.string().url(),
  token: z.string().min(1),
  teamId: Id,
  memberId: Id,
  clientId: ClientId,
});
export type SyncAccount = z.infer<typeof SyncAccount>;

export const TeamInfo = z.object({
  teamName: z.string(),
  memberName: z.string().optional(),
  /** This member's role (GET /v1/me): an admin may change the team's settings. */
  memberRole: z.enum(['admin', 'member']).optional(),
  /** Every member's name by id, as of the last read of the team. */
  members: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
});
export type TeamInfo = z.infer<typeof TeamInfo>;

/** Phase 1 brings accounts and their insights from 0 to the end, phase 2 the other tables. */
export const InitialSync = z.object({
  phase: z.union([z.literal(1), z.literal(2)]),
  cursors: z.tuple([z.number().int().min(0), z.number().int().min(0)]),
  /** Phase 1's end cursor once it is done. */
  firstEnd: z.number().int().min(0).optional(),
  received: z.number().int().min(0),
  total: z.number().int().min(0),
});
export type InitialSync = z.infer<typeof InitialSync>;

export const Problem = z.object({
  kind: z.enum(['signedOut', 'rejected']),
  message: z.string(),
});
export type Problem = z.infer<typeof Problem>;

export const RejectedWrite = z.object({
  mutationId: z.string(),
  table: z.string(),
  rowId: z.string(),
  fields: z.record(z.string(), z.unknown()),
  reason: z.string(),
  at: z.number(),
});
export type RejectedWrite = z.infer<typeof RejectedWrite>;

/** A meta value parsed with its schema; a missing or malformed one reads as undefined. */
export async function readMeta<S extends z.ZodType>(
  db: AccountLensDB,
  key: string,
  schema: S,
): Promise<z.infer<S> | undefined> {
  const row = await db.meta.get(key);
  if (row === undefined) return undefined;
  const parsed = schema.safeParse(row.value);
  return parsed.success ? parsed.data : undefined;
}

export const loadAccount = (db: AccountLensDB) => readMeta(db, META.account, SyncAccount);

/** Team and member names from the last read of GET /v1/me; undefined when not joined. */
export const loadTeamInfo = (db: AccountLensDB) => readMeta(db, META.team, TeamInfo);

/**
 * This browser's client id, made once. Created in a transaction so two pages opening at once
 * settle on one id (extension/ui/identity.ts does the same under the same key).
 */
export async function clientIdOf(db: AccountLensDB): Promise<string> {
  const known = await db.meta.get(META.clientId);
  if (typeof known?.value === 'string') return known.value;
  return db.transaction('rw', db.meta, async () => {
    const again = await db.meta.get(META.clientId);
    if (typeof again?.value === 'string') return again.value;
    const id = ulid();
    await db.meta.put({ key: META.clientId, value: id });
    return id;
  });
}

/**
 * Who authors what this browser writes (notes' `authorId`, decisions' `decidedBy`): the member
 * id once joined; before that, the client id, a ULID that stands in and is rewritten to the
 * member id when the rep joins (see join.ts). Page handlers, popup and side panel call this.
 */
export async function currentAuthorId(db: AccountLensDB): Promise<string> {
  const member = await db.meta.get(META.memberId);
  if (typeof member?.value === 'string') return member.value;
  return clientIdOf(db);
}

/** The team's settings once joined, else undefined (callers fall back to DEFAULT_SETTINGS). */
export const loadTeamSettings = (db: AccountLensDB) =>
  readMeta(db, META.teamSettings, TeamSettings);
