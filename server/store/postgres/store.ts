/**
 * The PostgreSQL store: any number of server instances against one database. It keeps the
 * promises of the SQLite store (sqlite-store.ts) call for call; what differs is how they are
 * kept when several processes write at once:
 *
 * - A team's writers (pushes, server-written rows) lock the team's row until they commit. Its
 *   seqs are therefore handed out and committed in order, so a puller reading `seq > cursor`
 *   can never pass a row that commits later with a lower seq: pulls stay gap-free.
 * - Every commit that moves a team's seq sends a notification, so an event stream on any
 *   instance hears of a push that landed on another one (watch).
 * - Jobs that must run once per change, not once per instance, take a session advisory lock
 *   (exclusively).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import postgres, { type ISql, type PendingQuery, PostgresError, type Row } from 'postgres';
import { ulid } from 'ulid';
import { z } from 'zod';
import type { HlcClock, Mutation, TableName, TeamSettings } from '../../../shared/index.ts';
import { HttpFailure } from '../../errors.ts';
import {
  type Device,
  type InviteSpec,
  type InviteSummary,
  inviteSummary,
  type Joined,
  type Member,
  MemberRow,
  membersFromRows,
  PREVIEW_INVITE_SQL,
  type Principal,
  principalFromRow,
  spendableInvite,
  type Team,
  teamFromRow,
} from '../identity.ts';
import { catchUpLimit, type PullPage, PullWindows, pageOfRows, tablesPageOfRows } from '../pull.ts';
import {
  authorOf,
  type GroupResult,
  jsonOrNull,
  keptStamps,
  type Loaded,
  type PushContext,
  type PushOp,
  type PushOutcome,
  pushSteps,
  type RowWrite,
  runAsync,
  serverRowWrites,
  stampsText,
} from '../push-core.ts';
import { loadedFromColumns, MUTATION_ID_RETENTION_MS } from '../rows.ts';
import type { JoinInput, LiveRow, RowsChanged, Store, TeamSnapshot } from '../store.ts';
import { migrate } from './migrations.ts';

/** Payload `teamId:seq`, sent at the commit of every change to a team's rows. */
const ROWS_CHANNEL = 'account_lens_rows';
/** Payload `teamId:tokenId`, sent at the commit of a revocation. */
const TOKENS_CHANNEL = 'account_lens_tokens';

/** Tries of a push group that PostgreSQL rolled back to break a deadlock or conflict. */
const GROUP_ATTEMPTS = 5;

/**
 * Rows read per query while a pull window catches up: a backlog of large notes is never all in
 * memory at once (the SQLite store iterates its cursor for the same reason).
 */
const CATCH_UP_CHUNK = 500;

/** seq, times and counts are int8: as numbers, like SQLite's integers (all stay below 2^53). */
const int8 = {
  to: 20,
  from: [20],
  serialize: (n: number) => String(n),
  parse: (s: string) => Number(s),
};

function connect(url: string, max: number) {
  return postgres(url, {
    max,
    // CREATE TABLE IF NOT EXISTS and the like report notices: nothing anyone needs to read.
    onnotice: false,
    types: { int8 },
    connection: {
      application_name: 'account-lens',
      // Statements are prepared once per connection. A generic plan made while a team's rows
      // had no statistics yet (a new database, or autovacuum off) can scan the whole team on
      // every lookup of one row; a plan for the values at hand always takes the key.
      plan_cache_mode: 'force_custom_plan',
    },
  });
}

type Pool = ReturnType<typeof connect>;
type Types = Pool extends postgres.Sql<infer T> ? T : never;
/** The pool, a transaction or a savepoint: whatever a query runs on. */
type Q = ISql<Types>;

const Fields = z.record(z.string(), z.unknown());
const IdAndText = z.tuple([z.string(), z.string()]);

export class PostgresStore implements Store {
  readonly kind = 'postgres';
  /** This instance's recent-changes windows, brought up to date from the database on each pull. */
  private readonly windows = new PullWindows();
  private readonly watchers = new Set<(change: RowsChanged) => void>();
  /** True until asked: a revocation may have been missed before the first listen. */
  private revocations = true;
  private closing: Promise<void> | undefined;

  private constructor(private readonly sql: Pool) {}

  /**
   * Connect, bring the schema up to date and start listening. `max` connections at most
   * (default 10); at least 2, since `exclusively` holds one while its job queries on another.
   */
  static async open(url: string, options: { max?: number } = {}): Promise<PostgresStore> {
    const sql = connect(url, Math.max(2, options.max ?? 10));
    try {
      await migrate(sql);
      const store = new PostgresStore(sql);
      await store.listen();
      return store;
    } catch (error) {
      await sql.end({ timeout: 0 });
      throw error;
    }
  }

  /**
   * The client listens on a connection of its own and, when that connection drops, connects
   * again and listens again by itself, calling `onlisten` each time. Whatever was notified
   * while it was away is lost, so a re-listen assumes the worst: a token may have been
   * revoked, and every team may have changed.
   */
  private async listen(): Promise<void> {
    let first = true;
    await this.sql.listen(
      ROWS_CHANNEL,
      (payload) => this.heardRows(payload),
      () => {
        if (first) first = false;
        else void this.announceEveryTeam();
      },
    );
    await this.sql.listen(
      TOKENS_CHANNEL,
      () => {
        this.revocations = true;
      },
      () => {
        this.revocations = true;
      },
    );
  }

  private heardRows(payload: string): void {
    const colon = payload.lastIndexOf(':');
    const seq = Number(payload.slice(colon + 1));
    if (colon <= 0 || !Number.isSafeInteger(seq)) return;
    this.tell({ teamId: payload.slice(0, colon), seq });
  }

  private async announceEveryTeam(): Promise<void> {
    if (this.watchers.size === 0) return;
    try {
      const teams = await this.sql`SELECT id, seq FROM teams WHERE seq > 0`;
      for (const t of teams) this.tell({ teamId: String(t.id), seq: Number(t.seq) });
    } catch {
      // The database is away again: the next re-listen announces again.
    }
  }

  private tell(change: RowsChanged): void {
    for (const listener of [...this.watchers]) {
      try {
        listener(change);
      } catch (error) {
        // Thrown inside the client's notification handler it would break the listening
        // connection, and the other watchers would not hear: rethrown on its own instead.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  // Teams, members, invites and device tokens: the rules of identity.ts, statement for statement.

  async createTeam(name: string, settings: TeamSettings, now: number): Promise<Team> {
    const id = ulid(now);
    await this.sql`INSERT INTO teams (id, name, settings, seq, created_at)
                   VALUES (${id}, ${name}, ${JSON.stringify(settings)}, 0, ${now})`;
    return { id, name, settings, seq: 0 };
  }

  async getTeam(teamId: string): Promise<Team | undefined> {
    const [raw] = await this.sql`SELECT id, name, settings, seq FROM teams WHERE id = ${teamId}`;
    return raw === undefined ? undefined : teamFromRow(raw);
  }

  async listTeams(): Promise<{ id: string; name: string }[]> {
    return z
      .array(z.object({ id: z.string(), name: z.string() }))
      .parse(await this.sql`SELECT id, name FROM teams ORDER BY created_at, id`);
  }

  async setTeamSettings(teamId: string, settings: TeamSettings): Promise<void> {
    await this.sql`UPDATE teams SET settings = ${JSON.stringify(settings)} WHERE id = ${teamId}`;
  }

  async getMember(teamId: string, memberId: string): Promise<Member | undefined> {
    const [raw] = await this.sql`SELECT id, name, role FROM members
      WHERE team_id = ${teamId} AND id = ${memberId}`;
    return raw === undefined ? undefined : MemberRow.parse(raw);
  }

  async listMembers(teamId: string): Promise<(Member & { devices: Device[] })[]> {
    return listMembersOn(this.sql, teamId);
  }

  async createInvite(spec: InviteSpec, now: number): Promise<{ id: string }> {
    const id = ulid(now);
    await this.sql`INSERT INTO invites
        (team_id, id, hash, role, member_id, member_name, created_at, expires_at)
      VALUES (${spec.teamId}, ${id}, ${spec.hash}, ${spec.role}, ${spec.memberId ?? null},
        ${spec.memberName ?? null}, ${now}, ${spec.expiresAt})`;
    return { id };
  }

  /**
   * The invite's row stays locked until the join commits: a join racing on another instance
   * waits, then reads the invite as spent.
   */
  async redeemInvite(input: JoinInput, now: number): Promise<Joined> {
    return this.sql.begin(async (tx): Promise<Joined> => {
      const [raw] = await tx`SELECT id, team_id, role, member_id, member_name, expires_at, used_at
                             FROM invites WHERE hash = ${input.inviteHash} FOR UPDATE`;
      const invite = spendableInvite(raw, now);
      let memberId = invite.member_id;
      const writes: PendingQuery<Row[]>[] = [];
      if (memberId === null) {
        memberId = ulid(now);
        writes.push(tx`INSERT INTO members (team_id, id, name, role, created_at)
          VALUES (${invite.team_id}, ${memberId},
            ${input.memberName ?? invite.member_name ?? input.deviceName}, ${invite.role}, ${now})`);
      }
      const tokenId = ulid(now);
      writes.push(
        tx`INSERT INTO tokens (team_id, id, member_id, hash, device_name, created_at)
           VALUES (${invite.team_id}, ${tokenId}, ${memberId}, ${input.tokenHash},
             ${input.deviceName}, ${now})`,
        tx`UPDATE invites SET used_at = ${now}, used_by_token = ${tokenId}
           WHERE team_id = ${invite.team_id} AND id = ${invite.id}`,
      );
      await Promise.all(writes);
      return { teamId: invite.team_id, memberId, tokenId };
    });
  }

  async previewInvite(inviteHash: Buffer, now: number): Promise<InviteSummary> {
    const [raw] = await this.sql.unsafe(`${PREVIEW_INVITE_SQL}$1`, [inviteHash]);
    return inviteSummary(raw, now);
  }

  async authenticate(tokenHash: Buffer): Promise<Principal | undefined> {
    const [raw] = await this.sql`
      SELECT t.id AS token_id, t.team_id, t.member_id, m.role
        FROM tokens t JOIN members m ON m.team_id = t.team_id AND m.id = t.member_id
       WHERE t.hash = ${tokenHash} AND t.revoked_at IS NULL`;
    return raw === undefined ? undefined : principalFromRow(raw);
  }

  /** The notification goes out with the commit: every instance's event streams re-check tokens. */
  async revokeToken(tokenId: string, now: number): Promise<boolean> {
    const revoked = await this.sql`
      WITH revoked AS (
        UPDATE tokens SET revoked_at = ${now} WHERE id = ${tokenId} AND revoked_at IS NULL
        RETURNING team_id, id
      )
      SELECT pg_notify(${TOKENS_CHANNEL}, team_id || ':' || id) FROM revoked`;
    // Set here too: this instance's own notification arrives a moment later.
    if (revoked.length > 0) this.revocations = true;
    return revoked.length > 0;
  }

  async tokenExists(tokenId: string): Promise<boolean> {
    return (await this.sql`SELECT 1 FROM tokens WHERE id = ${tokenId} LIMIT 1`).length > 0;
  }

  async tokenActive(teamId: string, tokenId: string): Promise<boolean> {
    const found = await this.sql`SELECT 1 FROM tokens
      WHERE team_id = ${teamId} AND id = ${tokenId} AND revoked_at IS NULL`;
    return found.length > 0;
  }

  // Synced rows.

  async applyPushGroup(
    pushes: readonly { ctx: PushContext; mutations: readonly Mutation[] }[],
  ): Promise<GroupResult[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sql.begin((tx) => pushGroup(tx, pushes));
      } catch (error) {
        if (attempt >= GROUP_ATTEMPTS || !mayRetry(error)) throw error;
        // Two groups that deadlocked would likely meet again if both came straight back.
        await sleep(Math.random() * 5 * attempt);
      }
    }
  }

  async pullPage(
    teamId: string,
    memberId: string,
    cursor: number,
    limit: number,
    mine?: string,
  ): Promise<PullPage> {
    let w = this.windows.get(teamId);
    if (w === undefined) w = this.windows.create(teamId, await this.teamSeq(teamId));
    // Several pulls share the window and interleave at every await. Each step leaves it
    // consistent (absorb skips rows it already holds; reset only narrows what it covers), and
    // the page is read in the same synchronous stretch as the step that brought the window up
    // to date. A window dropped meanwhile (another team took its place) is no longer kept up
    // to date by anyone, so this pull reads from the database instead.
    const backlog = catchUpLimit();
    const chunk = Math.min(CATCH_UP_CHUNK, backlog);
    let read = 0;
    for (;;) {
      const rows = await rowsAfter(this.sql, teamId, w.last, chunk);
      if (this.windows.get(teamId) !== w) {
        return this.pullFromDb(teamId, memberId, cursor, limit, mine);
      }
      read += rows.length;
      if (read >= backlog || !w.absorb(rows)) {
        // A backlog too big to cache (an import): the window starts again after it.
        const seq = await this.teamSeq(teamId);
        if (this.windows.get(teamId) !== w) {
          return this.pullFromDb(teamId, memberId, cursor, limit, mine);
        }
        w.reset(seq);
        break;
      }
      if (rows.length < chunk) break;
    }
    if (cursor >= w.coveredFrom) return w.read(memberId, cursor, limit, mine);
    return this.pullFromDb(teamId, memberId, cursor, limit, mine);
  }

  private async pullFromDb(
    teamId: string,
    memberId: string,
    cursor: number,
    limit: number,
    mine: string | undefined,
  ): Promise<PullPage> {
    const raw = await rowsAfter(this.sql, teamId, cursor, limit + 1);
    return pageOfRows(raw, memberId, cursor, limit, mine);
  }

  async pullTables(
    teamId: string,
    memberId: string,
    cursor: number,
    limit: number,
    tables: readonly string[],
  ): Promise<PullPage & { readonly top: number }> {
    const top = await this.teamSeq(teamId);
    const raw = await this.sql`
      SELECT tbl, id, seq, fields, deleted::int, owner_id, kept_stamps, author FROM rows
       WHERE team_id = ${teamId} AND seq > ${cursor} AND seq <= ${top}
         AND tbl = ANY(${[...tables]}::text[])
       ORDER BY seq LIMIT ${limit + 1}`.values();
    return tablesPageOfRows(raw, memberId, cursor, limit, top);
  }

  async countAfter(teamId: string, cursor: number, tables?: readonly string[]): Promise<number> {
    const [row] =
      tables === undefined
        ? await this.sql`SELECT count(*) AS n FROM rows
            WHERE team_id = ${teamId} AND seq > ${cursor}`
        : await this.sql`SELECT count(*) AS n FROM rows
            WHERE team_id = ${teamId} AND seq > ${cursor} AND tbl = ANY(${[...tables]}::text[])`;
    return Number(row?.n ?? 0);
  }

  async teamSeq(teamId: string): Promise<number> {
    const [row] = await this.sql`SELECT seq FROM teams WHERE id = ${teamId}`;
    return row === undefined ? 0 : Number(row.seq);
  }

  async liveRows(teamId: string, table: TableName): Promise<LiveRow[]> {
    return liveRowsOn(this.sql, teamId, table);
  }

  /** One repeatable-read transaction: every statement in it reads the same snapshot. */
  async snapshot(teamId: string, tables: readonly TableName[]): Promise<TeamSnapshot> {
    return this.sql.begin(
      'isolation level repeatable read read only',
      async (tx): Promise<TeamSnapshot> => {
        const [members, read] = await Promise.all([
          listMembersOn(tx, teamId),
          Promise.all(tables.map((t) => liveRowsOn(tx, teamId, t))),
        ]);
        return { rows: new Map(tables.map((t, i) => [t, read[i] ?? []])), members };
      },
    );
  }

  async storedFieldsText(teamId: string, table: TableName): Promise<Map<string, string>> {
    const raw = await this.sql`SELECT id, fields FROM rows
      WHERE team_id = ${teamId} AND tbl = ${table} ORDER BY id`.values();
    const out = new Map<string, string>();
    for (const r of raw) {
      const [id, fields] = IdAndText.parse(r);
      out.set(id, fields);
    }
    return out;
  }

  async writeServerRows(
    teamId: string,
    table: TableName,
    rows: readonly LiveRow[],
    clock: HlcClock,
  ): Promise<number> {
    return this.sql.begin(async (tx): Promise<number> => {
      // The team's row, locked as a push locks it: these seqs commit in order with pushes'.
      const [team] = await tx`SELECT seq FROM teams WHERE id = ${teamId} FOR NO KEY UPDATE`;
      // The rows table has no foreign key to teams (migration 2): this lock is the check.
      if (team === undefined) throw new HttpFailure(404, 'team_not_found', `no team ${teamId}`);
      const start = Number(team.seq);
      const seq = start + rows.length;
      const sent = [writeRows(tx, teamId, serverRowWrites(table, rows, clock, start))];
      if (seq !== start) sent.push(saveSeqs(tx, [teamId], [seq]));
      await Promise.all(sent);
      return seq;
    });
  }

  async latestStamp(teamId: string, tables: readonly TableName[]): Promise<string | undefined> {
    // Stamps order byte by byte (COLLATE "C"), as SQLite compares them, whatever the locale.
    const [row] = await this.sql`
      SELECT max(s.value COLLATE "C") AS latest
        FROM rows, jsonb_each_text(rows.stamps::jsonb) AS s
       WHERE rows.team_id = ${teamId} AND rows.tbl = ANY(${[...tables]}::text[])`;
    return typeof row?.latest === 'string' ? row.latest : undefined;
  }

  async pruneAppliedMutations(
    now: number,
    retentionMs = MUTATION_ID_RETENTION_MS,
  ): Promise<number> {
    const done = await this.sql`DELETE FROM applied_mutations
      WHERE applied_at < ${now - retentionMs}`;
    return done.count;
  }

  /**
   * A session advisory lock, on a connection held for as long as `fn` runs: the lock is the
   * session's, so it must be released on the connection that took it, and it goes with the
   * connection if this process dies.
   */
  async exclusively(key: string, fn: () => Promise<void>): Promise<boolean> {
    const conn = await this.sql.reserve();
    try {
      const [row] = await conn`SELECT pg_try_advisory_lock(hashtextextended(${key}, 0)) AS locked`;
      if (row?.locked !== true) return false;
      try {
        await fn();
      } finally {
        await conn`SELECT pg_advisory_unlock(hashtextextended(${key}, 0))`;
      }
      return true;
    } finally {
      conn.release();
    }
  }

  watch(listener: (change: RowsChanged) => void): () => void {
    this.watchers.add(listener);
    return () => {
      this.watchers.delete(listener);
    };
  }

  revocationsMayHaveChanged(): boolean {
    const may = this.revocations;
    this.revocations = false;
    return may;
  }

  isUnavailable(error: unknown): boolean {
    return databaseAway(error);
  }

  setPullCacheBudget(bytes: number): void {
    this.windows.setBudget(bytes);
  }

  /** Ends the pool and the listening connection (the client ends both together). */
  close(): Promise<void> {
    this.watchers.clear();
    this.closing ??= this.sql.end({ timeout: 5 });
    return this.closing;
  }
}

async function listMembersOn(q: Q, teamId: string): Promise<(Member & { devices: Device[] })[]> {
  const [members, devices] = await Promise.all([
    q`SELECT id, name, role FROM members WHERE team_id = ${teamId} ORDER BY created_at, id`,
    q`SELECT member_id, id, device_name, created_at, revoked_at FROM tokens
      WHERE team_id = ${teamId} ORDER BY created_at, id`,
  ]);
  return membersFromRows(members, devices);
}

async function liveRowsOn(q: Q, teamId: string, table: TableName): Promise<LiveRow[]> {
  // In id order, as SQLite reads them through its (team_id, tbl, id) index.
  const raw = await q`SELECT id, fields FROM rows
    WHERE team_id = ${teamId} AND tbl = ${table} AND deleted = 0 ORDER BY id`.values();
  return raw.map((r) => {
    const [id, fields] = IdAndText.parse(r);
    return { id, fields: Fields.parse(JSON.parse(fields)) };
  });
}

/** The pull query of pull.ts (PULL_SQL): the same columns in the same order, as arrays. */
function rowsAfter(q: Q, teamId: string, after: number, limit: number) {
  return q`SELECT tbl, id, seq, fields, deleted::int, owner_id, kept_stamps, author FROM rows
           WHERE team_id = ${teamId} AND seq > ${after} ORDER BY seq LIMIT ${limit}`.values();
}

/**
 * Store the teams' new seqs and notify every instance: PostgreSQL delivers the notification
 * at commit, and not at all if the transaction rolls back.
 */
function saveSeqs(q: Q, teamIds: readonly string[], seqs: readonly number[]): PendingQuery<Row[]> {
  return q`
    WITH moved AS (
      SELECT * FROM unnest(${[...teamIds]}::text[], ${[...seqs]}::bigint[]) AS m (id, seq)
    ), saved AS (
      UPDATE teams SET seq = moved.seq FROM moved WHERE teams.id = moved.id
      RETURNING teams.id, teams.seq
    )
    SELECT pg_notify(${ROWS_CHANNEL}, id || ':' || seq) FROM saved`;
}

/**
 * Rows written in one statement, whatever their number: one INSERT over arrays, a parameter
 * per column rather than per row (the protocol's 65,535 parameters would cap a batch, and a
 * statement per row costs a round of parsing, planning and executing each). Sent at once:
 * nothing waits for its answer but the end of the push (see PushAnswers). No two writes may
 * address one row (ON CONFLICT cannot update a row twice in one statement).
 */
function writeRows(q: Q, teamId: string, writes: readonly RowWrite[]): PendingQuery<Row[]> {
  const column = <T>(value: (w: RowWrite) => T): T[] => writes.map(value);
  return q`
    INSERT INTO rows (team_id, tbl, id, fields, stamps, bases, history, kept_stamps, deleted,
                      seq, owner_id, parent_id, author)
    SELECT ${teamId}, * FROM unnest(
      ${column((w) => w.table)}::text[], ${column((w) => w.row.id)}::text[],
      ${column((w) => JSON.stringify(w.row.fields))}::text[],
      ${column((w) => stampsText(w.row.stamps))}::text[],
      ${column((w) => jsonOrNull(w.row.bases))}::text[],
      ${column((w) => jsonOrNull(w.row.history))}::text[],
      ${column((w) => keptStamps(w.table, w.row))}::text[],
      ${column((w) => (w.row.fields.deleted === true ? 1 : 0))}::smallint[],
      ${column((w) => w.seq)}::bigint[], ${column((w) => w.ownerId)}::text[],
      ${column((w) => w.parentId)}::text[], ${column((w) => authorOf(w.row.stamps))}::text[])
    ON CONFLICT (team_id, tbl, id) DO UPDATE SET
      fields = excluded.fields, stamps = excluded.stamps, bases = excluded.bases,
      history = excluded.history, kept_stamps = excluded.kept_stamps, deleted = excluded.deleted,
      seq = excluded.seq, owner_id = excluded.owner_id, parent_id = excluded.parent_id,
      author = excluded.author`.execute();
}

/**
 * The group's teams are locked first, in id order: two instances' groups sharing teams queue
 * instead of deadlocking, and each team's seqs commit in the order they were handed out.
 * NO KEY UPDATE rather than UPDATE: it excludes every other writer of the team just the same,
 * but not the key-share locks that inserting a member, token or invite takes on its team, so
 * a join does not wait for a group of pushes.
 */
async function pushGroup(
  tx: postgres.TransactionSql<Types>,
  pushes: readonly { ctx: PushContext; mutations: readonly Mutation[] }[],
): Promise<GroupResult[]> {
  const teamIds = [...new Set(pushes.map((p) => p.ctx.teamId))];
  const seqs = new Map<string, number>();
  const locked = await tx`SELECT id, seq FROM teams WHERE id = ANY(${teamIds}::text[])
                          ORDER BY id FOR NO KEY UPDATE`;
  for (const t of locked) seqs.set(String(t.id), Number(t.seq));
  const results: GroupResult[] = [];
  const moved = new Set<string>();
  for (const { ctx, mutations } of pushes) {
    const start = seqs.get(ctx.teamId);
    if (start === undefined) {
      // Its token named a team that is gone: nothing of the push is written (the rows tables
      // have no foreign key to teams, migration 2; the lock above is the check).
      results.push({
        ok: false,
        error: new HttpFailure(404, 'team_not_found', `no team ${ctx.teamId}`),
      });
      continue;
    }
    try {
      const outcome = await tx.savepoint((sp) => applyPush(sp, ctx, mutations, start));
      // The team's row is locked and nothing else reads its seq inside this transaction: it
      // is carried here from push to push and stored once, before the commit.
      if (outcome.seq !== start) {
        seqs.set(ctx.teamId, outcome.seq);
        moved.add(ctx.teamId);
      }
      results.push({ ok: true, outcome });
    } catch (error) {
      if (abortsGroup(error)) throw error;
      results.push({ ok: false, error });
    }
  }
  if (moved.size > 0) {
    const ids = [...moved];
    await saveSeqs(
      tx,
      ids,
      ids.map((id) => seqs.get(id) ?? 0),
    );
  }
  return results;
}

async function applyPush(
  q: Q,
  ctx: PushContext,
  mutations: readonly Mutation[],
  start: number,
): Promise<PushOutcome> {
  const answers = await PushAnswers.prepare(q, ctx, mutations);
  let outcome: PushOutcome;
  try {
    outcome = await runAsync(pushSteps(ctx, mutations, start), (op) => answers.answer(op));
  } catch (error) {
    // The writes not sent yet go nowhere: the savepoint is rolled back.
    await answers.settle({ unsent: 'drop' });
    throw error;
  }
  await answers.settle({ unsent: 'send' });
  return outcome;
}

const rowKey = (table: string, id: string): string => `${table}/${id}`;

/**
 * Answers a push's ops inside its savepoint, as rows.ts's answer() does on SQLite, with fewer
 * round trips: the mutation ids are recorded and the rows they address read in one statement
 * each before the steps run, and writes (whose answers the steps never read) are pipelined
 * behind each other instead of awaited one by one. The connection runs them in the order they
 * were sent, so a later read still sees every earlier write.
 */
class PushAnswers {
  /** Mutation ids the batch recorded: the first ask for each answers true, later ones false. */
  private readonly fresh: Set<string>;
  /** Rows read ahead, each answered once: a later load, or one after a write, reads again. */
  private readonly stored = new Map<string, Loaded | undefined>();
  private readonly members = new Map<string, boolean>();
  /**
   * Row writes not sent yet, by row: sent together, in one statement, before the next query
   * that reads or changes rows and at the end. A row written twice keeps its last write (the
   * first would be overwritten in this transaction anyway).
   */
  private readonly unsent = new Map<string, RowWrite>();
  private readonly sent: Promise<void>[] = [];
  private failure: { error: unknown } | undefined;

  private constructor(
    private readonly q: Q,
    private readonly ctx: PushContext,
    private readonly marked: ReadonlySet<string>,
    recorded: readonly string[],
  ) {
    this.fresh = new Set(recorded);
  }

  static async prepare(
    q: Q,
    ctx: PushContext,
    mutations: readonly Mutation[],
  ): Promise<PushAnswers> {
    const ids = mutations.map((m) => m.mutationId);
    const tables = mutations.map((m) => m.table);
    const rowIds = mutations.map((m) => m.id);
    // Recording every id up front is what the steps would do one by one: the savepoint takes
    // them all back if the push fails, and a duplicate id within the push loses to its first.
    const [recorded, found] = await Promise.all([
      q`INSERT INTO applied_mutations (team_id, mutation_id, applied_at)
        SELECT ${ctx.teamId}, m, ${ctx.now} FROM unnest(${ids}::text[]) AS m
        ON CONFLICT DO NOTHING RETURNING mutation_id`.values(),
      q`SELECT tbl, id, fields, stamps, bases, history, owner_id FROM rows
         WHERE team_id = ${ctx.teamId}
           AND (tbl, id) IN (SELECT * FROM unnest(${tables}::text[], ${rowIds}::text[]))`,
    ]);
    const answers = new PushAnswers(
      q,
      ctx,
      new Set(ids),
      recorded.map((r) => String(r[0])),
    );
    for (const m of mutations) answers.stored.set(rowKey(m.table, m.id), undefined);
    for (const r of found) {
      answers.stored.set(rowKey(String(r.tbl), String(r.id)), loadedFromColumns(String(r.id), r));
    }
    return answers;
  }

  async answer(op: PushOp): Promise<unknown> {
    const { q } = this;
    const teamId = this.ctx.teamId;
    // Whatever reads or changes rows comes after the writes before it, as the steps asked.
    const readsRows =
      op.op !== 'write' &&
      op.op !== 'isMember' &&
      op.op !== 'markApplied' &&
      !(op.op === 'load' && this.stored.has(rowKey(op.table, op.id)));
    if (readsRows) this.sendWrites();
    switch (op.op) {
      case 'markApplied': {
        if (this.fresh.delete(op.mutationId)) return true;
        if (this.marked.has(op.mutationId)) return false;
        const done = await q`INSERT INTO applied_mutations (team_id, mutation_id, applied_at)
          VALUES (${teamId}, ${op.mutationId}, ${this.ctx.now}) ON CONFLICT DO NOTHING`;
        return done.count > 0;
      }
      case 'load': {
        const key = rowKey(op.table, op.id);
        // Read ahead or written earlier in this push: a second edit of a row needs no query.
        if (this.stored.has(key)) return this.stored.get(key);
        const [raw] = await q`SELECT fields, stamps, bases, history, owner_id FROM rows
          WHERE team_id = ${teamId} AND tbl = ${op.table} AND id = ${op.id}`;
        return raw === undefined ? undefined : loadedFromColumns(op.id, raw);
      }
      case 'isMember': {
        let member = this.members.get(op.memberId);
        if (member === undefined) {
          const found = await q`SELECT 1 FROM members
            WHERE team_id = ${teamId} AND id = ${op.memberId}`;
          member = found.length > 0;
          this.members.set(op.memberId, member);
        }
        return member;
      }
      case 'write':
        // Kept as it is, not copied: mergeMutation copies a row before it changes anything of
        // it, and the steps never change a row once they wrote it (a copy per write was a fifth
        // of a large push's time in this process).
        this.stored.set(rowKey(op.table, op.row.id), { row: op.row, ownerId: op.ownerId });
        this.unsent.delete(rowKey(op.table, op.row.id));
        this.unsent.set(rowKey(op.table, op.row.id), op);
        return undefined;
      case 'writeMeta':
        this.stored.delete(rowKey(op.table, op.row.id));
        this.send(q`UPDATE rows SET stamps = ${stampsText(op.row.stamps)},
            bases = ${jsonOrNull(op.row.bases)}, history = ${jsonOrNull(op.row.history)},
            author = ${authorOf(op.row.stamps)}
          WHERE team_id = ${teamId} AND tbl = ${op.table} AND id = ${op.row.id}`);
        return undefined;
      case 'revisionIds': {
        const ids = await q`SELECT id FROM rows
          WHERE team_id = ${teamId} AND tbl = 'note_revisions' AND parent_id = ${op.noteId}`.values();
        return ids.map((r) => String(r[0]));
      }
      case 'restamp':
        this.stored.delete(rowKey('note_revisions', op.id));
        this.send(q`UPDATE rows SET owner_id = ${op.ownerId}, seq = ${op.seq}
          WHERE team_id = ${teamId} AND tbl = 'note_revisions' AND id = ${op.id}`);
        return undefined;
      case 'revisionExists': {
        const found = await q`SELECT 1 FROM rows
          WHERE team_id = ${teamId} AND tbl = 'note_revisions' AND id = ${op.id}`;
        return found.length > 0;
      }
    }
  }

  private sendWrites(): void {
    if (this.unsent.size === 0) return;
    this.send(writeRows(this.q, this.ctx.teamId, [...this.unsent.values()]));
    this.unsent.clear();
  }

  private send(query: PendingQuery<Row[]>): void {
    this.sent.push(
      query.execute().then(
        () => undefined,
        (error: unknown) => {
          this.failure ??= { error };
        },
      ),
    );
  }

  /**
   * Wait for the pipelined writes. The first that failed is the push's error: whatever failed
   * after it on the connection (the transaction aborted) only followed from it.
   */
  async settle({ unsent }: { unsent: 'send' | 'drop' }): Promise<void> {
    if (unsent === 'send') this.sendWrites();
    this.unsent.clear();
    await Promise.all(this.sent);
    if (this.failure !== undefined) throw this.failure.error;
  }
}

/**
 * The database is away for now: the connection is lost or refused, the server is starting or
 * shutting down, or it has no room for another connection. Never one request's fault.
 */
export function databaseAway(error: unknown): boolean {
  if (error instanceof PostgresError) return /^(08|53|57P)/.test(error.code);
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') {
    return false;
  }
  return /^(CONNECTION_|CONNECT_TIMEOUT)/.test(error.code) || 'syscall' in error;
}

/** PostgreSQL rolled the transaction back to break a deadlock or a serialization conflict. */
const mayRetry = (error: unknown): boolean =>
  error instanceof PostgresError && (error.code === '40P01' || error.code === '40001');

/**
 * The transaction itself cannot go on (rolled back, connection lost, server shutting down):
 * not one push's fault, so the whole group fails with it, or is tried again.
 */
function abortsGroup(error: unknown): boolean {
  if (error instanceof PostgresError) return /^(08|25|40|53|57|58|XX)/.test(error.code);
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') {
    return false;
  }
  // The client's own codes for a lost connection, and Node's for a broken socket.
  return (
    /^(CONNECTION_|CONNECT_TIMEOUT|QUERY_TIMEOUT|QUEUE_TIMEOUT|CANCEL_UNANSWERED|PROTOCOL_ERROR)/.test(
      error.code,
    ) || 'syscall' in error
  );
}
