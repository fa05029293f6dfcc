import {
  addressesInText,
  blockText,
  clean,
  describeMiss,
  fallbackMessage,
  isShown,
  mailAddress,
  queryAll,
  queryFirst,
  uniqueAddresses,
} from './common.ts';
import { WEBMAIL_SITES } from './hosts.ts';
import type { Compose, MailAdapter, MailAddress, MailSnapshot, OpenMessage } from './types.ts';

/**
 * Gmail (mail.google.com). Its class names are regenerated every year or so; the attributes
 * below have outlived several redesigns, so every list leads with an attribute selector and
 * keeps a class-based alternative only as a second guess.
 */

/** One element per message of the open thread. */
const MESSAGE = [
  '[data-message-id]', // every message of a thread, expanded or not (gmail.js, InboxSDK)
  '[data-legacy-message-id]', // the hex id Gmail used before 2018, still rendered beside it
] as const;

/** The sender inside a message. */
const SENDER = [
  'span[email].gD', // the From name (gmail.js `span[email].gD`)
  'td.gF span[email]', // the From cell (InboxSDK since 2018)
  'h3 span[email]', // the header's first heading holds the sender whatever its classes
] as const;

/** To and cc inside a message. */
const RECIPIENTS = [
  'span[email].g2', // recipients line (gmail.js)
  '.hb span[email]', // the "to …" summary
] as const;

/** The message body: present only while a message is expanded. */
const BODY = [
  'div.a3s', // the body InboxSDK and gmail.js read
  '.ii.gt', // its container
] as const;

/** Quoted history and trimmed content inside a body: not part of this message. */
const QUOTED = ['.gmail_quote', 'blockquote', '.yj6qo', '.adL'] as const;

/** The thread's subject heading, which carries the thread's ids. */
const SUBJECT = [
  'h2[data-thread-perm-id]', // thread id since 2018
  'h2[data-legacy-thread-id]', // the older hex id
  'h2.hP', // gmail.js
] as const;

/** When the message was sent: the header's time element carries the full date in `title`. */
const DATE = ['span.g3[title]', 'td.gH span[title]'] as const;

/** Marks a compose window (popup or inline reply). */
const COMPOSE = [
  'input[name="subjectbox"]', // every new-message window (gmail.js)
  'div[g_editable="true"][role="textbox"]', // the body editor, inline replies too
] as const;

/** A compose window's own container, from its mark. */
const COMPOSE_ROOT = '[role="dialog"], form, [role="region"]';

/** Recipient chips inside a compose window. */
const COMPOSE_RECIPIENTS = [
  '[data-hovercard-id*="@"]', // recipient chips since 2023
  'span[email]', // older chips
  'input[name="to"], input[name="cc"], input[name="bcc"]', // the hidden fields behind them
] as const;

/**
 * The signed-in account's avatar button in the Google bar. Its label is localised ("Google
 * Account: Name (address)", "Google 帐号：Name (address)"), so only the address in it is read.
 */
const ACCOUNT = [
  'a[href^="https://accounts.google.com/SignOutOptions"][aria-label*="@"]', // avatar (since 2020)
  '#gb a[aria-label*="@"]', // any labelled link of the Google bar
] as const;

/** The part of the page that shows the thread: the fallback reads addresses here. */
const PANE = ['div[role="main"]', '.nH.bkK'] as const;

/** `#inbox/FMfcgz…`, `#label/Deals/18d3…`, `#search/acme/…`: the URL of an open thread. */
const THREAD_URL = /^#(?:[^/?]+\/)+([A-Za-z0-9]{16,})(?:[?/]|$)/;

function readMessage(document: Document, location: Location, missed: string[]): OpenMessage | null {
  const messages = queryAll(document, MESSAGE).filter(isShown);
  const urlThread = THREAD_URL.exec(location.hash)?.[1];
  if (messages.length === 0) {
    if (urlThread === undefined) return null;
    missed.push(describeMiss('gmail.message', MESSAGE));
    return fallback(document, urlThread);
  }
  // The message being read: the last expanded one (collapsed messages have no body).
  const expanded = messages.filter((m) => queryFirst(m, BODY) !== null);
  const message = expanded.at(-1) ?? messages.at(-1);
  if (!message) return null;
  const senderEl = queryFirst(message, SENDER);
  const sender = senderEl
    ? mailAddress(senderEl.getAttribute('email'), senderEl.getAttribute('name') ?? '')
    : undefined;
  if (!sender) {
    missed.push(describeMiss('gmail.sender', SENDER));
    return fallback(document, urlThread ?? message.getAttribute('data-message-id') ?? '');
  }
  const participants = uniqueAddresses(
    queryAll(message, RECIPIENTS).map((el) =>
      mailAddress(el.getAttribute('email'), el.getAttribute('name') ?? el.textContent ?? ''),
    ),
    [sender.email],
  );
  // Gmail keeps threads the rep navigated away from, hidden: the shown heading is this one's.
  const subjectEl = queryAll(document, SUBJECT).find(isShown) ?? null;
  if (!subjectEl) missed.push(describeMiss('gmail.subject', SUBJECT));
  const id =
    message.getAttribute('data-message-id') ??
    message.getAttribute('data-legacy-message-id') ??
    `${urlThread ?? ''}#${messages.indexOf(message) + 1}`;
  const sentAt = Date.parse(queryFirst(message, DATE)?.getAttribute('title') ?? '');
  const body = queryFirst(message, BODY);
  return {
    id,
    subject: clean(subjectEl?.textContent),
    sender,
    participants,
    ...(Number.isFinite(sentAt) ? { sentAt } : {}),
    bodyText: () => (body ? blockText(body, QUOTED) : ''),
    // Under the subject: the panel sits at the head of the thread, beside every message in it.
    mount: subjectEl
      ? { anchor: subjectEl, append: 'after' }
      : { anchor: message, append: 'before' },
    fallback: false,
  };
}

function fallback(document: Document, id: string): OpenMessage | null {
  const pane = queryFirst(document, PANE) ?? document.body;
  if (!pane) return null;
  const heading = pane.querySelector('h2');
  return fallbackMessage({
    pane,
    id: `thread:${id}`,
    subject: clean(heading?.textContent) || clean(document.title),
    mount: { anchor: pane, append: 'first' },
  });
}

function readComposing(document: Document): Compose[] {
  const out: Compose[] = [];
  const roots = new Set<Element>();
  for (const mark of queryAll(document, COMPOSE)) {
    const root = mark.closest(COMPOSE_ROOT) ?? mark.parentElement;
    if (root && isShown(root)) roots.add(root);
  }
  for (const root of roots) {
    const recipients: (MailAddress | undefined)[] = [];
    for (const el of queryAll(root, COMPOSE_RECIPIENTS)) {
      if (el.tagName === 'INPUT') {
        recipients.push(...addressesInText((el as HTMLInputElement).value));
        continue;
      }
      const email = el.getAttribute('data-hovercard-id') ?? el.getAttribute('email');
      recipients.push(mailAddress(email, el.getAttribute('name') ?? el.textContent ?? ''));
    }
    const idField = root.querySelector('input[name="composeid"]') as HTMLInputElement | null;
    out.push({
      id: idField?.value || `compose#${out.length + 1}`,
      recipients: uniqueAddresses(recipients),
      mount: { anchor: root, append: 'first' },
      root,
    });
  }
  return out;
}

export const gmail: MailAdapter = {
  id: 'gmail',
  hosts: WEBMAIL_SITES.gmail,
  // The app replaces whole views under body; observing body is the one root that never goes.
  root: (document) => document.body,
  read(document: Document, location: Location): MailSnapshot {
    const missed: string[] = [];
    return {
      message: readMessage(document, location, missed),
      composing: readComposing(document),
      missed,
    };
  },
  signedIn(document: Document): string | undefined {
    const label = queryFirst(document, ACCOUNT)?.getAttribute('aria-label') ?? '';
    return addressesInText(label)[0]?.email;
  },
};
