import { describe, expect, it } from 'vitest';
import { domainCatalog } from '../../../shared/i18n/domain.ts';
import { formatMessage, type Msg, mergeCatalogs } from '../../../shared/i18n/index.ts';
import {
  type Action,
  nextActionsCatalog,
  type RuleId,
} from '../../../shared/next-actions/index.ts';
import {
  type Account,
  type AccountInsight,
  DEFAULT_SETTINGS,
  type TeamSettings,
  TeamSettings as TeamSettingsSchema,
} from '../../../shared/schema/index.ts';
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
  task,
} from './fixtures.ts';

const catalogs = mergeCatalogs(domainCatalog, nextActionsCatalog);
const en = (m: Msg): string => formatMessage(m, catalogs.en);
const zh = (m: Msg): string => formatMessage(m, catalogs.zh_CN);

const settingsWith = (fields: Partial<TeamSettings>): TeamSettings =>
  TeamSettingsSchema.parse({ ...DEFAULT_SETTINGS, ...fields });

const of = (actions: readonly Action[], rule: RuleId): Action[] =>
  actions.filter((a) => a.rule === rule);

/** One account with a complete file and an explicit insight, so only the rule under test speaks. */
function one(fields: Partial<AccountInsight> = {}, accountFields: Partial<Account> = {}) {
  const acc = fullAccount(1, accountFields);
  return { acc, A: acc.id, insights: insightsFor([[acc.id, fields]]) };
}

describe('touchCadence', () => {
  it('a key account untouched for 15 days is due a touch: key accounts every 14 days', () => {
    const { acc, A, insights } = one({ tier: 'key' });
    const touches = [note(1, { kind: 'call', at: daysAgo(15), accountId: A })];
    const [action, ...rest] = of(
      run({ accounts: [acc], notes: touches, insights }),
      'touchCadence',
    );
    expect(rest).toEqual([]);
    expect(action).toEqual({
      key: `touchCadence:${A}:${daysAgo(15)}`,
      rule: 'touchCadence',
      accountId: A,
      title: { id: 'action.touchCadence.title', params: { account: 'Account 1' } },
      reason: {
        id: 'action.touchCadence.reason',
        params: { days: 15, tier: 'tier.key', cadence: 14 },
      },
      dueAt: daysAgo(1),
      priority: 2,
    });
    expect(action && en(action.reason)).toBe('no touch in 15 days; Major accounts: every 14 days');
    expect(action && zh(action.reason)).toBe('已 15 天未联系；次要客户：每 14 天联系一次');
  });

  it('a key account touched 13 days ago is not due yet', () => {
    const { acc, A, insights } = one({ tier: 'key' });
    const touches = [note(1, { kind: 'meeting', at: daysAgo(13), accountId: A })];
    expect(of(run({ accounts: [acc], notes: touches, insights }), 'touchCadence')).toEqual([]);
  });

  it('only visits, calls, e-mails and meetings are touches', () => {
    const { acc, A, insights } = one({ tier: 'keyStrategic' });
    const notes = [
      note(1, { kind: 'visit', at: daysAgo(10), accountId: A }),
      note(2, { kind: 'note', at: daysAgo(1), accountId: A }),
      note(3, { kind: 'complaint', at: daysAgo(1), accountId: A, resolvedAt: daysAgo(1) }),
    ];
    const [action] = of(run({ accounts: [acc], notes, insights }), 'touchCadence');
    expect(action?.reason.params).toEqual({ days: 10, tier: 'tier.keyStrategic', cadence: 7 });
    expect(action?.dueAt).toBe(daysAgo(3));
  });

  it('a never-touched account counts from when it was added', () => {
    const { acc, A, insights } = one({ tier: 'ordinary' }, { createdAt: daysAgo(100) });
    const [action] = of(run({ accounts: [acc], insights }), 'touchCadence');
    expect(action?.key).toBe(`touchCadence:${A}:${daysAgo(100)}`);
    expect(action?.reason).toEqual({
      id: 'action.touchCadence.reasonNever',
      params: { days: 100, tier: 'tier.ordinary', cadence: 45 },
    });
    expect(action?.dueAt).toBe(daysAgo(55));
    expect(action?.priority).toBe(3);
  });

  it('the cadence is the team’s setting, not a constant', () => {
    const { acc, A, insights } = one({ tier: 'key' });
    const notes = [note(1, { kind: 'email', at: daysAgo(15), accountId: A })];
    const settings = settingsWith({ cadenceDays: { ...DEFAULT_SETTINGS.cadenceDays, key: 30 } });
    expect(of(run({ accounts: [acc], notes, insights }, { settings }), 'touchCadence')).toEqual([]);
  });

  it('a touch logged on a contact counts for the contact’s account', () => {
    const { acc, A, insights } = one({ tier: 'key' });
    const jane = contact(1, A);
    const notes = [note(1, { kind: 'call', at: daysAgo(2), contactIds: [jane.id] })];
    expect(of(run({ accounts: [acc], contacts: [jane], notes, insights }), 'touchCadence')).toEqual(
      [],
    );
  });

  it('lost and interrupted accounts are left to win-back, non-customers alone', () => {
    for (const fields of [
      { status: 'lost' },
      { relationshipStage: 'interruption' },
      { status: 'nonCustomer' },
    ] as const) {
      const { acc, insights } = one({ tier: 'key', ...fields }, { createdAt: daysAgo(100) });
      expect(of(run({ accounts: [acc], insights }), 'touchCadence')).toEqual([]);
    }
  });
});

describe('missingDecisionMaker, noChampion and opponentActive (找对人)', () => {
  const { acc, A, insights } = one();
  const deal = opportunity(1, A, { createdAt: daysAgo(60) });
  const approver = contact(1, A, { roles: ['approver'], attitude: 'supporter' });
  const user = contact(2, A, { name: 'Wang Fang', roles: ['user'], attitude: 'opponent' });
  const loner = contact(3, A, { name: 'Li Lei', attitude: 'opponent' });
  const base = { accounts: [acc], insights, opportunities: [deal] };

  it('an open deal with no known decision maker is a gap to act on', () => {
    const [action] = of(run({ ...base, contacts: [approver, user] }), 'missingDecisionMaker');
    expect(action).toEqual({
      key: `missingDecisionMaker:${A}:${deal.id}`,
      rule: 'missingDecisionMaker',
      accountId: A,
      opportunityId: deal.id,
      title: { id: 'action.missingDecisionMaker.title', params: { account: 'Account 1' } },
      reason: {
        id: 'action.missingDecisionMaker.reason',
        params: { opportunity: 'Deal 1', contacts: 2 },
      },
      dueAt: daysAgo(60),
      priority: 2,
    });
  });

  it('an open deal with no champion is a gap, below a missing decision maker', () => {
    const [action] = of(run({ ...base, contacts: [approver] }), 'noChampion');
    expect(action?.key).toBe(`noChampion:${A}:${deal.id}`);
    expect(action?.priority).toBe(3);
    expect(action && en(action.reason)).toBe(
      'open deal “Deal 1” and no champion among 1 known contacts',
    );
  });

  it('each active opponent is an action naming them and their role', () => {
    const actions = of(run({ ...base, contacts: [approver, loner, user] }), 'opponentActive');
    expect(actions.map((a) => a.contactId)).toEqual([user.id, loner.id]);
    const [withRole, noRole] = actions;
    expect(withRole?.key).toBe(`opponentActive:${A}:${deal.id}:${user.id}`);
    expect(withRole && en(withRole.reason)).toBe(
      'Wang Fang (User) opposes us on the open deal “Deal 1”',
    );
    expect(noRole && en(noRole.reason)).toBe('Li Lei opposes us on the open deal “Deal 1”');
    expect(withRole?.priority).toBe(2);
  });

  it('a decision maker who is a champion closes both gaps', () => {
    const boss = contact(4, A, { roles: ['decisionMaker'], attitude: 'champion' });
    const actions = run({ ...base, contacts: [boss] });
    expect(of(actions, 'missingDecisionMaker')).toEqual([]);
    expect(of(actions, 'noChampion')).toEqual([]);
  });

  it('without an open deal there is nothing to cover: won and lost deals do not count', () => {
    const won = opportunity(2, A, { stage: 'afterSales' });
    const lost = opportunity(3, A, { stage: 'negotiation', lostAt: daysAgo(1) });
    const actions = run({ ...base, opportunities: [won, lost], contacts: [user] });
    for (const rule of ['missingDecisionMaker', 'noChampion', 'opponentActive'] as const) {
      expect(of(actions, rule)).toEqual([]);
    }
  });

  it('the oldest open deal anchors the gap, so a done decision holds until the next deal', () => {
    const later = opportunity(9, A, { createdAt: daysAgo(2) });
    const [action] = of(run({ ...base, opportunities: [later, deal] }), 'missingDecisionMaker');
    expect(action?.opportunityId).toBe(deal.id);
  });
});

describe('stageStale', () => {
  const { acc, A, insights } = one();
  const boss = contact(1, A, { roles: ['decisionMaker'], attitude: 'champion' });
  const base = { accounts: [acc], insights, contacts: [boss] };

  it('an open deal with no progress for 31 days is stale: stale after 30 days', () => {
    const deal = opportunity(1, A, { stage: 'presentation', stageChangedAt: daysAgo(31) });
    const [action, ...rest] = of(run({ ...base, opportunities: [deal] }), 'stageStale');
    expect(rest).toEqual([]);
    expect(action).toMatchObject({
      key: `stageStale:${deal.id}:${daysAgo(31)}`,
      opportunityId: deal.id,
      dueAt: daysAgo(1),
      priority: 2,
      reason: {
        id: 'action.stageStale.reason',
        params: { days: 31, stage: 'stage.presentation', limit: 30 },
      },
    });
    expect(action && en(action.reason)).toBe(
      'no progress in 31 days at Presentation; a deal is stale after 30 days without a committed next step',
    );
  });

  it('a committed next step 10 days ago is progress', () => {
    const deal = opportunity(1, A, { stageChangedAt: daysAgo(50), lastProgressAt: daysAgo(10) });
    expect(of(run({ ...base, opportunities: [deal] }), 'stageStale')).toEqual([]);
  });

  it('a stage change after the last recorded next step is progress too', () => {
    const deal = opportunity(1, A, { stageChangedAt: daysAgo(5), lastProgressAt: daysAgo(40) });
    expect(of(run({ ...base, opportunities: [deal] }), 'stageStale')).toEqual([]);
  });

  it('won and lost deals are never stale', () => {
    const won = opportunity(1, A, { stage: 'contractFulfilment', stageChangedAt: daysAgo(200) });
    const lost = opportunity(2, A, { stageChangedAt: daysAgo(200), lostAt: daysAgo(100) });
    expect(of(run({ ...base, opportunities: [won, lost] }), 'stageStale')).toEqual([]);
  });

  it('the stale limit is the team’s setting', () => {
    const deal = opportunity(1, A, { stageChangedAt: daysAgo(31) });
    const settings = settingsWith({ staleStageDays: 45 });
    expect(of(run({ ...base, opportunities: [deal] }, { settings }), 'stageStale')).toEqual([]);
  });
});

describe('reorderDue (the rice-shop rule)', () => {
  const orders = (...ago: number[]) => ago.map((d) => ({ at: daysAgo(d), amount: 100 }));

  it('a customer who orders every 30 days, last 25 days ago, is due a call a week before', () => {
    const { acc, A, insights } = one({}, { orders: orders(85, 55, 25) });
    const [action] = of(run({ accounts: [acc], insights }), 'reorderDue');
    expect(action).toMatchObject({
      key: `reorderDue:${A}:${daysAgo(25)}`,
      dueAt: NOW - 2 * DAY_MS,
      priority: 3,
      reason: { id: 'action.reorderDue.reasonUpcoming', params: { interval: 30, days: 5 } },
    });
    expect(action && en(action.reason)).toBe(
      'they usually order every 30 days; the next order is expected in 5 days',
    );
  });

  it('is not due before the lead time', () => {
    const { acc, insights } = one({}, { orders: orders(80, 50, 20) });
    expect(of(run({ accounts: [acc], insights }), 'reorderDue')).toEqual([]);
  });

  it('the lead time is the team’s setting', () => {
    const { acc, insights } = one({}, { orders: orders(85, 55, 25) });
    const settings = settingsWith({ reorderLeadDays: 3 });
    expect(of(run({ accounts: [acc], insights }, { settings }), 'reorderDue')).toEqual([]);
  });

  it('an overdue reorder says by how much, and key accounts come first', () => {
    const { acc, insights } = one({ tier: 'key' }, { orders: orders(100, 70, 40) });
    const [action] = of(run({ accounts: [acc], insights }), 'reorderDue');
    expect(action?.reason).toEqual({
      id: 'action.reorderDue.reasonOverdue',
      params: { interval: 30, days: 10 },
    });
    expect(action?.priority).toBe(2);
  });

  it('a lost account more than one interval overdue is win-back’s, not a reorder', () => {
    const { acc, insights } = one(
      { status: 'lost', relationshipStage: 'interruption' },
      { orders: orders(200, 170, 140) },
    );
    const actions = run({ accounts: [acc], insights });
    expect(of(actions, 'reorderDue')).toEqual([]);
    expect(of(actions, 'winBack')).toHaveLength(1);
  });

  it('one order is no rhythm: nothing to predict', () => {
    const { acc, insights } = one({}, { orders: orders(25) });
    expect(of(run({ accounts: [acc], insights }), 'reorderDue')).toEqual([]);
  });
});

describe('complaintOverdue', () => {
  const complaint = (n: number, accountId: string, at: number, resolvedAt?: number) =>
    note(n, {
      kind: 'complaint',
      at,
      accountId,
      ...(resolvedAt === undefined ? {} : { resolvedAt }),
    });

  it('a complaint on a key account open for 9 hours is overdue: key accounts answer within 8', () => {
    const { acc, A, insights } = one({ tier: 'key' });
    const c = complaint(1, A, hoursAgo(9));
    const [action] = of(run({ accounts: [acc], notes: [c], insights }), 'complaintOverdue');
    expect(action).toMatchObject({
      key: `complaintOverdue:${A}:${c.id}`,
      dueAt: hoursAgo(1),
      priority: 0,
      reason: { params: { hours: 9, tier: 'tier.key', limit: 8 } },
    });
    expect(action && en(action.reason)).toBe('open for 9 h; Major accounts: answer within 8 h');
  });

  it('an ordinary account has 24 hours, and its overdue complaint comes after a key account’s', () => {
    const key = fullAccount(1);
    const ord = fullAccount(2);
    const insights = insightsFor([
      [key.id, { tier: 'key' }],
      [ord.id, { tier: 'ordinary' }],
    ]);
    const early = run({
      accounts: [key, ord],
      notes: [complaint(2, ord.id, hoursAgo(9))],
      insights,
    });
    expect(of(early, 'complaintOverdue')).toEqual([]);
    const late = run({
      accounts: [key, ord],
      notes: [complaint(1, key.id, hoursAgo(9)), complaint(2, ord.id, hoursAgo(48))],
      insights,
    });
    const overdue = of(late, 'complaintOverdue');
    expect(overdue.map((a) => [a.accountId, a.priority])).toEqual([
      [key.id, 0],
      [ord.id, 2],
    ]);
    // The ordinary complaint is older, yet the key account's is first.
    expect((overdue[1]?.dueAt ?? 0) < (overdue[0]?.dueAt ?? 0)).toBe(true);
  });

  it('a complaint logged on contacts of two accounts is overdue on each, under its own key', () => {
    const a1 = fullAccount(1, { createdAt: daysAgo(1) });
    const a2 = fullAccount(2, { createdAt: daysAgo(1) });
    const insights = insightsFor([
      [a1.id, { tier: 'key' }],
      [a2.id, { tier: 'small' }],
    ]);
    const c1 = contact(1, a1.id);
    const c2 = contact(2, a2.id);
    const c = note(1, { kind: 'complaint', at: hoursAgo(80), contactIds: [c1.id, c2.id] });
    const actions = run({ accounts: [a1, a2], contacts: [c1, c2], notes: [c], insights });
    expect(actions.map((a) => [a.key, a.priority, a.contactId])).toEqual([
      [`complaintOverdue:${a1.id}:${c.id}`, 0, c1.id],
      [`complaintOverdue:${a2.id}:${c.id}`, 2, c2.id],
    ]);
  });

  it('a resolved complaint is no action', () => {
    const { acc, A, insights } = one({ tier: 'key' });
    const notes = [complaint(1, A, hoursAgo(30), hoursAgo(2))];
    expect(of(run({ accounts: [acc], notes, insights }), 'complaintOverdue')).toEqual([]);
  });

  it('response hours are the team’s setting', () => {
    const { acc, A, insights } = one({ tier: 'key' });
    const settings = settingsWith({
      complaintResponseHours: { ...DEFAULT_SETTINGS.complaintResponseHours, key: 12 },
    });
    const early = [complaint(1, A, hoursAgo(9))];
    const [open] = of(
      run({ accounts: [acc], notes: early, insights }, { settings }),
      'complaintOverdue',
    );
    expect(open?.dueAt).toBe(NOW + 3 * HOUR_MS);
    expect(open?.reason.id).toBe('action.complaintOverdue.reasonOpen');
    const late = [complaint(1, A, hoursAgo(13))];
    const [action] = of(
      run({ accounts: [acc], notes: late, insights }, { settings }),
      'complaintOverdue',
    );
    expect(action?.dueAt).toBe(NOW - HOUR_MS);
    expect(action?.reason.id).toBe('action.complaintOverdue.reason');
  });

  it('a complaint on a key account is a next action from the moment it is logged, due within the tier’s response time', () => {
    const { acc, A, insights } = one({ tier: 'keyStrategic' });
    const c = complaint(1, A, hoursAgo(1));
    const [action] = of(run({ accounts: [acc], notes: [c], insights }), 'complaintOverdue');
    expect(action).toMatchObject({
      key: `complaintOverdue:${A}:${c.id}`,
      dueAt: hoursAgo(1) + 4 * HOUR_MS,
      priority: 0,
      reason: {
        id: 'action.complaintOverdue.reasonOpen',
        params: { hours: 1, tier: 'tier.keyStrategic', limit: 4 },
      },
    });
    expect(action && en(action.reason)).toBe('logged 1 h ago; Key accounts: answer within 4 h');
    expect(action && zh(action.reason)).toBe('投诉已记录 1 小时；重要客户：应在 4 小时内响应');
    const fresh = complaint(2, A, NOW - 10 * 60_000);
    const [justLogged] = of(run({ accounts: [acc], notes: [fresh], insights }), 'complaintOverdue');
    expect(justLogged?.dueAt).toBe(fresh.at + 4 * HOUR_MS);
    expect(justLogged && en(justLogged.reason)).toBe(
      'logged less than an hour ago; Key accounts: answer within 4 h',
    );
  });

  it('a complaint on a key account is sorted first in the list, before overdue and urgent actions of any account', () => {
    const key = fullAccount(1, { createdAt: daysAgo(100) });
    const ord = fullAccount(2);
    const insights = insightsFor([
      [key.id, { tier: 'key' }],
      [ord.id, { tier: 'ordinary' }],
    ]);
    const c = complaint(1, key.id, hoursAgo(2));
    const actions = run({
      accounts: [ord, key],
      insights,
      notes: [
        c,
        complaint(2, ord.id, daysAgo(3)),
        // A key account's buying signal from yesterday: priority 1, due before the complaint.
        note(3, { kind: 'buyingSignal', at: daysAgo(1), accountId: key.id }),
      ],
      tasks: [task(1, { accountId: ord.id, dueAt: daysAgo(30) })],
    });
    expect(actions[0]).toMatchObject({ key: `complaintOverdue:${key.id}:${c.id}`, priority: 0 });
    expect((actions[0]?.dueAt ?? 0) > NOW).toBe(true);
    expect(actions.slice(1).every((a) => a.priority > 0 && a.dueAt < NOW)).toBe(true);
  });

  it('a complaint on a key account keeps its action, under the same key, once it is overdue', () => {
    const { acc, A, insights } = one({ tier: 'key' });
    const c = complaint(1, A, hoursAgo(2));
    const before = of(run({ accounts: [acc], notes: [c], insights }), 'complaintOverdue');
    const after = of(
      run({ accounts: [acc], notes: [c], insights }, { now: NOW + 7 * HOUR_MS }),
      'complaintOverdue',
    );
    expect(before.map((a) => [a.key, a.dueAt, a.reason.id])).toEqual([
      [
        `complaintOverdue:${A}:${c.id}`,
        hoursAgo(2) + 8 * HOUR_MS,
        'action.complaintOverdue.reasonOpen',
      ],
    ]);
    expect(after.map((a) => [a.key, a.dueAt, a.reason.id])).toEqual([
      [
        `complaintOverdue:${A}:${c.id}`,
        hoursAgo(2) + 8 * HOUR_MS,
        'action.complaintOverdue.reason',
      ],
    ]);
    // Marked done before the deadline, it stays done after it.
    const done = [decision(1, `complaintOverdue:${A}:${c.id}`)];
    expect(
      of(
        run({ accounts: [acc], notes: [c], insights, decisions: done }, { now: NOW + 7 * HOUR_MS }),
        'complaintOverdue',
      ),
    ).toEqual([]);
  });

  it('a complaint on an account that is not key becomes an action only once its response time has passed', () => {
    const { acc, A, insights } = one({ tier: 'small' });
    const c = complaint(1, A, hoursAgo(71));
    expect(of(run({ accounts: [acc], notes: [c], insights }), 'complaintOverdue')).toEqual([]);
    const [action] = of(
      run({ accounts: [acc], notes: [c], insights }, { now: NOW + HOUR_MS }),
      'complaintOverdue',
    );
    expect(action).toMatchObject({ priority: 2, dueAt: NOW + HOUR_MS });
  });
});

describe('buyingSignal', () => {
  const signal = (n: number, accountId: string, at: number) =>
    note(n, { kind: 'buyingSignal', at, accountId, signal: 'askedPrice' });

  it('a buying signal 3 days ago with no follow-up asks for a next step', () => {
    const { acc, A, insights } = one();
    const s = signal(2, A, daysAgo(3));
    const notes = [note(1, { kind: 'call', at: daysAgo(10), accountId: A }), s];
    const [action] = of(run({ accounts: [acc], notes, insights }), 'buyingSignal');
    expect(action).toMatchObject({
      key: `buyingSignal:${A}:${s.id}`,
      dueAt: daysAgo(3),
      priority: 2,
      reason: {
        id: 'action.buyingSignal.reason',
        params: { signal: 'signal.askedPrice', days: 3 },
      },
    });
    expect(action && en(action.reason)).toBe(
      'Asked about price 3 days ago and no follow-up since: propose a demo, a meeting with a more senior decision maker, a trial or a partial budget',
    );
  });

  it('a touch after the signal is a follow-up', () => {
    const { acc, A, insights } = one();
    const notes = [
      signal(1, A, daysAgo(3)),
      note(2, { kind: 'visit', at: daysAgo(1), accountId: A }),
    ];
    expect(of(run({ accounts: [acc], notes, insights }), 'buyingSignal')).toEqual([]);
  });

  it('progress on a deal after the signal is a follow-up', () => {
    const { acc, A, insights } = one();
    const deal = opportunity(1, A, { stageChangedAt: daysAgo(30), lastProgressAt: daysAgo(1) });
    const notes = [signal(1, A, daysAgo(3))];
    expect(
      of(run({ accounts: [acc], notes, opportunities: [deal], insights }), 'buyingSignal'),
    ).toEqual([]);
  });

  it('a signal older than the window has gone cold; the window is the team’s setting', () => {
    const { acc, A, insights } = one();
    const notes = [signal(1, A, daysAgo(15))];
    expect(of(run({ accounts: [acc], notes, insights }), 'buyingSignal')).toEqual([]);
    const wider = settingsWith({ buyingSignalDays: 20 });
    expect(
      of(run({ accounts: [acc], notes, insights }, { settings: wider }), 'buyingSignal'),
    ).toHaveLength(1);
  });

  it('only the latest unanswered signal speaks; on a key account it is most urgent', () => {
    const { acc, A, insights } = one({ tier: 'keyStrategic' });
    const latest = signal(2, A, daysAgo(2));
    const notes = [
      signal(1, A, daysAgo(5)),
      latest,
      note(3, { kind: 'call', at: daysAgo(1), accountId: A }),
    ];
    expect(of(run({ accounts: [acc], notes, insights }), 'buyingSignal')).toEqual([]);
    const unanswered = [signal(1, A, daysAgo(5)), latest];
    const actions = of(run({ accounts: [acc], notes: unanswered, insights }), 'buyingSignal');
    expect(actions.map((a) => [a.key, a.priority])).toEqual([
      [`buyingSignal:${A}:${latest.id}`, 1],
    ]);
  });
});

describe('upgradePlan', () => {
  it('an ordinary account flagged B (potential) gets an upgrade plan', () => {
    const { acc, A, insights } = one({
      tier: 'ordinary',
      flags: ['B'],
      value: { historical: 0, current: 5000, potential: 120_000.4, total: 125_000.4 },
    });
    const [action] = of(run({ accounts: [acc], insights }), 'upgradePlan');
    expect(action).toMatchObject({
      key: `upgradePlan:${A}:ordinary`,
      dueAt: NOW,
      priority: 4,
      reason: {
        id: 'action.upgradePlan.reason',
        params: { tier: 'tier.ordinary', potential: 120_000 },
      },
    });
  });

  it('small accounts with potential too; key accounts and accounts without B do not', () => {
    const small = one({ tier: 'small', flags: ['B'] });
    expect(
      of(run({ accounts: [small.acc], insights: small.insights }), 'upgradePlan'),
    ).toHaveLength(1);
    const key = one({ tier: 'key', flags: ['A', 'B'] });
    expect(of(run({ accounts: [key.acc], insights: key.insights }), 'upgradePlan')).toEqual([]);
    const plain = one({ tier: 'ordinary', flags: ['C'] });
    expect(of(run({ accounts: [plain.acc], insights: plain.insights }), 'upgradePlan')).toEqual([]);
  });
});

describe('unprofitable', () => {
  it('an unprofitable (D) ordinary account: review the terms, with the numbers', () => {
    const { acc, A, insights } = one(
      { tier: 'ordinary', flags: ['D'] },
      { revenue12m: 100_000, marginPct: 10, costToServe: 15_000 },
    );
    const [action] = of(run({ accounts: [acc], insights }), 'unprofitable');
    expect(action).toMatchObject({
      key: `unprofitable:${A}:review`,
      title: { id: 'action.unprofitable.title' },
      priority: 3,
    });
    expect(action && en(action.reason)).toBe(
      'margin of 10000 on 100000 revenue is below the cost to serve of 15000',
    );
  });

  it('an unprofitable small account: review the terms or phase it out (淘汰)', () => {
    const { acc, A, insights } = one({ tier: 'small', flags: ['D'] });
    const [action] = of(run({ accounts: [acc], insights }), 'unprofitable');
    expect(action?.key).toBe(`unprofitable:${A}:phaseOut`);
    expect(action && en(action.title)).toBe('Review the terms with Account 1 or phase it out');
    expect(action?.reason.id).toBe('action.unprofitable.reasonFlagged');
  });

  it('a D flag set by hand counts even before segmentation has seen the account', () => {
    // Value data but no insight yet: small until the pyramid places it.
    const acc = fullAccount(1, { manualFlags: ['D'], revenue12m: 1_000 });
    const [action] = of(run({ accounts: [acc], insights: new Map() }), 'unprofitable');
    expect(action?.key).toBe(`unprofitable:${acc.id}:phaseOut`);
  });
});

describe('incompleteFile', () => {
  it('a key account missing its phone and commercial credit: complete the file', () => {
    const { phone: _phone, ...withoutPhone } = fullAccount(1, { commercialCredit: '  ' });
    const acc = withoutPhone;
    const A = acc.id;
    const insights = insightsFor([[A, { tier: 'key' }]]);
    const [action] = of(run({ accounts: [acc], insights }), 'incompleteFile');
    expect(action).toMatchObject({
      key: `incompleteFile:${A}:phone,commercialCredit`,
      dueAt: NOW,
      priority: 3,
      reason: {
        id: 'action.incompleteFile.reason2',
        params: {
          tier: 'tier.key',
          field1: 'action.field.phone',
          field2: 'action.field.commercialCredit',
        },
      },
    });
    expect(action && en(action.reason)).toBe(
      'Major account; its file is missing the phone and commercial credit',
    );
    expect(action && zh(action.reason)).toBe('次要客户；档案缺少电话和商业信誉');
  });

  it('a strategic account with an empty file: says how many of the nine fields are missing', () => {
    const acc = account(1);
    const insights = insightsFor([[acc.id, { tier: 'keyStrategic' }]]);
    const [action] = of(run({ accounts: [acc], insights }), 'incompleteFile');
    expect(action?.reason.params).toMatchObject({ count: 9, total: 9, more: 6 });
    expect(action && en(action.reason)).toBe(
      'Key account; 9 of 9 file fields are missing: the address, phone, industry and 6 more',
    );
  });

  it('ordinary and small accounts are not asked to complete their file; a full file is complete', () => {
    const acc = account(1);
    for (const tier of ['ordinary', 'small'] as const) {
      const insights = insightsFor([[acc.id, { tier }]]);
      expect(of(run({ accounts: [acc], insights }), 'incompleteFile')).toEqual([]);
    }
    const full = one({ tier: 'keyStrategic' });
    expect(of(run({ accounts: [full.acc], insights: full.insights }), 'incompleteFile')).toEqual(
      [],
    );
  });
});

describe('winBack', () => {
  it('a lost account: win it back, with how long since the last order', () => {
    const { acc, A, insights } = one(
      { status: 'lost', relationshipStage: 'interruption' },
      { orders: [{ at: daysAgo(400), amount: 10 }] },
    );
    const [action] = of(run({ accounts: [acc], insights }), 'winBack');
    expect(action).toMatchObject({
      key: `winBack:${A}:${daysAgo(400)}`,
      priority: 3,
      reason: { id: 'action.winBack.reasonLost', params: { days: 400, limit: 365 } },
    });
  });

  it('an interrupted key account (orders stopped): win it back first', () => {
    const { acc, insights } = one(
      { tier: 'key', status: 'current', relationshipStage: 'interruption' },
      {
        orders: [
          { at: daysAgo(130), amount: 10 },
          { at: daysAgo(100), amount: 10 },
        ],
      },
    );
    const [action] = of(run({ accounts: [acc], insights }), 'winBack');
    expect(action?.priority).toBe(2);
    expect(action && en(action.reason)).toBe(
      'orders stopped: the last was 100 days ago, and they usually order every 30 days',
    );
  });

  it('lost without any order (marked by hand), or interrupted without orders', () => {
    const lost = fullAccount(1, { statusOverride: 'lost' });
    const cut = fullAccount(2);
    const insights = insightsFor([[cut.id, { relationshipStage: 'interruption' }]]);
    const actions = of(run({ accounts: [lost, cut], insights }), 'winBack');
    expect(actions.map((a) => [a.accountId, a.reason.id])).toEqual([
      [lost.id, 'action.winBack.reasonLostNoOrders'],
      [cut.id, 'action.winBack.reasonInterruptedNoOrders'],
    ]);
  });

  it('a current account in a healthy relationship is not a win-back', () => {
    const { acc, insights } = one({ status: 'current', relationshipStage: 'partnership' });
    expect(of(run({ accounts: [acc], insights }), 'winBack')).toEqual([]);
  });
});

describe('notYetTiered', () => {
  it('an account with no value data gets exactly one next action: add its revenue or potential', () => {
    // Added 200 days ago and never touched: no touch cadence either, a cadence is a tier's.
    const bare = fullAccount(1, { createdAt: daysAgo(200), name: 'Nova GmbH' });
    const actions = run({ accounts: [bare] });
    expect(actions).toEqual([
      {
        key: `notYetTiered:${bare.id}`,
        rule: 'notYetTiered',
        accountId: bare.id,
        title: { id: 'action.notYetTiered.title', params: { account: 'Nova GmbH' } },
        reason: { id: 'action.notYetTiered.reason', params: {} },
        dueAt: NOW,
        priority: 3,
      },
    ]);
    const [action] = actions;
    expect(action && en(action.title)).toBe('Add revenue or potential for Nova GmbH');
    expect(action && zh(action.title)).toBe('补充 Nova GmbH 的收入或潜在收入');
    expect(action && en(action.reason)).toBe(
      'not yet tiered: with no orders, 12-month revenue or potential revenue on file, the value pyramid cannot place it',
    );
    expect(action && zh(action.reason)).toBe(
      '未分级：没有订单、近 12 个月收入或潜在收入，客户金字塔无法为其定级',
    );
  });

  it('the only account of a new book is not yet tiered, not key-strategic: no file to complete, no weekly touch', () => {
    const only = account(1, { createdAt: daysAgo(30) });
    expect(run({ accounts: [only] }).map((a) => a.rule)).toEqual(['notYetTiered']);
  });

  it('an account the server wrote as not yet tiered gets the action; once it has value data, the action goes before the server catches up', () => {
    const acc = fullAccount(1);
    const insights = insightsFor([[acc.id, { tierSource: 'untiered', tier: 'small' }]]);
    expect(run({ accounts: [acc], insights }).map((a) => a.rule)).toEqual(['notYetTiered']);
    for (const data of [
      { revenue12m: 0 },
      { potentialRevenue: 50_000 },
      { orders: [{ at: daysAgo(400), amount: 10 }] },
    ]) {
      const valued = { ...acc, ...data };
      expect(
        of(run({ accounts: [valued], insights }), 'notYetTiered'),
        JSON.stringify(data),
      ).toEqual([]);
    }
  });

  it('a manual tier wins over not yet tiered: the account follows that tier', () => {
    const acc = fullAccount(1, {
      createdAt: daysAgo(20),
      tierOverride: { tier: 'key', reason: 'Group HQ' },
    });
    const actions = run({ accounts: [acc] });
    expect(actions.map((a) => [a.rule, a.reason.params.tier])).toEqual([
      ['touchCadence', 'tier.key'],
    ]);
  });

  it('an account without value data marked a non-customer is left alone', () => {
    const acc = fullAccount(1, { statusOverride: 'nonCustomer' });
    expect(run({ accounts: [acc] })).toEqual([]);
  });

  it('an account not yet tiered still gets its complaints answered, within the bottom tier’s response time', () => {
    const acc = fullAccount(1);
    const c = note(1, { kind: 'complaint', at: hoursAgo(73), accountId: acc.id });
    const [action] = of(run({ accounts: [acc], notes: [c] }), 'complaintOverdue');
    expect(action).toMatchObject({ priority: 2, dueAt: hoursAgo(1) });
    expect(action && en(action.reason)).toBe(
      'open for 73 h; Not yet tiered accounts: answer within 72 h',
    );
    expect(action && zh(action.reason)).toBe('投诉已 73 小时未解决；未分级：应在 72 小时内响应');
  });

  it('an account not yet tiered gets no upgrade plan, even flagged B by hand: its value comes first', () => {
    const acc = fullAccount(1, { manualFlags: ['B'] });
    expect(run({ accounts: [acc] }).map((a) => a.rule)).toEqual(['notYetTiered']);
  });
});

describe('task', () => {
  const { acc, A, insights } = one();

  it('an open task is an action keyed by the task, due when the task is due', () => {
    const t = task(1, { accountId: A, dueAt: daysAgo(2), title: 'Send the price list' });
    const [action] = of(run({ accounts: [acc], tasks: [t], insights }), 'task');
    expect(action).toEqual({
      key: `task:${t.id}`,
      rule: 'task',
      accountId: A,
      title: { id: 'action.task.title', params: { title: 'Send the price list' } },
      reason: { id: 'action.task.reasonOverdue', params: { days: 2 } },
      dueAt: daysAgo(2),
      priority: 2,
    });
    expect(action && en(action.title)).toBe('Send the price list');
  });

  it('a task without a due date is due from when it was written', () => {
    const t = task(1, { accountId: A, createdAt: daysAgo(4) });
    const [action] = of(run({ accounts: [acc], tasks: [t], insights }), 'task');
    expect(action?.dueAt).toBe(daysAgo(4));
    expect(action?.reason.id).toBe('action.task.reason');
  });

  it('done and deleted tasks are not actions', () => {
    const tasks = [
      task(1, { accountId: A, doneAt: daysAgo(1) }),
      task(2, { accountId: A, deleted: true }),
    ];
    expect(of(run({ accounts: [acc], tasks, insights }), 'task')).toEqual([]);
  });

  it('a task on an opportunity belongs to its account; a task on nothing still shows', () => {
    const deal = opportunity(1, A, { stage: 'afterSales' });
    const onDeal = task(1, { opportunityId: deal.id });
    const loose = task(2);
    const actions = of(
      run({ accounts: [acc], opportunities: [deal], tasks: [onDeal, loose], insights }),
      'task',
    );
    expect(actions.map((a) => [a.key, a.accountId])).toEqual([
      [`task:${onDeal.id}`, A],
      [`task:${loose.id}`, undefined],
    ]);
    expect(actions[1] && 'accountId' in actions[1]).toBe(false);
  });

  it('a task on a deleted account goes with its account', () => {
    const gone = fullAccount(2, { deleted: true });
    const t = task(1, { accountId: gone.id });
    expect(of(run({ accounts: [acc, gone], tasks: [t], insights }), 'task')).toEqual([]);
  });
});

describe('ids used by the tests are valid ULIDs', () => {
  it('makeId produces 26 Crockford base32 characters', () => {
    expect(makeId('A', 123_456)).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
