import type { z } from 'zod';

/** A usage mistake on the command line: printed with the usage text, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const MAX_DURATION_MS = 365 * 86_400_000;

/** "30m", "12h", "7d", "2w" → milliseconds (1 minute to 365 days). */
export function parseDuration(raw: string, flag: string): number {
  const m = /^(\d{1,6})\s*([mhdw])$/.exec(raw.trim());
  const ms = m ? Number(m[1]) * (UNITS[m[2] ?? ''] ?? 0) : 0;
  if (!m || ms <= 0 || ms > MAX_DURATION_MS) {
    throw new UsageError(
      `${flag}: "${raw}" is not a duration between 1m and 365d (examples: 30m, 12h, 7d, 2w)`,
    );
  }
  return ms;
}

export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  flag: string,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new UsageError(`${flag}: ${result.error.issues[0]?.message ?? 'is invalid'}`);
  return result.data;
}

export const USAGE = `Account Lens sync server

usage: npm run server -- <command>

  serve                          run the server (PORT, HOST, DATA_DIR from the environment)
  start                          run the server; on first start create a team and print its invite
  team create NAME               create a team; prints its id and an admin invite code
  invite create --team ID [--role admin|member] [--expires 7d] [--name NAME]
                                 a single-use invite code for a new member
  invite create --team ID --member MEMBER_ID [--expires 7d]
                                 a single-use invite code for another browser of a member
  member list --team ID          members, their devices and token ids
  token revoke TOKEN_ID          revoke one device token (401 at once; its event stream ends)
  settings --team ID|NAME        the team's settings: tier cutoffs, cadences, win rates, ...
  settings --team ID|NAME --set NAME=VALUE [--set ...] [--file settings.json]
                                 change them, all or nothing: cutoffs.TIER=PERCENT (the tier's
                                 share of the book, e.g. cutoffs.key=19), cadenceDays.TIER=DAYS,
                                 or any setting by its dotted name; --file holds a JSON object
                                 in the same names (tier shares as fractions, e.g. 0.19)
  export --team ID DIR           every table of the team as DIR/<table>.csv (live rows; UTF-8
                                 with BOM, formulas escaped, times in ISO 8601 UTC; names beside
                                 account and owner ids) and the accounts' orders as orders.csv
  import --team ID FILE [--entity accounts|contacts|opportunities|orders] [--mapping MAP.json]
         [--currency XXX] [--sheet NAME] [--dry-run]
                                 bring a CSV/TSV (any encoding), .xlsx or .vcf file into the
                                 team's book, as the extension's import does: prints the columns
                                 found, every row left out and why, then new/updated/already there;
                                 a row already in the book is not written again. --mapping: JSON
                                 {"<header>": "<field>" or null} over the columns found;
                                 --currency: of amounts that name none (default: the team's);
                                 --dry-run: print all that, write nothing
  backup PATH                    copy the SQLite database to PATH (safe while the server runs)
  migrate --from FILE.db --to postgres://USER@HOST:5432/DB [--team ID]
                                 copy every team (or one) from a SQLite file into PostgreSQL,
                                 tokens and seqs included (browsers keep syncing without joining
                                 again), then compare every member's pull on both: nothing is
                                 written when a team is already there. Stop the server first.

environment: PORT (8787), HOST (127.0.0.1), DATA_DIR (./data), DATABASE_PATH
  (DATA_DIR/account-lens.db), DATABASE_URL (postgres://…: PostgreSQL instead of the SQLite
  file; any number of servers may share it), CORS_ORIGINS, RATE_LIMIT (200,400 = per second, burst),
  TRUSTED_PROXIES (reverse proxies whose X-Forwarded-For is believed), PULL_CACHE_MB (64),
  LOG_LEVEL (silent|error|warn|info|debug), TEAM_NAME (first team created by start)`;
