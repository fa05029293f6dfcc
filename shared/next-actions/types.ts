import type { Msg } from '../i18n/index.ts';
import type { CoverageGap } from '../roles/index.ts';
import type {
  Account,
  AccountInsight,
  ActionDecision,
  Contact,
  Flag,
  LifecycleStatus,
  Note,
  Opportunity,
  RelationshipStage,
  Task,
  TeamSettings,
  TierOrUntiered,
} from '../schema/index.ts';

export const RULE_IDS = [
  'touchCadence',
  'missingDecisionMaker',
  'noChampion',
  'opponentActive',
  'stageStale',
  'reorderDue',
  'complaintOverdue',
  'buyingSignal',
  'upgradePlan',
  'unprofitable',
  'incompleteFile',
  'winBack',
  'notYetTiered',
  'task',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/**
 * 0 is the most urgent, and only for complaints on key accounts: they come before everything
 * else (docs/domain.md §10.3); 1–4 for the rest.
 */
export type Priority = 0 | 1 | 2 | 3 | 4;

export interface Action {
  /**
   * Stable for one occurrence of the situation, so a decision on it ('done', 'snoozed') sticks;
   * a new occurrence (a new lapse after a new touch, a new complaint) has a new key.
   */
  readonly key: string;
  readonly rule: RuleId;
  /** Absent only for a manual task attached to no account. */
  readonly accountId?: string;
  readonly contactId?: string;
  readonly opportunityId?: string;
  readonly title: Msg;
  /** Why, with the numbers that triggered it. */
  readonly reason: Msg;
  readonly dueAt: number;
  readonly priority: Priority;
}

/** What the engine reads. Rows may include tombstones (deleted): they are ignored. */
export interface Snapshot {
  readonly accounts: readonly Account[];
  readonly contacts: readonly Contact[];
  readonly notes: readonly Note[];
  readonly opportunities: readonly Opportunity[];
  readonly tasks: readonly Task[];
  readonly decisions: readonly ActionDecision[];
  /**
   * The segmentation by account id, as the server wrote it. Absent: computed here over the
   * snapshot's accounts, which is right only when the snapshot holds the whole book.
   */
  readonly insights?: ReadonlyMap<string, AccountInsight>;
}

/**
 * Everything a rule may read about one account, built once per call in one pass over the
 * snapshot. Rows are live (not deleted). Notes are not handed over whole: the builder keeps the
 * readings rules need (last touch, open complaints, buying signals), so no rule rescans every
 * note of the book; a rule that needs another reading adds it to the builder (engine.ts).
 */
export interface AccountContext {
  readonly account: Account;
  /** Undefined when the segmentation has not seen the account yet (a new account). */
  readonly insight: AccountInsight | undefined;
  /**
   * The tier shown for the account (shownTier): the insight's, 'untiered' included; for an
   * account not segmented yet its manual tier, else 'untiered' without value data, else small.
   */
  readonly tier: TierOrUntiered;
  /** The insight's flags and the account's manual flags. */
  readonly flags: readonly Flag[];
  /** The insight's status, or the account's manual status; undefined when neither is known. */
  readonly status: LifecycleStatus | undefined;
  readonly relationshipStage: RelationshipStage | undefined;
  readonly contacts: readonly Contact[];
  readonly opportunities: readonly Opportunity[];
  /** Open opportunities (see pipeline.isOpen), oldest id first. */
  readonly openOpportunities: readonly Opportunity[];
  /** Open manual tasks (no doneAt). */
  readonly tasks: readonly Task[];
  /** Complaint notes without resolvedAt. */
  readonly openComplaints: readonly Note[];
  /** Buying-signal notes, any age. */
  readonly buyingSignals: readonly Note[];
  /** Find-the-right-person gaps (roles.coverageGaps); empty without an open opportunity. */
  readonly coverageGaps: readonly CoverageGap[];
  /** Time of the latest touch note (visit, call, e-mail, meeting). */
  readonly lastTouchAt: number | undefined;
  /** Latest progress on any of the account's opportunities not lost (committed next step or stage change). */
  readonly lastProgressAt: number | undefined;
  readonly settings: TeamSettings;
  readonly now: number;
}

/**
 * A rule: a pure function from one account's context to its actions, which it appends to `out`
 * (most accounts get nothing from most rules; appending spares the engine an array per call).
 * It reads nothing but the context and changes nothing but `out`.
 */
export interface Rule {
  readonly id: RuleId;
  readonly run: (ctx: AccountContext, out: Action[]) => void;
}
