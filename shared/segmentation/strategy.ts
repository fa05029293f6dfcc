import type { Flag, Strategy, TierOrUntiered } from '../schema/index.ts';
import { FLAG_BIT, maskFromFlags } from './flags.ts';

/**
 * What to do with an account (docs/domain.md §3.2, the pyramid's strategy column):
 * - key-strategic → dedicated resources, planned senior visits, solicit their opinion,
 *   complaints handled first; key → the same, lighter. Flags do not change these.
 * - ordinary → with upgrade potential (B) cultivate into key, without it cut the cost to serve.
 *   An unprofitable (D) ordinary account also gets "cut the cost to serve", even with B:
 *   it must pay its way before it is worth cultivating.
 * - small → unprofitable (D) phase out (淘汰); with potential (B) cultivate; otherwise raise
 *   the price or cut the cost to serve.
 * - not yet tiered (§3.5) → add its revenue or potential, whatever its flags: until then no
 *   advice about price or cost is founded.
 */
export function strategyFor(tier: TierOrUntiered, flags: readonly Flag[]): Strategy {
  return strategyForMask(tier, maskFromFlags(flags));
}

export function strategyForMask(tier: TierOrUntiered, mask: number): Strategy {
  switch (tier) {
    case 'untiered':
      return 'addValueData';
    case 'keyStrategic':
      return 'dedicatedResources';
    case 'key':
      return 'dedicatedLighter';
    case 'ordinary':
      return (mask & FLAG_BIT.D) === 0 && (mask & FLAG_BIT.B) !== 0
        ? 'cultivateToKey'
        : 'cutCostToServe';
    case 'small':
      if ((mask & FLAG_BIT.D) !== 0) return 'phaseOut';
      return (mask & FLAG_BIT.B) !== 0 ? 'cultivate' : 'raisePriceOrCutCost';
  }
}
