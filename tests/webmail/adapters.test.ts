// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { gmail } from '../../extension/hosts/gmail.ts';
import { netease } from '../../extension/hosts/netease.ts';
import { outlook } from '../../extension/hosts/outlook.ts';
import { qq } from '../../extension/hosts/qq.ts';
import type { MailAdapter, MailSnapshot } from '../../extension/hosts/types.ts';
import {
  at,
  fixtureHtml,
  gmailCompose,
  gmailSecondCompose,
  gmailView,
  loadFixture,
  neteaseView,
  paneView,
} from './load.ts';

const JANE = 'jane.doe@acme-robotics.com';
const LI = 'li.wei@acme-robotics.com';
const MAX = 'max.opp@acme-robotics.com';
const REP = 'rep@oursales.example';
const NEW = 'nora.palmer@acme-robotics.com';

const read = (adapter: MailAdapter, url: string): MailSnapshot => adapter.read(document, at(url));
const emails = (list: readonly { email: string }[] | undefined) => (list ?? []).map((a) => a.email);

/** A copy of a fixture with the anchors the adapter relies on taken out. */
const withoutAnchors = (patterns: readonly RegExp[]) => (html: string) =>
  patterns.reduce((h, p) => h.replace(p, ''), html);

describe('Gmail adapter', () => {
  const INBOX = 'https://mail.google.com/mail/u/0/#inbox';
  const OPEN = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmnqGvMzZpTfHhGZdlkL';

  it('sees no open message in the inbox, though its rows name senders', () => {
    loadFixture('gmail.html');
    gmailView('inbox');
    expect(read(gmail, INBOX)).toEqual({ message: null, composing: [], missed: [] });
  });

  it('reads the sender, the other participants, the subject, the id and the date of an open message', () => {
    loadFixture('gmail.html');
    gmailView('message');
    const { message, missed } = read(gmail, OPEN);
    expect(missed).toEqual([]);
    expect(message?.sender).toEqual({ email: JANE, name: 'Jane Doe' });
    expect(emails(message?.participants)).toEqual([REP, LI, MAX]);
    expect(message?.subject).toBe('Line 4 quote');
    expect(message?.id).toBe('#msg-f:1790000000000000001');
    expect(message?.sentAt).toBe(new Date(2025, 0, 6, 10, 12).getTime());
    expect(message?.fallback).toBe(false);
    expect(message?.mount.anchor.matches('h2[data-thread-perm-id]')).toBe(true);
  });

  it('in a thread, reads the last expanded message, with its signature but not the quoted reply', () => {
    loadFixture('gmail.html');
    gmailView('thread');
    const { message } = read(gmail, OPEN);
    expect(message?.sender.email).toBe(NEW);
    expect(emails(message?.participants)).toEqual([REP, LI]);
    const body = message?.bodyText() ?? '';
    expect(body).toContain('Procurement Manager\nAcme Robotics\nTel: +1 415 555 0134');
    expect(body).not.toContain('Let us start the pilot');
  });

  it('ignores the thread Gmail keeps hidden after the rep goes back to the inbox', () => {
    loadFixture('gmail.html');
    gmailView('message');
    gmailView('inbox');
    expect(document.querySelector('[data-message-id]')).not.toBeNull();
    expect(read(gmail, INBOX).message).toBeNull();
  });

  it('reads the recipients of a compose window', () => {
    loadFixture('gmail.html');
    gmailView('inbox');
    gmailCompose();
    const { composing } = read(gmail, INBOX);
    expect(composing).toHaveLength(1);
    expect(composing[0]?.id).toBe('compose-4711');
    expect(emails(composing[0]?.recipients)).toEqual([MAX, LI]);
  });

  it('gives each of several compose windows its own root, holding its fields', () => {
    loadFixture('gmail.html');
    gmailView('inbox');
    gmailCompose();
    gmailSecondCompose();
    const { composing } = read(gmail, INBOX);
    expect(composing.map((c) => c.id)).toEqual(['compose-4711', 'compose-4712']);
    expect(emails(composing[1]?.recipients)).toEqual([LI]);
    const [first, second] = composing.map((c) => c.root);
    const dialogs = document.querySelectorAll('#composes [role="dialog"]');
    expect(first?.closest('[role="dialog"]')).toBe(dialogs[0]);
    expect(second?.closest('[role="dialog"]')).toBe(dialogs[1]);
    const subjects = document.querySelectorAll('input[name="subjectbox"]');
    expect(first?.contains(subjects[0] ?? null)).toBe(true);
    expect(second?.contains(subjects[1] ?? null)).toBe(true);
    expect(first?.contains(subjects[1] ?? null)).toBe(false);
  });

  it('falls back to the addresses in the reading pane when the attributes are gone, and names what failed', () => {
    loadFixture(
      'gmail.html',
      withoutAnchors([/ email="[^"]*"/g, / data-(legacy-)?message-id="[^"]*"/g]),
    );
    gmailView('message');
    const { message, missed } = read(gmail, OPEN);
    expect(message?.fallback).toBe(true);
    expect(message?.sender.email).toBe(JANE);
    expect(emails(message?.participants)).toEqual(expect.arrayContaining([LI, MAX]));
    expect(missed).toEqual([expect.stringMatching(/^gmail\.message: \[data-message-id\]/)]);
  });

  it('reads the signed-in address from the account button, whatever language labels it', () => {
    loadFixture('gmail.html');
    gmailView('sent');
    expect(gmail.signedIn?.(document)).toBe(REP);
    // The sent message: the rep is its sender (the view, not the adapter, knows it is the rep).
    expect(read(gmail, OPEN).message?.sender.email).toBe(REP);
    loadFixture('gmail.html', (h) =>
      h.replace(
        'aria-label="Google Account: Rep Example&#10;(rep@oursales.example)"',
        'aria-label="Google 帐号：Rep Example&#10;(Rep@OurSales.example)"',
      ),
    );
    expect(gmail.signedIn?.(document)).toBe(REP);
    loadFixture('gmail.html', (h) => h.replace(/ aria-label="Google Account[^"]*"/, ''));
    expect(gmail.signedIn?.(document)).toBeUndefined();
  });
});

describe('Outlook adapter', () => {
  const INBOX = 'https://outlook.office.com/mail/inbox';
  const OPEN = 'https://outlook.office.com/mail/inbox/id/AAQkAGI2item1%3D';

  it('sees no open message while the reading pane is empty', () => {
    loadFixture('outlook.html');
    paneView('ReadingPaneContainerId', 'inbox');
    expect(read(outlook, INBOX).message).toBeNull();
  });

  it('reads the printed sender, the titled recipients and the item id from the URL', () => {
    loadFixture('outlook.html');
    paneView('ReadingPaneContainerId', 'message');
    const { message, missed } = read(outlook, OPEN);
    expect(missed).toEqual([]);
    expect(message?.sender).toEqual({ email: JANE, name: 'Jane Doe' });
    expect(emails(message?.participants)).toEqual([REP, LI, MAX]);
    expect(message?.participants[1]?.name).toBe('Li Wei');
    expect(message?.id).toBe('AAQkAGI2item1=#1');
    expect(message?.subject).toBe('Line 4 quote');
  });

  it('in a conversation, reads the last expanded message and leaves the quoted reply out', () => {
    loadFixture('outlook.html');
    paneView('ReadingPaneContainerId', 'thread');
    const { message } = read(outlook, 'https://outlook.live.com/mail/0/inbox/id/AAQkAGI2item2%3D');
    expect(message?.sender.email).toBe(NEW);
    expect(emails(message?.participants)).toEqual([REP, LI]);
    expect(message?.id).toBe('AAQkAGI2item2=#2');
    expect(message?.bodyText()).toContain('Procurement Manager');
    expect(message?.bodyText()).not.toContain('Let us start');
  });

  it('reads the recipients of a compose form', () => {
    loadFixture('outlook.html');
    paneView('ReadingPaneContainerId', 'compose');
    const { message, composing } = read(
      outlook,
      'https://outlook.office.com/mail/deeplink/compose',
    );
    expect(message).toBeNull();
    expect(emails(composing[0]?.recipients)).toEqual([MAX, LI]);
    expect(composing[0]?.root).toBe(composing[0]?.mount.anchor);
  });

  it('reads the signed-in address from the account manager, none without it', () => {
    loadFixture('outlook.html');
    expect(outlook.signedIn?.(document)).toBe(REP);
    loadFixture('outlook.html', withoutAnchors([/ id="mectrl_currentAccount_secondary"/]));
    expect(outlook.signedIn?.(document)).toBeUndefined();
  });

  it('falls back to the pane text when the message bodies lost their ids', () => {
    loadFixture('outlook.html', withoutAnchors([/ id="UniqueMessageBody_\d+"/g]));
    paneView('ReadingPaneContainerId', 'message');
    const { message, missed } = read(outlook, OPEN);
    expect(message?.fallback).toBe(true);
    expect(message?.sender.email).toBe(JANE);
    expect(missed[0]).toMatch(/^outlook\.body: div\[id\^="UniqueMessageBody_"\]/);
  });
});

describe('QQ Mail adapter', () => {
  it('new UI: reads the open message from the reading view and nothing from the list', () => {
    loadFixture('qq-new.html');
    paneView('main', 'inbox');
    expect(read(qq, 'https://mail.qq.com/#/list/1').message).toBeNull();
    paneView('main', 'message');
    const { message } = read(qq, 'https://mail.qq.com/#/read/1/ZC0001-acmeLine4');
    expect(message?.sender).toEqual({ email: JANE, name: 'Jane Doe' });
    expect(emails(message?.participants)).toEqual([REP, LI, MAX]);
    expect(message?.id).toBe('mail:ZC0001-acmeLine4#1');
    expect(message?.subject).toBe('Line 4 quote');
  });

  it('new UI: in a conversation, reads the last message', () => {
    loadFixture('qq-new.html');
    paneView('main', 'thread');
    const { message } = read(qq, 'https://mail.qq.com/#/read/1/ZC0002-acmePilot');
    expect(message?.sender.email).toBe(NEW);
    expect(emails(message?.participants)).toEqual([REP, LI]);
    expect(message?.bodyText()).toContain('Tel: +1 415 555 0134');
  });

  it('new UI: reads the recipients of a compose view', () => {
    loadFixture('qq-new.html');
    paneView('main', 'compose');
    expect(emails(read(qq, 'https://mail.qq.com/#/compose').composing[0]?.recipients)).toEqual([
      MAX,
      LI,
    ]);
  });

  const WX = (hash: string) => `https://wx.mail.qq.com/home/index?sid=x${hash}`;

  it('wx.mail.qq.com: no message in the list view, whose rows name senders', () => {
    loadFixture('qq-wx.html');
    paneView('main', 'inbox');
    expect(read(qq, WX('#/list/1/1'))).toEqual({ message: null, composing: [], missed: [] });
  });

  it('wx.mail.qq.com: sender (name and address in adjacent elements), participants, subject and id', () => {
    loadFixture('qq-wx.html');
    paneView('main', 'message');
    const { message, missed } = read(qq, WX('#/read/1/ZC0001-acmeLine4'));
    expect(missed).toEqual([]);
    expect(message?.sender).toEqual({ email: JANE, name: 'Jane Doe' });
    // The rep's "我" is no name, and the quick reply's own address is not a participant twice.
    expect(message?.participants).toEqual([
      { email: REP, name: '' },
      { email: LI, name: 'Li Wei' },
      { email: MAX, name: 'Max Opp' },
    ]);
    expect(message?.subject).toBe('Line 4 quote');
    expect(message?.id).toBe('mail:ZC0001-acmeLine4#1');
    expect(message?.fallback).toBe(false);
    expect(message?.mount.anchor.matches('.mail-detail')).toBe(true);
  });

  it('wx.mail.qq.com: in a conversation, the last expanded message without its quote', () => {
    loadFixture('qq-wx.html');
    paneView('main', 'thread');
    const { message, missed } = read(qq, WX('#/read/1/ZC0002-acmePilot'));
    expect(missed).toEqual([]);
    expect(message?.sender).toEqual({ email: NEW, name: 'Nora Palmer' });
    expect(emails(message?.participants)).toEqual([REP, LI]);
    const body = message?.bodyText() ?? '';
    expect(body).toContain('Procurement Manager\nAcme Robotics\nTel: +1 415 555 0134');
    expect(body).not.toContain('原始邮件');
    expect(body).not.toContain('Let us start the pilot');
  });

  it('wx.mail.qq.com: compose recipients from the chips’ titles, not the quoted original', () => {
    loadFixture('qq-wx.html', (h) => h.replace('<iframe class', '<iframe srcdoc="" class'));
    paneView('main', 'compose');
    const [compose] = read(qq, WX('#/compose')).composing;
    expect(compose?.recipients).toEqual([
      { email: MAX, name: 'Max Opp' },
      { email: LI, name: 'Li Wei' },
    ]);
    expect(compose?.root?.matches('.compose_body')).toBe(true);
  });

  it('wx.mail.qq.com: falls back to the main column when the body lost its class, and names what failed', () => {
    loadFixture('qq-wx.html', withoutAnchors([/ class="mail-detail-content"/g]));
    paneView('main', 'message');
    const { message, missed } = read(qq, WX('#/read/1/ZC0001-acmeLine4'));
    expect(message?.fallback).toBe(true);
    expect(message?.sender.email).toBe(JANE);
    expect(emails(message?.participants)).toEqual(expect.arrayContaining([LI, MAX]));
    expect(missed).toEqual([expect.stringMatching(/^qq\.body: \.xmail-ui-float-scroll/)]);
  });

  it('wx.mail.qq.com: a header without its action bar or rows still reads, naming the list that missed', () => {
    loadFixture(
      'qq-wx.html',
      withoutAnchors([/ class="(basic-body-item|mail-detail-basic-action-bar)"/g]),
    );
    paneView('main', 'message');
    const { message, missed } = read(qq, WX('#/read/1/ZC0001-acmeLine4'));
    expect(message?.sender.email).toBe(JANE);
    expect(missed[0]).toMatch(/^qq\.header: /);
  });

  it('signed-in address: the profile card (wx), the top bar (old client), none without either', () => {
    loadFixture('qq-wx.html');
    expect(qq.signedIn?.(document)).toBe(REP);
    loadFixture('qq-old-frame.html', (h) => h.replace(/ src="[^"]*"/, ' srcdoc=""'));
    expect(qq.signedIn?.(document)).toBe(REP);
    loadFixture('qq-wx.html', withoutAnchors([/ class="user-email"/]));
    expect(qq.signedIn?.(document)).toBeUndefined();
  });

  it('old UI: reads the header chips inside mainFrame, the sender first', () => {
    loadFixture('qq-old-frame.html', (h) => h.replace(/ src="[^"]*"/, ' srcdoc=""'));
    const frame = document.querySelector('iframe[name="mainFrame"]') as HTMLIFrameElement;
    // happy-dom loads no frames: hand the frame a document of its own, as Chromium would.
    const inner = document.implementation.createHTMLDocument('读信');
    Object.defineProperty(frame, 'contentDocument', { value: inner });
    const read = fixtureHtml('qq-old-read.html');
    const template = /<template id="ZC0001">([\s\S]*?)<\/template>/.exec(read)?.[1] ?? '';
    inner.body.innerHTML = `<div id="mainmail">${template}</div>`;
    const { message } = qq.read(document, at('https://mail.qq.com/cgi-bin/frame_html?sid=x'));
    expect(message?.sender).toEqual({ email: JANE, name: 'Jane Doe' });
    expect(emails(message?.participants)).toEqual([REP, LI, MAX]);
    expect(message?.subject).toBe('Line 4 quote');
    expect(message?.mount).toEqual({ anchor: frame, append: 'before' });
    expect(qq.frames?.(document)).toEqual([inner]);
  });
});

describe('NetEase adapter', () => {
  const NE = (hash: string) => `https://mail.163.com/js6/main.jsp?sid=x${hash}`;
  const READ =
    '#module=read.ReadModule%7C%7B%22area%22%3A%22normal%22%2C%22id%22%3A%22101%3A1tbiLine4%22%2C%22fid%22%3A1%7D';
  const noFrameSrc = (h: string) => h.replace(/ src="\/fixture-body\/[a-z0-9]+"/g, ' srcdoc=""');

  it('reads the shown read tab: chips in order, id from the hash, mounted above the body', () => {
    loadFixture('netease.html', noFrameSrc);
    neteaseView('inbox');
    expect(read(netease, NE('#module=mbox.ListModule')).message).toBeNull();
    neteaseView('message');
    const { message } = read(netease, NE(READ));
    expect(message?.sender).toEqual({ email: JANE, name: 'Jane Doe' });
    expect(emails(message?.participants)).toEqual([REP, LI, MAX]);
    expect(message?.id).toBe('mail:101:1tbiLine4');
    expect(message?.mount.anchor.matches('iframe.netease_mail_readhtml')).toBe(true);
  });

  it('switching tabs reads the tab now shown, not the hidden one before it', () => {
    loadFixture('netease.html', noFrameSrc);
    neteaseView('message');
    neteaseView('thread');
    expect(read(netease, NE('')).message?.sender.email).toBe(NEW);
    neteaseView('inbox');
    expect(read(netease, NE('')).message).toBeNull();
  });

  it('reads the recipients of a compose tab', () => {
    loadFixture('netease.html', noFrameSrc);
    neteaseView('compose');
    const [compose] = read(netease, NE('')).composing;
    expect(emails(compose?.recipients)).toEqual([MAX, LI]);
    expect(compose?.root).toBe(compose?.mount.anchor);
  });

  it('reads the signed-in address from the top bar, none without it', () => {
    loadFixture('netease.html', noFrameSrc);
    expect(netease.signedIn?.(document)).toBe(REP);
    loadFixture('netease.html', (h) => noFrameSrc(h).replace(' id="spnUid"', ''));
    expect(netease.signedIn?.(document)).toBeUndefined();
  });

  it('falls back to the tab text when the address chips lost their class', () => {
    loadFixture('netease.html', (h) => noFrameSrc(h).replaceAll('nui-addr-email', 'x-addr'));
    neteaseView('message');
    const { message, missed } = read(netease, NE(READ));
    expect(message?.fallback).toBe(true);
    expect(message?.sender.email).toBe(JANE);
    expect(missed[0]).toMatch(/^netease\.address/);
  });
});
