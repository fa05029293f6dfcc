import { z } from 'zod';
import {
  type Attitude,
  type BuyingRole,
  Id,
  type NoteKind,
  type TierOrUntiered,
} from '../../shared/index.ts';
import type { AccountView } from './protocol.ts';

/**
 * What the webmail panel and the background say to each other. The requests (start, prefill,
 * add contact, create account, log e-mail) are in protocol.ts's union; this file holds the
 * schemas they share and the live view the background sends on the `webmail-view` port.
 * Page-derived input (addresses, subjects, bodies) is parsed here before anything reads it.
 */

export const WEBMAIL_SITE_IDS = ['gmail', 'outlook', 'qq', 'netease'] as const;
export const WebmailSiteId = z.enum(WEBMAIL_SITE_IDS);

/** The port the panel subscribes on: one per tab, re-pointed with a new `watch` message. */
export const WEBMAIL_PORT = 'webmail-view';

export const MailAddressInput = z.object({
  name: z.string().max(300).default(''),
  email: z.string().trim().min(3).max(254),
});
export type MailAddressInput = z.input<typeof MailAddressInput>;

const Addresses = z.array(MailAddressInput).max(100);

/** Content → background on the port: the addresses on screen now. */
export const WebmailWatch = z.object({
  type: z.literal('watch'),
  /** Echoed in the view, so a late answer about the previous message is not shown. */
  seq: z.number().int().min(0),
  site: WebmailSiteId,
  message: z
    .object({
      /** The site's message id; the background hashes it to see whether it was logged. */
      id: z.string().min(1).max(1_000),
      sender: MailAddressInput,
      participants: Addresses,
    })
    .nullable(),
  compose: z.object({ recipients: Addresses }).nullable(),
  /** The address the mailbox is signed in as, where the site shows it reliably (Gmail). */
  signedIn: z.string().trim().max(254).optional(),
});
export type WebmailWatch = z.input<typeof WebmailWatch>;

/** Requests, added to protocol.ts's `Request` union. */
export const WebmailStartRequest = z.object({
  type: z.literal('webmailStart'),
  hostname: z.string().trim().min(1).max(253),
});

export const WebmailPrefillRequest = z.object({
  type: z.literal('webmailPrefill'),
  sender: MailAddressInput,
  /** The message body as text: its last signature block prefills the contact. */
  text: z.string().max(100_000),
});

export const WebmailAddContactRequest = z.object({
  type: z.literal('webmailAddContact'),
  accountId: Id,
  name: z.string().max(300),
  title: z.string().max(300).optional(),
  emails: z.array(z.string().max(254)).max(20),
  phones: z.array(z.string().max(60)).max(20),
  roles: z.array(z.string().max(40)).max(9).default([]),
  /** Fields came from the message's signature: recorded as the contact's field sources. */
  fromSignature: z
    .array(z.enum(['name', 'title', 'emails', 'phones']))
    .max(4)
    .default([]),
});

export const WebmailCreateAccountRequest = z.object({
  type: z.literal('webmailCreateAccount'),
  name: z.string().max(300),
  domain: z.string().trim().max(253),
});

/** The rep's answer to "Is this you?" about the mailbox's signed-in address. */
export const WebmailIdentityRequest = z.object({
  type: z.literal('webmailIdentity'),
  address: z.string().trim().min(3).max(254),
  mine: z.boolean(),
});

export const LogEmailRequest = z.object({
  type: z.literal('logEmail'),
  site: WebmailSiteId,
  messageId: z.string().min(1).max(1_000),
  subject: z.string().max(500),
  sentAt: z.number().int().min(0).optional(),
  sender: MailAddressInput,
  participants: Addresses,
  /** Only when the rep ticked "include the body". */
  body: z.string().max(90_000).optional(),
});

/** `webmailStart`: whether the panel may show on this site, in which language, with debug. */
export interface WebmailStartReply {
  readonly enabled: boolean;
  readonly language: 'auto' | 'en' | 'zh_CN';
  /** `debug` in browser.storage.local: the content script warns about selectors that failed. */
  readonly debug: boolean;
}

/** `webmailPrefill`: the new contact's fields, from the signature and the sender's header. */
export interface ContactPrefill {
  readonly name: string;
  readonly title: string;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly company: string;
  /** Fields the signature supplied (the rest came from the header). */
  readonly fromSignature: readonly ('name' | 'title' | 'emails' | 'phones')[];
}

export interface WebmailContact {
  readonly id: string;
  readonly name: string;
  readonly title?: string;
  readonly roles: readonly BuyingRole[];
  readonly attitude?: Attitude;
  readonly relationshipStrength?: number;
  /** The latest visit, call, e-mail or meeting logged with them. */
  readonly lastTouch?: { readonly at: number; readonly kind: NoteKind };
}

/** One address on screen, as the book knows it. */
export interface WebmailPerson {
  readonly email: string;
  /**
   * The rep's own address, a colleague's (at the rep's company domain: never looked up, never
   * offered as an account), or anyone else's.
   */
  readonly relation: 'me' | 'colleague' | 'external';
  /** As the page shows it. */
  readonly name: string;
  /** On a free-mail domain: matched only by the exact address of a known contact. */
  readonly freeMail: boolean;
  readonly account: {
    readonly id: string;
    readonly name: string;
    readonly tier: TierOrUntiered;
  } | null;
  readonly contact: WebmailContact | null;
}

/** What the panel offers for a sender the book does not know. */
export type SenderOffer =
  | { readonly kind: 'addContact'; readonly accountId: string; readonly accountName: string }
  | { readonly kind: 'createAccount'; readonly domain: string; readonly name: string };

export interface WebmailMessageView {
  readonly sender: WebmailPerson;
  /** The rep sent this message (the sender is one of the rep's addresses). */
  readonly outgoing: boolean;
  /**
   * The person the message is about: the sender, or for a message the rep sent, the first
   * external recipient (null when only the rep and colleagues are on it).
   */
  readonly person: WebmailPerson | null;
  /** Everyone else on the message: neither `person` nor the rep. */
  readonly participants: readonly WebmailPerson[];
  /** The person's account, else the first participant's: what the panel shows and logs to. */
  readonly account: AccountView | null;
  /** What to offer for `person` when the book does not know them. */
  readonly offer: SenderOffer | null;
  /** The mailbox's signed-in address, when the rep has not said whether it is theirs. */
  readonly askIdentity: string | null;
  /** This message was logged already (found by the hash of its id). */
  readonly logged: { readonly at: number; readonly noteId: string } | null;
}

export interface WebmailComposeView {
  readonly recipients: readonly WebmailPerson[];
}

/** Background → content on the port. */
export interface WebmailView {
  readonly type: 'view';
  readonly seq: number;
  readonly message: WebmailMessageView | null;
  readonly compose: WebmailComposeView | null;
}
