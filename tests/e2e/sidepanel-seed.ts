/**
 * A full account for the side panel's layout tests and screenshots: a long name, an owner from
 * the team, a key tier, several deals (one with a long next step) and contacts with long names
 * and titles, notes, a task and an order. tests/e2e/seed.ts puts the rows into the database.
 */
import { ulid } from 'ulid';
import { toLocal } from '../../extension/db/derive.ts';
import { Account, AccountInsight, Contact, Note, Opportunity, Task } from '../../shared/index.ts';
import type { Rows } from './seed.ts';

const DAY = 86_400_000;

export interface FullAccount {
  readonly accountId: string;
  readonly name: string;
  readonly ownerName: string;
  readonly contactIds: readonly string[];
  readonly rows: Rows;
}

export function fullAccount(now = Date.now()): FullAccount {
  const accountId = ulid();
  const ownerId = ulid();
  const ownerName = 'Alice Zhang';
  const name = 'Zhejiang Hangzhou Intelligent Manufacturing Robotics Holdings Group Co., Ltd.';
  const account = Account.parse({
    id: accountId,
    createdAt: now - 400 * DAY,
    name,
    domains: ['zhejiang-hangzhou-intelligent-robotics-holdings.com.cn', 'hz-robotics.cn'],
    ownerId,
    address: '88 Wensan Road, Xihu District, Hangzhou, Zhejiang Province 310012, China',
    phone: '+86 571 8888 0000',
    industry: 'Industrial automation',
    businessProfile:
      'Builds welding and palletising cells for automotive suppliers across the Yangtze delta.',
    contactPoints: [{ label: 'General enquiries', email: 'info@hz-robotics.cn' }],
    revenue12m: 1_250_000,
    marginPct: 22,
    potentialRevenue: 3_400_000,
    orders: [
      { at: now - 200 * DAY, amount: 480_000 },
      { at: now - 90 * DAY, amount: 770_000 },
    ],
  });
  const insight = AccountInsight.parse({
    id: accountId,
    tier: 'key',
    tierSource: 'pyramid',
    rank: 4,
    bookSize: 120,
    value: { historical: 1, current: 1, potential: 1, total: 3 },
    flags: ['A'],
    status: 'current',
    loyalty: 'repeatBuyer',
    relationshipStage: 'middle',
    strategy: 'dedicatedLighter',
    computedAt: now,
  });
  const contact = (fields: Record<string, unknown>) =>
    Contact.parse({ id: ulid(), createdAt: now, accountId, ...fields });
  const contacts = [
    contact({
      name: 'Maximilian Alexander von Hohenzollern-Sigmaringen',
      title: 'Senior Vice President, Global Procurement and Supplier Development',
      emails: ['maximilian.von.hohenzollern-sigmaringen@hz-robotics.cn'],
      roles: ['decisionMaker', 'approver', 'financialGatekeeper'],
      attitude: 'supporter',
      relationshipStrength: 4,
    }),
    contact({
      name: '欧阳晓明',
      title: '技术总监',
      roles: ['evaluator', 'influencer'],
      attitude: 'champion',
    }),
    contact({
      name: 'Jane Doe',
      title: 'Plant manager',
      roles: ['user'],
      attitude: 'skeptic',
    }),
  ];
  const deal = (fields: Record<string, unknown>) =>
    Opportunity.parse({
      id: ulid(),
      createdAt: now,
      accountId,
      currency: 'USD',
      stageChangedAt: now - 5 * DAY,
      ...fields,
    });
  const opportunities = [
    deal({
      name: 'Line 3 retrofit: twelve welding cells with vision-guided seam tracking',
      stage: 'negotiation',
      amount: 1_840_000,
      expectedCloseAt: now + 40 * DAY,
      nextStep: 'Send the revised quote with the extended service contract to procurement',
    }),
    deal({
      name: 'Palletising pilot',
      stage: 'presentation',
      amount: 95_000,
      expectedCloseAt: now + 75 * DAY,
    }),
    deal({ name: 'Spare parts 2026', stage: 'contractFulfilment', amount: 240_000 }),
  ];
  const notes = [
    Note.parse({
      id: ulid(),
      createdAt: now - 2 * DAY,
      kind: 'visit',
      body: 'Visited the plant with 欧阳晓明; they want a demo of the seam tracking before the board meets.',
      accountId,
      contactIds: [contacts[1]?.id],
      authorId: ownerId,
      at: now - 2 * DAY,
    }),
    Note.parse({
      id: ulid(),
      createdAt: now - 9 * DAY,
      kind: 'call',
      body: 'Budget confirmed for Q3.',
      accountId,
      contactIds: [contacts[0]?.id],
      authorId: ownerId,
      at: now - 9 * DAY,
    }),
  ];
  const tasks = [
    Task.parse({
      id: ulid(),
      createdAt: now,
      accountId,
      title: 'Book the demo cell in Suzhou',
      dueAt: now + 3 * DAY,
    }),
  ];
  return {
    accountId,
    name,
    ownerName,
    contactIds: contacts.map((c) => c.id),
    // `meta` is not a synced table: the team's member names, as the sync client stores them.
    rows: {
      accounts: [toLocal('accounts', account)],
      account_insights: [insight],
      contacts,
      opportunities,
      notes,
      tasks,
      meta: [
        {
          key: 'sync.team',
          value: { teamName: 'Sales East', members: [{ id: ownerId, name: ownerName }] },
        },
      ],
    } as Rows,
  };
}
