import { describe, expect, it } from 'vitest';
import { domainCatalog } from '../../../shared/i18n/domain.ts';
import {
  type Catalog,
  formatMessage,
  type Msg,
  mergeCatalogs,
} from '../../../shared/i18n/index.ts';
import {
  type Action,
  nextActions,
  nextActionsCatalog,
  RULE_IDS,
} from '../../../shared/next-actions/index.ts';
import { DEFAULT_SETTINGS } from '../../../shared/schema/index.ts';
import {
  account,
  contact,
  daysAgo,
  fullAccount,
  hoursAgo,
  insightsFor,
  NOW,
  note,
  opportunity,
  snapshot,
  task,
} from './fixtures.ts';

const catalogs = mergeCatalogs(domainCatalog, nextActionsCatalog);
const placeholders = (template: string): string[] =>
  [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();
const orders = (...ago: number[]) => ago.map((d) => ({ at: daysAgo(d), amount: 100 }));

/** A book built so that every rule speaks, in every wording it has. */
function everyMessage(): Action[] {
  let n = 0;
  const acc = (fields: Parameters<typeof fullAccount>[1] = {}) =>
    fullAccount(++n, { createdAt: daysAgo(1), ...fields });
  const cadence = acc();
  const never = acc({ createdAt: daysAgo(100) });
  const committee = acc();
  const upcoming = acc({ orders: orders(85, 55, 25) });
  const today = acc({ orders: orders(60, 30) });
  const overdue = acc({ orders: orders(100, 70, 40) });
  const complaint = acc();
  const complaintOpen = acc();
  const complaintNew = acc();
  const signal = acc();
  const signalToday = acc();
  const upgrade = acc();
  // Value data, not segmented yet: small until the pyramid places them.
  const upgradeManual = acc({ manualFlags: ['B'], revenue12m: 100 });
  const junk = acc({ revenue12m: 1000, marginPct: 5, costToServe: 200 });
  const junkSmall = acc({ manualFlags: ['D'], revenue12m: 100 });
  const file1 = acc({ phone: ' ' });
  const file2 = acc({ phone: '', address: '' });
  const file3 = acc({ phone: '', address: '', industry: '' });
  const fileMany = account(++n, { createdAt: daysAgo(1) });
  const lost = acc({ orders: orders(400) });
  const lostBare = acc({ statusOverride: 'lost' });
  const cut = acc({ orders: orders(130, 100) });
  const cutBare = acc();
  const untiered = acc();

  const insights = insightsFor([
    [cadence.id, { tier: 'key' }],
    [never.id, {}],
    [committee.id, {}],
    [upcoming.id, {}],
    [today.id, {}],
    [overdue.id, {}],
    [complaint.id, { tier: 'keyStrategic' }],
    [complaintOpen.id, { tier: 'key' }],
    [complaintNew.id, { tier: 'key' }],
    [signal.id, {}],
    [signalToday.id, {}],
    [upgrade.id, { flags: ['B'] }],
    [junk.id, { flags: ['D'] }],
    [file1.id, { tier: 'key' }],
    [file2.id, { tier: 'key' }],
    [file3.id, { tier: 'keyStrategic' }],
    [fileMany.id, { tier: 'keyStrategic' }],
    [lost.id, { status: 'lost' }],
    [cut.id, { relationshipStage: 'interruption' }],
    [cutBare.id, { relationshipStage: 'interruption' }],
  ]);
  const deal = opportunity(1, committee.id, { stageChangedAt: daysAgo(40) });
  return nextActions(
    snapshot({
      accounts: [
        cadence,
        never,
        committee,
        upcoming,
        today,
        overdue,
        complaint,
        complaintOpen,
        complaintNew,
        signal,
        signalToday,
        upgrade,
        upgradeManual,
        junk,
        junkSmall,
        file1,
        file2,
        file3,
        fileMany,
        lost,
        lostBare,
        cut,
        cutBare,
        untiered,
      ],
      contacts: [
        contact(1, committee.id, { roles: ['user'], attitude: 'opponent' }),
        contact(2, committee.id, { attitude: 'opponent' }),
      ],
      opportunities: [deal],
      notes: [
        note(1, { kind: 'call', at: daysAgo(20), accountId: cadence.id }),
        note(2, { kind: 'complaint', at: hoursAgo(5), accountId: complaint.id }),
        note(5, { kind: 'complaint', at: hoursAgo(3), accountId: complaintOpen.id }),
        note(6, { kind: 'complaint', at: NOW - 60_000, accountId: complaintNew.id }),
        note(3, {
          kind: 'buyingSignal',
          at: daysAgo(3),
          accountId: signal.id,
          signal: 'introducedSenior',
        }),
        note(4, { kind: 'buyingSignal', at: hoursAgo(2), accountId: signalToday.id }),
      ],
      tasks: [task(1, { dueAt: daysAgo(3) }), task(2, { accountId: cadence.id })],
      insights,
    }),
    DEFAULT_SETTINGS,
    NOW,
  );
}

describe('messages', () => {
  const actions = everyMessage();
  const emitted: Msg[] = actions.flatMap((a) => [a.title, a.reason]);

  it('the test book reaches every rule', () => {
    expect(new Set(actions.map((a) => a.rule))).toEqual(new Set(RULE_IDS));
  });

  it('every title and reason wording in the catalog is emitted by some rule', () => {
    const ids = new Set(emitted.map((m) => m.id));
    const wordings = Object.keys(nextActionsCatalog.en).filter(
      (id) => !id.startsWith('action.rule.') && !id.startsWith('action.field.'),
    );
    expect([...ids].sort()).toEqual(wordings.sort());
  });

  for (const locale of ['en', 'zh_CN'] as const) {
    it(`every id the rules emit exists in ${locale} and every placeholder is filled`, () => {
      const catalog: Catalog = catalogs[locale];
      for (const m of emitted) {
        const template = catalog[m.id];
        expect(template, m.id).toBeDefined();
        expect(Object.keys(m.params).sort(), m.id).toEqual(
          expect.arrayContaining(placeholders(template ?? '')),
        );
        const text = formatMessage(m, catalog);
        expect(text, m.id).not.toMatch(/\{\w+\}/);
        // Parameters that name a message (tier.key, stage.presentation…) are translated, never shown raw.
        for (const value of Object.values(m.params)) {
          if (typeof value === 'string' && /^[a-zA-Z]+(\.[a-zA-Z]+)+$/.test(value)) {
            expect(catalog[value], `${m.id} → ${value}`).toBeDefined();
          }
        }
      }
    });
  }

  it('both catalogs hold the same ids with the same placeholders', () => {
    const { en, zh_CN } = nextActionsCatalog;
    expect(Object.keys(zh_CN).sort()).toEqual(Object.keys(en).sort());
    for (const [id, text] of Object.entries(en)) {
      expect(placeholders(zh_CN[id] ?? ''), id).toEqual(placeholders(text));
    }
  });

  it('every rule has a label, and the catalog merges with the domain labels without clashes', () => {
    for (const rule of RULE_IDS) {
      expect(nextActionsCatalog.en[`action.rule.${rule}`]).toBeDefined();
      expect(nextActionsCatalog.zh_CN[`action.rule.${rule}`]).toBeDefined();
    }
    expect(() => mergeCatalogs(domainCatalog, nextActionsCatalog)).not.toThrow();
  });

  it('reads as the design promises: "no touch in 23 days; Major accounts: every 14"', () => {
    const reason: Msg = {
      id: 'action.touchCadence.reason',
      params: { days: 23, tier: 'tier.key', cadence: 14 },
    };
    expect(formatMessage(reason, catalogs.en)).toBe(
      'no touch in 23 days; Major accounts: every 14 days',
    );
    expect(formatMessage(reason, catalogs.zh_CN)).toBe(
      '已 23 天未联系；次要客户：每 14 天联系一次',
    );
  });
});
