import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import Database from 'better-sqlite3';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/server.ts';
import { cli, spawnServer } from './child.ts';
import { account, Client, EventReader, join as joinTeam, TEST_STORE, waitFor } from './helpers.ts';
import { freshPostgresUrl } from './postgres-db.ts';

/**
 * A fresh database for a test's commands: on PostgreSQL (TEST_STORE) a new database, whose URL
 * goes in DATABASE_URL; on SQLite nothing, and the commands use the file in DATA_DIR.
 */
async function freshDatabase(): Promise<{ url?: string; drop(): Promise<void> }> {
  return TEST_STORE === 'postgres' ? freshPostgresUrl() : { drop: async () => {} };
}

const field = (out: string, label: string): string => {
  const m = new RegExp(`${label}: (\\S+)`).exec(out);
  if (!m?.[1]) throw new Error(`no "${label}" in:\n${out}`);
  return m[1];
};

describe('an admin runs the team from the command line', () => {
  let dir: string;
  let env: Record<string, string>;
  let server: RunningServer;
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'al-cli-'));
    database = await freshDatabase();
    env = { DATA_DIR: dir, ...(database.url === undefined ? {} : { DATABASE_URL: database.url }) };
    // The server runs while the CLI works on the same database, as on an admin's machine.
    server = await startServer({
      config: {
        port: 0,
        host: '127.0.0.1',
        databasePath: join(dir, 'account-lens.db'),
        ...(database.url === undefined ? {} : { databaseUrl: database.url }),
        corsOrigins: [],
        rateLimit: { perSecond: 0, burst: 0 },
        logLevel: 'silent',
      },
      segmentation: { worker: false, refreshEveryMs: 0 },
    });
  });
  afterAll(async () => {
    await server.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('team create, invite create, member list, token revoke, backup', async () => {
    const created = cli(['team', 'create', 'Acme', 'Sales'], env);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toContain('team created: Acme Sales');
    const teamId = field(created.stdout, 'team id');
    const adminCode = field(created.stdout, 'admin invite code');

    const admin = await joinTeam(server.url, adminCode, 'admin laptop');
    expect(admin.teamId).toBe(teamId);
    const me = await new Client(server.url, admin).request('GET', '/v1/me');
    expect(me.body).toMatchObject({
      member: { role: 'admin', name: 'admin laptop' },
      team: { id: teamId, name: 'Acme Sales' },
    });

    const invite = cli(
      ['invite', 'create', '--team', teamId, '--name', 'Jane Doe', '--expires', '2d'],
      env,
    );
    expect(invite.status, invite.stderr).toBe(0);
    const jane = await joinTeam(server.url, field(invite.stdout, 'invite code'), 'jane desktop');
    const janeClient = new Client(server.url, jane);
    expect((await janeClient.request('GET', '/v1/me')).body).toMatchObject({
      member: { role: 'member', name: 'Jane Doe' },
    });

    // A second browser for Jane: same member, new token.
    const second = cli(['invite', 'create', '--team', teamId, '--member', jane.memberId], env);
    expect(second.status, second.stderr).toBe(0);
    const janeLaptop = await joinTeam(
      server.url,
      field(second.stdout, 'invite code'),
      'jane laptop',
    );
    expect(janeLaptop.memberId).toBe(jane.memberId);
    expect(janeLaptop.token).not.toBe(jane.token);

    const list = cli(['member', 'list', '--team', teamId], env);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toContain('Jane Doe');
    expect(list.stdout).toContain('jane laptop');
    expect(list.stdout).not.toContain(jane.token);
    const tokenLine = list.stdout.split('\n').find((l) => l.includes('jane desktop'));
    const tokenId = /token (\S+)/.exec(tokenLine ?? '')?.[1];
    if (!tokenId) throw new Error(`no token id in:\n${list.stdout}`);

    await janeClient.push([janeClient.mutation('accounts', ulid(), account('Backed Up Co'))]);
    const revoked = cli(['token', 'revoke', tokenId], env);
    expect(revoked.status, revoked.stderr).toBe(0);
    expect((await janeClient.request('GET', '/v1/me')).status).toBe(401);
    // Her other browser keeps working.
    expect((await new Client(server.url, janeLaptop).request('GET', '/v1/me')).status).toBe(200);
    expect(cli(['token', 'revoke', tokenId], env).status).toBe(1);

    const target = join(dir, 'backups', 'copy.db');
    const backup = cli(['backup', target], env);
    if (TEST_STORE === 'postgres') {
      // backup copies the SQLite file; a PostgreSQL database has pg_dump and its host's backups.
      expect(backup.status).toBe(2);
      expect(backup.stderr).toContain('pg_dump');
      expect(existsSync(target)).toBe(false);
      return;
    }
    expect(backup.status, backup.stderr).toBe(0);
    const copy = new Database(target, { readonly: true });
    try {
      expect(copy.prepare('SELECT name FROM teams WHERE id = ?').pluck().get(teamId)).toBe(
        'Acme Sales',
      );
      expect(copy.prepare("SELECT count(*) FROM rows WHERE tbl = 'accounts'").pluck().get()).toBe(
        1,
      );
    } finally {
      copy.close();
    }
  });

  it('mistakes get a clear message and exit code 2', () => {
    const noTeam = cli(['invite', 'create'], env);
    expect(noTeam.status).toBe(2);
    expect(noTeam.stderr).toContain('--team ID is required');
    const badExpiry = cli(['invite', 'create', '--team', ulid(), '--expires', 'soon'], env);
    expect(badExpiry.status).toBe(2);
    expect(badExpiry.stderr).toMatch(/--expires/);
    const badRole = cli(['team', 'create', 'X'], { ...env, PORT: 'eighty' });
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toContain('PORT');
    const unknown = cli(['frobnicate'], env);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
  });
});

describe('npm start and serve', () => {
  it('start creates a team on first run, prints its invite and where the extension is; serve exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'al-start-'));
    const database = await freshDatabase();
    const env = {
      DATA_DIR: dir,
      ...(database.url === undefined ? {} : { DATABASE_URL: database.url }),
    };
    try {
      const first = await spawnServer('start', { ...env, TEAM_NAME: 'Night shift' });
      await waitFor(
        () => first.output().includes('Invite teammates'),
        10_000,
        'the first-start hints',
      );
      const out = first.output();
      expect(out).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/m);
      expect(out).toContain('created the team "Night shift"');
      const extensionPath = /Load unpacked → (\S+)/.exec(out)?.[1] ?? '';
      expect(isAbsolute(extensionPath)).toBe(true);
      expect(extensionPath.endsWith(join('.output', 'chrome-mv3'))).toBe(true);
      expect(out).toContain('options page');
      const member = await joinTeam(first.url, field(out, 'Admin invite code'), 'my browser');

      // An open event stream must not hold the shutdown.
      const stream = await EventReader.open(first.url, member.token);
      await waitFor(() => stream.events.length > 0, 5_000, 'the initial event');
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      await waitFor(() => stream.ended, 5_000, 'the stream to end');

      const again = await spawnServer('start', env);
      await waitFor(
        () => again.output().includes('invite create --team'),
        10_000,
        'the later-start hints',
      );
      expect(again.output()).not.toContain('created the team');
      expect(again.output()).toContain('Server URL');
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);

      const serve = await spawnServer('serve', env);
      expect((await fetch(`${serve.url}/v1/health`)).status).toBe(200);
      serve.child.kill('SIGINT');
      expect(await serve.exited).toBe(0);
      // The data went where the configuration says: the SQLite file, or only PostgreSQL.
      expect(existsSync(join(dir, 'account-lens.db'))).toBe(TEST_STORE === 'sqlite');
    } finally {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
