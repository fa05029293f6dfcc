/**
 * `npm run server -- migrate --from FILE.db --to postgres://…`: a team that outgrew its SQLite
 * file moves to PostgreSQL with nothing lost, and its browsers go on syncing with the tokens and
 * cursors they hold, without joining again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/server.ts';
import { openStore } from '../../server/store/open.ts';
import { cli } from './child.ts';
import { account, Client, makeTeamOfTwo, note, type TestServer } from './helpers.ts';
import { freshPostgresUrl } from './postgres-db.ts';

const config = (dir: string, databaseUrl?: string) => ({
  port: 0,
  host: '127.0.0.1',
  databasePath: joinPath(dir, 'account-lens.db'),
  ...(databaseUrl === undefined ? {} : { databaseUrl }),
  corsOrigins: [],
  rateLimit: { perSecond: 0, burst: 0 },
  logLevel: 'silent' as const,
});

const segmentation = { debounceMs: 20, maxWaitMs: 200, refreshEveryMs: 0, worker: false };

/** Every page of a client's pull from the start, as the browser receives them. */
async function wholePull(c: Client) {
  const pages = [];
  let cursor = 0;
  for (;;) {
    const page = await c.pullPage(cursor, 100);
    pages.push(page);
    cursor = page.cursor;
    if (!page.hasMore) return pages;
  }
}

describe('moving a team from SQLite to PostgreSQL', () => {
  let dir = '';
  let pg: { url: string; drop(): Promise<void> };
  let sqlite: RunningServer | undefined;
  let postgresServer: RunningServer | undefined;
  let alice: Client;
  let bob: Client;
  let before: { alice: unknown; bob: unknown };

  beforeAll(async () => {
    dir = mkdtempSync(joinPath(tmpdir(), 'al-migrate-'));
    pg = await freshPostgresUrl();
    sqlite = await startServer({ config: config(dir), segmentation });
    const team = await makeTeamOfTwo(
      { ...sqlite, dir, close: () => Promise.resolve() } as TestServer,
      'Outgrown team',
    );
    alice = team.admin;
    bob = team.rep;
    // Some of everything a pull carries: accounts, a private note, a concurrent note edit
    // (which leaves a revision), a tombstone, and the server's own insights.
    const accountId = ulid();
    const noteId = ulid();
    await alice.push([
      alice.mutation('accounts', accountId, account('Nordwerk', { revenue12m: 120_000 })),
      alice.mutation('accounts', ulid(), account('Brandt & Sons')),
      alice.mutation(
        'notes',
        ulid(),
        note(alice.member.memberId, 'mine only', { visibility: 'private' }),
      ),
      alice.mutation('notes', noteId, note(alice.member.memberId, 'first text')),
    ]);
    const gone = ulid();
    await bob.push([bob.mutation('accounts', gone, account('Mistake'))]);
    await bob.push([bob.mutation('accounts', gone, { deleted: true })]);
    await bob.sync();
    await alice.push([alice.mutation('notes', noteId, { body: 'alice edit' })]);
    await bob.push([bob.mutation('notes', noteId, { body: 'bob edit' })]);
    await sqlite.segmentation.flush();
    before = { alice: await wholePull(alice), bob: await wholePull(bob) };
    await sqlite.close();
    sqlite = undefined;
  }, 60_000);

  afterAll(async () => {
    await sqlite?.close();
    await postgresServer?.close();
    await pg.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the team and compares every member pull, then the browsers pull the same from PostgreSQL', async () => {
    const result = cli(['migrate', '--from', joinPath(dir, 'account-lens.db'), '--to', pg.url], {});
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /copied team "Outgrown team" \(\w+\): 2 members, 2 device tokens/,
    );
    expect(result.stdout).toMatch(/pull pages compared, all identical/);

    postgresServer = await startServer({ config: config(dir, pg.url), segmentation });
    // The same tokens and client ids: nobody joins again.
    const alicePg = new Client(postgresServer.url, alice.member, alice.clientId);
    const bobPg = new Client(postgresServer.url, bob.member, bob.clientId);
    expect({ alice: await wholePull(alicePg), bob: await wholePull(bobPg) }).toEqual(before);

    // And sync goes on from the cursors they hold.
    bobPg.cursor = bob.cursor;
    const id = ulid();
    await alicePg.push([alicePg.mutation('accounts', id, account('After the move'))]);
    await bobPg.sync();
    expect(bobPg.row('accounts', id)?.fields.name).toBe('After the move');
  });

  it('refuses to copy a team that is already there, and writes nothing', async () => {
    // Nothing else may write meanwhile: the server's segmentation would move the team's seq.
    await postgresServer?.close();
    postgresServer = undefined;
    const store = await openStore({ kind: 'postgres', url: pg.url });
    try {
      const [team] = await store.listTeams();
      const seq = await store.teamSeq(team?.id ?? '');
      const result = cli(
        ['migrate', '--from', joinPath(dir, 'account-lens.db'), '--to', pg.url],
        {},
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/is already in the target database: nothing of it was written/);
      expect(await store.teamSeq(team?.id ?? '')).toBe(seq);
      expect(await store.listTeams()).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('names what is wrong with its arguments', () => {
    const missing = cli(['migrate', '--from', joinPath(dir, 'nothing.db'), '--to', pg.url], {});
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--from: no SQLite database at/);
    const notPg = cli(['migrate', '--from', joinPath(dir, 'account-lens.db'), '--to', 'x.db'], {});
    expect(notPg.status).toBe(2);
    expect(notPg.stderr).toMatch(/--to: x\.db is not a PostgreSQL URL/);
  });
});
