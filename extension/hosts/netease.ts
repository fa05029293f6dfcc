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
 * NetEase Mail (mail.163.com, mail.126.com). Each opened message is a tab with its own module
 * container, kept in the DOM (hidden) when the rep switches tab; its addresses are
 * `.nui-addr-email` chips and its body is an iframe.
 */

/** One container per opened message tab. */
const READ_MODULE = [
  "[id^='_dvModuleContainer_read.ReadModule']", // module containers are named after the module
] as const;

/** Every address chip of the header, the sender first. */
const ADDRESS = [
  '.nui-addr-email', // `<jane@acme.com>` beside `.nui-addr-name`
  '[data-email]',
] as const;

/** The chip around an address, which also holds the display name. */
const ADDRESS_CHIP = '.nui-addr';
const ADDRESS_NAME = '.nui-addr-name';

/** The body's iframe. */
const BODY_FRAME = ['iframe.netease_mail_readhtml'] as const;

const SUBJECT = ['h1[id*="subject" i]', 'h1'] as const;

/** Compose tabs and, inside, the recipient chips (same chips as the read header). */
const COMPOSE_MODULE = ["[id^='_dvModuleContainer_compose.ComposeModule']"] as const;

/**
 * The signed-in address: the top bar prints the account (`name@163.com`) in `#spnUid` in every
 * version of the 6.0 client (test automation of mail.163.com and mail.126.com reads it to check a
 * login).
 */
const ACCOUNT = [
  '#spnUid', // the top bar's account (6.0 client)
] as const;

/** `#module=read.ReadModule|{"area":"normal","id":"123:1tbi…","fid":1}` */
const READ_HASH = /module=read\.ReadModule\|(.*)$/;

function hashId(location: Location): string | undefined {
  let hash = location.hash;
  try {
    hash = decodeURIComponent(hash);
  } catch {
    // Not encoded.
  }
  const json = READ_HASH.exec(hash)?.[1];
  return json ? /"id"\s*:\s*"([^"]+)"/.exec(json)?.[1] : undefined;
}

function chipAddress(el: Element): MailAddress | undefined {
  const email = el.getAttribute('data-email') ?? addressesInText(el.textContent ?? '')[0]?.email;
  const chip = el.closest(ADDRESS_CHIP);
  const name = chip?.querySelector(ADDRESS_NAME)?.textContent ?? '';
  return mailAddress(email, name);
}

function bodyOf(module: Element): Element | null {
  const frame = queryFirst(module, BODY_FRAME) as HTMLIFrameElement | null;
  try {
    return frame?.contentDocument?.body ?? null;
  } catch {
    return null;
  }
}

function readMessage(document: Document, location: Location, missed: string[]): OpenMessage | null {
  const module = queryAll(document, READ_MODULE).find(isShown);
  const routeId = hashId(location);
  if (!module) {
    if (routeId === undefined) return null;
    missed.push(describeMiss('netease.readModule', READ_MODULE));
    const pane = document.querySelector('[role="main"], main') ?? document.body;
    if (!pane) return null;
    return fallbackMessage({
      pane,
      id: `mail:${routeId}`,
      subject: clean(document.title),
      mount: { anchor: pane, append: 'first' },
    });
  }
  const id = `mail:${routeId ?? module.id}`;
  const subject = clean(queryFirst(module, SUBJECT)?.textContent);
  const frame = queryFirst(module, BODY_FRAME);
  const [sender, ...participants] = uniqueAddresses(queryAll(module, ADDRESS).map(chipAddress));
  if (!sender) {
    missed.push(describeMiss('netease.address', ADDRESS));
    return fallbackMessage({
      pane: module,
      id,
      subject,
      mount: { anchor: frame ?? module, append: frame ? 'before' : 'first' },
    });
  }
  if (!frame) missed.push(describeMiss('netease.body', BODY_FRAME));
  return {
    id,
    subject,
    sender,
    participants,
    bodyText: () => {
      const body = bodyOf(module);
      return body ? blockText(body, ['blockquote', '#isReplyContent', '#isForwardContent']) : '';
    },
    // Between the header and the body.
    mount: frame ? { anchor: frame, append: 'before' } : { anchor: module, append: 'first' },
    fallback: false,
  };
}

function readComposing(document: Document): Compose[] {
  return queryAll(document, COMPOSE_MODULE)
    .filter(isShown)
    .map((module, i) => ({
      id: module.id || `compose#${i + 1}`,
      recipients: uniqueAddresses(queryAll(module, ADDRESS).map(chipAddress)),
      mount: { anchor: module, append: 'first' as const },
      root: module,
    }));
}

export const netease: MailAdapter = {
  id: 'netease',
  hosts: WEBMAIL_SITES.netease,
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
