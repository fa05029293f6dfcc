// Segmentation (docs/domain.md §2–§7): value, pyramid tiers, A–E flags, status, loyalty,
// relationship.
// orders.ts (the rice-shop prediction) is exported from shared/index.ts directly.
export { flagsFor, isKeyTier } from './flags.ts';
export { hasBought, lifecycleStatus, loyaltyRung, relationshipStage } from './lifecycle.ts';
export { pyramidCounts } from './pyramid.ts';
export { type SegmentationContext, segmentAccounts } from './segment.ts';
export { strategyFor } from './strategy.ts';
export { hasValueData, insightTier, shownTier } from './untiered.ts';
export { type CustomerValue, customerValue, YEAR_MS } from './value.ts';
