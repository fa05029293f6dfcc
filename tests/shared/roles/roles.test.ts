import { describe, expect, it } from 'vitest';
import {
  ATTITUDE_ORDER,
  COVERAGE_GAP_KINDS,
  committee,
  coverageGaps,
  DECIDING_ROLES,
  INFLUENCING_ROLES,
  MOTIVE_ORDER,
  ROLE_ORDER,
  sortRoles,
} from '../../../shared/roles/index.ts';
import { ATTITUDES, BUYING_ROLES, MOTIVES } from '../../../shared/schema/index.ts';
import { account, contact, makeId } from '../next-actions/fixtures.ts';

const acme = account(1);
const A = acme.id;

describe('role, attitude and motive orderings', () => {
  it('ROLE_ORDER lists every buying role once, deciders first', () => {
    expect([...ROLE_ORDER].sort()).toEqual([...BUYING_ROLES].sort());
    expect(ROLE_ORDER.slice(0, 2)).toEqual(['decisionMaker', 'approver']);
  });

  it('every role is either deciding or influencing, never both', () => {
    const all = [...DECIDING_ROLES, ...INFLUENCING_ROLES];
    expect(all.sort()).toEqual([...BUYING_ROLES].sort());
    expect(new Set(all).size).toBe(BUYING_ROLES.length);
  });

  it('attitudes run from champion to opponent; motives keep the order docs/domain.md gives', () => {
    expect(ATTITUDE_ORDER).toEqual(ATTITUDES);
    expect(ATTITUDE_ORDER[0]).toBe('champion');
    expect(ATTITUDE_ORDER.at(-1)).toBe('opponent');
    expect(MOTIVE_ORDER).toEqual(MOTIVES);
  });

  it('sortRoles puts a contact’s roles in ROLE_ORDER without repeats', () => {
    expect(sortRoles(['user', 'decisionMaker', 'user', 'evaluator'])).toEqual([
      'decisionMaker',
      'evaluator',
      'user',
    ]);
  });
});

describe('committee: who decides, who influences, who opposes', () => {
  const ceo = contact(1, A, { name: 'Zhang Wei', roles: ['decisionMaker'], attitude: 'neutral' });
  const cfo = contact(2, A, { name: 'Li Na', roles: ['approver', 'financialGatekeeper'] });
  const cto = contact(3, A, { name: 'Wang Fang', roles: ['evaluator'], attitude: 'champion' });
  const buyer = contact(4, A, { name: 'Chen Jie', roles: ['purchaser'], attitude: 'skeptic' });
  const newcomer = contact(5, A, { name: 'Liu Yang' });
  const vp = contact(6, A, { name: 'Zhao Lei', roles: ['decisionMaker'], attitude: 'opponent' });
  const champ = contact(7, A, { name: 'Sun Li', roles: ['decisionMaker'], attitude: 'champion' });
  const gone = contact(8, A, { name: 'Gone', roles: ['decisionMaker'], deleted: true });

  const c = committee([newcomer, buyer, cto, cfo, ceo, vp, champ, gone]);

  it('decision makers and approvers decide; within a role the friendliest comes first', () => {
    expect(c.deciders.map((x) => x.name)).toEqual(['Sun Li', 'Zhang Wei', 'Zhao Lei', 'Li Na']);
  });

  it('gatekeepers, evaluators and purchasers influence, most important role first', () => {
    expect(c.influencers.map((x) => x.name)).toEqual(['Wang Fang', 'Chen Jie']);
  });

  it('opponents and skeptics oppose whatever their role, outright opponents first', () => {
    expect(c.opponents.map((x) => x.name)).toEqual(['Zhao Lei', 'Chen Jie']);
  });

  it('contacts with no known role are left to be placed; deleted contacts are ignored', () => {
    expect(c.unplaced.map((x) => x.name)).toEqual(['Liu Yang']);
    const everyone = [...c.deciders, ...c.influencers, ...c.opponents, ...c.unplaced];
    expect(everyone.some((x) => x.name === 'Gone')).toBe(false);
  });
});

describe('coverage gaps (找对人)', () => {
  it('an account without an open opportunity has no gaps, however thin its committee', () => {
    expect(coverageGaps([], false)).toEqual([]);
    expect(coverageGaps([contact(1, A, { attitude: 'opponent' })], false)).toEqual([]);
  });

  it('an open deal with nobody known lacks a decision maker and a champion', () => {
    expect(coverageGaps([], true)).toEqual([{ kind: 'noDecisionMaker' }, { kind: 'noChampion' }]);
  });

  it('an approver is not a decision maker and a supporter is not a champion', () => {
    const gaps = coverageGaps(
      [contact(1, A, { roles: ['approver'], attitude: 'supporter' })],
      true,
    );
    expect(gaps.map((g) => g.kind)).toEqual(['noDecisionMaker', 'noChampion']);
  });

  it('a known decision maker and a champion close both gaps', () => {
    const gaps = coverageGaps(
      [contact(1, A, { roles: ['decisionMaker'] }), contact(2, A, { attitude: 'champion' })],
      true,
    );
    expect(gaps).toEqual([]);
  });

  it('an active opponent is a gap listing the opponents, the most powerful first; skeptics are not', () => {
    const gaps = coverageGaps(
      [
        contact(1, A, { roles: ['decisionMaker'], attitude: 'champion' }),
        contact(2, A, { roles: ['user'], attitude: 'opponent' }),
        contact(3, A, { roles: ['approver'], attitude: 'opponent' }),
        contact(4, A, { roles: ['evaluator'], attitude: 'skeptic' }),
      ],
      true,
    );
    expect(gaps).toEqual([
      { kind: 'opponentActive', contactIds: [makeId('C', 3), makeId('C', 2)] },
    ]);
  });

  it('deleted contacts neither cover a gap nor open one', () => {
    const gaps = coverageGaps(
      [
        contact(1, A, { roles: ['decisionMaker'], attitude: 'champion', deleted: true }),
        contact(2, A, { attitude: 'opponent', deleted: true }),
      ],
      true,
    );
    expect(gaps.map((g) => g.kind)).toEqual(['noDecisionMaker', 'noChampion']);
  });

  it('gap kinds are the three docs/domain.md names', () => {
    expect(COVERAGE_GAP_KINDS).toEqual(['noDecisionMaker', 'noChampion', 'opponentActive']);
  });
});
