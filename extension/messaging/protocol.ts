import { z } from 'zod';
import { Id, NoteKind, Text } from '../../shared/index.ts';

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
export const SyncStatusRequest = z.object({ type: z.literal('syncStatus') });
export const SyncNowRequest = z.object({ type: z.literal('syncNow') });

export const Request = z.discriminatedUnion('type', [
  LookupRequest,
  LookupEmailsRequest,
  AccountViewRequest,
  AddNoteRequest,
  DecideActionRequest,
  SiteStateRequest,
  SetSiteEnabledRequest,
  SyncStatusRequest,
  SyncNowRequest,
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
