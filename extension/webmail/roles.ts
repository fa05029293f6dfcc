import type { Attitude, BuyingRole } from '../../shared/index.ts';

/**
 * shared/roles' ROLE_ORDER and the attitudes, restated as plain lists: importing them would
 * bring zod and the rest of shared/ into a bundle that every webmail page loads.
 * tests/webmail/panel.test.ts keeps them equal to the originals.
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

export const OPPOSING: ReadonlySet<Attitude> = new Set<Attitude>(['opponent', 'skeptic']);

const rank = new Map<BuyingRole, number>(ROLE_ORDER.map((r, i) => [r, i]));

/** A contact's roles in the order reps read them. */
export const sortRoles = (roles: readonly BuyingRole[]): BuyingRole[] =>
  [...new Set(roles)].sort((a, b) => (rank.get(a) ?? 99) - (rank.get(b) ?? 99));
