/**
 * SQLite only (vitest.config.ts): the budget is that of the SQLite store's recent-changes cache,
 * read with pullCacheUsage on the server's own connection.
 */
import fc from 'fast-check';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import type { Db } from '../../server/store/db.ts';
import {
  DEFAULT_PULL_CACHE_BYTES,
  pullCacheUsage,
  pullFromDb,
  setPullCacheBudget,
} from '../../server/store/pull.ts';
import { teamSeq } from '../../server/store/rows.ts';
import {
  type Client,
  makeTeamOfTwo,
  note,
  sqliteDb,
  startTestServer,
  type TestServer,
} from './helpers.ts';

/** 1 MB: a handful of 100 KB notes (counted at two bytes a character) fill it. */
const BUDGET = 1024 * 1024;

/** A note body of `size` characters: ASCII, or Chinese (three bytes each on the wire). */
const body = (size: number, wide: boolean) => (wide ? '笔' : 'n').repeat(size);

describe('the pull cache holds at most its byte budget, however large the rows, and pulls stay exact', () => {
  let server: TestServer;
  let db: Db;
  let run = 0;

  beforeAll(async () => {
    server = await startTestServer({ pullCacheBytes: BUDGET });
    db = sqliteDb(server);
  });
  afterAll(() => server.close());

  const noteSpec = fc.record({
    size: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 40_000, max: 100_000 })),
    wide: fc.boolean(),
    private: fc.boolean(),
    byRep: fc.boolean(),
    edit: fc.boolean(),
  });
  const step = fc.oneof(
    fc.record({
      kind: fc.constant('push' as const),
      notes: fc.array(noteSpec, { minLength: 1, maxLength: 6 }),
    }),
    fc.record({
      kind: fc.constant('pull' as const),
      back: fc.nat({ max: 30 }),
      limit: fc.integer({ min: 1, max: 40 }),
      asRep: fc.boolean(),
    }),
  );

  it('for any mix of pushes of 100 KB and small notes, edits, private notes and pulls (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        const { teamId, admin, rep } = await makeTeamOfTwo(server, `Large notes ${run++}`);
        const written = new Map<Client, string[]>([
          [admin, []],
          [rep, []],
        ]);
        for (const s of steps) {
          if (s.kind === 'push') {
            for (const author of [admin, rep]) {
              const mine = written.get(author) ?? [];
              const mutations = s.notes
                .filter((n) => n.byRep === (author === rep))
                .map((n) => {
                  const text = body(n.size, n.wide);
                  const old = n.edit ? mine.at(-1) : undefined;
                  if (old !== undefined) return author.mutation('notes', old, { body: text });
                  const id = ulid();
                  mine.push(id);
                  return author.mutation(
                    'notes',
                    id,
                    note(author.member.memberId, text, {
                      visibility: n.private ? 'private' : 'team',
                    }),
                  );
                });
              if (mutations.length > 0) await author.push(mutations);
            }
          } else {
            const reader = s.asRep ? rep : admin;
            const cursor = Math.max(0, teamSeq(db, teamId) - s.back);
            const res = await reader.request(
              'GET',
              `/v1/sync/pull?cursor=${cursor}&limit=${s.limit}`,
            );
            expect(res.status).toBe(200);
            const fromDb = pullFromDb(db, teamId, reader.member.memberId, cursor, s.limit);
            expect(res.body).toEqual(JSON.parse(fromDb.json));
          }
          expect(pullCacheUsage(db).used).toBeLessThanOrEqual(BUDGET);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('serves the latest changes from the cache while holding 100 KB notes', async () => {
    const { teamId, admin, rep } = await makeTeamOfTwo(server, 'Cached large notes');
    await rep.sync();
    for (let i = 0; i < 12; i++) {
      await admin.push([
        admin.mutation('notes', ulid(), note(admin.member.memberId, body(100_000, i % 2 === 0))),
      ]);
      // The teammate woken by the push pulls from its cursor, as the extension does.
      const before = rep.cursor;
      await rep.sync();
      expect(rep.cursor).toBe(teamSeq(db, teamId));
      expect(rep.cursor).toBeGreaterThan(before);
      const usage = pullCacheUsage(db);
      expect(usage.used).toBeGreaterThan(0);
      expect(usage.used).toBeLessThanOrEqual(BUDGET);
    }
    const bodies = rep.rowsOf('notes').map((r) => r.fields.body);
    expect(bodies).toHaveLength(12);
    expect(bodies.every((b) => typeof b === 'string' && b.length === 100_000)).toBe(true);
  });

  it('a note larger than the whole budget is served from the database; other teams keep their cache', async () => {
    // Emptied first (a budget of 0 evicts everything), so what follows is all this test holds.
    setPullCacheBudget(db, 0);
    setPullCacheBudget(db, 150_000);
    try {
      const small = await makeTeamOfTwo(server, 'Small notes');
      const big = await makeTeamOfTwo(server, 'One huge note');
      // Each teammate has pulled once: their windows exist and follow every change from here.
      await small.rep.sync();
      await big.rep.sync();
      const smallId = ulid();
      await small.admin.push([
        small.admin.mutation('notes', smallId, note(small.admin.member.memberId, 'short')),
      ]);
      expect(pullCacheUsage(db).used).toBe(0);
      await small.rep.sync();
      expect(small.rep.row('notes', smallId)?.fields.body).toBe('short');
      const held = pullCacheUsage(db).used;
      expect(held).toBeGreaterThan(0);

      const id = ulid();
      // 100,000 characters count 200 KB: more than the whole budget.
      await big.admin.push([
        big.admin.mutation('notes', id, note(big.admin.member.memberId, body(100_000, false))),
      ]);
      await big.rep.sync();
      expect(big.rep.row('notes', id)?.fields.body).toBe(body(100_000, false));
      expect(pullCacheUsage(db).used).toBe(held);
    } finally {
      setPullCacheBudget(db, BUDGET);
    }
  });

  it('with the cache off, every pull comes from the database, the same', async () => {
    setPullCacheBudget(db, 0);
    try {
      const { teamId, admin, rep } = await makeTeamOfTwo(server, 'No cache');
      await rep.sync();
      for (let i = 0; i < 3; i++) {
        await admin.push([admin.mutation('notes', ulid(), note(admin.member.memberId, `n${i}`))]);
        const cursor = rep.cursor;
        const res = await rep.request('GET', `/v1/sync/pull?cursor=${cursor}`);
        expect(res.body).toEqual(
          JSON.parse(pullFromDb(db, teamId, rep.member.memberId, cursor, 1_000).json),
        );
        await rep.sync();
        expect(pullCacheUsage(db).used).toBe(0);
      }
      expect(rep.rowsOf('notes')).toHaveLength(3);
    } finally {
      setPullCacheBudget(db, BUDGET);
    }
  });

  it('PULL_CACHE_MB sets the budget in megabytes; 0 turns the cache off', () => {
    expect(loadConfig({}, '/srv').pullCacheBytes).toBe(DEFAULT_PULL_CACHE_BYTES);
    expect(loadConfig({ PULL_CACHE_MB: '1.5' }, '/srv').pullCacheBytes).toBe(1.5 * 1024 * 1024);
    expect(loadConfig({ PULL_CACHE_MB: '0' }, '/srv').pullCacheBytes).toBe(0);
    expect(() => loadConfig({ PULL_CACHE_MB: 'lots' }, '/srv')).toThrow(ConfigError);
    expect(() => loadConfig({ PULL_CACHE_MB: '-1' }, '/srv')).toThrow(/PULL_CACHE_MB/);
  });
});
