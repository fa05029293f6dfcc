import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { msg } from '../../../shared/i18n/index.ts';
import {
  type Action,
  compareActions,
  nextActions,
  type Priority,
  prepareSnapshot,
  RULES,
  type Rule,
  sortActions,
} from '../../../shared/next-actions/index.ts';
import { earliestNextOrderAt } from '../../../shared/next-actions/rules/reorderDue.ts';
import { DEFAULT_SETTINGS } from '../../../shared/schema/index.ts';
import { predictNextOrder } from '../../../shared/segmentation/orders.ts';
import {
  contact,
  DAY_MS,
  daysAgo,
  fullAccount,
  hoursAgo,
  insightsFor,
  NOW,
  note,
  opportunity,
  snapshot,
} from './fixtures.ts';

describe('sortActions (the fast sort) orders exactly as compareActions', () => {
  const arbAction = fc.record({
    priority: fc.constantFrom(0, 1, 2, 3, 4) as fc.Arbitrary<Priority>,
    dueAt: fc.oneof(
      fc.constantFrom(NOW, NOW - DAY_MS, 0),
      fc.integer({ min: 0, max: 4_000_000_000_000 }),
    ),
    key: fc.constantFrom('a', 'b', 'touchCadence:x:1', 'task:y', 'winBack:z:none'),
  });

  /** sortActions, fed the list reversed, gives what a plain sort by compareActions gives. */
  const sortsAsCompareActions = (
    rows: readonly (typeof arbAction extends fc.Arbitrary<infer R> ? R : never)[],
  ) => {
    const actions: Action[] = rows.map((r, i) => ({
      key: `${r.key}:${i % 7}`,
      rule: 'task',
      title: msg('t'),
      reason: msg('r'),
      dueAt: r.dueAt,
      priority: r.priority,
    }));
    const expected = [...actions].sort(compareActions);
    expect(sortActions([...actions].reverse())).toEqual(expected);
  };

  it('for any list, ties and wide date ranges included', () => {
    fc.assert(fc.property(fc.array(arbAction, { maxLength: 400 }), sortsAsCompareActions), {
      numRuns: 200,
    });
  });

  it('for lists long enough to be packed, priority 0 (complaints on key accounts) included', () => {
    fc.assert(
      fc.property(fc.array(arbAction, { minLength: 64, maxLength: 400 }), sortsAsCompareActions),
      { numRuns: 100 },
    );
  });

  it('falls back to the comparator for due dates that do not pack', () => {
    const actions: Action[] = Array.from({ length: 100 }, (_, i) => ({
      key: `k${i}`,
      rule: 'task',
      title: msg('t'),
      reason: msg('r'),
      dueAt: i % 2 === 0 ? i + 0.5 : 8_000_000_000_000_000 - i,
      priority: 2,
    }));
    expect(sortActions([...actions])).toEqual([...actions].sort(compareActions));
  });
});

describe('reorderDue needs a prediction only near the next order', () => {
  it('earliestNextOrderAt never passes the predicted next order; +∞ exactly when none is predicted', () => {
    const arbOrders = fc
      .array(fc.integer({ min: 0, max: 2_000 }), { maxLength: 8 })
      .map((days) => days.map((d) => ({ at: NOW - d * (DAY_MS / 4), amount: 1 })));
    fc.assert(
      fc.property(arbOrders, fc.boolean(), (orders, sorted) => {
        const history = sorted ? [...orders].sort((a, b) => (a.at < b.at ? -1 : 1)) : orders;
        const bound = earliestNextOrderAt(history);
        const prediction = predictNextOrder(history);
        if (prediction === undefined) {
          expect(bound === Number.POSITIVE_INFINITY || bound === Number.NEGATIVE_INFINITY).toBe(
            true,
          );
        } else {
          expect(bound).toBeLessThanOrEqual(prediction.nextAt);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('an out-of-order history gives no bound, so it is always predicted', () => {
    const orders = [
      { at: daysAgo(10), amount: 1 },
      { at: daysAgo(40), amount: 1 },
    ];
    expect(earliestNextOrderAt(orders)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('engine', () => {
  it('a rule that throws midway has what it appended taken back', () => {
    const acc = fullAccount(1, { createdAt: daysAgo(1) });
    const halfway: Rule = {
      id: 'task',
      run: (ctx, out) => {
        out.push({
          key: `task:${ctx.account.id}`,
          rule: 'task',
          title: msg('t'),
          reason: msg('r'),
          dueAt: NOW,
          priority: 1,
        });
        throw new Error('after one');
      },
    };
    const actions = nextActions(
      snapshot({ accounts: [acc], insights: insightsFor([[acc.id, {}]]) }),
      DEFAULT_SETTINGS,
      NOW,
      { rules: [halfway, ...RULES] },
    );
    expect(actions).toEqual([]);
  });

  it('prepareSnapshot hands each rule the account’s readings, built once', () => {
    const acc = fullAccount(1);
    const jane = contact(1, acc.id, { roles: ['decisionMaker'] });
    const deal = opportunity(1, acc.id, { stageChangedAt: daysAgo(9), lastProgressAt: daysAgo(3) });
    const notes = [
      note(1, { kind: 'call', at: daysAgo(4), accountId: acc.id }),
      note(2, { kind: 'visit', at: daysAgo(2), contactIds: [jane.id] }),
      note(3, { kind: 'complaint', at: hoursAgo(5), accountId: acc.id }),
      note(4, { kind: 'complaint', at: hoursAgo(50), accountId: acc.id, resolvedAt: hoursAgo(1) }),
      note(5, { kind: 'buyingSignal', at: daysAgo(1), opportunityId: deal.id }),
    ];
    const { contexts, looseTasks } = prepareSnapshot(
      snapshot({
        accounts: [acc],
        contacts: [jane],
        opportunities: [deal],
        notes,
        insights: insightsFor([[acc.id, { tier: 'key', flags: ['A'] }]]),
      }),
      DEFAULT_SETTINGS,
      NOW,
    );
    expect(looseTasks).toEqual([]);
    const [ctx] = contexts;
    expect(ctx).toMatchObject({
      tier: 'key',
      flags: ['A'],
      lastTouchAt: daysAgo(2),
      lastProgressAt: daysAgo(3),
      coverageGaps: [{ kind: 'noChampion' }],
    });
    expect(ctx?.openComplaints.map((n) => n.id)).toEqual([notes[2]?.id]);
    expect(ctx?.buyingSignals.map((n) => n.id)).toEqual([notes[4]?.id]);
    expect(ctx?.openOpportunities.map((o) => o.id)).toEqual([deal.id]);
  });
});
