import { z } from 'zod';
import {
  Currency,
  Domain,
  Email,
  EpochMs,
  Fraction,
  Id,
  Line,
  List,
  Money,
  Percent,
  Text,
} from './common.ts';
import {
  Attitude,
  BuyingRole,
  BuyingSignal,
  DecisionOrientation,
  Flag,
  LifecycleStatus,
  LoyaltyMotive,
  LoyaltyRung,
  Motive,
  NoteKind,
  RelationshipStage,
  Stage,
  Standing,
  Strategy,
  Tier,
  TierSource,
  Visibility,
} from './enums.ts';

/**
 * Fields every synced row carries. `deleted` is the tombstone: a row is never removed,
 * so a delete merges like any other field.
 */
const synced = {
  id: Id,
  createdAt: EpochMs,
  deleted: z.boolean().default(false),
};

export const Order = z.object({ at: EpochMs, amount: Money });
export type Order = z.infer<typeof Order>;

export const TierOverride = z.object({
  tier: Tier,
  reason: Line(500),
});
export type TierOverride = z.infer<typeof TierOverride>;

/** The account file fields (建档) a key account is expected to have filled in. */
export const ACCOUNT_FILE_FIELDS = [
  'address',
  'phone',
  'industry',
  'businessProfile',
  'industryPosition',
  'distributionCapacity',
  'capitalStrength',
  'commercialCredit',
  'cooperationIntent',
] as const;
export type AccountFileField = (typeof ACCOUNT_FILE_FIELDS)[number];

/**
 * A way to reach the company rather than a person: a shared mailbox (info@, sales@, 客服) or a
 * switchboard line, with what it is for as found ("General enquiries", "客服").
 */
export const ContactPoint = z
  .object({
    email: Email.optional(),
    phone: Line(50).optional(),
    label: Line(100).optional(),
  })
  .refine((p) => p.email !== undefined || p.phone !== undefined, {
    message: 'needs an e-mail address or a phone number',
  });
export type ContactPoint = z.infer<typeof ContactPoint>;

export const Account = z.object({
  ...synced,
  name: Line(200),
  domains: List(Domain, 20).default([]),
  ownerId: Id.optional(),
  // The account file (建档).
  address: Line(500).optional(),
  phone: Line(50).optional(),
  /** Shared mailboxes and switchboard lines: the company's, not a person's. */
  contactPoints: List(ContactPoint, 50).default([]),
  industry: Line(100).optional(),
  businessProfile: Text(2_000).optional(),
  industryPosition: Text(2_000).optional(),
  distributionCapacity: Text(2_000).optional(),
  capitalStrength: Text(2_000).optional(),
  commercialCredit: Text(2_000).optional(),
  cooperationIntent: Text(2_000).optional(),
  // Value inputs.
  revenue12m: Money.optional(),
  marginPct: Percent.optional(),
  costToServe: Money.optional(),
  potentialRevenue: Money.optional(),
  shareOfWallet: Fraction.optional(),
  orders: List(Order, 1_000).default([]),
  // Qualitative readings a rep sets by hand.
  decisionOrientation: DecisionOrientation.optional(),
  loyaltyMotive: LoyaltyMotive.optional(),
  standing: Standing.optional(),
  member: z.boolean().optional(),
  referrals: z.number().int().min(0).max(1_000_000).optional(),
  manualFlags: List(Flag, 5).optional(),
  statusOverride: LifecycleStatus.optional(),
  tierOverride: TierOverride.optional(),
});
export type Account = z.infer<typeof Account>;

export const Contact = z.object({
  ...synced,
  accountId: Id,
  /** Whole name as written: "Jane Doe", "王小明" (family name first, no space). */
  name: Line(200),
  /**
   * Honorifics and degrees written with the name, kept out of it as written ("Prof. Dr.",
   * "PhD", "先生"): shown beside the name, never compared (domain.md §14).
   */
  honorifics: Line(100).optional(),
  title: Line(200).optional(),
  emails: List(Email, 20).default([]),
  phones: List(Line(50), 20).default([]),
  roles: List(BuyingRole, 9).default([]),
  attitude: Attitude.optional(),
  /** 1 (barely know them) to 5 (trusted). */
  relationshipStrength: z.number().int().min(1).max(5).optional(),
  motive: Motive.optional(),
  /** Their page on the company's site or a professional network, as captured. */
  profileUrl: z.url('must be a URL').max(2_000).optional(),
  sourceUrl: z.url('must be a URL').max(2_000).optional(),
  capturedAt: EpochMs.optional(),
  /** Where each captured field came from: extractor and element. */
  fieldSources: z
    .record(z.string().max(50), z.object({ source: Line(50), element: Text(300).optional() }))
    .optional(),
});
export type Contact = z.infer<typeof Contact>;

export const Note = z.object({
  ...synced,
  kind: NoteKind,
  body: Text(100_000),
  accountId: Id.optional(),
  contactIds: List(Id, 50).default([]),
  opportunityId: Id.optional(),
  visibility: Visibility.default('team'),
  authorId: Id,
  /** When the interaction happened (a visit logged tonight happened this morning). */
  at: EpochMs,
  subject: Line(500).optional(),
  /** For complaints: when it was resolved. Open complaints have none. */
  resolvedAt: EpochMs.optional(),
  /** For buying signals: which one. */
  signal: BuyingSignal.optional(),
  /** For logged e-mails: a hash of the message id, so the same message is never logged twice. */
  messageHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest')
    .optional(),
});
export type Note = z.infer<typeof Note>;

/** Text that lost a concurrent edit of a note body: kept, never dropped. Server-authored. */
export const NoteRevision = z.object({
  ...synced,
  noteId: Id,
  body: Text(100_000),
  /** The clock stamp the text was written at. */
  hlc: z.string().max(64),
  authorId: Id.optional(),
});
export type NoteRevision = z.infer<typeof NoteRevision>;

export const Opportunity = z.object({
  ...synced,
  accountId: Id,
  name: Line(200),
  stage: Stage,
  amount: Money,
  currency: Currency,
  expectedCloseAt: EpochMs.optional(),
  competitors: List(Line(100), 20).default([]),
  /** When it entered its current stage. */
  stageChangedAt: EpochMs,
  /** When the customer last committed to a next step (demo, senior meeting, trial, budget). */
  lastProgressAt: EpochMs.optional(),
  nextStep: Line(500).optional(),
  /** Set when the deal is lost; a lost deal is not open whatever its stage. */
  lostAt: EpochMs.optional(),
  lostReason: Line(500).optional(),
});
export type Opportunity = z.infer<typeof Opportunity>;

/** A manual next action. */
export const Task = z.object({
  ...synced,
  title: Line(500),
  accountId: Id.optional(),
  contactId: Id.optional(),
  opportunityId: Id.optional(),
  assigneeId: Id.optional(),
  dueAt: EpochMs.optional(),
  doneAt: EpochMs.optional(),
});
export type Task = z.infer<typeof Task>;

/** A rep's decision on a generated next action: done, or snoozed until a time. */
export const ActionDecision = z
  .object({
    ...synced,
    actionKey: Line(300),
    accountId: Id.optional(),
    decision: z.enum(['done', 'snoozed']),
    snoozedUntil: EpochMs.optional(),
    decidedBy: Id.optional(),
  })
  .refine((d) => d.decision !== 'snoozed' || d.snoozedUntil !== undefined, {
    path: ['snoozedUntil'],
    message: 'a snoozed action needs snoozedUntil',
  });
export type ActionDecision = z.infer<typeof ActionDecision>;

/** The team-wide segmentation of one account, written by the server (or previewed locally). */
export const AccountInsight = z.object({
  /** The account's id: one insight per account. */
  id: Id,
  deleted: z.boolean().default(false),
  /**
   * The pyramid's or the rep's tier. With tierSource 'untiered' it is 'small', a stand-in for
   * clients older than that value: read the tier through insightTier (shared/segmentation).
   */
  tier: Tier,
  tierSource: TierSource,
  tierReason: Text(500).optional(),
  /**
   * 1-based rank by value within the book. Accounts not yet tiered (no value data) come after
   * every ranked account, oldest first, and take no place in the pyramid's cut.
   */
  rank: z.number().int().min(1),
  bookSize: z.number().int().min(1),
  value: z.object({
    historical: z.number(),
    current: z.number(),
    potential: z.number(),
    total: z.number(),
  }),
  flags: List(Flag, 5),
  status: LifecycleStatus,
  loyalty: LoyaltyRung,
  relationshipStage: RelationshipStage,
  strategy: Strategy,
  computedAt: EpochMs,
});
export type AccountInsight = z.infer<typeof AccountInsight>;
