/**
 * The PostgreSQL store as server instances use it: several stores opened on one database are
 * several instances. Each test has a database of its own (postgres-db.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpFailure } from '../../server/errors.ts';
import { InviteError } from '../../server/store/identity.ts';
import { POSTGRES_MIGRATIONS } from '../../server/store/postgres/migrations.ts';
import { PostgresStore } from '../../server/store/postgres/store.ts';
import { setPullWindowLimits } from '../../server/store/pull.ts';
import type { GroupResult, PushContext, PushOutcome } from '../../server/store/push-core.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import type { RowsChanged, Store } from '../../server/store/store.ts';
import {
  DEFAULT_SETTINGS,
  HlcClock,
  type Mutation,
  TABLE_NAMES,
  ValidationError,
} from '../../shared/index.ts';
import { freshPostgresUrl } from './postgres-db.ts';

let cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  // Stores close before their database is dropped: last opened, first closed.
  const pending = cleanups.reverse();
  cleanups = [];
  for (const c of pending) await c();
});

async function database(): Promise<string> {
  const db = await freshPostgresUrl();
  cleanups.push(() => db.drop());
  return db.url;
}

/**
 * One server instance's store on the database, with a small pool: other test files run
 * instances against the same server at the same time.
 */
async function instance(url: string): Promise<PostgresStore> {
  const store = await PostgresStore.open(url, { max: 4 });
  cleanups.push(() => store.close());
  return store;
}

async function instances(url: string, n: number): Promise<PostgresStore[]> {
  const stores: PostgresStore[] = [];
  for (let i = 0; i < n; i++) stores.push(await instance(url));
  return stores;
}

async function pair(url: string): Promise<[PostgresStore, PostgresStore]> {
  const a = await instance(url);
  return [a, await instance(url)];
}

/** A plain connection to the test's database, for what no store call does. */
async function admin(url: string): Promise<postgres.Sql> {
  const sql = postgres(url, { max: 2, onnotice: false });
  cleanups.push(() => sql.end({ timeout: 1 }));
  return sql;
}

/** Until `n` of the stores' connections wait for a lock. */
async function waitingOnLock(sql: postgres.Sql, n: number): Promise<void> {
  await vi.waitFor(
    async () => {
      const [row] = await sql`SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'account-lens'
          AND wait_event_type = 'Lock'`;
      if ((row?.n ?? 0) < n) throw new Error('no store waits for a lock yet');
    },
    { timeout: 10_000, interval: 10 },
  );
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const sha = (text: string): Buffer => createHash('sha256').update(text).digest();

const browser = new HlcClock('browser');
const newAccount = (name: string): Mutation => ({
  mutationId: ulid(),
  table: 'accounts',
  id: ulid(),
  hlc: browser.tick(),
  fields: { name, createdAt: 1 },
});

const ctxOf = (teamId: string, memberId: string): PushContext => ({
  teamId,
  memberId,
  clock: new HlcClock('server'),
  now: Date.now(),
});

async function push(
  store: Store,
  ctx: PushContext,
  mutations: readonly Mutation[],
): Promise<PushOutcome> {
  const [result] = await store.applyPushGroup([{ ctx, mutations }]);
  if (result === undefined) throw new Error('no result for the push');
  if (!result.ok) throw result.error;
  return result.outcome;
}

interface PulledRow {
  readonly table: string;
  readonly id: string;
  readonly seq: number;
  readonly fields: Record<string, unknown>;
}

const rowsOf = (json: string): PulledRow[] => (JSON.parse(json) as { rows: PulledRow[] }).rows;

describe('PostgreSQL store, several instances on one database', () => {
  it('two instances starting at once apply each migration once', async () => {
    const url = await database();
    const [a, b, c] = await Promise.all([
      PostgresStore.open(url, { max: 4 }),
      PostgresStore.open(url, { max: 4 }),
      PostgresStore.open(url, { max: 4 }),
    ]);
    cleanups.push(() => Promise.all([a.close(), b.close(), c.close()]));
    const sql = await admin(url);
    const applied = await sql`SELECT version FROM schema_migrations ORDER BY version`;
    expect(applied.map((r) => r.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));

    // An instance started later finds nothing left to do, and all of them share the data.
    const d = await instance(url);
    expect(await sql`SELECT count(*)::int AS n FROM schema_migrations`).toEqual([
      { n: POSTGRES_MIGRATIONS.length },
    ]);
    const team = await a.createTeam('Shared', DEFAULT_SETTINGS, Date.now());
    expect((await d.getTeam(team.id))?.name).toBe('Shared');
  });

  it('a push acknowledged on one instance is pulled from another', async () => {
    const [a, b] = await pair(await database());
    const team = await a.createTeam('Acme', DEFAULT_SETTINGS, Date.now());
    const memberId = ulid();
    const mutations = [newAccount('Northwind'), newAccount('Contoso')];
    const outcome = await push(a, ctxOf(team.id, memberId), mutations);
    expect(outcome.acked).toEqual(mutations.map((m) => m.mutationId));
    expect(outcome.seq).toBe(2);

    expect(await b.teamSeq(team.id)).toBe(2);
    const page = await b.pullPage(team.id, memberId, 0, 100);
    expect(rowsOf(page.json).map((r) => [r.id, r.seq, r.fields.name])).toEqual([
      [mutations[0]?.id, 1, 'Northwind'],
      [mutations[1]?.id, 2, 'Contoso'],
    ]);
    expect(page).toMatchObject({ count: 2, cursor: 2, hasMore: false });
    // b's window now holds the rows; a later push on a reaches it too.
    const more = newAccount('Fabrikam');
    await push(a, ctxOf(team.id, memberId), [more]);
    const next = await b.pullPage(team.id, memberId, 2, 100);
    expect(rowsOf(next.json).map((r) => [r.id, r.seq])).toEqual([[more.id, 3]]);
  });

  it("another instance hears of a push through watch, with the team's new seq", async () => {
    const [a, b] = await pair(await database());
    const team = await a.createTeam('Events', DEFAULT_SETTINGS, Date.now());
    const heardUpTo = (seq: number): Promise<RowsChanged> =>
      new Promise((resolve) => {
        const stop = b.watch((change) => {
          if (change.teamId !== team.id || change.seq < seq) return;
          stop();
          resolve(change);
        });
      });

    const pushed = heardUpTo(3);
    const outcome = await push(a, ctxOf(team.id, ulid()), [
      newAccount('One'),
      newAccount('Two'),
      newAccount('Three'),
    ]);
    expect(await pushed).toEqual({ teamId: team.id, seq: outcome.seq });

    // Server-written rows (the segmentation job) are announced the same way.
    const written = heardUpTo(4);
    const seq = await a.writeServerRows(
      team.id,
      'account_insights',
      [{ id: ulid(), fields: { tier: 'large' } }],
      new HlcClock('job'),
    );
    expect(seq).toBe(4);
    expect(await written).toEqual({ teamId: team.id, seq: 4 });
  });

  it('an instance whose listening connection drops listens again, and assumes it missed something', async () => {
    const url = await database();
    const [a, b] = await pair(url);
    const watcher = await admin(url);
    const team = await a.createTeam('Flaky', DEFAULT_SETTINGS, Date.now());
    const heard: RowsChanged[] = [];
    const hearing = (count: number) =>
      vi.waitFor(
        () => {
          if (heard.filter((c) => c.teamId === team.id).length < count) throw new Error('not yet');
        },
        { timeout: 10_000, interval: 5 },
      );
    b.watch((change) => heard.push(change));
    await push(a, ctxOf(team.id, ulid()), [newAccount('Before')]);
    await hearing(1);
    b.revocationsMayHaveChanged();
    expect(b.revocationsMayHaveChanged()).toBe(false);

    // Both instances' listening connections go (a database restart, a proxy timeout).
    const ended = await watcher`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND query ILIKE 'listen %'`;
    expect(ended).toHaveLength(2);
    // Listening again, b tells its watchers every team's seq, since it cannot know which
    // notifications it missed, and takes a revocation to be possible.
    await hearing(2);
    expect(heard.filter((c) => c.teamId === team.id)).toEqual([
      { teamId: team.id, seq: 1 },
      { teamId: team.id, seq: 1 },
    ]);
    expect(b.revocationsMayHaveChanged()).toBe(true);
    // And it hears new pushes again.
    await push(a, ctxOf(team.id, ulid()), [newAccount('After')]);
    await hearing(3);
    expect(heard.at(-1)).toEqual({ teamId: team.id, seq: 2 });
  });

  it("concurrent pushes on three instances reach a fourth one's pulls gap-free, every row exactly once", async () => {
    const url = await database();
    const writers = await instances(url, 3);
    const [cached, uncached] = await pair(url);
    // One puller reads through its window, the other straight from the database.
    uncached.setPullCacheBudget(0);
    const team = await cached.createTeam('Busy', DEFAULT_SETTINGS, Date.now());
    const memberId = ulid();

    const written: string[] = [];
    const failures: unknown[] = [];
    let finalSeq: number | undefined;
    // Many small pushes in parallel: 6 loops per instance, each sending 30 groups of one or two
    // pushes of 1 to 5 new rows, so transactions constantly queue on the team's row.
    const loop = async (store: Store, n: number): Promise<void> => {
      for (let i = 0; i < 30; i++) {
        const pushes = Array.from({ length: (i + n) % 3 === 0 ? 2 : 1 }, (_, k) => ({
          ctx: ctxOf(team.id, memberId),
          mutations: Array.from({ length: 1 + ((i + n + k) % 5) }, () => newAccount(`r${n}.${i}`)),
        }));
        const results = await store.applyPushGroup(pushes);
        results.forEach((r: GroupResult, k) => {
          if (r.ok) written.push(...(pushes[k]?.mutations.map((m) => m.id) ?? []));
          else failures.push(r.error);
        });
      }
    };

    const pull = async (store: Store) => {
      const seqs: number[] = [];
      const ids: string[] = [];
      let cursor = 0;
      let pages = 0;
      for (;;) {
        const page = await store.pullPage(team.id, memberId, cursor, 37);
        pages++;
        for (const r of rowsOf(page.json)) {
          seqs.push(r.seq);
          ids.push(r.id);
        }
        cursor = page.cursor;
        if (finalSeq !== undefined && cursor >= finalSeq && !page.hasMore) break;
        // Caught up with the writers: let them run before asking again.
        if (!page.hasMore) await new Promise((r) => setImmediate(r));
      }
      return { seqs, ids, pages };
    };

    const started = performance.now();
    const pulls = [pull(cached), pull(uncached)];
    await Promise.all(writers.flatMap((w, i) => [0, 1, 2, 3, 4, 5].map((k) => loop(w, i * 6 + k))));
    const pushedMs = performance.now() - started;
    finalSeq = await cached.teamSeq(team.id);
    const [viaWindow, viaDb] = await Promise.all(pulls);

    expect(failures).toEqual([]);
    expect(written.length).toBeGreaterThanOrEqual(2_000);
    expect(finalSeq).toBe(written.length);
    const everySeq = Array.from({ length: finalSeq }, (_, i) => i + 1);
    for (const pulled of [viaWindow, viaDb]) {
      // In seq order, each seq once, none left out: the rows never overtook each other.
      expect(pulled?.seqs).toEqual(everySeq);
      expect(new Set(pulled?.ids).size).toBe(written.length);
      expect([...(pulled?.ids ?? [])].sort()).toEqual([...written].sort());
      expect(pulled?.pages).toBeGreaterThan(written.length / 37);
    }
    console.info(
      `${written.length} mutations from 3 instances in ${Math.round(pushedMs)} ms, pulled in ${viaWindow?.pages} and ${viaDb?.pages} pages`,
    );
  }, 120_000);

  it('concurrent pulls of more teams than the windows hold answer as the database does', async () => {
    // Tiny windows: every few pulls a team's window is dropped for another's, trimmed, or
    // restarted after a backlog, while other pulls of it are half-way through a refresh.
    setPullWindowLimits({ window: 12, catchUp: 9, teams: 2 });
    cleanups.push(async () => setPullWindowLimits({ window: 10_000, catchUp: 5_000, teams: 20 }));
    const [windowed, direct] = await pair(await database());
    direct.setPullCacheBudget(0);
    const teams = await Promise.all(
      ['One', 'Two', 'Three'].map((n) => windowed.createTeam(n, DEFAULT_SETTINGS, Date.now())),
    );
    const memberId = ulid();
    const rowIds = new Map(teams.map((t) => [t.id, [] as string[]]));
    for (let round = 0; round < 12; round++) {
      await Promise.all(
        teams.map((t, i) => {
          // New rows and new versions of old ones, some rounds a backlog beyond catchUp.
          const ids = rowIds.get(t.id) ?? [];
          const fresh = Array.from({ length: (round + i) % 4 === 0 ? 11 : 3 }, () =>
            newAccount(`${t.name} ${round}`),
          );
          ids.push(...fresh.map((m) => m.id));
          const edits = ids
            .filter((_, k) => k % 5 === round % 5)
            .map((id) => ({ ...newAccount(`edited ${round}`), id }));
          return push(direct, ctxOf(t.id, memberId), [...fresh, ...edits]);
        }),
      );
      const asks = teams.flatMap((t) =>
        [0, 3, 7, 15, 30].flatMap((cursor) => [2, 5, 50].map((limit) => ({ t, cursor, limit }))),
      );
      const got = await Promise.all(
        asks.map(({ t, cursor, limit }) => windowed.pullPage(t.id, memberId, cursor, limit)),
      );
      const want = await Promise.all(
        asks.map(({ t, cursor, limit }) => direct.pullPage(t.id, memberId, cursor, limit)),
      );
      expect(got.map((p) => p.json)).toEqual(want.map((p) => p.json));
    }
  });

  it('a push retried on another instance is acknowledged and changes nothing', async () => {
    const [a, b] = await pair(await database());
    const team = await a.createTeam('Retry', DEFAULT_SETTINGS, Date.now());
    const memberId = ulid();
    const mutations = [newAccount('Once'), newAccount('Twice')];
    await push(a, ctxOf(team.id, memberId), mutations);

    const again = await push(b, ctxOf(team.id, memberId), mutations);
    expect(again).toMatchObject({
      acked: mutations.map((m) => m.mutationId),
      seq: 2,
      changed: false,
    });
    expect(await b.teamSeq(team.id)).toBe(2);
    expect((await a.pullPage(team.id, memberId, 0, 100)).count).toBe(2);

    // Sent to both instances at the same moment (a browser's retry racing its first try): one
    // applies it, the other finds it applied.
    const raced = [newAccount('Racer')];
    const both = await Promise.all([
      push(a, ctxOf(team.id, memberId), raced),
      push(b, ctxOf(team.id, memberId), raced),
    ]);
    expect(both.map((o) => o.changed).sort()).toEqual([false, true]);
    expect(both.map((o) => o.acked)).toEqual([[raced[0]?.mutationId], [raced[0]?.mutationId]]);
    expect(await a.teamSeq(team.id)).toBe(3);
  });

  it('a bad push in a group rolls back alone and keeps its own error', async () => {
    const a = await instance(await database());
    const team = await a.createTeam('Group', DEFAULT_SETTINGS, Date.now());
    const ctx = ctxOf(team.id, ulid());
    const good1 = [newAccount('First')];
    const bad = [
      newAccount('Half'),
      { ...newAccount('x'), fields: { industry: 'no name' } } satisfies Mutation,
    ];
    const stranger = [
      { ...newAccount('Assigned'), fields: { name: 'Assigned', createdAt: 1, ownerId: ulid() } },
    ];
    const good2 = [newAccount('Second')];
    const results = await a.applyPushGroup([
      { ctx, mutations: good1 },
      { ctx, mutations: bad },
      { ctx, mutations: stranger },
      { ctx, mutations: good2 },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, false, true]);
    const [, failed, refused] = results;
    expect(failed?.ok === false && failed.error instanceof ValidationError).toBe(true);
    expect(refused?.ok === false && refused.error instanceof HttpFailure).toBe(true);
    const page = await a.pullPage(team.id, ctx.memberId, 0, 100);
    expect(rowsOf(page.json).map((r) => [r.fields.name, r.seq])).toEqual([
      ['First', 1],
      ['Second', 2],
    ]);
    // The failed pushes' mutation ids were forgotten: fixed and sent again, they apply.
    const fixed = [{ ...bad[1], fields: { name: 'Named now', createdAt: 1 } } as Mutation];
    expect((await push(a, ctx, fixed)).changed).toBe(true);
  });

  it("a push, or the server's own rows, for a team that is gone writes nothing and names the team", async () => {
    const url = await database();
    const a = await instance(url);
    const team = await a.createTeam('Here', DEFAULT_SETTINGS, Date.now());
    const gone = ulid();
    const results = await a.applyPushGroup([
      { ctx: ctxOf(gone, ulid()), mutations: [newAccount('Orphan')] },
      { ctx: ctxOf(team.id, ulid()), mutations: [newAccount('Kept')] },
    ]);
    expect(results.map((r) => r.ok)).toEqual([false, true]);
    const [refused] = results;
    expect(refused?.ok === false && refused.error instanceof HttpFailure).toBe(true);
    expect(refused?.ok === false && (refused.error as HttpFailure).code).toBe('team_not_found');
    await expect(
      a.writeServerRows(gone, 'account_insights', [], new HlcClock('server')),
    ).rejects.toThrow(`no team ${gone}`);
    const sql = await admin(url);
    expect(await sql`SELECT team_id, count(*)::int AS n FROM rows GROUP BY team_id`).toEqual([
      { team_id: team.id, n: 1 },
    ]);
    expect(
      await sql`SELECT count(*)::int AS n FROM applied_mutations WHERE team_id = ${gone}`,
    ).toEqual([{ n: 0 }]);
  });

  it('a push group that PostgreSQL picks as a deadlock victim is tried again and applies', async () => {
    const url = await database();
    const a = await instance(url);
    const team = await a.createTeam('Deadlock', DEFAULT_SETTINGS, Date.now());
    const watcher = await admin(url);
    const contested = newAccount('Contested');
    let otherWentOn = false;
    let pushed: Promise<GroupResult[]> | undefined;
    await watcher.begin(async (x) => {
      // Another writer (not a push: pushes lock the team first) has recorded the same mutation
      // id, so the group, holding the team's row, waits for it...
      await x`INSERT INTO applied_mutations (team_id, mutation_id, applied_at)
              VALUES (${team.id}, ${contested.mutationId}, 0)`;
      pushed = a.applyPushGroup([{ ctx: ctxOf(team.id, ulid()), mutations: [contested] }]);
      await waitingOnLock(watcher, 1);
      // ...and it now waits for the team's row: a cycle. The group waited first, so its
      // deadlock check runs first and PostgreSQL rolls it back, which frees the row for this one.
      await x`SELECT 1 FROM teams WHERE id = ${team.id} FOR UPDATE`;
      otherWentOn = true;
      await x.rollback();
    });
    expect(otherWentOn).toBe(true);
    const [result] = (await pushed) ?? [];
    expect(result?.ok && result.outcome.changed).toBe(true);
    expect(await a.teamSeq(team.id)).toBe(1);
  });

  it('a push group whose connection is lost mid-way fails whole, writes nothing, and the next goes through', async () => {
    const url = await database();
    const a = await instance(url);
    const team = await a.createTeam('Lost', DEFAULT_SETTINGS, Date.now());
    const watcher = await admin(url);
    const ctx = ctxOf(team.id, ulid());
    const first = [newAccount('Written'), newAccount('Written too')];
    const second = [newAccount('Stuck')];
    let pushed: Promise<GroupResult[]> | undefined;
    await watcher.begin(async (x) => {
      // The group's second push waits on this transaction, after its first push has written.
      await x`INSERT INTO applied_mutations (team_id, mutation_id, applied_at)
              VALUES (${team.id}, ${second[0]?.mutationId ?? ''}, 0)`;
      pushed = a.applyPushGroup([
        { ctx, mutations: first },
        { ctx, mutations: second },
      ]);
      pushed.catch(() => undefined);
      await waitingOnLock(watcher, 1);
      await watcher`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = current_database() AND application_name = 'account-lens'
                      AND wait_event_type = 'Lock'`;
      await x.rollback();
    });
    await expect(pushed).rejects.toThrow();
    expect(await a.teamSeq(team.id)).toBe(0);
    expect(await watcher`SELECT count(*)::int AS n FROM rows`).toEqual([{ n: 0 }]);
    expect(await watcher`SELECT count(*)::int AS n FROM applied_mutations`).toEqual([{ n: 0 }]);
    // The pool connects again: the browsers' retries apply.
    expect((await push(a, ctx, [...first, ...second])).seq).toBe(3);
  });

  it('an invite redeemed on two instances at once is spent once', async () => {
    const [a, b] = await pair(await database());
    const now = Date.now();
    const team = await a.createTeam('Joiners', DEFAULT_SETTINGS, now);
    for (let round = 0; round < 5; round++) {
      const inviteHash = randomBytes(32);
      await a.createInvite(
        { teamId: team.id, hash: inviteHash, role: 'member', expiresAt: now + 60_000 },
        now,
      );
      const join = (store: Store, deviceName: string) =>
        store.redeemInvite({ inviteHash, tokenHash: randomBytes(32), deviceName }, now);
      const settled = await Promise.allSettled([join(a, 'Laptop'), join(b, 'Phone')]);
      expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
      const lost = settled.find((s) => s.status === 'rejected');
      expect(lost?.reason).toBeInstanceOf(InviteError);
      expect(lost?.reason).toMatchObject({ problem: 'used' });
    }
    const members = await b.listMembers(team.id);
    expect(members).toHaveLength(5);
    expect(members.every((m) => m.devices.length === 1)).toBe(true);
  });

  it('exclusively runs once when two instances race for the same key', async () => {
    const [a, b] = await pair(await database());
    let runs = 0;
    const release = deferred();
    const job = async () => {
      runs++;
      await release.promise;
    };
    const first = a.exclusively('segmentation:team', job);
    const second = b.exclusively('segmentation:team', job);
    // The winner's job waits for `release`, so whichever settles first is the one that lost.
    const loser = await Promise.race([first, second]);
    expect(loser).toBe(false);
    release.resolve();
    expect((await Promise.all([first, second])).sort()).toEqual([false, true]);
    expect(runs).toBe(1);
    // The lock went with the job: the next change's run goes ahead, on either instance.
    expect(await b.exclusively('segmentation:team', job)).toBe(true);
    expect(await a.exclusively('segmentation:other', job)).toBe(true);
    expect(runs).toBe(3);
  });

  it('a token revoked on one instance is seen as revoked by the other', async () => {
    const [a, b] = await pair(await database());
    const now = Date.now();
    const team = await a.createTeam('Revoke', DEFAULT_SETTINGS, now);
    const inviteHash = randomBytes(32);
    const tokenHash = randomBytes(32);
    await a.createInvite(
      { teamId: team.id, hash: inviteHash, role: 'member', expiresAt: now + 60_000 },
      now,
    );
    const joined = await a.redeemInvite({ inviteHash, tokenHash, deviceName: 'Laptop' }, now);
    expect(await b.authenticate(tokenHash)).toMatchObject({ tokenId: joined.tokenId });

    // A fresh instance cannot know what it missed; once asked, it knows of nothing new.
    expect(b.revocationsMayHaveChanged()).toBe(true);
    expect(b.revocationsMayHaveChanged()).toBe(false);

    expect(await a.revokeToken(joined.tokenId, now)).toBe(true);
    await vi.waitFor(
      () => {
        if (!b.revocationsMayHaveChanged()) throw new Error('b has not heard of the revocation');
      },
      { timeout: 10_000, interval: 5 },
    );
    expect(await b.tokenActive(team.id, joined.tokenId)).toBe(false);
    expect(await b.authenticate(tokenHash)).toBeUndefined();
    expect(await b.revokeToken(joined.tokenId, now)).toBe(false);
  });
});

describe('PostgreSQL store, the same answers as SQLite', () => {
  /** Ids both runs use, so that only the ids each store makes itself need naming. */
  const fixedIds = Array.from({ length: 80 }, () => ulid());
  const NOW = 1_750_000_000_000;

  /**
   * One team's life on a store: joins, pushes (good, bad, retried, racing edits of a note, a
   * note turned private), server-written rows, every read the server makes. The ids the store
   * makes (team, members, tokens) are replaced by names, so two stores' transcripts compare.
   */
  async function transcript(store: Store): Promise<unknown> {
    let next = 0;
    const id = (): string => fixedIds[next++] ?? '';
    const names = new Map<string, string>();
    const out: Record<string, unknown> = {};
    const failure = async (p: Promise<unknown>) => {
      try {
        await p;
        return 'no error';
      } catch (error) {
        return error instanceof InviteError ? `InviteError ${error.problem}` : String(error);
      }
    };
    const result = (r: GroupResult) =>
      r.ok
        ? { ...r.outcome, tablesChanged: [...r.outcome.tablesChanged].sort() }
        : {
            error: (r.error as Error).name,
            message: (r.error as Error).message,
            field: (r.error as { field?: string }).field,
          };

    const team = await store.createTeam('Acme', DEFAULT_SETTINGS, NOW);
    names.set(team.id, 'TEAM');
    await store.createInvite(
      { teamId: team.id, hash: sha('i1'), role: 'admin', expiresAt: NOW + 9 },
      NOW,
    );
    out.preview = await store.previewInvite(sha('i1'), NOW);
    const alice = await store.redeemInvite(
      { inviteHash: sha('i1'), tokenHash: sha('t1'), deviceName: 'Laptop', memberName: 'Alice' },
      NOW + 1,
    );
    names.set(alice.memberId, 'ALICE').set(alice.tokenId, 'ALICE_LAPTOP');
    out.spent = await failure(
      store.redeemInvite({ inviteHash: sha('i1'), tokenHash: sha('t9'), deviceName: 'X' }, NOW),
    );
    out.unknown = await failure(store.previewInvite(sha('nope'), NOW));
    await store.createInvite(
      { teamId: team.id, hash: sha('old'), role: 'member', expiresAt: NOW },
      NOW,
    );
    out.expired = await failure(store.previewInvite(sha('old'), NOW));
    await store.createInvite(
      { teamId: team.id, hash: sha('i2'), role: 'member', expiresAt: NOW + 9, memberName: 'Bob' },
      NOW,
    );
    const bob = await store.redeemInvite(
      { inviteHash: sha('i2'), tokenHash: sha('t2'), deviceName: 'Desktop' },
      NOW + 2,
    );
    names.set(bob.memberId, 'BOB').set(bob.tokenId, 'BOB_DESKTOP');
    await store.createInvite(
      {
        teamId: team.id,
        hash: sha('i3'),
        role: 'admin',
        expiresAt: NOW + 9,
        memberId: alice.memberId,
      },
      NOW,
    );
    out.secondDevicePreview = await store.previewInvite(sha('i3'), NOW);
    const phone = await store.redeemInvite(
      { inviteHash: sha('i3'), tokenHash: sha('t3'), deviceName: 'Phone' },
      NOW + 3,
    );
    names.set(phone.tokenId, 'ALICE_PHONE');

    const server = new HlcClock('server', () => NOW);
    const laptop = new HlcClock('alice-laptop', () => NOW);
    const desktop = new HlcClock('bob-desktop', () => NOW);
    const asAlice: PushContext = {
      teamId: team.id,
      memberId: alice.memberId,
      clock: server,
      now: NOW,
    };
    const asBob: PushContext = { ...asAlice, memberId: bob.memberId };
    const m = (
      clock: HlcClock,
      table: Mutation['table'],
      rowId: string,
      fields: Record<string, unknown>,
      base?: Record<string, string>,
    ): Mutation => ({
      mutationId: id(),
      table,
      id: rowId,
      hlc: clock.tick(),
      fields,
      ...(base === undefined ? {} : { base }),
    });
    const [a1, a2, t1, n1] = [id(), id(), id(), id()];
    const first = [
      m(laptop, 'accounts', a1, { name: 'Northwind', createdAt: 1, ownerId: alice.memberId }),
      m(laptop, 'accounts', a2, { name: 'Contoso', createdAt: 1 }),
      m(laptop, 'tasks', t1, { title: 'Call back', createdAt: 1, assigneeId: bob.memberId }),
    ];
    const note = m(desktop, 'notes', n1, {
      kind: 'call',
      body: 'v1',
      createdAt: 1,
      at: 1,
      authorId: bob.memberId,
    });
    const group = await store.applyPushGroup([
      { ctx: asAlice, mutations: first },
      { ctx: asBob, mutations: [note] },
      { ctx: asAlice, mutations: [m(laptop, 'accounts', id(), { industry: 'no name' })] },
      {
        ctx: asAlice,
        mutations: [m(laptop, 'tasks', id(), { title: 'x', createdAt: 1, assigneeId: id() })],
      },
      {
        ctx: asBob,
        mutations: [m(desktop, 'notes', n1, { body: 'taken over', authorId: alice.memberId })],
      },
    ]);
    out.group = group.map(result);
    // Racing edits of the note's body from the same base: the losing text is kept as a revision.
    const base = { body: note.hlc };
    const aliceEdit = m(laptop, 'notes', n1, { body: 'alice edit' }, base);
    const edits = await store.applyPushGroup([
      { ctx: asAlice, mutations: [aliceEdit] },
      { ctx: asBob, mutations: [m(desktop, 'notes', n1, { body: 'bob edit' }, base)] },
    ]);
    out.edits = edits.map(result);
    // The author turns it private: its revisions follow, under new seqs.
    out.private = (
      await store.applyPushGroup([
        { ctx: asBob, mutations: [m(desktop, 'notes', n1, { visibility: 'private' })] },
      ])
    ).map(result);
    // The same edit replayed under a new mutation id: bookkeeping at most, no new seq.
    out.replayed = (
      await store.applyPushGroup([
        { ctx: asAlice, mutations: [{ ...aliceEdit, mutationId: id() }] },
      ])
    ).map(result);
    out.retry = (await store.applyPushGroup([{ ctx: asAlice, mutations: first }])).map(result);
    const dup = m(laptop, 'accounts', a2, { deleted: true });
    out.tombstoneTwice = (
      await store.applyPushGroup([{ ctx: asAlice, mutations: [dup, dup] }])
    ).map(result);
    out.serverRows = await store.writeServerRows(
      team.id,
      'account_insights',
      [
        { id: a1, fields: { tier: 'large' } },
        { id: a2, fields: { tier: 'small' } },
      ],
      server,
    );

    const pages = async (memberId: string, limit: number, mine?: string) => {
      const all: string[] = [];
      let cursor = 0;
      for (;;) {
        const page = await store.pullPage(team.id, memberId, cursor, limit, mine);
        all.push(page.json);
        if (!page.hasMore) return all;
        cursor = page.cursor;
      }
    };
    out.pullAlice = await pages(alice.memberId, 1000);
    out.pullBob = await pages(bob.memberId, 1000);
    out.pullAlicePaged = await pages(alice.memberId, 2, 'alice-laptop');
    out.pullFromMiddle = (await store.pullPage(team.id, bob.memberId, 3, 3)).json;
    out.pullTables = [
      await store.pullTables(team.id, alice.memberId, 0, 1, ['accounts', 'account_insights']),
      await store.pullTables(team.id, bob.memberId, 0, 100, ['notes', 'note_revisions']),
    ];
    out.counts = [
      await store.countAfter(team.id, 0),
      await store.countAfter(team.id, 3, ['notes', 'note_revisions']),
    ];
    out.teamSeq = await store.teamSeq(team.id);
    out.live = await Promise.all(TABLE_NAMES.map((t) => store.liveRows(team.id, t)));
    out.snapshot = await store.snapshot(team.id, ['accounts', 'notes']).then((s) => ({
      rows: [...s.rows],
      members: s.members,
    }));
    out.stored = [...(await store.storedFieldsText(team.id, 'account_insights'))];
    out.latest = [
      await store.latestStamp(team.id, ['accounts', 'notes']),
      await store.latestStamp(team.id, []),
    ];
    await store.setTeamSettings(team.id, { ...DEFAULT_SETTINGS });
    out.team = await store.getTeam(team.id);
    out.teams = await store.listTeams();
    out.member = [
      await store.getMember(team.id, bob.memberId),
      await store.getMember(team.id, id()),
    ];
    out.revoke = [
      await store.revokeToken(phone.tokenId, NOW + 5),
      await store.revokeToken(phone.tokenId, NOW + 6),
      await store.tokenExists(phone.tokenId),
      await store.tokenActive(team.id, phone.tokenId),
      await store.tokenActive(team.id, alice.tokenId),
      await store.authenticate(sha('t3')),
      await store.authenticate(sha('t1')),
    ];
    out.members = await store.listMembers(team.id);
    out.pruned = [
      await store.pruneAppliedMutations(NOW),
      await store.pruneAppliedMutations(NOW + 1, 0),
    ];

    let text = JSON.stringify(out);
    for (const [made, name] of names) text = text.replaceAll(made, name);
    return JSON.parse(text);
  }

  it("one team's life reads the same on PostgreSQL as on SQLite, call for call", async () => {
    const sqlite = SqliteStore.open(':memory:');
    cleanups.push(() => sqlite.close());
    const pg = await instance(await database());
    const expected = await transcript(sqlite);
    const actual = await transcript(pg);
    expect(actual).toEqual(expected);
    // The transcript went where it should: a revision was kept and then turned private.
    expect(JSON.stringify(expected)).toContain('note_revisions');
  });
});
