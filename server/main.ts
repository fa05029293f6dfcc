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
import { backupDatabase, openDatabase } from './store/db.ts';
import { Role } from './store/identity.ts';
import { describeLocation, locationOf, openStore, storeLocation } from './store/open.ts';
import type { Store } from './store/store.ts';

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

async function makeInvite(
  store: Store,
  o: InviteOptions,
): Promise<{ code: string; expiresAt: number }> {
  const now = Date.now();
  const code = newInviteCode();
  const expiresAt = now + o.expiresMs;
  await store.createInvite(
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
  afterListen?: (server: RunningServer) => Promise<void>,
): Promise<void> {
  const server = await startServer({ config });
  out(
    `listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${server.port}`,
  );
  await afterListen?.(server);
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

async function firstStartHints(config: Config, server: RunningServer): Promise<void> {
  const extension = fileURLToPath(new URL('../.output/chrome-mv3', import.meta.url));
  const built = existsSync(extension);
  const url = server.url;
  const teams = await server.store.listTeams();
  if (teams.length === 0) {
    const team = await server.store.createTeam(
      config.teamName ?? 'My team',
      DEFAULT_SETTINGS,
      Date.now(),
    );
    const invite = await makeInvite(server.store, {
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

/** Run one admin command against the server's store (SQLite file or DATABASE_URL). */
async function withStore<T>(config: Config, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(storeLocation(config), { connections: 2 });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function requireTeam(store: Store, raw: string | undefined): Promise<string> {
  if (raw === undefined) throw new UsageError('--team ID is required');
  const teamId = parseWith(Id, raw.trim(), '--team');
  if (!(await store.getTeam(teamId)))
    throw new UsageError(`--team: no team ${teamId} on this server`);
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
      from: { type: 'string' },
      to: { type: 'string' },
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
      return withStore(config, async (store) => {
        const team = await store.createTeam(name, DEFAULT_SETTINGS, Date.now());
        const invite = await makeInvite(store, { teamId: team.id, role: 'admin', expiresMs });
        out(`team created: ${team.name}`);
        out(`team id: ${team.id}`);
        out(`admin invite code: ${invite.code}`);
        out(`expires: ${when(invite.expiresAt)} (single use)`);
        return 0;
      });
    }
    case 'invite create':
      noArgs();
      return withStore(config, async (store) => {
        const teamId = await requireTeam(store, values.team);
        let role = values.role === undefined ? 'member' : parseWith(Role, values.role, '--role');
        let memberId: string | undefined;
        if (values.member !== undefined) {
          memberId = parseWith(Id, values.member.trim(), '--member');
          const member = await store.getMember(teamId, memberId);
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
        const invite = await makeInvite(store, { teamId, role, expiresMs, memberId, memberName });
        out(`invite code: ${invite.code}`);
        out(`role: ${role}${memberId ? ` (another browser for member ${memberId})` : ''}`);
        out(`expires: ${when(invite.expiresAt)} (single use)`);
        return 0;
      });
    case 'member list':
      noArgs();
      return withStore(config, async (store) => {
        const teamId = await requireTeam(store, values.team);
        const members = await store.listMembers(teamId);
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
      return withStore(config, async (store) => {
        if (await store.revokeToken(tokenId, Date.now())) {
          out(`revoked token ${tokenId}`);
          return 0;
        }
        process.stderr.write(
          (await store.tokenExists(tokenId))
            ? `token ${tokenId} was already revoked\n`
            : `no token ${tokenId} on this server\n`,
        );
        return 1;
      });
    }
    case 'settings':
      noArgs();
      return withStore(config, (store) =>
        settingsCommand(
          store,
          { team: values.team, sets: values.set ?? [], file: values.file },
          out,
        ),
      );
    case 'export': {
      const [dir] = args;
      if (dir === undefined || args.length > 1) throw new UsageError('export takes one DIR');
      return withStore(config, async (store) => {
        const teamId = await requireTeam(store, values.team);
        const { counts, orders } = await exportTeam(store, teamId, dir);
        const summary = [...counts].map(([table, n]) => `${n} ${table}`).join(', ');
        out(`exported ${summary}, ${orders} orders to ${dir}`);
        return 0;
      });
    }
    case 'import': {
      const [file] = args;
      if (file === undefined || args.length > 1) throw new UsageError('import takes one FILE');
      const team = values.team;
      if (team === undefined) throw new UsageError('--team ID is required');
      await withStore(config, (store) =>
        importFile(
          store,
          {
            team,
            file,
            entity: values.entity,
            mapping: values.mapping,
            currency: values.currency,
            sheet: values.sheet,
            dryRun: values['dry-run'] === true,
          },
          out,
        ),
      );
      return 0;
    }
    case 'backup': {
      const [target] = args;
      if (target === undefined || args.length > 1) throw new UsageError('backup takes one PATH');
      if (config.databaseUrl !== undefined) {
        throw new UsageError(
          "backup copies the embedded SQLite file; back up a PostgreSQL database (DATABASE_URL) with pg_dump or the host's own backups",
        );
      }
      const db = openDatabase(config.databasePath);
      try {
        await backupDatabase(db, target);
      } finally {
        db.close();
      }
      out(`backed up ${config.databasePath} to ${target} (${statSync(target).size} bytes)`);
      return 0;
    }
    case 'migrate': {
      noArgs();
      if (values.from === undefined) throw new UsageError('--from FILE.db is required');
      if (values.to === undefined) throw new UsageError('--to postgres://… is required');
      const to = locationOf(values.to);
      if (to.kind !== 'postgres') {
        throw new UsageError(`--to: ${values.to} is not a PostgreSQL URL (postgres://…)`);
      }
      const team =
        values.team === undefined ? undefined : parseWith(Id, values.team.trim(), '--team');
      // Loaded only here: the embedded server never needs the PostgreSQL client.
      const { copySqliteToPostgres } = await import('./store/postgres/copy-from-sqlite.ts');
      const copied = await copySqliteToPostgres({ from: values.from, to: to.url, team }, out);
      out(
        `done: ${copied.length} team${copied.length === 1 ? '' : 's'} in ${describeLocation(to)}; run the servers with DATABASE_URL set to it`,
      );
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
