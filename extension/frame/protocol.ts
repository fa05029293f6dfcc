import { z } from 'zod';
import type { WebmailComposeView, WebmailMessageView } from '../messaging/webmail.ts';
import { MailAddressInput, WebmailSiteId } from '../messaging/webmail.ts';

/**
 * What the webmail content script tells its frame, parsed with zod by the frame as the
 * background parses what content scripts send it (the overlay's one message is checked by hand,
 * in overlay-show.ts, to keep zod off the badge's first paint). The views inside the webmail messages are the background's own
 * replies, relayed unchanged by the content script: their envelope is checked, their shape is
 * the background's (messaging/webmail.ts), as on the background's own ports.
 *
 * What a frame tells its content script is in from-frame.ts (checked there without zod: the
 * content script that reads it is kept small).
 */
const Language = z.enum(['auto', 'en', 'zh_CN']);

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null;

/** The webmail message panel: the live view beside the open message. */
export const WebmailMessageState = z.object({
  type: z.literal('message'),
  site: WebmailSiteId,
  language: Language,
  /** The site's anchors moved and the addresses were read from the text: the panel says so. */
  fallback: z.boolean(),
  view: z.custom<WebmailMessageView>(isObject),
});
export type WebmailMessageState = z.infer<typeof WebmailMessageState>;

/** The compose panel: the recipients' accounts and roles. */
export const WebmailComposeState = z.object({
  type: z.literal('compose'),
  language: Language,
  view: z.custom<WebmailComposeView>(isObject),
});
export type WebmailComposeState = z.infer<typeof WebmailComposeState>;

/** A frame kept loaded off the page's view for the next message (webmail/host.ts). */
export const WebmailParked = z.object({ type: z.literal('parked') });

/** The open message as the page shows it now, read by the content script when the frame asks. */
export const MessageRead = z.object({
  id: z.string().min(1).max(1_000),
  subject: z.string().max(100_000),
  sentAt: z.number().int().min(0).optional(),
  sender: MailAddressInput,
  participants: z.array(MailAddressInput).max(1_000),
  /** Only when asked for. */
  body: z.string().optional(),
});
export type MessageRead = z.infer<typeof MessageRead>;

/** The answer to a frame's `read` (from-frame.ts), matched by its number. */
export const ReadReply = z.object({
  type: z.literal('read'),
  rpc: z.number().int().min(0),
  message: MessageRead.nullable(),
});

export const WebmailFrameMessage = z.discriminatedUnion('type', [
  WebmailMessageState,
  WebmailComposeState,
  WebmailParked,
  ReadReply,
]);
export type WebmailFrameMessage = z.infer<typeof WebmailFrameMessage>;
