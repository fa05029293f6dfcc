import type { CoverageGap } from '../roles/index.ts';
import type { AccountContext } from './types.ts';

/**
 * The three "find the right person" rules share one reading of the committee, made once per
 * account by the engine (ctx.coverageGaps, empty without an open deal). The oldest open deal,
 * ctx.openOpportunities[0], anchors the occurrence: a gap marked done stays done for that deal,
 * and comes back with the next one.
 */
export function gapOf<K extends CoverageGap['kind']>(
  ctx: AccountContext,
  kind: K,
): Extract<CoverageGap, { kind: K }> | undefined {
  for (const gap of ctx.coverageGaps) {
    // The kind check is the discriminant; TypeScript cannot narrow a generic K by it.
    if (gap.kind === kind) return gap as Extract<CoverageGap, { kind: K }>;
  }
  return undefined;
}
