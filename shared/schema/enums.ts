import { z } from 'zod';

/** The value pyramid, top to bottom (docs/domain.md §3). */
export const TIERS = ['keyStrategic', 'key', 'ordinary', 'small'] as const;
export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;

/**
 * An account with no value data at all (no orders, no 12-month revenue, no potential) is not
 * yet tiered (docs/domain.md §3.5): the pyramid has nothing to rank it by.
 */
export const UNTIERED = 'untiered';
/** The tier a rep is shown: a level of the pyramid, or not yet tiered. */
export type TierOrUntiered = Tier | typeof UNTIERED;

/**
 * Where an insight's tier comes from: the pyramid, a rep's override, or nowhere yet ('untiered':
 * no value data and no override; the row's `tier` then holds 'small' only for clients that
 * predate this value, and is read through insightTier).
 */
export const TIER_SOURCES = ['pyramid', 'manual', 'untiered'] as const;
export const TierSource = z.enum(TIER_SOURCES);
export type TierSource = z.infer<typeof TierSource>;

/** Qualitative A–E flags beside the tier. */
export const FLAGS = ['A', 'B', 'C', 'D', 'E'] as const;
export const Flag = z.enum(FLAGS);
export type Flag = z.infer<typeof Flag>;

/** Customer status (客户状态). */
export const LIFECYCLE_STATUSES = [
  'potential',
  'target',
  'current',
  'lost',
  'nonCustomer',
] as const;
export const LifecycleStatus = z.enum(LIFECYCLE_STATUSES);
export type LifecycleStatus = z.infer<typeof LifecycleStatus>;

/** Loyalty ladder (客户的形成), lowest rung first. */
export const LOYALTY_RUNGS = [
  'qualifiedProspect',
  'firstTimeBuyer',
  'repeatBuyer',
  'loyalClient',
  'member',
  'advocate',
] as const;
export const LoyaltyRung = z.enum(LOYALTY_RUNGS);
export type LoyaltyRung = z.infer<typeof LoyaltyRung>;

/** Loyalty motive, weakest first. */
export const LOYALTY_MOTIVES = [
  'priceComparer',
  'habitual',
  'satisfied',
  'emotional',
  'loyal',
] as const;
export const LoyaltyMotive = z.enum(LOYALTY_MOTIVES);
export type LoyaltyMotive = z.infer<typeof LoyaltyMotive>;

/** Relationship stage with a key account, by share of wallet; interruption can happen at any stage. */
export const RELATIONSHIP_STAGES = [
  'incubation',
  'early',
  'middle',
  'partnership',
  'interruption',
] as const;
export const RelationshipStage = z.enum(RELATIONSHIP_STAGES);
export type RelationshipStage = z.infer<typeof RelationshipStage>;

/** Our standing with them. */
export const STANDINGS = ['outsider', 'friend', 'supplier', 'partner'] as const;
export const Standing = z.enum(STANDINGS);
export type Standing = z.infer<typeof Standing>;

/** Customer decision orientation. */
export const DECISION_ORIENTATIONS = ['price', 'problem', 'quality', 'strategy'] as const;
export const DecisionOrientation = z.enum(DECISION_ORIENTATIONS);
export type DecisionOrientation = z.infer<typeof DecisionOrientation>;

/** Buying-committee roles (采购角色). A contact may play several. */
export const BUYING_ROLES = [
  'initiator',
  'decisionMaker',
  'influencer',
  'user',
  'purchaser',
  'approver',
  'evaluator',
  'financialGatekeeper',
  'gatekeeper',
] as const;
export const BuyingRole = z.enum(BUYING_ROLES);
export type BuyingRole = z.infer<typeof BuyingRole>;

/** A contact's attitude to us, most favourable first. */
export const ATTITUDES = ['champion', 'supporter', 'neutral', 'skeptic', 'opponent'] as const;
export const Attitude = z.enum(ATTITUDES);
export type Attitude = z.infer<typeof Attitude>;

/** Personal motive (个人需求). */
export const MOTIVES = ['power', 'achievement', 'recognition', 'acceptance', 'security'] as const;
export const Motive = z.enum(MOTIVES);
export type Motive = z.infer<typeof Motive>;

/** Sales process stages (营销流程), in order. The last two are closed business. */
export const STAGES = [
  'identify',
  'firstContact',
  'needsAssessment',
  'presentation',
  'displaceCompetitors',
  'negotiation',
  'contractFulfilment',
  'afterSales',
] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;

export const OPEN_STAGES = [
  'identify',
  'firstContact',
  'needsAssessment',
  'presentation',
  'displaceCompetitors',
  'negotiation',
] as const satisfies readonly Stage[];
export type OpenStage = (typeof OPEN_STAGES)[number];

/** Kinds of note. visit/call/email/meeting are touches for the cadence rule. */
export const NOTE_KINDS = [
  'note',
  'visit',
  'call',
  'email',
  'meeting',
  'complaint',
  'buyingSignal',
] as const;
export const NoteKind = z.enum(NOTE_KINDS);
export type NoteKind = z.infer<typeof NoteKind>;

export const TOUCH_KINDS: ReadonlySet<NoteKind> = new Set(['visit', 'call', 'email', 'meeting']);

/** Buying signals (购买信号). */
export const BUYING_SIGNALS = [
  'askedPrice',
  'askedDelivery',
  'askedAfterSales',
  'askedDetails',
  'comparedCompetitor',
  'complainedAboutSupplier',
  'introducedSenior',
  'warmerReception',
] as const;
export const BuyingSignal = z.enum(BUYING_SIGNALS);
export type BuyingSignal = z.infer<typeof BuyingSignal>;

export const VISIBILITIES = ['team', 'private'] as const;
export const Visibility = z.enum(VISIBILITIES);
export type Visibility = z.infer<typeof Visibility>;

/**
 * What to do with an account of a tier (docs/domain.md §3.2, the strategy column), and with one
 * not yet tiered (§3.5): add its revenue or potential.
 */
export const STRATEGIES = [
  'dedicatedResources',
  'dedicatedLighter',
  'cultivateToKey',
  'cutCostToServe',
  'cultivate',
  'raisePriceOrCutCost',
  'phaseOut',
  'addValueData',
] as const;
export const Strategy = z.enum(STRATEGIES);
export type Strategy = z.infer<typeof Strategy>;
