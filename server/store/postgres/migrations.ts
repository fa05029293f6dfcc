/**
 * The PostgreSQL schema, as versioned migrations of its own (the SQLite list in ../migrations.ts
 * describes another database's history): applied in order at open, recorded in
 * schema_migrations. Never edit a released migration: add the next version.
 *
 * Every table's key leads with the team id, so the schema can be distributed by team (Citus:
 * `create_distributed_table(..., 'team_id')`, teams by `id`): everything a request touches then
 * lives on one node, and a team's push is a single-node transaction.
 */
import type { Sql } from 'postgres';
import type { Migration } from '../migrations.ts';

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'teams, members, tokens, invites, rows, applied mutations',
    sql: `
      -- Ids are ULIDs and table names: compared byte by byte (COLLATE "C"), as SQLite does, so
      -- orderings match the embedded store whatever the database's locale.
      CREATE TABLE teams (
        id text COLLATE "C" PRIMARY KEY,
        name text NOT NULL,
        settings text NOT NULL,
        -- The team's last assigned row seq: every row change takes the next one. Writers lock
        -- this row until they commit, which is what makes a team's seqs commit in order.
        seq bigint NOT NULL DEFAULT 0,
        created_at bigint NOT NULL
      );

      CREATE TABLE members (
        team_id text COLLATE "C" NOT NULL REFERENCES teams (id),
        id text COLLATE "C" NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'member')),
        created_at bigint NOT NULL,
        PRIMARY KEY (team_id, id)
      );

      CREATE TABLE tokens (
        team_id text COLLATE "C" NOT NULL REFERENCES teams (id),
        id text COLLATE "C" NOT NULL,
        member_id text COLLATE "C" NOT NULL,
        -- SHA-256 of the token: the token itself is shown once and never stored.
        hash bytea NOT NULL,
        device_name text NOT NULL,
        created_at bigint NOT NULL,
        revoked_at bigint,
        PRIMARY KEY (team_id, id),
        FOREIGN KEY (team_id, member_id) REFERENCES members (team_id, id)
      );
      -- Authentication has the hash and nothing else, so the hash must be found without the
      -- team. A Citus host cannot keep a unique index on a distributed table that leaves out
      -- the distribution column: it would keep a reference table (hash PRIMARY KEY, team_id,
      -- token_id), replicated to every node, look the team up there and then go to its node.
      CREATE UNIQUE INDEX tokens_hash ON tokens (hash);
      -- The admin command revokes a device by the token id that member list shows, without
      -- the team; rare enough that a Citus host could ask every node.
      CREATE INDEX tokens_id ON tokens (id);
      CREATE INDEX tokens_member ON tokens (team_id, member_id);

      CREATE TABLE invites (
        team_id text COLLATE "C" NOT NULL REFERENCES teams (id),
        id text COLLATE "C" NOT NULL,
        hash bytea NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'member')),
        -- Set for an invite that adds a browser to an existing member.
        member_id text COLLATE "C",
        member_name text,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        used_at bigint,
        used_by_token text COLLATE "C",
        PRIMARY KEY (team_id, id),
        FOREIGN KEY (team_id, member_id) REFERENCES members (team_id, id),
        FOREIGN KEY (team_id, used_by_token) REFERENCES tokens (team_id, id)
      );
      -- Joining has only the invite code's hash: the same reference-table lookup as tokens_hash
      -- on a Citus host.
      CREATE UNIQUE INDEX invites_hash ON invites (hash);

      -- Every synced row of every table. The JSON columns stay text, not jsonb: a pull splices
      -- the stored text into its response unchanged, and jsonb would reorder keys and cost a
      -- conversion on every row read.
      CREATE TABLE rows (
        team_id text COLLATE "C" NOT NULL REFERENCES teams (id),
        tbl text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        fields text NOT NULL,
        stamps text NOT NULL,
        -- Merge bookkeeping for kept fields (note bodies): bases and version history.
        bases text,
        history text,
        -- Stamps of kept fields, sent with pulled rows so an editor can name the version it saw.
        kept_stamps text,
        deleted smallint NOT NULL CHECK (deleted IN (0, 1)),
        seq bigint NOT NULL,
        -- The author of a private note (and of its revisions): only their browsers see it.
        owner_id text COLLATE "C",
        -- The note a revision belongs to, so a visibility change can reach its revisions.
        parent_id text COLLATE "C",
        -- The clock node of every stamp of the row, when one browser wrote all of its fields.
        author text,
        PRIMARY KEY (team_id, tbl, id)
      );
      CREATE UNIQUE INDEX rows_seq ON rows (team_id, seq);
      CREATE INDEX rows_parent ON rows (team_id, parent_id) WHERE parent_id IS NOT NULL;

      CREATE TABLE applied_mutations (
        team_id text COLLATE "C" NOT NULL REFERENCES teams (id),
        mutation_id text COLLATE "C" NOT NULL,
        applied_at bigint NOT NULL,
        PRIMARY KEY (team_id, mutation_id)
      );
      CREATE INDEX applied_mutations_age ON applied_mutations (applied_at);
    `,
  },
  {
    version: 2,
    name: 'rows and applied mutations without a per-row check of their team',
    // A foreign key checks each inserted row with a trigger of its own: a push of 5,000 rows
    // ran 10,000 of them (its rows and its mutation ids), about 100 of the push's 500 ms here.
    // Every write to these tables happens in a transaction that has locked the team's row
    // first (a push group's FOR NO KEY UPDATE), which is the check the trigger repeated; and
    // a team's rows are only ever deleted with it, children first (copy-from-sqlite.ts).
    sql: `
      ALTER TABLE rows DROP CONSTRAINT IF EXISTS rows_team_id_fkey;
      ALTER TABLE applied_mutations DROP CONSTRAINT IF EXISTS applied_mutations_team_id_fkey;
    `,
  },
];

/**
 * Bring the schema up to date. Under a transaction-scoped advisory lock: two instances starting
 * at once queue here, and the second finds every migration recorded by the first. Each
 * migration commits with its record, or neither does.
 */
export async function migrate<T extends Record<string, unknown>>(sql: Sql<T>): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtextextended('account-lens:migrations', 0))`;
    await tx`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at bigint NOT NULL
    )`;
    const applied = new Set(
      (await tx`SELECT version FROM schema_migrations`).map((r) => Number(r.version)),
    );
    for (const m of POSTGRES_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      // Several statements in one string: the simple protocol, which takes no parameters.
      await tx.unsafe(m.sql);
      await tx`INSERT INTO schema_migrations (version, name, applied_at)
               VALUES (${m.version}, ${m.name}, ${Date.now()})`;
    }
  });
}
