/**
 * Versioned schema changes, applied in order at open and recorded in schema_migrations.
 * Never edit a released migration: add the next version.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'teams, members, tokens, invites, rows, applied mutations',
    sql: `
      CREATE TABLE teams (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        settings TEXT NOT NULL,
        -- The team's last assigned row seq: every row change takes the next one.
        seq INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE members (
        id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL REFERENCES teams (id),
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX members_team ON members (team_id);

      CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL REFERENCES teams (id),
        member_id TEXT NOT NULL REFERENCES members (id),
        -- SHA-256 of the token: the token itself is shown once and never stored.
        hash BLOB NOT NULL UNIQUE,
        device_name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      ) STRICT;
      CREATE INDEX tokens_member ON tokens (team_id, member_id);

      CREATE TABLE invites (
        id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL REFERENCES teams (id),
        hash BLOB NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
        -- Set for an invite that adds a browser to an existing member.
        member_id TEXT REFERENCES members (id),
        member_name TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER,
        used_by_token TEXT REFERENCES tokens (id)
      ) STRICT;
      CREATE INDEX invites_team ON invites (team_id);

      -- Every synced row of every table. fields/stamps/bases are JSON objects.
      CREATE TABLE rows (
        team_id TEXT NOT NULL REFERENCES teams (id),
        tbl TEXT NOT NULL,
        id TEXT NOT NULL,
        fields TEXT NOT NULL,
        stamps TEXT NOT NULL,
        -- Merge bookkeeping for kept fields (note bodies): bases and version history.
        bases TEXT,
        history TEXT,
        -- Stamps of kept fields, sent with pulled rows so an editor can name the version it saw.
        kept_stamps TEXT,
        deleted INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        -- The author of a private note (and of its revisions): only their browsers see it.
        owner_id TEXT,
        -- The note a revision belongs to, so a visibility change can reach its revisions.
        parent_id TEXT
      ) STRICT;
      -- A rowid table, not WITHOUT ROWID: note bodies can be large, and big rows belong in rowid tables.
      CREATE UNIQUE INDEX rows_key ON rows (team_id, tbl, id);
      CREATE UNIQUE INDEX rows_seq ON rows (team_id, seq);
      CREATE INDEX rows_parent ON rows (team_id, parent_id) WHERE parent_id IS NOT NULL;

      CREATE TABLE applied_mutations (
        team_id TEXT NOT NULL REFERENCES teams (id),
        mutation_id TEXT NOT NULL,
        applied_at INTEGER NOT NULL,
        PRIMARY KEY (team_id, mutation_id)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'applied mutations by age, for pruning',
    sql: `
      CREATE INDEX applied_mutations_age ON applied_mutations (applied_at);
    `,
  },
  {
    version: 3,
    name: 'rows written wholly by one browser name it, so it can skip its own rows when pulled',
    sql: `
      -- The clock node (a browser's client id) of every stamp of the row, when one node wrote
      -- all of its fields; NULL when several did, or for rows stored before this version.
      ALTER TABLE rows ADD COLUMN author TEXT;
    `,
  },
];
