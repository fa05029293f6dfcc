import type {
  Flag,
  LifecycleStatus,
  LoyaltyRung,
  Msg,
  Priority,
  RelationshipStage,
  RuleId,
  TierOrUntiered,
} from '../../shared/index.ts';

/**
 * One account as the Book page's table, pyramid and filters read it: derived from the synced
 * rows by refresh.ts, never synced itself. Everything a column, a filter or the search needs is
 * here, so the page never has to read contacts, notes or opportunities to draw the table.
 */
export interface BookRow {
  readonly accountId: string;
  readonly name: string;
  readonly domains: readonly string[];
  readonly tier: TierOrUntiered;
  /** The rep set the tier by hand (a tier override), rather than the pyramid. */
  readonly tierManual: boolean;
  readonly status: LifecycleStatus | undefined;
  readonly relationship: RelationshipStage | undefined;
  readonly loyalty: LoyaltyRung | undefined;
  /** '' when the account has no owner. */
  readonly ownerId: string;
  readonly flags: readonly Flag[];
  /** The segmentation's total value (0 before the server segmented the account). */
  readonly value: number;
  /** Rank by value in the book, 1 first; undefined when not segmented or not yet tiered. */
  readonly rank: number | undefined;
  readonly lastTouchAt: number | undefined;
  /** The tier's touch cadence; undefined for an account not yet tiered (it has none). */
  readonly cadenceDays: number | undefined;
  /** When the account goes (or went) past its cadence; undefined without a cadence. */
  readonly cadenceDueAt: number | undefined;
  /** Open opportunities' amounts, summed per currency (never converted). */
  readonly openAmounts: readonly { readonly currency: string; readonly amount: number }[];
  readonly openDeals: number;
  /** No contact in the decision-maker role. */
  readonly noDecisionMaker: boolean;
  /** The first of the account's next actions, if any. */
  readonly next: { readonly title: Msg; readonly dueAt: number } | undefined;
  readonly actionCount: number;
  /** Contacts' names and e-mails, for the table's search. */
  readonly contactNames: readonly string[];
  readonly emails: readonly string[];
}

/** One next action as Today lists it (shared/next-actions' Action, plus what a list row shows). */
export interface BookAction {
  readonly key: string;
  /** '' for a manual task attached to no stored account. */
  readonly accountId: string;
  readonly accountName: string;
  /** Whose it is: the task's assignee, else the account's owner; '' for nobody. */
  readonly ownerId: string;
  readonly rule: RuleId;
  readonly title: Msg;
  readonly reason: Msg;
  readonly dueAt: number;
  readonly priority: Priority;
  readonly contactId?: string;
  readonly opportunityId?: string;
}

/**
 * Accounts whose book rows are out of date, as one write named them: one record per write
 * request whatever its size (a first sync's page of a thousand rows is one record, not a
 * thousand). `seq` grows with every record, so a refresh deletes the records it has read and
 * a write landing during the refresh stays behind.
 */
export interface BookChange {
  readonly seq?: number;
  readonly accountIds: readonly string[];
}

/** The account id that asks for the whole book to be recomputed (settings changed, a table cleared). */
export const WHOLE_BOOK = '*';

/**
 * How many of Today's actions one owner has falling due on one local day (`day`: its midnight).
 * Kept by the refresh beside book_actions, so Today's group counts are a few small reads
 * rather than a walk over every action (extension/book/counts.ts).
 */
export interface BookCount {
  readonly key: string;
  readonly ownerId: string;
  readonly day: number;
  readonly n: number;
}
