import {
  addressesInOrder,
  blockText,
  clean,
  describeMiss,
  fallbackMessage,
  isShown,
  mailAddress,
  paramOf,
  queryAll,
  queryFirst,
  uniqueAddresses,
} from './common.ts';
import { WEBMAIL_SITES } from './hosts.ts';
import type { Compose, MailAdapter, MailAddress, MailSnapshot, OpenMessage } from './types.ts';

/**
 * QQ Mail (mail.qq.com), two UIs. The new one (2023+) is a single page: the reading view is
 * `.frame-main .mail-detail-content` and the header prints addresses in `title` attributes.
 * The old one loads each view into `iframe[name=mainFrame]` (same origin, so the top frame reads
 * its document); there every address in the header is a `span[e]` (`.addr_base[addr]`).
 */

// ---- New UI -------------------------------------------------------------------------------

/** The body of an open message; a conversation shows one per expanded message. */
const NEW_BODY = ['.frame-main .mail-detail-content'] as const;

/** The subject above it. */
const NEW_SUBJECT = [
  '.frame-main .mail-detail-subject', // the reading view's title line
  '.frame-main h1',
] as const;

/** Compose in the new UI, and its recipient fields. */
const NEW_COMPOSE = ['.frame-main .mail-compose', '.frame-main .compose-main'] as const;
const NEW_COMPOSE_SKIP = ['[contenteditable="true"]', 'iframe'] as const;

/** The part of the page the fallback reads. */
const NEW_PANE = ['.frame-main'] as const;

// ---- Old UI (inside iframe[name=mainFrame]) -----------------------------------------------

const MAIN_FRAME = ['iframe[name="mainFrame"]', 'iframe#mainFrame'] as const;

/** Every address of the read page's header, the sender first. */
const OLD_ADDRESS = [
  'span[e]', // the address in `e`, the name in `n`
  '.addr_base[addr]', // the same chips in later versions of the old UI
] as const;

/** The body of the read page. */
const OLD_BODY = ['#mailContentContainer', '#contentDiv', '.mail_content'] as const;

const OLD_SUBJECT = ['#subject', '.readmailinfo h3', 'h3'] as const;

/** The compose page's recipient fields. */
const OLD_COMPOSE = ['#toAreaCtrl', '#ccAreaCtrl'] as const;

/** The read page's URL: `/cgi-bin/readmail?…&mailid=ZC0000-…`. */
const READ_URL = /\/cgi-bin\/readmail\b/;

/** New UI routes: `#/read/<folder>/<mailid>`, `…?mailid=…`. */
const NEW_READ_HASH = /#\/read(?:mail)?\/(?:[^/?#]+\/)*([^/?#]+)/;

function mainFrameOf(document: Document): Document | null {
  const frame = queryFirst(document, MAIN_FRAME) as HTMLIFrameElement | null;
  try {
    return frame?.contentDocument ?? null;
  } catch {
    // Not same-origin (a login redirect): nothing to read.
    return null;
  }
}

function oldAddress(el: Element): MailAddress | undefined {
  return mailAddress(
    el.getAttribute('e') ?? el.getAttribute('addr'),
    el.getAttribute('n') ?? el.textContent ?? '',
  );
}

function readOld(document: Document, frame: Document, missed: string[]): OpenMessage | null {
  const url = frame.URL;
  const bodyEl = queryFirst(frame, OLD_BODY);
  if (!READ_URL.test(url) && !bodyEl) return null;
  const iframe = queryFirst(document, MAIN_FRAME) as Element;
  const id = `mail:${paramOf(url, 'mailid') ?? url}`;
  const addresses = uniqueAddresses(
    queryAll(frame, OLD_ADDRESS)
      .filter((el) => !bodyEl?.contains(el))
      .map(oldAddress),
  );
  const [sender, ...participants] = addresses;
  if (!sender) {
    missed.push(describeMiss('qq.oldAddress', OLD_ADDRESS));
    const pane = frame.body;
    if (!pane) return null;
    return fallbackMessage({
      pane,
      id,
      subject: clean(frame.title),
      mount: { anchor: iframe, append: 'before' },
    });
  }
  if (!bodyEl) missed.push(describeMiss('qq.oldBody', OLD_BODY));
  return {
    id,
    subject: clean(queryFirst(frame, OLD_SUBJECT)?.textContent),
    sender,
    participants,
    bodyText: () => (bodyEl ? blockText(bodyEl, ['blockquote', '.qm_quote']) : ''),
    // Above the frame, in the top document: the frame's document is replaced on every view.
    mount: { anchor: iframe, append: 'before' },
    fallback: false,
  };
}

function readNew(document: Document, location: Location, missed: string[]): OpenMessage | null {
  const bodies = queryAll(document, NEW_BODY).filter(isShown);
  const routeId = NEW_READ_HASH.exec(location.hash)?.[1] ?? paramOf(location.href, 'mailid');
  if (bodies.length === 0) {
    if (routeId === undefined) return null;
    missed.push(describeMiss('qq.body', NEW_BODY));
    const pane = queryFirst(document, NEW_PANE);
    if (!pane) return null;
    return fallbackMessage({
      pane,
      id: `mail:${routeId}`,
      subject: clean(document.title),
      mount: { anchor: pane, append: 'first' },
    });
  }
  const body = bodies.at(-1) as Element;
  // The message: the largest ancestor of the body that holds no other message's body.
  let message = body;
  while (message.parentElement && !message.parentElement.matches('.frame-main')) {
    if (message.parentElement.querySelectorAll('.mail-detail-content').length > 1) break;
    message = message.parentElement;
  }
  const [sender, ...participants] = addressesInOrder(message, ['.mail-detail-content']);
  const subjectEl = queryFirst(document, NEW_SUBJECT);
  if (!sender) {
    missed.push(describeMiss('qq.sender', ['header [title*="@"] and text before the body']));
    return fallbackMessage({
      pane: message,
      id: `mail:${routeId ?? location.hash}`,
      subject: clean(subjectEl?.textContent) || clean(document.title),
      mount: { anchor: message, append: 'first' },
    });
  }
  return {
    id: `mail:${routeId ?? clean(subjectEl?.textContent)}#${bodies.indexOf(body) + 1}`,
    subject: clean(subjectEl?.textContent),
    sender,
    participants,
    bodyText: () => blockText(body, ['blockquote', '.xm_mail_quote']),
    mount: { anchor: message, append: 'first' },
    fallback: false,
  };
}

function readComposing(document: Document, frame: Document | null): Compose[] {
  const out: Compose[] = [];
  for (const root of queryAll(document, NEW_COMPOSE).filter(isShown)) {
    out.push({
      id: `compose#${out.length + 1}`,
      recipients: addressesInOrder(root, NEW_COMPOSE_SKIP),
      mount: { anchor: root, append: 'first' },
      root,
    });
  }
  const fields = frame ? queryAll(frame, OLD_COMPOSE) : [];
  if (frame && fields.length > 0) {
    const recipients = uniqueAddresses(
      fields.flatMap((f) => queryAll(f, OLD_ADDRESS).map(oldAddress)),
    );
    const frameElement = queryFirst(document, MAIN_FRAME) as Element;
    out.push({
      id: `compose:${paramOf(frame.URL, 'composeid') ?? 'main'}`,
      recipients,
      mount: { anchor: frameElement, append: 'before' },
      // The compose page fills the frame: focus anywhere in it is focus in this window.
      root: frameElement,
    });
  }
  return out;
}

export const qq: MailAdapter = {
  id: 'qq',
  hosts: WEBMAIL_SITES.qq,
  root: (document) => document.body,
  frames(document) {
    const frame = mainFrameOf(document);
    return frame ? [frame] : [];
  },
  read(document: Document, location: Location): MailSnapshot {
    const missed: string[] = [];
    const frame = mainFrameOf(document);
    const message = frame ? readOld(document, frame, missed) : readNew(document, location, missed);
    return { message, composing: readComposing(document, frame), missed };
  },
};
