import fc from 'fast-check';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { bookPipeline } from '../../../extension/book/pipeline.ts';
import { bookPyramid } from '../../../extension/book/pyramid.ts';
import { BookTable, COLUMNS, type Column } from '../../../extension/book/table.ts';
import { adjustCounts } from '../../../extension/book/today.ts';
import type { BookAction, BookRow } from '../../../extension/book/types.ts';
import {
  DAY_MS,
  DEFAULT_SETTINGS,
  FLAGS,
  forecast,
  LIFECYCLE_STATUSES,
  msg,
  Opportunity,
  TIERS,
  type TierOrUntiered,
} from '../../../shared/index.ts';

const NOW = Date.UTC(2026, 10, 20);

const rowArb: fc.Arbitrary<BookRow> = fc
  .record({
    name: fc.string({ maxLength: 12 }),
    tier: fc.constantFrom<TierOrUntiered>(...TIERS, 'untiered'),
    status: fc.option(fc.constantFrom(...LIFECYCLE_STATUSES), { nil: undefined }),
    ownerId: fc.constantFrom('', 'me', 'bob'),
    flags: fc.subarray([...FLAGS]),
    value: fc.integer({ min: 0, max: 1_000_000 }),
    lastTouchAt: fc.option(fc.integer({ min: NOW - 400 * DAY_MS, max: NOW }), { nil: undefined }),
    cadenceDueAt: fc.option(fc.integer({ min: NOW - 100 * DAY_MS, max: NOW + 100 * DAY_MS }), {
      nil: undefined,
    }),
    noDecisionMaker: fc.boolean(),
    emails: fc.array(fc.emailAddress(), { maxLength: 2 }),
  })
  .map((r) => ({
    accountId: ulid(),
    domains: [],
    tierManual: false,
    relationship: undefined,
    loyalty: undefined,
    rank: undefined,
    cadenceDays: undefined,
    openAmounts: [],
    openDeals: 0,
    next: undefined,
    actionCount: 0,
    contactNames: [],
    ...r,
  }));

describe('the accounts table', () => {
  it('shows exactly the rows every filter lets through, in the order of the sorted column', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 40 }),
        fc.record({
          tier: fc.option(fc.constantFrom<TierOrUntiered>(...TIERS, 'untiered'), {
            nil: undefined,
          }),
          owner: fc.option(fc.constantFrom('', 'me', 'bob'), { nil: undefined }),
          flag: fc.option(fc.constantFrom(...FLAGS), { nil: undefined }),
          pastCadence: fc.boolean(),
          noDecisionMaker: fc.boolean(),
          query: fc.constantFrom('', 'a', '@', 'xyz'),
        }),
        fc.constantFrom(...COLUMNS),
        fc.boolean(),
        (rows, filter, column, descending) => {
          const table = new BookTable(rows, (id) => id, NOW);
          const order = [...table.view(filter, { column, descending })];
          const expected = rows.filter(
            (r) =>
              (filter.tier === undefined || r.tier === filter.tier) &&
              (filter.owner === undefined || r.ownerId === filter.owner) &&
              (filter.flag === undefined || r.flags.includes(filter.flag)) &&
              (!filter.pastCadence || (r.cadenceDueAt !== undefined && r.cadenceDueAt <= NOW)) &&
              (!filter.noDecisionMaker || r.noDecisionMaker) &&
              [r.name, ...r.emails].join('\u0001').toLowerCase().includes(filter.query),
          );
          expect(order.map((i) => rows[i]?.accountId).sort()).toEqual(
            expected.map((r) => r.accountId).sort(),
          );
          if (column === 'lastTouch') {
            const times = order.map((i) => rows[i]?.lastTouchAt);
            const known = times.filter((t) => t !== undefined);
            // Accounts never touched go last, whichever the direction.
            expect(times.slice(0, known.length)).toEqual(known);
            expect(known).toEqual([...known].sort((a, b) => (descending ? b - a : a - b)));
          }
        },
      ),
    );
  });

  it('sorts by any column with missing values last and equal values in name order', () => {
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    const tierOrder: readonly TierOrUntiered[] = [...TIERS, 'untiered'];
    const columnValue: Partial<Record<Column, (r: BookRow) => number | string | undefined>> = {
      tier: (r) => tierOrder.indexOf(r.tier),
      owner: (r) => r.ownerId,
      lastTouch: (r) => r.lastTouchAt,
      pipeline: (r) =>
        r.openAmounts.length === 0 ? undefined : Math.max(...r.openAmounts.map((a) => a.amount)),
    };
    const compare = (a: number | string, b: number | string) =>
      typeof a === 'string' && typeof b === 'string'
        ? collator.compare(a, b)
        : Number(a) - Number(b);
    fc.assert(
      fc.property(
        fc.array(
          rowArb.chain((r) =>
            fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 2 }).map((amounts) => ({
              ...r,
              name: r.name.slice(0, 2),
              openAmounts: amounts.map((amount) => ({ amount: amount * 100, currency: 'EUR' })),
            })),
          ),
          { maxLength: 60 },
        ),
        fc.constantFrom<Column>('name', 'tier', 'owner', 'lastTouch', 'pipeline'),
        fc.boolean(),
        (rows, column, descending) => {
          const table = new BookTable(rows, (id) => id, NOW);
          const order = [...table.view({}, { column, descending })].map((i) => rows[i] as BookRow);
          expect(order).toHaveLength(rows.length);
          const value = columnValue[column] ?? ((r: BookRow) => r.name);
          for (let k = 1; k < order.length; k++) {
            const [a, b] = [order[k - 1] as BookRow, order[k] as BookRow];
            const [va, vb] = [value(a), value(b)];
            if (vb === undefined) continue;
            // A missing value never comes before a present one.
            expect(va).not.toBeUndefined();
            const c = compare(va as number | string, vb) * (descending ? -1 : 1);
            expect(c).toBeLessThanOrEqual(0);
            if (c === 0 && column !== 'name') {
              expect(collator.compare(a.name, b.name)).toBeLessThanOrEqual(0);
            }
          }
        },
      ),
    );
  });

  it('finds an account by a contact e-mail or a Chinese name typed in the middle', () => {
    const [a, b] = fc.sample(rowArb, 2) as [BookRow, BookRow];
    const rows = [
      { ...a, name: '王小明贸易', emails: [] },
      { ...b, name: 'Globex', emails: ['jane@globex.example'] },
    ];
    const table = new BookTable(rows, (id) => id, NOW);
    const find = (query: string) =>
      [...table.view({ query }, { column: 'name', descending: false })].map((i) => rows[i]?.name);
    expect(find('小明')).toEqual(['王小明贸易']);
    expect(find('JANE@')).toEqual(['Globex']);
  });
});

describe('the pyramid', () => {
  it("counts accounts per tier, their value share, the top 20 %'s share and the flags", () => {
    const rows = fc.sample(rowArb, 200);
    const pyramid = bookPyramid(rows, DEFAULT_SETTINGS);
    for (const level of pyramid.levels) {
      expect(level.accounts).toBe(rows.filter((r) => r.tier === level.tier).length);
    }
    const ranked = rows.filter((r) => r.tier !== 'untiered');
    expect(pyramid.ranked).toBe(ranked.length);
    const total = ranked.reduce((n, r) => n + r.value, 0);
    const shares = pyramid.levels.filter((l) => l.tier !== 'untiered').map((l) => l.valueShare);
    if (total > 0) expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const top = [...ranked]
      .sort((a, b) => b.value - a.value)
      .slice(0, Math.ceil(ranked.length / 5));
    expect(pyramid.top20.valueShare).toBeCloseTo(top.reduce((n, r) => n + r.value, 0) / total, 9);
    expect(pyramid.flags.A).toBe(rows.filter((r) => r.flags.includes('A')).length);
    expect(pyramid.levels.find((l) => l.tier === 'untiered')?.strategy).toBe('addValueData');
  });

  it('puts a book of 100 ranked accounts at 1 / 19 / 30 / 50 by the default cutoffs', () => {
    const rows = fc.sample(rowArb, 100).map((r) => ({ ...r, tier: 'small' as const }));
    const targets = bookPyramid(rows, DEFAULT_SETTINGS).levels.map((l) => l.target);
    expect(targets).toEqual([1, 19, 30, 50, undefined]);
  });
});

describe('the pipeline', () => {
  const opp = (fields: Record<string, unknown>) =>
    Opportunity.parse({
      id: ulid(),
      createdAt: NOW - 90 * DAY_MS,
      accountId: ulid(),
      name: 'Deal',
      stage: 'presentation',
      amount: 1000,
      currency: 'USD',
      stageChangedAt: NOW,
      ...fields,
    });

  it("forecasts with shared/pipeline's forecast, lists deals stale past the team's threshold, and splits by owner", () => {
    const [a, b, c] = [ulid(), ulid(), ulid()];
    const opportunities = [
      opp({ accountId: a, amount: 1000 }),
      opp({ accountId: a, stage: 'negotiation', amount: 500, stageChangedAt: NOW - 31 * DAY_MS }),
      opp({ accountId: b, stage: 'afterSales', amount: 300, currency: 'EUR' }),
      opp({ accountId: b, lostAt: NOW, amount: 9_999 }),
      opp({ accountId: c, stage: 'identify', stageChangedAt: NOW - 30 * DAY_MS }),
    ];
    const owners: Record<string, string> = { [a]: 'me', [b]: 'bob', [c]: 'me' };
    const pipeline = bookPipeline(opportunities, (id) => owners[id] ?? '', DEFAULT_SETTINGS, NOW);
    expect(pipeline.byCurrency).toEqual(forecast(opportunities, DEFAULT_SETTINGS));
    // 30 days without progress is stale (the stageStale rule's own test), 29 is not.
    expect(pipeline.stale.longest.map((s) => s.idleDays)).toEqual([31, 30]);
    expect(pipeline.stale.count).toBe(2);
    expect(pipeline.byOwner.map((o) => [o.ownerId, o.openDeals, o.staleDeals])).toEqual([
      ['me', 3, 2],
      ['bob', 0, 0],
    ]);
  });

  it('lists the longest idle stale deals, as many as asked, and counts them all', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        (idle, listed) => {
          const opportunities = idle.map((days, i) =>
            opp({
              id: `01HZ${String(i).padStart(22, '0')}`,
              stage: 'presentation',
              stageChangedAt: NOW - days * DAY_MS,
            }),
          );
          const all = [...opportunities]
            .filter((o) => NOW - o.stageChangedAt >= 30 * DAY_MS)
            .map((o) => ({ id: o.id, idleDays: Math.floor((NOW - o.stageChangedAt) / DAY_MS) }))
            .sort((a, b) => b.idleDays - a.idleDays || (a.id < b.id ? -1 : 1));
          const { stale } = bookPipeline(opportunities, () => '', DEFAULT_SETTINGS, NOW, listed);
          expect(stale.count).toBe(all.length);
          expect(
            stale.longest.map((s) => ({ id: s.opportunity.id, idleDays: s.idleDays })),
          ).toEqual(all.slice(0, listed));
        },
      ),
    );
  });
});

describe("Today's counts", () => {
  it('follow a recomputed account: its old actions out, its new ones in, for the chosen owner only', () => {
    const now = Date.UTC(2026, 10, 20, 12);
    const action = (key: string, ownerId: string, dueAt: number): BookAction => ({
      key,
      accountId: 'a',
      accountName: 'A',
      ownerId,
      rule: 'task',
      title: msg('action.task.title', { title: key }),
      reason: msg('action.task.reason'),
      dueAt,
      priority: 2,
    });
    const counts = { overdue: 3, today: 1, week: 0, later: 2 };
    const removed = [action('1', 'me', now - 3 * DAY_MS), action('2', 'bob', now - 3 * DAY_MS)];
    const added = [action('3', 'me', now + 2 * DAY_MS), action('4', 'me', now + 60 * DAY_MS)];
    expect(adjustCounts(counts, { kind: 'team' }, now, removed, added)).toEqual({
      overdue: 1,
      today: 1,
      week: 1,
      later: 3,
    });
    expect(adjustCounts(counts, { kind: 'member', id: 'me' }, now, removed, added)).toEqual({
      overdue: 2,
      today: 1,
      week: 1,
      later: 3,
    });
  });
});
