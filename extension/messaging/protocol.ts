import { z } from 'zod';
import {
  type Account,
  type AccountInsight,
  type Contact,
  type CoverageGap,
  Id,
  type LifecycleStatus,
  type Msg,
  type Note,
  NoteKind,
  type Opportunity,
  type Priority,
  type RelationshipStage,
  type RuleId,
  type Strategy,
  Text,
  type TierOrUntiered,
} from '../../shared/index.ts';
import {
  LogEmailRequest,
  WebmailAddContactRequest,
  WebmailCreateAccountRequest,
  WebmailIdentityRequest,
  WebmailPrefillRequest,
  WebmailStartRequest,
} from './webmail.ts';

/**
 * Every runtime message between content scripts, extension pages and the background, as zod
 * schemas: a message from a page's content script crosses a trust boundary and is parsed, never
 * cast. Requests are `{type, ...}`; replies are `{ok: true, data}` or `{ok: false, error}`.
 */
export const Hostname = z.string().trim().min(1).max(253);

export const LookupRequest = z.object({ type: z.literal('lookup'), hostname: Hostname });
export const LookupEmailsRequest = z.object({
  type: z.literal('lookupEmails'),
  emails: z.array(z.string().trim().max(254)).max(100),
});
export const AccountViewRequest = z.object({ type: z.literal('accountView'), accountId: Id });
export const AddNoteRequest = z.object({
  type: z.literal('addNote'),
  accountId: Id,
  kind: NoteKind.default('note'),
  body: Text(100_000).refine((b) => b.trim().length > 0, 'the note is empty'),
  contactIds: z.array(Id).max(50).default([]),
  visibility: z.enum(['team', 'private']).default('team'),
});
export const DecideActionRequest = z.object({
  type: z.literal('decideAction'),
  accountId: Id,
  actionKey: z.string().min(1).max(300),
  decision: z.enum(['done', 'snoozed']),
  snoozedUntil: z.number().int().min(0).optional(),
});
export const SiteStateRequest = z.object({ type: z.literal('siteState'), hostname: Hostname });
export const SetSiteEnabledRequest = z.object({
  type: z.literal('setSiteEnabled'),
  hostname: Hostname,
  enabled: z.boolean(),
});
export const SetOverlayEnabledRequest = z.object({
  type: z.literal('setOverlayEnabled'),
  enabled: z.boolean(),
});
export const SyncStatusRequest = z.object({ type: z.literal('syncStatus') });
export const SyncNowRequest = z.object({ type: z.literal('syncNow') });
/** A page's search met changes too many to read directly: bring the search index up to date. */
export const IndexSearchRequest = z.object({ type: z.literal('indexSearch') });
/** Quick capture (extension/capture/): read a tab the rep is looking at, or parse selected text. */
export const CapturePageRequest = z.object({
  type: z.literal('capturePage'),
  tabId: z.number().int().min(0),
});
export const CaptureSelectionRequest = z.object({
  type: z.literal('captureSelection'),
  text: z.string().trim().min(1, 'nothing is selected').max(20_000),
  tabId: z.number().int().min(0).optional(),
});

export const Request = z.discriminatedUnion('type', [
  LookupRequest,
  LookupEmailsRequest,
  AccountViewRequest,
  AddNoteRequest,
  DecideActionRequest,
  SiteStateRequest,
  SetSiteEnabledRequest,
  SetOverlayEnabledRequest,
  SyncStatusRequest,
  SyncNowRequest,
  IndexSearchRequest,
  CapturePageRequest,
  CaptureSelectionRequest,
  // The webmail panel (extension/webmail/); schemas in webmail.ts.
  WebmailStartRequest,
  WebmailPrefillRequest,
  WebmailAddContactRequest,
  WebmailCreateAccountRequest,
  WebmailIdentityRequest,
  LogEmailRequest,
]);
export type Request = z.infer<typeof Request>;
export type RequestInput = z.input<typeof Request>;
export type RequestType = Request['type'];

export interface ErrorReply {
  ok: false;
  error: { name: string; message: string; field?: string };
}
export type Reply<T> = { ok: true; data: T } | ErrorReply;

/** A port name: the overlay subscribes to one account's view and gets it again on every change. */
export const ACCOUNT_PORT_PREFIX = 'account-view:';

/** What a page's badge needs, answered by `lookup` so the badge shows without a second trip. */
export interface BadgeInfo {
  readonly accountId: string;
  /** The stored domain the page matched. */
  readonly domain: string;
  readonly name: string;
  /** shownTier's reading: a level of the pyramid, or 'untiered' (no value data). */
  readonly tier: TierOrUntiered;
  /** True when the tier is this browser's local preview, not the server's segmentation. */
  readonly tierLocal: boolean;
}

/**
 * The `lookup` reply. `match` is null when nothing matches or when the overlay is switched off
 * (globally or on this site): the content script then does nothing at all.
 */
export interface LookupReply {
  readonly match: BadgeInfo | null;
  readonly enabled: boolean;
  /**
   * The rep's language choice, read by the background with the site switches, and handed to
   * the overlay's frame with the match: the badge then needs no storage read before it shows.
   */
  readonly language: 'auto' | 'en' | 'zh_CN';
}

/** `lookupEmails`: per normalised address, the account it belongs to. */
export interface LookupEmailsReply {
  readonly matches: readonly {
    readonly email: string;
    readonly accountId: string;
    readonly contactId?: string;
    readonly name: string;
  }[];
}

/** One next action as the overlay shows it (Msg texts are translated in the page). */
export interface ViewAction {
  readonly key: string;
  readonly rule: RuleId;
  readonly title: Msg;
  readonly reason: Msg;
  readonly dueAt: number;
  readonly priority: Priority;
}

/** Everything the overlay's panel shows about one account. */
export interface AccountView {
  readonly account: Account;
  readonly insight: (AccountInsight & { local?: boolean }) | null;
  readonly badge: BadgeInfo;
  readonly strategy: Strategy;
  readonly status: LifecycleStatus | null;
  readonly relationshipStage: RelationshipStage | null;
  /** The account's live contacts, committee order. */
  readonly contacts: readonly Contact[];
  /** Contact ids per committee group (roles.committee). */
  readonly committee: {
    readonly deciders: readonly string[];
    readonly influencers: readonly string[];
    readonly opponents: readonly string[];
    readonly unplaced: readonly string[];
  };
  readonly gaps: readonly CoverageGap[];
  /** The top next actions, decisions applied. */
  readonly actions: readonly ViewAction[];
  readonly actionCount: number;
  /** The latest notes: the team's and the rep's own private ones, newest first. */
  readonly notes: readonly Note[];
  readonly opportunities: readonly Opportunity[];
}

/** Messages the background sends on an `account-view:<id>` port. */
export type AccountPortMessage =
  | { readonly type: 'view'; readonly view: AccountView }
  | { readonly type: 'gone' };
