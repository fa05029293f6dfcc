/**
 * A book for the Book page's end-to-end tests: accounts across the pyramid, segmented by the
 * shared segmentation (as the server would), with actions of every kind of urgency, deals in
 * two currencies and owners among the team.
 */
import { ulid } from 'ulid';
import { toLocal } from '../../extension/db/derive.ts';
import {
  Account,
  Contact,
  DEFAULT_SETTINGS,
  Note,
  Opportunity,
  segmentAccounts,
  Task,
} from '../../shared/index.ts';
import type { Rows } from './seed.ts';

const DAY = 86_400_000;

export interface BookFixture {
  readonly rows: Rows;
  readonly accounts: readonly Account[];
  readonly opportunities: readonly Opportunity[];
  readonly ids: {
    readonly complaint: string;
    readonly cold: string;
    readonly untiered: string;
    readonly acme: string;
  };
  readonly teammate: string;
}

/**
 * 30 accounts with 12-month revenue (the pyramid ranks them), one without value data (not yet
 * tiered), a key account with a fresh complaint (first in Today), a small one untouched for 200
 * days, a task due in three days, and deals at several stages in USD and EUR. `me` owns the
 * first half; a teammate owns the rest.
 */
export function bookFixture(me: string, now = Date.now()): BookFixture {
  const teammate = ulid();
  const accounts: Account[] = [];
  for (let i = 0; i < 30; i++) {
    accounts.push(
      Account.parse({
        id: ulid(),
        createdAt: now - 200 * DAY,
        name: i === 0 ? 'Acme Robotics' : `Account ${String(i).padStart(2, '0')}`,
        domains: i === 0 ? ['acme-robotics.com'] : [`account-${i}.example`],
        revenue12m: 1_000_000 / (i + 1),
        ownerId: i < 15 ? me : teammate,
      }),
    );
  }
  const untiered = Account.parse({
    id: ulid(),
    createdAt: now - 2 * DAY,
    name: 'Umbrella Holdings',
    domains: ['umbrella.example'],
    ownerId: me,
  });
  accounts.push(untiered);
  const acme = accounts[0] as Account;
  const complaintAccount = accounts[3] as Account;
  const cold = accounts[29] as Account;
  const insights = [
    ...segmentAccounts(accounts, DEFAULT_SETTINGS, now, {
      openOpportunityAccountIds: new Set(),
    }).values(),
  ];
  const opportunities = [
    ['Line 4 arms', 'presentation', 120_000, 'USD', acme.id, 3],
    ['Spare parts', 'negotiation', 40_000, 'USD', accounts[1]?.id, 2],
    ['Service contract', 'contractFulfilment', 25_000, 'USD', accounts[2]?.id, 1],
    ['Pilot cell', 'needsAssessment', 60_000, 'EUR', accounts[16]?.id, 45],
    ['Retrofit', 'firstContact', 15_000, 'EUR', accounts[20]?.id, 10],
  ].map(([name, stage, amount, currency, accountId, days]) =>
    Opportunity.parse({
      id: ulid(),
      createdAt: now - 60 * DAY,
      accountId,
      name,
      stage,
      amount,
      currency,
      stageChangedAt: now - (days as number) * DAY,
    }),
  );
  const contacts = [
    Contact.parse({
      id: ulid(),
      createdAt: now,
      accountId: acme.id,
      name: 'Jane Doe',
      title: 'CTO',
      emails: ['jane@acme-robotics.com'],
      roles: ['decisionMaker'],
    }),
    Contact.parse({
      id: ulid(),
      createdAt: now,
      accountId: accounts[5]?.id,
      name: '王小明',
      emails: ['xiaoming@account-5.example'],
    }),
  ];
  const notes = [
    Note.parse({
      id: ulid(),
      createdAt: now - 3_600_000,
      kind: 'complaint',
      body: 'Delivery arrived damaged.',
      accountId: complaintAccount.id,
      authorId: me,
      at: now - 3_600_000,
    }),
    // Touched recently: only the complaint and the cold account stand out.
    ...accounts
      .filter((a) => a !== cold && a !== untiered)
      .map((a) =>
        Note.parse({
          id: ulid(),
          createdAt: now - 2 * DAY,
          kind: 'visit',
          body: 'Visit.',
          accountId: a.id,
          authorId: me,
          at: now - 2 * DAY,
        }),
      ),
  ];
  const tasks = [
    Task.parse({
      id: ulid(),
      createdAt: now,
      title: 'Send the revised quote',
      accountId: acme.id,
      dueAt: now + 3 * DAY,
    }),
  ];
  return {
    rows: {
      accounts: accounts.map((a) => toLocal('accounts', a)),
      account_insights: insights,
      contacts,
      opportunities,
      notes,
      tasks,
    },
    accounts,
    opportunities,
    ids: {
      complaint: complaintAccount.id,
      cold: cold.id,
      untiered: untiered.id,
      acme: acme.id,
    },
    teammate,
  };
}
