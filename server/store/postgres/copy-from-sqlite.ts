/**
 * `npm run server -- migrate --from FILE.db --to postgres://…`: a team outgrows the embedded
 * file. Every table is copied as it is stored (ids, token hashes, seqs, stamps, merge history),
 * so browsers keep their tokens and their pull cursors and go on syncing against the new server
 * without joining again. A team is copied in one PostgreSQL transaction (all of it or nothing)
 * and then checked: every member's whole pull must read the same on both stores.
 */
import { existsSync } from 'node:fs';
import postgres from 'postgres';
import { UsageError } from '../../cli.ts';
import { openDatabase } from '../db.ts';
import { SqliteStore } from '../sqlite-store.ts';
import type { Store } from '../store.ts';
import { PostgresStore } from './store.ts';

/** What was copied of one team. */
export interface CopiedTeam {
  readonly id: string;
  readonly name: string;
  readonly members: number;
  readonly tokens: number;
  readonly invites: number;
  readonly rows: number;
  readonly mutationIds: number;
  /** Pull pages compared (every member's whole pull), all identical. */
  readonly pagesCompared: number;
}

/** The copy stopped: names the team and why; teams before it were copied and checked. */
export class MigrateError extends Error {
  override readonly name = 'MigrateError';
}

/** Every table in the order its foreign keys need, with the columns both schemas share. */
const TABLES = [
  { name: 'members', order: 'id', columns: ['team_id', 'id', 'name', 'role', 'created_at'] },
  {
    name: 'tokens',
    order: 'id',
    columns: ['team_id', 'id', 'member_id', 'hash', 'device_name', 'created_at', 'revoked_at'],
  },
  {
    name: 'invites',
    order: 'id',
    columns: [
      'team_id',
      'id',
      'hash',
      'role',
      'member_id',
      'member_name',
      'created_at',
      'expires_at',
      'used_at',
      'used_by_token',
    ],
  },
  {
    name: 'rows',
    order: 'seq',
    columns: [
      'team_id',
      'tbl',
      'id',
      'fields',
      'stamps',
      'bases',
      'history',
      'kept_stamps',
      'deleted',
      'seq',
      'owner_id',
      'parent_id',
      'author',
    ],
  },
  {
    name: 'applied_mutations',
    order: 'mutation_id',
    columns: ['team_id', 'mutation_id', 'applied_at'],
  },
] as const;

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters at 13 columns. */
const BATCH = 2_000;
const PULL_PAGE = 1_000;

export async function copySqliteToPostgres(
  options: { from: string; to: string; team?: string | undefined },
  out: (line?: string) => void,
): Promise<CopiedTeam[]> {
  if (!existsSync(options.from)) {
    throw new UsageError(`--from: no SQLite database at ${options.from}`);
  }
  // Opened as the server would: an older file is brought up to the current schema first.
  const source = new SqliteStore(openDatabase(options.from));
  let target: PostgresStore | undefined;
  const sql = postgres(options.to, { max: 1, onnotice: () => undefined });
  try {
    target = await PostgresStore.open(options.to, { max: 2 });
    const teams = await source.listTeams();
    const chosen = options.team === undefined ? teams : teams.filter((t) => t.id === options.team);
    if (chosen.length === 0) {
      throw new UsageError(
        options.team === undefined
          ? '--from: the SQLite database holds no team'
          : `--team: no team ${options.team} in ${options.from}`,
      );
    }
    const copied: CopiedTeam[] = [];
    for (const team of chosen) {
      const counts = await copyTeam(source, sql, team.id);
      let pagesCompared: number;
      try {
        pagesCompared = await comparePulls(source, target, team.id);
      } catch (error) {
        // A copy that does not read back the same is not left behind to be served.
        await dropTeam(sql, team.id);
        throw error;
      }
      const done = { id: team.id, name: team.name, ...counts, pagesCompared };
      copied.push(done);
      out(
        `copied team "${team.name}" (${team.id}): ${done.members} members, ${done.tokens} device tokens, ${done.invites} invites, ${done.rows} rows, ${done.mutationIds} mutation ids; ${pagesCompared} pull pages compared, all identical`,
      );
    }
    return copied;
  } finally {
    await sql.end();
    await target?.close();
    await source.close();
  }
}

type Counts = Omit<CopiedTeam, 'id' | 'name' | 'pagesCompared'>;

/** One team in one transaction on each side: a consistent read, an all-or-nothing write. */
async function copyTeam(source: SqliteStore, sql: postgres.Sql, teamId: string): Promise<Counts> {
  const db = source.db;
  const read = db.prepare('SELECT id, name, settings, seq, created_at FROM teams WHERE id = ?');
  db.exec('BEGIN');
  try {
    const team = read.get(teamId) as Record<string, unknown> | undefined;
    if (team === undefined) throw new MigrateError(`team ${teamId} vanished from the source`);
    const counts: Record<string, number> = {};
    await sql.begin(async (tx) => {
      const [present] = await tx`SELECT 1 AS one FROM teams WHERE id = ${teamId}`;
      if (present !== undefined) {
        throw new MigrateError(
          `team ${teamId} is already in the target database: nothing of it was written (drop it there first to copy it again)`,
        );
      }
      await tx`INSERT INTO teams ${tx(team as Record<string, postgres.ParameterOrJSON<never>>, 'id', 'name', 'settings', 'seq', 'created_at')}`;
      for (const table of TABLES) {
        const rows = db
          .prepare(
            `SELECT ${table.columns.join(', ')} FROM ${table.name} WHERE team_id = ? ORDER BY ${table.order}`,
          )
          .iterate(teamId) as IterableIterator<Record<string, unknown>>;
        let batch: Record<string, unknown>[] = [];
        let n = 0;
        const flush = async () => {
          if (batch.length === 0) return;
          await tx`INSERT INTO ${tx(table.name)} ${tx(batch as Record<string, postgres.ParameterOrJSON<never>>[], ...table.columns)}`;
          n += batch.length;
          batch = [];
        };
        for (const row of rows) {
          batch.push(row);
          if (batch.length === BATCH) await flush();
        }
        await flush();
        counts[table.name] = n;
      }
    });
    return {
      members: counts.members ?? 0,
      tokens: counts.tokens ?? 0,
      invites: counts.invites ?? 0,
      rows: counts.rows ?? 0,
      mutationIds: counts.applied_mutations ?? 0,
    };
  } finally {
    db.exec('COMMIT');
  }
}

/**
 * Every member's whole pull, page by page, must be the same text on both stores: the same rows,
 * seqs, fields, stamps and redactions a browser would receive.
 */
async function comparePulls(source: Store, target: Store, teamId: string): Promise<number> {
  let pages = 0;
  for (const member of await source.listMembers(teamId)) {
    let cursor = 0;
    for (;;) {
      const [a, b] = await Promise.all([
        source.pullPage(teamId, member.id, cursor, PULL_PAGE),
        target.pullPage(teamId, member.id, cursor, PULL_PAGE),
      ]);
      pages++;
      if (a.json !== b.json) {
        throw new MigrateError(
          `team ${teamId}: ${member.name}'s pull after seq ${cursor} differs between the SQLite file and PostgreSQL; the copy was removed from PostgreSQL`,
        );
      }
      if (!a.hasMore) break;
      cursor = a.cursor;
    }
  }
  return pages;
}

/** Remove a team's copy, children first. */
async function dropTeam(sql: postgres.Sql, teamId: string): Promise<void> {
  await sql.begin(async (tx) => {
    for (const table of [...TABLES].reverse()) {
      await tx`DELETE FROM ${tx(table.name)} WHERE team_id = ${teamId}`;
    }
    await tx`DELETE FROM teams WHERE id = ${teamId}`;
  });
}
