import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Action,
  decidedActions,
  nextActions,
  RULE_IDS,
  RULES,
  type Rule,
  type Snapshot,
} from '../../../shared/next-actions/index.ts';
import {
  type Account,
  type ActionDecision,
  BUYING_ROLES,
  type Contact,
  DEFAULT_SETTINGS,
  NOTE_KINDS,
  type Note,
  type Opportunity,
  STAGES,
  type Task,
} from '../../../shared/schema/index.ts';
import { segmentAccounts } from '../../../shared/segmentation/index.ts';
import {
  account,
  contact,
  DAY_MS,
  daysAgo,
  decision,
  fullAccount,
  HOUR_MS,
  hoursAgo,
  insightsFor,
  makeId,
  NOW,
  note,
  opportunity,
  run,
  snapshot,
  task,
} from './fixtures.ts';

describe('the registry', () => {
  it('lists every rule id once, one file per rule', () => {
    expect(RULES.map((r) => r.id).sort()).toEqual([...RULE_IDS].sort());
  });
});

describe('ordering: priority, then due date, then key', () => {
  it('most urgent first; equal priority by due date; equal due date by key', () => {
    const key = fullAccount(1);
    const ord = fullAccount(2, { createdAt: daysAgo(200) });
    const insights = insightsFor([
      [key.id, { tier: 'key' }],
      [ord.id, { tier: 'ordinary', flags: ['B'] }],
    ]);
    const actions = run({
      accounts: [ord, key],
      insights,
      notes: [
        note(1, { kind: 'call', at: daysAgo(20), accountId: key.id }),
        note(2, { kind: 'complaint', at: hoursAgo(30), accountId: ord.id }),
        note(3, { kind: 'complaint', at: hoursAgo(10), accountId: key.id }),
      ],
      tasks: [
        task(2, { accountId: ord.id, dueAt: daysAgo(1) }),
        task(1, { accountId: ord.id, dueAt: daysAgo(1) }),
      ],
    });
    expect(actions.map((a) => [a.rule, a.priority, a.dueAt])).toEqual([
      ['complaintOverdue', 0, hoursAgo(2)],
      ['touchCadence', 2, daysAgo(6)],
      ['task', 2, daysAgo(1)],
      ['task', 2, daysAgo(1)],
      ['complaintOverdue', 2, hoursAgo(6)],
      ['touchCadence', 3, daysAgo(155)],
      ['upgradePlan', 4, NOW],
    ]);
    const [t1, t2] = actions.filter((a) => a.rule === 'task');
    expect([t1?.key, t2?.key]).toEqual([`task:${makeId('T', 1)}`, `task:${makeId('T', 2)}`]);
  });
});

describe('decisions: done and snoozed', () => {
  const acc = fullAccount(1);
  const insights = insightsFor([[acc.id, { tier: 'key' }]]);
  const firstTouch = note(1, { kind: 'visit', at: daysAgo(40), accountId: acc.id });
  const lapseKey = `touchCadence:${acc.id}:${daysAgo(40)}`;

  it('a done decision suppresses the action; a new lapse after a new touch brings it back', () => {
    const base = { accounts: [acc], insights, notes: [firstTouch] };
    expect(run(base).map((a) => a.key)).toEqual([lapseKey]);
    const done = [decision(1, lapseKey)];
    expect(run({ ...base, decisions: done })).toEqual([]);

    const secondTouch = note(2, { kind: 'call', at: daysAgo(20), accountId: acc.id });
    const again = run({ ...base, notes: [firstTouch, secondTouch], decisions: done });
    expect(again.map((a) => a.key)).toEqual([`touchCadence:${acc.id}:${daysAgo(20)}`]);
  });

  it('snoozed actions return after snoozedUntil', () => {
    const base = { accounts: [acc], insights, notes: [firstTouch] };
    const snoozed = [decision(1, lapseKey, { decision: 'snoozed', snoozedUntil: NOW + DAY_MS })];
    expect(run({ ...base, decisions: snoozed })).toEqual([]);
    expect(run({ ...base, decisions: snoozed }, { now: NOW + DAY_MS - 1 })).toEqual([]);
    expect(run({ ...base, decisions: snoozed }, { now: NOW + DAY_MS }).map((a) => a.key)).toEqual([
      lapseKey,
    ]);
  });

  it('when two reps snooze the same action, the later wake-up holds', () => {
    const base = { accounts: [acc], insights, notes: [firstTouch] };
    const decisions = [
      decision(1, lapseKey, { decision: 'snoozed', snoozedUntil: NOW + 7 * DAY_MS }),
      decision(2, lapseKey, { decision: 'snoozed', snoozedUntil: NOW + DAY_MS }),
    ];
    expect(run({ ...base, decisions }, { now: NOW + 2 * DAY_MS })).toEqual([]);
  });

  it('a deleted decision no longer suppresses anything; a decision only touches its own key', () => {
    const base = { accounts: [acc], insights, notes: [firstTouch] };
    expect(run({ ...base, decisions: [decision(1, lapseKey, { deleted: true })] })).toHaveLength(1);
    expect(run({ ...base, decisions: [decision(1, `${lapseKey}0`)] })).toHaveLength(1);
  });
});

describe('decided actions: what Done and Snooze took off the list', () => {
  const acc = fullAccount(1);
  const insights = insightsFor([[acc.id, { tier: 'key' }]]);
  const firstTouch = note(1, { kind: 'visit', at: daysAgo(40), accountId: acc.id });
  const lapseKey = `touchCadence:${acc.id}:${daysAgo(40)}`;
  const base = { accounts: [acc], insights, notes: [firstTouch] };
  const decided = (parts: Partial<Snapshot>, now = NOW) =>
    decidedActions(snapshot({ ...base, ...parts }), DEFAULT_SETTINGS, now);

  it('lists a hidden action with the decision that hides it and who made it', () => {
    const done = decision(1, lapseKey, { decidedBy: makeId('M', 1), createdAt: hoursAgo(2) });
    const [entry, ...rest] = decided({ decisions: [done] });
    expect(rest).toEqual([]);
    expect(entry?.action.key).toBe(lapseKey);
    expect(entry?.action.title.id).toBe('action.touchCadence.title');
    expect(entry?.decision).toEqual(done);
  });

  it('a done outranks a snooze; of two snoozes the later wake-up is the one in force', () => {
    const long = decision(1, lapseKey, { decision: 'snoozed', snoozedUntil: NOW + 7 * DAY_MS });
    const short = decision(2, lapseKey, { decision: 'snoozed', snoozedUntil: NOW + DAY_MS });
    expect(decided({ decisions: [short, long] })[0]?.decision).toEqual(long);
    const done = decision(3, lapseKey, { createdAt: daysAgo(3) });
    const [entry] = decided({ decisions: [short, done, long] });
    expect(entry?.decision).toEqual(done);
    expect(entry?.decisions).toEqual([short, done, long]);
  });

  it('a snooze that woke, a deleted decision, or a situation that passed hides nothing', () => {
    const snooze = decision(1, lapseKey, { decision: 'snoozed', snoozedUntil: NOW + DAY_MS });
    expect(decided({ decisions: [snooze] }, NOW + DAY_MS)).toEqual([]);
    expect(decided({ decisions: [decision(1, lapseKey, { deleted: true })] })).toEqual([]);
    const touchedSince = note(2, { kind: 'call', at: daysAgo(1), accountId: acc.id });
    expect(
      decided({ notes: [firstTouch, touchedSince], decisions: [decision(1, lapseKey)] }),
    ).toEqual([]);
  });

  it('lists exactly the actions nextActions leaves out, most recently decided first', () => {
    const tasks = Array.from({ length: 6 }, (_, i) =>
      task(i + 1, { accountId: acc.id, dueAt: daysAgo(i) }),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            n: fc.nat(5),
            snoozeHours: fc.option(fc.integer({ min: -48, max: 48 }), { nil: undefined }),
            ageHours: fc.nat(500),
            deleted: fc.boolean(),
          }),
          { maxLength: 10 },
        ),
        (picks) => {
          const decisions = picks.map((p, i) =>
            decision(i + 1, `task:${makeId('T', p.n + 1)}`, {
              createdAt: hoursAgo(p.ageHours),
              deleted: p.deleted,
              ...(p.snoozeHours === undefined
                ? {}
                : { decision: 'snoozed' as const, snoozedUntil: NOW + p.snoozeHours * HOUR_MS }),
            }),
          );
          const parts = { accounts: [acc], insights, tasks, decisions };
          const all = run({ ...parts, decisions: [] }).map((a) => a.key);
          const shown = new Set(run(parts).map((a) => a.key));
          const hidden = decidedActions(snapshot(parts), DEFAULT_SETTINGS, NOW);
          expect(hidden.map((d) => d.action.key).sort()).toEqual(
            all.filter((k) => !shown.has(k)).sort(),
          );
          const times = hidden.map((d) => d.decision.createdAt);
          expect(times).toEqual([...times].sort((a, b) => b - a));
          for (const d of hidden) expect(d.decisions).toContain(d.decision);
        },
      ),
    );
  });
});

describe('deleted rows are ignored everywhere', () => {
  it('a deleted account has no actions, nor do its tasks', () => {
    const gone = fullAccount(1, { deleted: true, createdAt: daysAgo(300) });
    const actions = run({
      accounts: [gone],
      insights: insightsFor([[gone.id, { tier: 'key', status: 'lost' }]]),
      tasks: [task(1, { accountId: gone.id })],
      opportunities: [opportunity(1, gone.id, { stageChangedAt: daysAgo(100) })],
    });
    expect(actions).toEqual([]);
  });

  it('deleted notes are not touches, complaints or signals', () => {
    const acc = fullAccount(1);
    const insights = insightsFor([[acc.id, { tier: 'key' }]]);
    const notes = [
      note(1, { kind: 'visit', at: daysAgo(30), accountId: acc.id }),
      note(2, { kind: 'visit', at: daysAgo(1), accountId: acc.id, deleted: true }),
      note(3, { kind: 'complaint', at: daysAgo(2), accountId: acc.id, deleted: true }),
      note(4, { kind: 'buyingSignal', at: daysAgo(2), accountId: acc.id, deleted: true }),
    ];
    expect(run({ accounts: [acc], insights, notes }).map((a) => a.rule)).toEqual(['touchCadence']);
  });

  it('deleted contacts cover no gap and deleted opportunities open none', () => {
    const acc = fullAccount(1, { createdAt: daysAgo(1) });
    const insights = insightsFor([[acc.id, {}]]);
    const boss = contact(1, acc.id, {
      roles: ['decisionMaker'],
      attitude: 'champion',
      deleted: true,
    });
    const open = opportunity(1, acc.id);
    const rules = (actions: Action[]) => actions.map((a) => a.rule).sort();
    expect(
      rules(run({ accounts: [acc], insights, contacts: [boss], opportunities: [open] })),
    ).toEqual(['missingDecisionMaker', 'noChampion']);
    const deletedOpp = { ...open, deleted: true };
    expect(run({ accounts: [acc], insights, opportunities: [deletedOpp] })).toEqual([]);
  });

  it('a deleted insight is no insight: the account is treated as not segmented yet', () => {
    const acc = account(1, { createdAt: daysAgo(60), revenue12m: 500 });
    const insights = insightsFor([[acc.id, { tier: 'keyStrategic', deleted: true }]]);
    // As a small account: cadence 90 days, no file to complete.
    expect(run({ accounts: [acc], insights })).toEqual([]);
  });
});

describe('accounts the segmentation has not seen yet', () => {
  it('are treated as small, or as the tier a rep set by hand', () => {
    const fresh = fullAccount(1, { createdAt: daysAgo(91), revenue12m: 1_000 });
    const manual = fullAccount(2, {
      createdAt: daysAgo(15),
      tierOverride: { tier: 'key', reason: 'Group HQ' },
    });
    const actions = run({ accounts: [fresh, manual], insights: new Map() });
    expect(actions.map((a) => [a.accountId, a.reason.params.tier])).toEqual([
      [manual.id, 'tier.key'],
      [fresh.id, 'tier.small'],
    ]);
  });
});

describe('accounts without value data the segmentation has not seen yet', () => {
  it('are not yet tiered: one action to add revenue or potential, under any tier a rep set by hand', () => {
    const bare = fullAccount(1, { createdAt: daysAgo(91) });
    const manual = fullAccount(2, {
      createdAt: daysAgo(15),
      tierOverride: { tier: 'key', reason: 'Group HQ' },
    });
    const actions = run({ accounts: [bare, manual], insights: new Map() });
    expect(actions.map((a) => [a.accountId, a.rule])).toEqual([
      [manual.id, 'touchCadence'],
      [bare.id, 'notYetTiered'],
    ]);
  });
});

describe('without insights, the segmentation is computed over the snapshot', () => {
  const big = account(1, {
    createdAt: daysAgo(30),
    revenue12m: 1_000_000,
    marginPct: 20,
    orders: [
      { at: daysAgo(60), amount: 500_000 },
      { at: daysAgo(20), amount: 500_000 },
    ],
  });
  const others = [2, 3, 4, 5, 6, 7].map((n) => fullAccount(n, { createdAt: daysAgo(10) }));
  const prospect = fullAccount(8, { createdAt: daysAgo(10) });
  const deal = opportunity(1, prospect.id, { createdAt: daysAgo(5) });
  const parts = { accounts: [...others, prospect, big], opportunities: [deal] };

  it('the most valuable account is key-strategic, so its empty file is an action', () => {
    const actions = run(parts);
    const file = actions.filter((a) => a.rule === 'incompleteFile');
    expect(file.map((a) => [a.accountId, a.reason.params.tier])).toEqual([
      [big.id, 'tier.keyStrategic'],
    ]);
  });

  it('gives the same actions as passing segmentAccounts’ insights, open deals included', () => {
    const insights = segmentAccounts(parts.accounts, DEFAULT_SETTINGS, NOW, {
      openOpportunityAccountIds: new Set([prospect.id]),
    });
    expect(insights.get(prospect.id)?.status).toBe('target');
    expect(run(parts)).toEqual(run({ ...parts, insights }));
  });
});

describe('a failing rule does not break the others', () => {
  const a1 = fullAccount(1, { createdAt: daysAgo(1) });
  const a2 = fullAccount(2, { createdAt: daysAgo(1) });
  const insights = insightsFor([
    [a1.id, { tier: 'key' }],
    [a2.id, { tier: 'key' }],
  ]);
  const tasks = [task(1, { accountId: a1.id }), task(2, { accountId: a2.id })];
  const broken: Rule = {
    id: 'winBack',
    run: () => {
      throw new Error('boom');
    },
  };
  const picky: Rule = {
    id: 'upgradePlan',
    run: (ctx) => {
      if (ctx.account.id === a1.id) throw new Error('odd row');
      return [];
    },
  };

  it('other rules still run, and the error is reported with the rule and account', () => {
    const errors: [string, string | undefined][] = [];
    const actions = nextActions(
      snapshot({ accounts: [a1, a2], insights, tasks }),
      DEFAULT_SETTINGS,
      NOW,
      {
        rules: [broken, picky, ...RULES],
        onRuleError: (_e, rule, accountId) => errors.push([rule, accountId]),
      },
    );
    expect(actions.map((a) => a.key).sort()).toEqual(tasks.map((t) => `task:${t.id}`).sort());
    expect(errors).toEqual([
      ['winBack', a1.id],
      ['upgradePlan', a1.id],
      ['winBack', a2.id],
    ]);
  });

  it('without a handler errors are swallowed, not thrown', () => {
    expect(() =>
      nextActions(snapshot({ accounts: [a1], insights }), DEFAULT_SETTINGS, NOW, {
        rules: [broken],
      }),
    ).not.toThrow();
  });
});

describe('properties', () => {
  const accountIds = [1, 2, 3, 4, 5].map((n) => makeId('A', n));
  const time = fc.integer({ min: -400, max: 2 }).map((d) => NOW + d * DAY_MS + (d % 3) * HOUR_MS);
  const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

  const arbSnapshot = fc
    .record({
      accounts: fc.array(
        fc.record({
          created: time,
          deleted: fc.nat(9).map((n) => n === 0),
          orders: fc.array(time, { maxLength: 4 }),
          revenue: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
          margin: fc.option(fc.integer({ min: -20, max: 60 }), { nil: undefined }),
          potential: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: undefined }),
          full: fc.boolean(),
        }),
        { minLength: 1, maxLength: accountIds.length },
      ),
      contacts: fc.array(
        fc.record({
          account: pick(accountIds),
          roles: fc.subarray([...BUYING_ROLES], { maxLength: 2 }),
          attitude: fc.option(pick(['champion', 'neutral', 'skeptic', 'opponent'] as const), {
            nil: undefined,
          }),
          deleted: fc.boolean(),
        }),
        { maxLength: 10 },
      ),
      notes: fc.array(
        fc.record({
          account: fc.option(pick(accountIds), { nil: undefined }),
          contact: fc.nat(9),
          kind: pick(NOTE_KINDS),
          at: time,
          resolved: fc.boolean(),
          deleted: fc.boolean(),
        }),
        { maxLength: 20 },
      ),
      opportunities: fc.array(
        fc.record({
          account: pick(accountIds),
          stage: pick(STAGES),
          changed: time,
          progress: fc.option(time, { nil: undefined }),
          lost: fc.boolean(),
          deleted: fc.boolean(),
        }),
        { maxLength: 6 },
      ),
      tasks: fc.array(
        fc.record({
          account: fc.option(pick([...accountIds, makeId('A', 99)]), { nil: undefined }),
          due: fc.option(time, { nil: undefined }),
          done: fc.boolean(),
        }),
        { maxLength: 5 },
      ),
      decided: fc.array(fc.nat(5), { maxLength: 3 }),
    })
    .map((g): Snapshot => {
      const accounts: Account[] = g.accounts.map((a, i) =>
        (a.full ? fullAccount : account)(i + 1, {
          createdAt: a.created,
          deleted: a.deleted,
          orders: a.orders.map((at) => ({ at, amount: 100 })),
          ...(a.revenue === undefined ? {} : { revenue12m: a.revenue }),
          ...(a.margin === undefined ? {} : { marginPct: a.margin }),
          ...(a.potential === undefined ? {} : { potentialRevenue: a.potential }),
        }),
      );
      const contacts: Contact[] = g.contacts.map((c, i) =>
        contact(i + 1, c.account, {
          roles: c.roles,
          deleted: c.deleted,
          ...(c.attitude === undefined ? {} : { attitude: c.attitude }),
        }),
      );
      const notes: Note[] = g.notes.map((n, i) =>
        note(i + 1, {
          kind: n.kind,
          at: n.at,
          deleted: n.deleted,
          ...(n.account === undefined
            ? { contactIds: [makeId('C', n.contact + 1)] }
            : { accountId: n.account }),
          ...(n.resolved ? { resolvedAt: n.at } : {}),
          ...(n.kind === 'buyingSignal' ? { signal: 'askedPrice' as const } : {}),
        }),
      );
      const opportunities: Opportunity[] = g.opportunities.map((o, i) =>
        opportunity(i + 1, o.account, {
          stage: o.stage,
          stageChangedAt: o.changed,
          deleted: o.deleted,
          ...(o.progress === undefined ? {} : { lastProgressAt: o.progress }),
          ...(o.lost ? { lostAt: o.changed } : {}),
        }),
      );
      const tasks: Task[] = g.tasks.map((t, i) =>
        task(i + 1, {
          ...(t.account === undefined ? {} : { accountId: t.account }),
          ...(t.due === undefined ? {} : { dueAt: t.due }),
          ...(t.done ? { doneAt: NOW } : {}),
        }),
      );
      const decisions: ActionDecision[] = g.decided.map((n, i) =>
        decision(i + 1, `task:${makeId('T', n + 1)}`),
      );
      return { accounts, contacts, notes, opportunities, tasks, decisions };
    });

  const shuffle = <T>(xs: readonly T[], seed: number): T[] =>
    xs
      .map((x, i) => ({ x, k: (Math.imul(i + 1, 2_654_435_761) ^ seed) >>> 0 }))
      .sort((a, b) => a.k - b.k)
      .map(({ x }) => x);

  it('the output does not depend on the order of the snapshot arrays, and every key is unique', () => {
    fc.assert(
      fc.property(arbSnapshot, fc.integer(), (snap, seed) => {
        const forward = nextActions(snap, DEFAULT_SETTINGS, NOW);
        const shuffled: Snapshot = {
          accounts: shuffle(snap.accounts, seed),
          contacts: shuffle(snap.contacts, seed),
          notes: shuffle(snap.notes, seed),
          opportunities: shuffle(snap.opportunities, seed),
          tasks: shuffle(snap.tasks, seed),
          decisions: shuffle(snap.decisions, seed),
        };
        const reversed: Snapshot = {
          accounts: [...snap.accounts].reverse(),
          contacts: [...snap.contacts].reverse(),
          notes: [...snap.notes].reverse(),
          opportunities: [...snap.opportunities].reverse(),
          tasks: [...snap.tasks].reverse(),
          decisions: [...snap.decisions].reverse(),
        };
        expect(nextActions(shuffled, DEFAULT_SETTINGS, NOW)).toEqual(forward);
        expect(nextActions(reversed, DEFAULT_SETTINGS, NOW)).toEqual(forward);
        expect(new Set(forward.map((a) => a.key)).size).toBe(forward.length);
      }),
      { numRuns: 300 },
    );
  });
});
