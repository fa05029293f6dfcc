/**
 * The buying committee (关键人, 采购角色; docs/domain.md §8): who decides, who influences, who
 * opposes, and the coverage gaps of "find the right person" (找对人).
 *
 * Functions here take the contacts of one account. Deleted contacts are ignored everywhere.
 */
import {
  ATTITUDES,
  type Attitude,
  type BuyingRole,
  type Contact,
  MOTIVES,
  type Motive,
} from '../schema/index.ts';

/**
 * Roles in the order a rep should read them: the people who sign first, then those who can
 * stop or steer the deal (money, technical verdict), then those who shape it, then those who
 * carry it out. This is the order of a committee view and of every role list in the UI.
 */
export const ROLE_ORDER = [
  'decisionMaker',
  'approver',
  'financialGatekeeper',
  'evaluator',
  'influencer',
  'initiator',
  'user',
  'purchaser',
  'gatekeeper',
] as const satisfies readonly BuyingRole[];

/** Roles that make the decision: their yes is the deal. */
export const DECIDING_ROLES = [
  'decisionMaker',
  'approver',
] as const satisfies readonly BuyingRole[];

/**
 * Roles that shape the decision without making it. The gatekeepers (financial, technical and
 * the one at the door) can block a deal but not sign it, so they sit with the influencers.
 */
export const INFLUENCING_ROLES = [
  'financialGatekeeper',
  'evaluator',
  'influencer',
  'initiator',
  'user',
  'purchaser',
  'gatekeeper',
] as const satisfies readonly BuyingRole[];

/** Attitudes most favourable first: the order of the schema, which is the order reps rank them. */
export const ATTITUDE_ORDER: readonly Attitude[] = ATTITUDES;

/** Attitudes that count as opposition in the committee view. */
export const OPPOSING_ATTITUDES = ['opponent', 'skeptic'] as const satisfies readonly Attitude[];

/** Personal motives (个人需求) in the order docs/domain.md §8 lists them. */
export const MOTIVE_ORDER: readonly Motive[] = MOTIVES;

const roleRank = new Map<BuyingRole, number>(ROLE_ORDER.map((r, i) => [r, i]));
const attitudeRank = new Map<Attitude, number>(ATTITUDE_ORDER.map((a, i) => [a, i]));
const deciding: ReadonlySet<BuyingRole> = new Set(DECIDING_ROLES);
const influencing: ReadonlySet<BuyingRole> = new Set(INFLUENCING_ROLES);
const opposing: ReadonlySet<Attitude> = new Set(OPPOSING_ATTITUDES);

/** A contact's roles in ROLE_ORDER, duplicates removed. */
export function sortRoles(roles: readonly BuyingRole[]): BuyingRole[] {
  return [...new Set(roles)].sort((a, b) => (roleRank.get(a) ?? 0) - (roleRank.get(b) ?? 0));
}

/** Rank of the most important role a contact plays; contacts without a role rank last. */
export function topRoleRank(contact: Pick<Contact, 'roles'>): number {
  let best: number = ROLE_ORDER.length;
  for (const r of contact.roles) best = Math.min(best, roleRank.get(r) ?? best);
  return best;
}

// An unknown attitude sits between neutral and skeptic: we neither count on them nor fear them.
const unknownAttitudeRank = 2.5;
const attitudeRankOf = (c: Pick<Contact, 'attitude'>): number =>
  c.attitude === undefined
    ? unknownAttitudeRank
    : (attitudeRank.get(c.attitude) ?? unknownAttitudeRank);

/**
 * The order of people within a committee group: most important role first; among equals the
 * friendliest first (whom to call), then the strongest relationship, then by name, then by id
 * so the order never depends on the order contacts were stored in.
 */
export function compareContacts(a: Contact, b: Contact): number {
  return (
    topRoleRank(a) - topRoleRank(b) ||
    attitudeRankOf(a) - attitudeRankOf(b) ||
    (b.relationshipStrength ?? 0) - (a.relationshipStrength ?? 0) ||
    compareText(a.name, b.name) ||
    compareText(a.id, b.id)
  );
}

/** Opposition is read the other way round: outright opponents first, the most powerful first. */
function compareOpponents(a: Contact, b: Contact): number {
  return (
    attitudeRankOf(b) - attitudeRankOf(a) ||
    topRoleRank(a) - topRoleRank(b) ||
    compareText(a.name, b.name) ||
    compareText(a.id, b.id)
  );
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface Committee {
  /** Contacts playing a deciding role (decision maker, approver). */
  readonly deciders: readonly Contact[];
  /** Contacts playing only influencing roles (gatekeepers included). */
  readonly influencers: readonly Contact[];
  /**
   * Contacts who are opponents or skeptics, whatever their role: a decision maker who opposes us
   * is both a decider and an opponent, and the rep must see them in both places.
   */
  readonly opponents: readonly Contact[];
  /** Contacts with no known role yet: people to place in the committee. */
  readonly unplaced: readonly Contact[];
}

/**
 * The buying committee of one account. deciders, influencers and unplaced partition the live
 * contacts; opponents cuts across them.
 */
export function committee(contacts: readonly Contact[]): Committee {
  const deciders: Contact[] = [];
  const influencers: Contact[] = [];
  const opponents: Contact[] = [];
  const unplaced: Contact[] = [];
  for (const c of contacts) {
    if (c.deleted) continue;
    if (c.roles.some((r) => deciding.has(r))) deciders.push(c);
    else if (c.roles.some((r) => influencing.has(r))) influencers.push(c);
    else unplaced.push(c);
    if (c.attitude !== undefined && opposing.has(c.attitude)) opponents.push(c);
  }
  deciders.sort(compareContacts);
  influencers.sort(compareContacts);
  unplaced.sort(compareContacts);
  opponents.sort(compareOpponents);
  return { deciders, influencers, opponents, unplaced };
}

export const COVERAGE_GAP_KINDS = ['noDecisionMaker', 'noChampion', 'opponentActive'] as const;
export type CoverageGapKind = (typeof COVERAGE_GAP_KINDS)[number];

export type CoverageGap =
  | { readonly kind: 'noDecisionMaker' }
  | { readonly kind: 'noChampion' }
  /** The opponents, most powerful first. */
  | { readonly kind: 'opponentActive'; readonly contactIds: readonly string[] };

/**
 * Find the right person (找对人): on an account with an open deal, no known decision maker, no
 * champion, or an active opponent is a gap to act on. Without an open deal there is nothing to
 * cover, so no gaps.
 *
 * Strict readings, on purpose: an approver is not a decision maker (someone else still decides),
 * a supporter is not a champion (they will not sell for us inside), and only an outright
 * opponent is "active" (a skeptic can be won with facts; the committee view still lists them).
 */
export function coverageGaps(
  contacts: readonly Contact[],
  hasOpenOpportunity: boolean,
): CoverageGap[] {
  if (!hasOpenOpportunity) return [];
  let decisionMaker = false;
  let champion = false;
  let opponents: Contact[] | undefined;
  for (const c of contacts) {
    if (c.deleted) continue;
    if (c.roles.includes('decisionMaker')) decisionMaker = true;
    if (c.attitude === 'champion') champion = true;
    else if (c.attitude === 'opponent') {
      if (opponents === undefined) opponents = [c];
      else opponents.push(c);
    }
  }
  const gaps: CoverageGap[] = [];
  if (!decisionMaker) gaps.push(NO_DECISION_MAKER);
  if (!champion) gaps.push(NO_CHAMPION);
  if (opponents !== undefined) {
    if (opponents.length > 1) opponents.sort(compareOpponents);
    gaps.push({ kind: 'opponentActive', contactIds: opponents.map((c) => c.id) });
  }
  return gaps;
}

// The two gaps without data are shared: the next-actions engine asks for thousands of accounts.
const NO_DECISION_MAKER: CoverageGap = Object.freeze({ kind: 'noDecisionMaker' });
const NO_CHAMPION: CoverageGap = Object.freeze({ kind: 'noChampion' });
