/**
 * Builders for next-actions, roles and pipeline tests: plain typed rows with the schema's
 * defaults, ids that are valid ULIDs and readable in failures (kind letter + number).
 */

import { type Action, nextActions, type Snapshot } from '../../../shared/next-actions/index.ts';
import {
  type Account,
  type AccountInsight,
  type ActionDecision,
  type Contact,
  DEFAULT_SETTINGS,
  type Note,
  type Opportunity,
  type Task,
  type TeamSettings,
} from '../../../shared/schema/index.ts';
import { DAY_MS } from '../../../shared/segmentation/orders.ts';

export { DAY_MS };
export const HOUR_MS = 3_600_000;
/** 2025-06-01T00:00:00Z: every test's "now". */
export const NOW = Date.UTC(2025, 5, 1);
export const daysAgo = (days: number): number => NOW - days * DAY_MS;
export const hoursAgo = (hours: number): number => NOW - hours * HOUR_MS;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A valid ULID for test row n of a kind: 01HV + kind letter + n in base 32. */
export function makeId(kind: 'A' | 'C' | 'N' | 'P' | 'T' | 'D' | 'M', n: number): string {
  let digits = '';
  let rest = n;
  do {
    digits = (CROCKFORD[rest % 32] as string) + digits;
    rest = Math.floor(rest / 32);
  } while (rest > 0);
  return `01HV${kind}${digits.padStart(21, '0')}`;
}

const BASE = Date.UTC(2024, 0, 1);

export function account(n: number, fields: Partial<Account> = {}): Account {
  return {
    id: makeId('A', n),
    createdAt: BASE,
    deleted: false,
    name: `Account ${n}`,
    domains: [],
    contactPoints: [],
    orders: [],
    ...fields,
  };
}

/** An account whose file is complete, so incompleteFile stays quiet unless a test wants it. */
export function fullAccount(n: number, fields: Partial<Account> = {}): Account {
  return account(n, {
    address: '1 Main Street',
    phone: '+1 555 0100',
    industry: 'Machinery',
    businessProfile: 'Family-owned',
    industryPosition: 'Regional leader',
    distributionCapacity: '40 dealers',
    capitalStrength: 'Strong',
    commercialCredit: 'Pays on time',
    cooperationIntent: 'High',
    ...fields,
  });
}

export function contact(n: number, accountId: string, fields: Partial<Contact> = {}): Contact {
  return {
    id: makeId('C', n),
    createdAt: BASE,
    deleted: false,
    accountId,
    name: `Contact ${n}`,
    emails: [],
    phones: [],
    roles: [],
    ...fields,
  };
}

export function note(n: number, fields: Partial<Note> & Pick<Note, 'kind' | 'at'>): Note {
  return {
    id: makeId('N', n),
    createdAt: fields.at,
    deleted: false,
    body: '',
    contactIds: [],
    visibility: 'team',
    authorId: makeId('M', 1),
    ...fields,
  };
}

export function opportunity(
  n: number,
  accountId: string,
  fields: Partial<Opportunity> = {},
): Opportunity {
  return {
    id: makeId('P', n),
    createdAt: daysAgo(60),
    deleted: false,
    accountId,
    name: `Deal ${n}`,
    stage: 'needsAssessment',
    amount: 1000,
    currency: 'USD',
    competitors: [],
    stageChangedAt: daysAgo(5),
    ...fields,
  };
}

export function task(n: number, fields: Partial<Task> = {}): Task {
  return {
    id: makeId('T', n),
    createdAt: daysAgo(3),
    deleted: false,
    title: `Task ${n}`,
    ...fields,
  };
}

export function decision(
  n: number,
  actionKey: string,
  fields: Partial<ActionDecision> = {},
): ActionDecision {
  return {
    id: makeId('D', n),
    createdAt: NOW,
    deleted: false,
    actionKey,
    decision: 'done',
    ...fields,
  };
}

export function insight(accountId: string, fields: Partial<AccountInsight> = {}): AccountInsight {
  return {
    id: accountId,
    deleted: false,
    tier: 'ordinary',
    tierSource: 'pyramid',
    rank: 1,
    bookSize: 1,
    value: { historical: 0, current: 0, potential: 0, total: 0 },
    flags: [],
    status: 'current',
    loyalty: 'repeatBuyer',
    relationshipStage: 'middle',
    strategy: 'cutCostToServe',
    computedAt: NOW,
    ...fields,
  };
}

export function snapshot(parts: Partial<Snapshot>): Snapshot {
  return {
    accounts: [],
    contacts: [],
    notes: [],
    opportunities: [],
    tasks: [],
    decisions: [],
    ...parts,
  };
}

/** Insights for the given accounts: `fields` per account id, ordinary/current by default. */
export function insightsFor(
  entries: readonly (readonly [string, Partial<AccountInsight>])[],
): Map<string, AccountInsight> {
  return new Map(entries.map(([id, fields]) => [id, insight(id, fields)]));
}

/**
 * The engine over a snapshot of these parts: by default with the default settings at NOW, so a
 * test states only what it varies.
 */
export function run(
  parts: Partial<Snapshot>,
  { settings = DEFAULT_SETTINGS, now = NOW }: { settings?: TeamSettings; now?: number } = {},
): Action[] {
  return nextActions(snapshot(parts), settings, now);
}
