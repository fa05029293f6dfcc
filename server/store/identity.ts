import { ulid } from 'ulid';
import { z } from 'zod';
import { TeamSettings } from '../../shared/index.ts';
import { type Db, stmt } from './db.ts';

export const ROLES = ['admin', 'member'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export interface Team {
  readonly id: string;
  readonly name: string;
  readonly settings: TeamSettings;
  readonly seq: number;
}

const TeamRow = z.object({
  id: z.string(),
  name: z.string(),
  settings: z.string(),
  seq: z.number(),
});

export function createTeam(db: Db, name: string, settings: TeamSettings, now: number): Team {
  const id = ulid(now);
  stmt(db, 'INSERT INTO teams (id, name, settings, seq, created_at) VALUES (?, ?, ?, 0, ?)').run(
    id,
    name,
    JSON.stringify(settings),
    now,
  );
  return { id, name, settings, seq: 0 };
}

/** A team from its row (`id, name, settings, seq`), as both stores read it. */
export function teamFromRow(raw: unknown): Team {
  const row = TeamRow.parse(raw);
  return {
    id: row.id,
    name: row.name,
    settings: TeamSettings.parse(JSON.parse(row.settings)),
    seq: row.seq,
  };
}

export function getTeam(db: Db, teamId: string): Team | undefined {
  const raw = stmt(db, 'SELECT id, name, settings, seq FROM teams WHERE id = ?').get(teamId);
  return raw === undefined ? undefined : teamFromRow(raw);
}

/** Every team on this server, oldest first: for the operator's CLI, never for an API caller. */
export function listTeams(db: Db): { id: string; name: string }[] {
  return z
    .array(z.object({ id: z.string(), name: z.string() }))
    .parse(stmt(db, 'SELECT id, name FROM teams ORDER BY created_at, id').all());
}

export function setTeamSettings(db: Db, teamId: string, settings: TeamSettings): void {
  stmt(db, 'UPDATE teams SET settings = ? WHERE id = ?').run(JSON.stringify(settings), teamId);
}

export interface Member {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
}

export const MemberRow = z.object({ id: z.string(), name: z.string(), role: Role });

export function getMember(db: Db, teamId: string, memberId: string): Member | undefined {
  const raw = stmt(db, 'SELECT id, name, role FROM members WHERE team_id = ? AND id = ?').get(
    teamId,
    memberId,
  );
  return raw === undefined ? undefined : MemberRow.parse(raw);
}

export interface Device {
  readonly tokenId: string;
  readonly deviceName: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

export function listMembers(db: Db, teamId: string): (Member & { devices: Device[] })[] {
  return membersFromRows(
    stmt(db, 'SELECT id, name, role FROM members WHERE team_id = ? ORDER BY created_at, id').all(
      teamId,
    ),
    stmt(
      db,
      'SELECT member_id, id, device_name, created_at, revoked_at FROM tokens WHERE team_id = ? ORDER BY created_at, id',
    ).all(teamId),
  );
}

const DeviceRow = z.object({
  member_id: z.string(),
  id: z.string(),
  device_name: z.string(),
  created_at: z.number(),
  revoked_at: z.number().nullable(),
});

/**
 * Members with their devices from the rows of `id, name, role FROM members` and
 * `member_id, id, device_name, created_at, revoked_at FROM tokens`, both in joining order.
 */
export function membersFromRows(
  memberRows: unknown,
  tokenRows: unknown,
): (Member & { devices: Device[] })[] {
  const members = z.array(MemberRow).parse(memberRows);
  const devices = z.array(DeviceRow).parse(tokenRows);
  return members.map((m) => ({
    ...m,
    devices: devices
      .filter((d) => d.member_id === m.id)
      .map((d) => ({
        tokenId: d.id,
        deviceName: d.device_name,
        createdAt: d.created_at,
        revokedAt: d.revoked_at,
      })),
  }));
}

export interface InviteSpec {
  readonly teamId: string;
  readonly hash: Buffer;
  readonly role: Role;
  readonly expiresAt: number;
  /** Add a browser to this existing member instead of creating a new one. */
  readonly memberId?: string | undefined;
  /** Name for the member the invite creates (default: the joining device's name). */
  readonly memberName?: string | undefined;
}

export function createInvite(db: Db, spec: InviteSpec, now: number): { id: string } {
  const id = ulid(now);
  stmt(
    db,
    `INSERT INTO invites (id, team_id, hash, role, member_id, member_name, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    spec.teamId,
    spec.hash,
    spec.role,
    spec.memberId ?? null,
    spec.memberName ?? null,
    now,
    spec.expiresAt,
  );
  return { id };
}

export type InviteProblem = 'unknown' | 'used' | 'expired';

export class InviteError extends Error {
  override readonly name = 'InviteError';
  constructor(readonly problem: InviteProblem) {
    super(
      problem === 'used'
        ? 'this invite code has already been used: ask your admin for a new one'
        : problem === 'expired'
          ? 'this invite code has expired: ask your admin for a new one'
          : 'this invite code is not valid on this server',
    );
  }
}

const InviteRow = z.object({
  id: z.string(),
  team_id: z.string(),
  role: Role,
  member_id: z.string().nullable(),
  member_name: z.string().nullable(),
  expires_at: z.number(),
  used_at: z.number().nullable(),
});

/** The invite of a row (`id, team_id, role, member_id, member_name, expires_at, used_at`), if it can still be spent. */
export function spendableInvite(raw: unknown, now: number): z.infer<typeof InviteRow> {
  if (raw === undefined) throw new InviteError('unknown');
  const invite = InviteRow.parse(raw);
  if (invite.used_at !== null) throw new InviteError('used');
  if (invite.expires_at <= now) throw new InviteError('expired');
  return invite;
}

export interface Joined {
  readonly teamId: string;
  readonly memberId: string;
  readonly tokenId: string;
}

/**
 * Spend an invite: create the member (or reuse the invited one) and a device token, in one
 * transaction so an invite can never be spent twice, even by two joins racing.
 */
export function redeemInvite(
  db: Db,
  input: {
    inviteHash: Buffer;
    tokenHash: Buffer;
    deviceName: string;
    /** The person, as they typed their name when joining; see JoinRequest. */
    memberName?: string | undefined;
  },
  now: number,
): Joined {
  const run = db.transaction((): Joined => {
    const raw = stmt(
      db,
      'SELECT id, team_id, role, member_id, member_name, expires_at, used_at FROM invites WHERE hash = ?',
    ).get(input.inviteHash);
    const invite = spendableInvite(raw, now);
    let memberId = invite.member_id;
    if (memberId === null) {
      memberId = ulid(now);
      stmt(
        db,
        'INSERT INTO members (id, team_id, name, role, created_at) VALUES (?, ?, ?, ?, ?)',
      ).run(
        memberId,
        invite.team_id,
        input.memberName ?? invite.member_name ?? input.deviceName,
        invite.role,
        now,
      );
    }
    const tokenId = ulid(now);
    stmt(
      db,
      'INSERT INTO tokens (id, team_id, member_id, hash, device_name, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(tokenId, invite.team_id, memberId, input.tokenHash, input.deviceName, now);
    stmt(db, 'UPDATE invites SET used_at = ?, used_by_token = ? WHERE id = ? AND team_id = ?').run(
      now,
      tokenId,
      invite.id,
      invite.team_id,
    );
    return { teamId: invite.team_id, memberId, tokenId };
  });
  return run.immediate();
}

export interface InviteSummary {
  readonly teamName: string;
  readonly role: Role;
  readonly memberName?: string;
  readonly existingMember: boolean;
}

/**
 * What an unspent invite is for (team, role, the person's name if known), without spending it:
 * the join form shows the team and fills in the name. Throws InviteError as redeemInvite does.
 */
/** What previewInvite reads, the same on both stores: the invite, its team's name and its member's. */
export const PREVIEW_INVITE_SQL = `SELECT i.id, i.team_id, i.role, i.member_id, i.member_name, i.expires_at, i.used_at,
            t.name AS team_name, m.name AS existing_name
       FROM invites i
       JOIN teams t ON t.id = i.team_id
       LEFT JOIN members m ON m.team_id = i.team_id AND m.id = i.member_id
      WHERE i.hash = `;

export function previewInvite(db: Db, inviteHash: Buffer, now: number): InviteSummary {
  return inviteSummary(stmt(db, `${PREVIEW_INVITE_SQL}?`).get(inviteHash), now);
}

/** The summary of a PREVIEW_INVITE_SQL row; throws InviteError as redeemInvite does. */
export function inviteSummary(raw: unknown, now: number): InviteSummary {
  spendableInvite(raw, now);
  const row = InviteRow.extend({
    team_name: z.string(),
    existing_name: z.string().nullable(),
  }).parse(raw);
  const memberName = row.existing_name ?? row.member_name;
  return {
    teamName: row.team_name,
    role: row.role,
    ...(memberName === null ? {} : { memberName }),
    existingMember: row.member_id !== null,
  };
}

export interface Principal {
  readonly tokenId: string;
  readonly teamId: string;
  readonly memberId: string;
  readonly role: Role;
}

const PrincipalRow = z.object({
  token_id: z.string(),
  team_id: z.string(),
  member_id: z.string(),
  role: Role,
});

/** Who holds this token, read from the database on every request so a revoke bites at once. */
export function authenticate(db: Db, tokenHash: Buffer): Principal | undefined {
  const raw = stmt(
    db,
    `SELECT t.id AS token_id, t.team_id, t.member_id, m.role
     FROM tokens t JOIN members m ON m.id = t.member_id AND m.team_id = t.team_id
     WHERE t.hash = ? AND t.revoked_at IS NULL`,
  ).get(tokenHash);
  return raw === undefined ? undefined : principalFromRow(raw);
}

/** The caller of a row of `token_id, team_id, member_id, role`. */
export function principalFromRow(raw: unknown): Principal {
  const row = PrincipalRow.parse(raw);
  return { tokenId: row.token_id, teamId: row.team_id, memberId: row.member_id, role: row.role };
}

/** Revoke one device token by its id (shown by `member list`). False if none was active. */
export function revokeToken(db: Db, tokenId: string, now: number): boolean {
  return (
    stmt(db, 'UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(
      now,
      tokenId,
    ).changes > 0
  );
}

export function tokenExists(db: Db, tokenId: string): boolean {
  return stmt(db, 'SELECT 1 FROM tokens WHERE id = ?').pluck().get(tokenId) !== undefined;
}

export function tokenActive(db: Db, teamId: string, tokenId: string): boolean {
  return (
    stmt(db, 'SELECT 1 FROM tokens WHERE team_id = ? AND id = ? AND revoked_at IS NULL')
      .pluck()
      .get(teamId, tokenId) !== undefined
  );
}
