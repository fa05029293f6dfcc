import {
  addressesInOrder,
  addressesInText,
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
 * QQ Mail, two clients. The current one (wx.mail.qq.com, also served at mail.qq.com's `#/`
 * routes) is a single page: the reading view is `.mail-detail-content` under the app's
 * `.frame-main`, and the header prints each address in its own element or a `title`. The old one
 * (mail.qq.com's `/cgi-bin/frame_html`) loads each view into `iframe[name=mainFrame]` (same
 * origin, so the top frame reads its document); there every address in the header is a
 * `span[e]` (`.addr_base[addr]`). "Public code" below: extensions and userscripts that read
 * wx.mail.qq.com use that selector.
 */

// ---- Current client (wx.mail.qq.com) ---------------------------------------------------------

/** The body of an open message; a conversation shows one per expanded message. */
const NEW_BODY = [
  '.xmail-ui-float-scroll .mail-detail-content', // wx.mail.qq.com's reader (public code)
  '.frame-main .mail-detail-content', // the same client's first release at mail.qq.com (2023)
] as const;

/**
 * Marks a message's header, so the message is the body's nearest ancestor holding one: in a
 * conversation the collapsed messages have a header but no body, and the quick reply below holds
 * the rep's own address.
 */
const NEW_HEADER = [
  '.mail-detail-basic-action-bar', // the header's action bar, `.basic-body-item .mail-detail-basic-action-bar` (public code)
  '.basic-body-item', // the header's rows themselves
  '.mail-detail-header', // the 2023 release's header block
] as const;

/** Parts of a message that hold addresses that are not the message's own. */
const NEW_NOT_HEADER = [
  '.mail-detail-content', // the body
  '.xm_mail_quote', // quoted mail (public code)
  '.mail-detail-reply', // the quick reply, whose `.cmp-account-email` is the rep (public code)
  '.mail-detail-basic-action-bar', // buttons
] as const;

/** Quoted history inside a body: not part of this message. */
const NEW_QUOTE = [
  '.xm_mail_quote', // the client's quote block (public code)
  'blockquote', // what a quote is in the mail's own HTML, from any client
] as const;

/** The subject above it. */
const NEW_SUBJECT = [
  '.frame-main .mail-detail-subject', // the reading view's title line (a guess, not seen in public code: the fixtures' markup)
  '.frame-main h1', // any heading of the main column, when the title line's class changes
] as const;

/** A compose page. */
const NEW_COMPOSE = [
  '.compose_body', // wx.mail.qq.com's compose page (public code)
  '.frame-main .mail-compose', // the 2023 release
  '.frame-main .compose-main', // its inner column, should the outer one be renamed
] as const;

/** Recipient chips of a compose page: the address in `title`, the name as text. */
const NEW_COMPOSE_CHIP = [
  '.compose_mail_wrapper .new_compose_mailAddress_item[title]', // wx.mail.qq.com (public code)
] as const;

/** What the compose page's text reading leaves out: the editor and the quoted original. */
const NEW_COMPOSE_SKIP = [
  '[contenteditable="true"]', // an editor drawn in the page itself
  'iframe', // `iframe.editor_iframe`, whose `.rooster-content-body` is the draft
  '.xm_compose_origin_mail_container', // the original mail quoted under a reply (public code)
] as const;

/** The part of the page the fallback reads. */
const NEW_PANE = [
  '.frame-main', // the app's main column, beside `.ui-float-scroll-body.sidebar-menus`
] as const;

/** The address the mailbox is signed in as. */
const SIGNED_IN = [
  '.profile-user-info span.user-email', // wx.mail.qq.com's profile card (public code)
  '.mail-detail-reply .cmp-account-email', // the quick reply's sending account (public code)
  '#useraddr', // the old client's top bar, in the top frame
] as const;

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

/** The message a body belongs to: its nearest ancestor that holds a header, else its pane. */
function messageOf(body: Element, missed: string[]): Element {
  for (let el: Element | null = body; el && !el.matches(NEW_PANE[0]); el = el.parentElement) {
    if (queryFirst(el, NEW_HEADER)) return el;
    // Holding another message's body: the header was not found on the way.
    if (el.parentElement && queryAll(el.parentElement, NEW_BODY).length > 1) break;
  }
  missed.push(describeMiss('qq.header', NEW_HEADER));
  // The largest ancestor of the body that holds no other message's body.
  let message = body;
  while (message.parentElement && !message.parentElement.matches(NEW_PANE[0])) {
    if (queryAll(message.parentElement, NEW_BODY).length > 1) break;
    message = message.parentElement;
  }
  return message;
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
  const message = messageOf(body, missed);
  const [sender, ...participants] = addressesInOrder(message, NEW_NOT_HEADER);
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
    bodyText: () => blockText(body, NEW_QUOTE),
    mount: { anchor: message, append: 'first' },
    fallback: false,
  };
}

function readComposing(document: Document, frame: Document | null): Compose[] {
  const out: Compose[] = [];
  for (const root of queryAll(document, NEW_COMPOSE).filter(isShown)) {
    const chips = queryAll(root, NEW_COMPOSE_CHIP);
    out.push({
      id: `compose#${out.length + 1}`,
      recipients:
        chips.length > 0
          ? uniqueAddresses(
              chips.map((c) => mailAddress(c.getAttribute('title'), c.textContent ?? '')),
            )
          : addressesInOrder(root, NEW_COMPOSE_SKIP),
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
  signedIn(document: Document): string | undefined {
    return addressesInText(queryFirst(document, SIGNED_IN)?.textContent ?? '')[0]?.email;
  },
};
