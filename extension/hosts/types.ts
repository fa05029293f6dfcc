import type { WebmailSite } from './hosts.ts';

/**
 * The webmail adapter contract. Each supported site has one adapter file in this folder, the
 * only place in the code base that knows that site's DOM. The webmail feature
 * (features/webmail.ts and the webmail/ code it loads) asks these questions and never touches
 * the site's markup itself.
 */

export interface MailAddress {
  /** As displayed; may be empty when the site shows only the address. */
  readonly name: string;
  /** Lower-cased. */
  readonly email: string;
}

export interface OpenMessage {
  /**
   * Stable across reloads for the same message: the site's own message id when it exposes one,
   * else the thread id plus the message's position. Hashed before it is stored.
   */
  readonly id: string;
  readonly subject: string;
  readonly sender: MailAddress;
  /** To and cc, without the sender; duplicates removed. */
  readonly participants: readonly MailAddress[];
  /** When it was sent, if the site shows a machine-readable date (epoch ms). */
  readonly sentAt?: number;
  /**
   * The message body as plain text (textContent, never parsed as HTML), quoted replies left out,
   * for the signature and for logging. A function: reading a long body costs more than the rest
   * of the snapshot, and the feature needs it only when the message changes.
   */
  readonly bodyText: () => string;
  /** The element the panel mounts beside (inserted after it, or inside it for 'append'). */
  readonly mount: {
    readonly anchor: Element;
    readonly append: 'before' | 'after' | 'first' | 'last';
  };
  /**
   * True when the anchors were not found and the message was read from e-mail addresses in the
   * reading pane's text: the panel says so.
   */
  readonly fallback: boolean;
}

export interface Compose {
  /** Stable for this compose window while it is open. */
  readonly id: string;
  readonly recipients: readonly MailAddress[];
  readonly mount: OpenMessage['mount'];
  /**
   * The compose window's own container, where the adapter knows it: the feature follows the
   * window the rep is typing in (the one holding the focused element; a frame element holds
   * whatever is focused inside its document).
   */
  readonly root?: Element;
}

/** A selector list: alternatives tried in order, each with a comment saying where it comes from. */
export type Selectors = readonly string[];

export interface MailSnapshot {
  /** The message being read, if one is open (in a thread: the last expanded message). */
  readonly message: OpenMessage | null;
  /** Compose windows open on the page. */
  readonly composing: readonly Compose[];
  /** Selector lists that found nothing although the page looks like a reading view (debug). */
  readonly missed: readonly string[];
}

export interface MailAdapter {
  /** `gmail`, `outlook`, `qq`, `netease`. */
  readonly id: WebmailSite;
  /** Hostnames this adapter serves (exact match). */
  readonly hosts: readonly string[];
  /**
   * The element to observe with a MutationObserver (the reading pane or the app root); the
   * feature re-reads `read()` after each mutation batch, so this must be cheap to find.
   */
  root(document: Document): Element | null;
  /**
   * Same-origin frames whose documents hold part of the reading view (QQ Mail's old UI reads
   * inside `iframe[name=mainFrame]`, NetEase puts the body in an iframe): observed too, and
   * observed again when a frame loads a new document.
   */
  frames?(document: Document): readonly Document[];
  /** Read the current state. Must be cheap (a few querySelector calls) and never throw. */
  read(document: Document, location: Location): MailSnapshot;
  /**
   * The address the mailbox is signed in as (lower-cased), read where the site shows it whatever
   * the UI language (an attribute, or an element holding only the address); undefined until that
   * element renders. The panel asks the rep whether it is theirs, never stores it unasked. One
   * querySelector; never throws.
   */
  signedIn?(document: Document): string | undefined;
}
