/**
 * The book and the routes of the webmail end-to-end tests and benchmark: the Acme account whose
 * people write in the fixture mails (tests/e2e/fixtures/webmail/), and every fixture page
 * fulfilled at its webmail app's real URL. Copies of the fixtures without their anchors are
 * served on a second path or host of each app, for the fallback.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { ulid } from 'ulid';
import { toLocal } from '../../extension/db/derive.ts';
import { Account, AccountInsight, Contact, Note, Opportunity } from '../../shared/index.ts';
import type { Rows } from '../e2e/seed.ts';

export const ACME = {
  accountId: ulid(),
  /** Not a string any fixture page contains: found in a page's DOM, it leaked. */
  name: 'Acme Robotics GmbH',
  domain: 'acme-robotics.com',
  secretNote: 'ACME-SECRET-NOTE: budget 1.2M approved by Li',
};
export const PEOPLE = {
  jane: { id: ulid(), email: 'jane.doe@acme-robotics.com', name: 'Jane Doe' },
  li: { id: ulid(), email: 'li.wei@acme-robotics.com', name: 'Li Wei' },
  max: { id: ulid(), email: 'max.opp@acme-robotics.com', name: 'Max Opp' },
};

/** Acme (key, strategic) with an open deal, three people of its committee and a visit note. */
export function acmeBook(now = Date.now()): Rows {
  const accountId = ACME.accountId;
  const account = Account.parse({
    id: accountId,
    createdAt: now,
    name: ACME.name,
    domains: [ACME.domain],
  });
  const insight = AccountInsight.parse({
    id: accountId,
    tier: 'keyStrategic',
    tierSource: 'pyramid',
    rank: 1,
    bookSize: 2,
    value: { historical: 1, current: 1, potential: 1, total: 3 },
    flags: ['A'],
    status: 'current',
    loyalty: 'repeatBuyer',
    relationshipStage: 'middle',
    strategy: 'dedicatedResources',
    computedAt: now,
  });
  const contact = (
    who: (typeof PEOPLE)[keyof typeof PEOPLE],
    fields: Record<string, unknown>,
  ): Contact =>
    Contact.parse({
      id: who.id,
      createdAt: now,
      accountId,
      name: who.name,
      emails: [who.email],
      ...fields,
    });
  return {
    accounts: [toLocal('accounts', account)],
    account_insights: [insight],
    contacts: [
      contact(PEOPLE.jane, {
        title: 'CTO',
        roles: ['evaluator'],
        attitude: 'supporter',
        relationshipStrength: 4,
      }),
      contact(PEOPLE.li, { title: 'CEO', roles: ['decisionMaker'], attitude: 'neutral' }),
      contact(PEOPLE.max, {
        title: 'Head of Procurement',
        roles: ['purchaser'],
        attitude: 'opponent',
      }),
    ],
    opportunities: [
      Opportunity.parse({
        id: ulid(),
        createdAt: now,
        accountId,
        name: 'Line 4 arms',
        stage: 'presentation',
        amount: 120_000,
        currency: 'USD',
        stageChangedAt: now - 3 * 86_400_000,
      }),
    ],
    notes: [
      Note.parse({
        id: ulid(),
        createdAt: now - 5 * 86_400_000,
        kind: 'visit',
        body: ACME.secretNote,
        accountId,
        contactIds: [PEOPLE.jane.id],
        authorId: ulid(),
        at: now - 5 * 86_400_000,
      }),
    ],
  };
}

const FIXTURES = resolve('tests/e2e/fixtures/webmail');
const read = (name: string) => readFileSync(resolve(FIXTURES, name), 'utf8');

/** A fixture with its anchors removed, as if the app had been redesigned overnight. */
const strip = (html: string, patterns: readonly RegExp[]) =>
  patterns.reduce((h, p) => h.replace(p, ''), html);

export const STRIPPED = {
  gmail: [/ email="[^"]*"/g, / data-(legacy-)?message-id="[^"]*"/g],
  outlook: [/ id="UniqueMessageBody_\d+"/g],
  qq: [/class="mail-detail-content"/g],
  qqWx: [/ class="mail-detail-content"/g],
  netease: [/ class="nui-addr-email"/g],
} as const;

/** Gmail enforces Trusted Types: so does its fixture, so an innerHTML anywhere would throw. */
const GMAIL_CSP = "require-trusted-types-for 'script'; trusted-types 'none'";

export const WEBMAIL_HOSTS = [
  'mail.google.com',
  'outlook.office.com',
  'outlook.live.com',
  'mail.qq.com',
  'wx.mail.qq.com',
  'mail.163.com',
  'mail.126.com',
];

/**
 * Every fixture at its app's real URL:
 * - Gmail at mail.google.com/mail/u/0/ (anchors stripped under /mail/u/1/),
 * - Outlook at outlook.office.com (stripped at outlook.live.com),
 * - QQ Mail's new UI at mail.qq.com/ (stripped under /fallback/), its old UI under /cgi-bin/,
 *   its current client at wx.mail.qq.com/home/ (stripped under /fallback/),
 * - NetEase at mail.163.com (stripped at mail.126.com).
 */
export async function routeWebmail(context: BrowserContext): Promise<void> {
  const html = (body: string, headers: Record<string, string> = {}) => ({
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body,
    headers,
  });
  const gmail = read('gmail.html');
  await context.route('https://mail.google.com/**', (route) => {
    const stripped = new URL(route.request().url()).pathname.startsWith('/mail/u/1/');
    return route.fulfill(
      html(stripped ? strip(gmail, STRIPPED.gmail) : gmail, {
        'content-security-policy': GMAIL_CSP,
      }),
    );
  });
  const outlook = read('outlook.html');
  await context.route('https://outlook.office.com/**', (route) => route.fulfill(html(outlook)));
  await context.route('https://outlook.live.com/**', (route) =>
    route.fulfill(html(strip(outlook, STRIPPED.outlook))),
  );
  const qqNew = read('qq-new.html');
  const qqOld: Record<string, string> = {
    frame_html: read('qq-old-frame.html'),
    mail_list: read('qq-old-list.html'),
    readmail: read('qq-old-read.html'),
    readtemplate: read('qq-old-compose.html'),
  };
  await context.route('https://mail.qq.com/**', (route) => {
    const { pathname } = new URL(route.request().url());
    const old = /^\/cgi-bin\/(\w+)/.exec(pathname)?.[1];
    if (old && qqOld[old]) return route.fulfill(html(qqOld[old]));
    if (pathname.startsWith('/fallback')) return route.fulfill(html(strip(qqNew, STRIPPED.qq)));
    return route.fulfill(html(qqNew));
  });
  const qqWx = read('qq-wx.html');
  await context.route('https://wx.mail.qq.com/**', (route) => {
    const stripped = new URL(route.request().url()).pathname.startsWith('/fallback');
    return route.fulfill(html(stripped ? strip(qqWx, STRIPPED.qqWx) : qqWx));
  });
  const netease = read('netease.html');
  const body = read('netease-body.html');
  for (const host of ['mail.163.com', 'mail.126.com']) {
    await context.route(`https://${host}/**`, (route) => {
      const { pathname } = new URL(route.request().url());
      if (pathname.startsWith('/fixture-body/')) return route.fulfill(html(body));
      return route.fulfill(
        html(host === 'mail.126.com' ? strip(netease, STRIPPED.netease) : netease),
      );
    });
  }
}
