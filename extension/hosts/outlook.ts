import {
  addressesInOrder,
  addressesInText,
  blockText,
  clean,
  describeMiss,
  fallbackMessage,
  isShown,
  queryAll,
  queryFirst,
} from './common.ts';
import { WEBMAIL_SITES } from './hosts.ts';
import type { Compose, MailAdapter, MailSnapshot, OpenMessage } from './types.ts';

/**
 * Outlook on the web (outlook.office.com, outlook.live.com, outlook.office365.com). Its class
 * names are generated per build, and aria labels are translated, so nothing here matches
 * either: ids, `data-app-section`, `data-convid`, `data-testid` and the URL are the hooks.
 * Addresses are read from what the header prints ("Jane Doe <jane@acme.com>") and from
 * `title` attributes, never from translated labels such as "From" or "To".
 */

/** The reading pane. */
const PANE = [
  '#ReadingPaneContainerId', // the reading pane's id, stable across redesigns
  '[data-app-section="MailReadCompose"]', // the read/compose region around it
] as const;

/** The open conversation inside the pane. */
const CONVERSATION = [
  '[data-app-section="ConversationContainer"]', // conversation view
  '#ReadingPaneContainerId', // single-message view: the pane holds the message itself
] as const;

/** One body per expanded message; collapsed messages render none. */
const BODY = ['div[id^="UniqueMessageBody_"]'] as const;

/** The conversation's subject line. */
const SUBJECT = [
  '[data-app-section="ConversationContainer"] [role="heading"]', // conversation topic
  '#ReadingPaneContainerId [role="heading"]',
] as const;

/** The sent time of a message (its text is a localised date). */
const DATE = ['[data-testid="SentReceivedSavedTime"]', 'time[datetime]'] as const;

/** The selected row of the message list: its conversation id names the message without a URL id. */
const SELECTED_ROW = ['[data-convid][aria-selected="true"]'] as const;

/** Marks a compose form (new message, reply, forward). */
const COMPOSE = [
  '[data-app-section="ComposeBody"]', // the compose editor's section
  'div[contenteditable="true"][role="textbox"]', // the editor itself
] as const;

/** A compose form's own container, from its mark. */
const COMPOSE_ROOT = '[role="dialog"], form, [data-app-section="MailReadCompose"]';

/**
 * The signed-in address: the Microsoft account manager (MeControl) prints it as the text of its
 * current account's second line, on every Microsoft 365 and outlook.live.com page, in every
 * language (test automation and userscripts for Microsoft's sites read the same id). No other
 * anchor is reliable: the avatar button's label is localised and names the person, not the
 * address. The control may render the card only once the rep has opened it; the panel asks
 * again on later readings.
 */
const ACCOUNT = [
  '#mectrl_currentAccount_secondary', // MeControl's account card (since 2019)
] as const;

/** `/mail/inbox/id/AAQk…`, `/mail/id/AAQk…` (deep links), `/mail/0/inbox/id/…` (live.com). */
const ITEM_URL = /\/mail\/(?:[^?#]*\/)?id\/([^/?#]+)/;

/**
 * A message of the conversation: the largest ancestor of its body that holds no other body,
 * so the header printed above the body belongs to it whatever the generated markup is.
 */
function messageOf(body: Element, container: Element): Element {
  let item = body;
  while (item.parentElement && item.parentElement !== container) {
    if (item.parentElement.querySelectorAll(BODY[0]).length > 1) break;
    item = item.parentElement;
  }
  return item;
}

function itemIdOf(document: Document, location: Location): string | undefined {
  const fromUrl = ITEM_URL.exec(location.pathname)?.[1];
  if (fromUrl) return decodeURIComponentSafe(fromUrl);
  return queryFirst(document, SELECTED_ROW)?.getAttribute('data-convid') ?? undefined;
}

const decodeURIComponentSafe = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

function readMessage(document: Document, location: Location, missed: string[]): OpenMessage | null {
  const pane = queryFirst(document, PANE);
  const itemId = itemIdOf(document, location);
  const urlSaysOpen = ITEM_URL.test(location.pathname);
  if (!pane) {
    if (!urlSaysOpen) return null;
    missed.push(describeMiss('outlook.pane', PANE));
    return fallback(document, location, itemId);
  }
  const container = queryFirst(pane, CONVERSATION.slice(0, 1)) ?? pane;
  const bodies = queryAll(container, BODY).filter(isShown);
  if (bodies.length === 0) {
    if (!urlSaysOpen) return null;
    missed.push(describeMiss('outlook.body', BODY));
    return fallback(document, location, itemId);
  }
  const body = bodies.at(-1) as Element;
  const message = messageOf(body, container);
  const [sender, ...participants] = addressesInOrder(message, BODY);
  if (!sender) {
    missed.push(describeMiss('outlook.sender', ['header text and [title*="@"] before the body']));
    return fallback(document, location, itemId);
  }
  const subjectEl = queryFirst(document, SUBJECT);
  if (!subjectEl) missed.push(describeMiss('outlook.subject', SUBJECT));
  const dateEl = queryFirst(message, DATE);
  const sentAt = Date.parse(dateEl?.getAttribute('datetime') ?? dateEl?.textContent ?? '');
  return {
    // The item id names the conversation's opened item; the position tells its messages apart.
    id: `${itemId ?? 'conversation'}#${bodies.indexOf(body) + 1}`,
    subject: clean(subjectEl?.getAttribute('title') ?? subjectEl?.textContent),
    sender,
    participants,
    ...(Number.isFinite(sentAt) ? { sentAt } : {}),
    bodyText: () => blockText(body, ['blockquote', '#divRplyFwdMsg', '[id*="appendonsend"]']),
    mount: { anchor: container, append: container === pane ? 'first' : 'before' },
    fallback: false,
  };
}

function fallback(
  document: Document,
  location: Location,
  itemId: string | undefined,
): OpenMessage | null {
  const pane = queryFirst(document, PANE) ?? document.querySelector('[role="main"]');
  if (!pane) return null;
  return fallbackMessage({
    pane,
    id: `item:${itemId ?? location.pathname}`,
    subject: clean(pane.querySelector('[role="heading"]')?.textContent) || clean(document.title),
    mount: { anchor: pane, append: 'first' },
  });
}

function readComposing(document: Document): Compose[] {
  const roots = new Set<Element>();
  for (const mark of queryAll(document, COMPOSE)) {
    const root = mark.closest(COMPOSE_ROOT) ?? mark.parentElement;
    // A reply inside the conversation: its root would hold the whole conversation's addresses.
    if (root && isShown(root) && !root.querySelector(BODY[0])) roots.add(root);
  }
  return [...roots].map((root, i) => ({
    id: `compose#${i + 1}`,
    recipients: addressesInOrder(root, COMPOSE),
    mount: { anchor: root, append: 'first' },
    root,
  }));
}

export const outlook: MailAdapter = {
  id: 'outlook',
  hosts: WEBMAIL_SITES.outlook,
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
    return addressesInText(queryFirst(document, ACCOUNT)?.textContent ?? '')[0]?.email;
  },
};
