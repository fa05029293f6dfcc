/**
 * The server's command line: `npm run server -- <command>` (see USAGE). `serve` and `start`
 * run the HTTP server; the other commands administer teams on the same database file, and
 * are safe to run while the server is serving (SQLite WAL, busy timeout).
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_SETTINGS, Id } from '../shared/index.ts';
import { parseDuration, parseWith, USAGE, UsageError } from './cli.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { exportTeam } from './export-cli.ts';
import { ImportError, importFile } from './import-cli.ts';
import { newInviteCode, sha256 } from './secrets.ts';
import { type RunningServer, startServer } from './server.ts';
import { SettingsInputError, settingsCommand } from './settings-cli.ts';
import { backupDatabase, type Db, openDatabase } from './store/db.ts';
import {
  createInvite,
  createTeam,
  getMember,
  getTeam,
  listMembers,
  listTeams,
  Role,
  revokeToken,
  tokenExists,
} from './store/identity.ts';

const DEFAULT_INVITE_MS = 7 * 86_400_000;
const TeamName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters');

const out = (line = '') => process.stdout.write(`${line}\n`);

interface InviteOptions {
  readonly teamId: string;
  readonly role: Role;
  readonly expiresMs: number;
  readonly memberId?: string | undefined;
  readonly memberName?: string | undefined;
}

function makeInvite(db: Db, o: InviteOptions): { code: string; expiresAt: number } {
  const now = Date.now();
  const code = newInviteCode();
  const expiresAt = now + o.expiresMs;
  createInvite(
    db,
    {
      teamId: o.teamId,
      hash: sha256(code),
      role: o.role,
      expiresAt,
      memberId: o.memberId,
      memberName: o.memberName,
    },
    now,
  );
  return { code, expiresAt };
}

const when = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function serveUntilSignalled(
  config: Config,
  afterListen?: (server: RunningServer) => void,
): Promise<void> {
  const server = await startServer({ config });
  out(
    `listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${server.port}`,
  );
  afterListen?.(server);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(
          `shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function firstStartHints(config: Config, server: RunningServer): void {
  const extension = fileURLToPath(new URL('../.output/chrome-mv3', import.meta.url));
  const built = existsSync(extension);
  const url = server.url;
  const teams = listTeams(server.db);
  if (teams.length === 0) {
    const team = createTeam(server.db, config.teamName ?? 'My team', DEFAULT_SETTINGS, Date.now());
    const invite = makeInvite(server.db, {
      teamId: team.id,
      role: 'admin',
      expiresMs: DEFAULT_INVITE_MS,
    });
    out();
    out(`First start: created the team "${team.name}" (team id ${team.id}).`);
    out(`Admin invite code: ${invite.code}`);
    out(`  (single use, expires ${when(invite.expiresAt)})`);
    out();
    out('To join:');
    out(
      `  1. Load the extension: chrome://extensions → Developer mode → Load unpacked → ${extension}`,
    );
    if (!built) out('     (not built yet: run `npm run build` first)');
    out(
      `  2. Open the extension's options page, enter the server URL ${url} and the invite code above.`,
    );
    out(`Invite teammates: npm run server -- invite create --team ${team.id}`);
    return;
  }
  out();
  out(`Server URL for the extension's options page: ${url}`);
  for (const team of teams) {
    out(
      `Team "${team.name}" (team id ${team.id}): new invite with npm run server -- invite create --team ${team.id}`,
    );
  }
  out(
    `Extension to load unpacked: ${extension}${built ? '' : ' (not built yet: run `npm run build`)'}`,
  );
}

function withDb<T>(config: Config, fn: (db: Db) => T): T {
  const db = openDatabase(config.databasePath);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function requireTeam(db: Db, raw: string | undefined): string {
  if (raw === undefined) throw new UsageError('--team ID is required');
  const teamId = parseWith(Id, raw.trim(), '--team');
  if (!getTeam(db, teamId)) throw new UsageError(`--team: no team ${teamId} on this server`);
  return teamId;
}

export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      team: { type: 'string' },
      role: { type: 'string' },
      expires: { type: 'string' },
      member: { type: 'string' },
      name: { type: 'string' },
      set: { type: 'string', multiple: true },
      file: { type: 'string' },
      entity: { type: 'string' },
      mapping: { type: 'string' },
      currency: { type: 'string' },
      sheet: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [command] = positionals;
  if (values.help || command === undefined || command === 'help') {
    out(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  const config = loadConfig();
  const expiresMs =
    values.expires === undefined ? DEFAULT_INVITE_MS : parseDuration(values.expires, '--expires');

  // "team create NAME": the verb is two words for the commands that have a subcommand.
  const twoWords = ['team', 'invite', 'member', 'token'].includes(command);
  const verb = twoWords ? positionals.slice(0, 2).join(' ') : command;
  const args = positionals.slice(twoWords ? 2 : 1);
  const noArgs = () => {
    if (args.length > 0) throw new UsageError(`${verb} takes no arguments (got ${args.join(' ')})`);
  };

  switch (verb) {
    case 'serve':
      noArgs();
      await serveUntilSignalled(config);
      return -1;
    case 'start':
      noArgs();
      await serveUntilSignalled(config, (server) => firstStartHints(config, server));
      return -1;
    case 'team create': {
      const name = parseWith(TeamName, args.join(' '), 'NAME');
      return withDb(config, (db) => {
        const team = createTeam(db, name, DEFAULT_SETTINGS, Date.now());
        const invite = makeInvite(db, { teamId: team.id, role: 'admin', expiresMs });
        out(`team created: ${team.name}`);
        out(`team id: ${team.id}`);
        out(`admin invite code: ${invite.code}`);
        out(`expires: ${when(invite.expiresAt)} (single use)`);
        return 0;
      });
    }
    case 'invite create':
      noArgs();
      return withDb(config, (db) => {
        const teamId = requireTeam(db, values.team);
        let role = values.role === undefined ? 'member' : parseWith(Role, values.role, '--role');
        let memberId: string | undefined;
        if (values.member !== undefined) {
          memberId = parseWith(Id, values.member.trim(), '--member');
          const member = getMember(db, teamId, memberId);
          if (!member) throw new UsageError(`--member: no member ${memberId} in team ${teamId}`);
          if (values.role !== undefined && values.role !== member.role) {
            throw new UsageError(
              `--role: ${member.name} is a ${member.role}; an invite for another browser keeps that role`,
            );
          }
          role = member.role;
        }
        const memberName =
          values.name === undefined ? undefined : parseWith(TeamName, values.name, '--name');
        const invite = makeInvite(db, { teamId, role, expiresMs, memberId, memberName });
        out(`invite code: ${invite.code}`);
        out(`role: ${role}${memberId ? ` (another browser for member ${memberId})` : ''}`);
        out(`expires: ${when(invite.expiresAt)} (single use)`);
        return 0;
      });
    case 'member list':
      noArgs();
      return withDb(config, (db) => {
        const teamId = requireTeam(db, values.team);
        const members = listMembers(db, teamId);
        if (members.length === 0)
          out('no members yet: create an invite with `invite create --team ID`');
        for (const m of members) {
          out(`${m.id}  ${m.role.padEnd(6)}  ${m.name}`);
          for (const d of m.devices) {
            out(
              `    token ${d.tokenId}  ${d.deviceName}  joined ${when(d.createdAt)}${d.revokedAt ? `  revoked ${when(d.revokedAt)}` : ''}`,
            );
          }
        }
        return 0;
      });
    case 'token revoke': {
      if (args.length !== 1)
        throw new UsageError('token revoke takes one TOKEN_ID (see member list)');
      const tokenId = parseWith(Id, (args[0] ?? '').trim(), 'TOKEN_ID');
      return withDb(config, (db) => {
        if (revokeToken(db, tokenId, Date.now())) {
          out(`revoked token ${tokenId}`);
          return 0;
        }
        process.stderr.write(
          tokenExists(db, tokenId)
            ? `token ${tokenId} was already revoked\n`
            : `no token ${tokenId} on this server\n`,
        );
        return 1;
      });
    }
    case 'settings':
      noArgs();
      return withDb(config, (db) =>
        settingsCommand(db, { team: values.team, sets: values.set ?? [], file: values.file }, out),
      );
    case 'export': {
      const [dir] = args;
      if (dir === undefined || args.length > 1) throw new UsageError('export takes one DIR');
      return withDb(config, (db) => {
        const teamId = requireTeam(db, values.team);
        const { counts, orders } = exportTeam(db, teamId, dir);
        const summary = [...counts].map(([table, n]) => `${n} ${table}`).join(', ');
        out(`exported ${summary}, ${orders} orders to ${dir}`);
        return 0;
      });
    }
    case 'import': {
      const [file] = args;
      if (file === undefined || args.length > 1) throw new UsageError('import takes one FILE');
      if (values.team === undefined) throw new UsageError('--team ID is required');
      const db = openDatabase(config.databasePath);
      try {
        await importFile(
          db,
          {
            team: values.team,
            file,
            entity: values.entity,
            mapping: values.mapping,
            currency: values.currency,
            sheet: values.sheet,
            dryRun: values['dry-run'] === true,
          },
          out,
        );
      } finally {
        db.close();
      }
      return 0;
    }
    case 'backup': {
      const [target] = args;
      if (target === undefined || args.length > 1) throw new UsageError('backup takes one PATH');
      const db = openDatabase(config.databasePath);
      try {
        await backupDatabase(db, target);
      } finally {
        db.close();
      }
      out(`backed up ${config.databasePath} to ${target} (${statSync(target).size} bytes)`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command: ${positionals.join(' ')}`);
  }
}

const isEntry = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      // -1: a server is running and exits on its signal.
      if (code >= 0) process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof ImportError) {
        process.stderr.write(
          `import failed: ${error.message}\n${error.written === 0 ? 'nothing was written' : `${error.written} rows were written before it (importing the file again writes the rest)`}\n`,
        );
        process.exitCode = 1;
      } else if (error instanceof SettingsInputError) {
        process.stderr.write(`settings not changed: ${error.message}\n`);
        process.exitCode = 2;
      } else if (error instanceof UsageError || error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n\n${error instanceof UsageError ? USAGE : ''}\n`);
        process.exitCode = 2;
      } else if (
        error instanceof TypeError &&
        'code' in error &&
        String(error.code).startsWith('ERR_PARSE_ARGS')
      ) {
        process.stderr.write(`${error.message}\n\n${USAGE}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    },
  );
}
