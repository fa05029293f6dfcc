import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME, acmeBook, PEOPLE, routeWebmail, WEBMAIL_HOSTS } from '../webmail/e2e-seed.ts';
import {
  COMPOSE_HOST,
  composePanel,
  extensionFrames,
  messagePanel,
  SHOWN_WEBMAIL_HOST,
  WEBMAIL_FRAME,
  WEBMAIL_HOST,
} from './extension-frame.ts';
import { type ExtensionBrowser, launchWithExtension } from './harness.ts';
import { askBackground, openExtensionPage, putRows, readAll } from './seed.ts';

// Conditions, not sleeps: generous, because other Chromium runs may share the two cores.
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000, interval: 50 });

/**
 * The page's own DOM: what the mail app's scripts can read (the panels are in extension frames,
 * read through tests/e2e/extension-frame.ts; tests/e2e/privacy.e2e.test.ts reads everything a
 * page's script can reach).
 */
const pageDom = (page: Page) =>
  page.evaluate(
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what the page sees
    () => `${document.documentElement.outerHTML}\n${document.body.innerText}`,
  );

describe('webmail panel beside the open e-mail', () => {
  let browser: ExtensionBrowser;
  let extensionPage: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchWithExtension({ allowHosts: WEBMAIL_HOSTS });
    await routeWebmail(browser.context);
    extensionPage = await openExtensionPage(browser);
    await putRows(extensionPage, acmeBook());
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(url: string): Promise<Page> {
    const page = await browser.context.newPage();
    // A step that cannot happen fails naming itself, not as the whole test's timeout.
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${page.url()}: ${m.text()}`);
    });
    await page.goto(url);
    return page;
  }

  /** Debug mode: the content script names the selector lists that found nothing. */
  const setDebug = (on: boolean) =>
    browser.serviceWorker.evaluate(
      (debug) =>
        (
          globalThis as unknown as {
            chrome: { storage: { local: { set(items: object): Promise<void> } } };
          }
        ).chrome.storage.local.set({ debug }),
      on,
    );

  /** browser.storage.local, where the rep's addresses are kept. */
  type Local = {
    chrome: {
      storage: {
        local: {
          get(key: string): Promise<Record<string, unknown>>;
          remove(keys: string[]): Promise<void>;
        };
      };
    };
  };
  const storedAddresses = () =>
    browser.serviceWorker.evaluate(async () => {
      const local = (globalThis as unknown as Local).chrome.storage.local;
      return (await local.get('myAddresses')).myAddresses;
    });
  const forgetAddresses = () =>
    browser.serviceWorker.evaluate(() =>
      (globalThis as unknown as Local).chrome.storage.local.remove([
        'myAddresses',
        'declinedAddresses',
      ]),
    );

  const show = (page: Page, view: string) =>
    page.evaluate((v) => (window as unknown as { showView(v: string): void }).showView(v), view);

  /** What every site must do: the same book, read through each site's own markup. */
  async function expectReadsTheBook(
    page: Page,
    next: () => Promise<void>,
    back: () => Promise<void>,
  ) {
    const panel = messagePanel(page);
    const sender = () => panel.text('[data-account-lens="sender"]');
    await poll(sender).toContain('Jane Doe');
    expect(await panel.text('[data-account-lens="account-name"]')).toBe(ACME.name);
    expect(await sender()).toContain('Technical evaluator');
    expect(await sender()).toContain('Supporter');
    expect(await sender()).toContain('Relationship 4/5');
    expect(await panel.text('[data-account-lens="last-touch"]')).toContain('Visit');
    const participants = await panel.text('[data-account-lens="participants"]');
    expect(participants).toContain('Decision maker');
    expect(participants).toContain('Opponent');
    expect(await panel.text('[data-account-lens="decider"]')).toBe(
      'Decision maker on this thread: Li Wei',
    );
    expect(await panel.count('[data-account-lens="fallback"]')).toBe(0);
    // Every site's adapter reads the signed-in address, so every panel asks about it.
    await poll(() => panel.text('[data-account-lens="ask-identity"]')).toContain(
      'Is this you? rep@oursales.example',
    );
    // The rep's data stays inside the extension frame.
    const dom = await pageDom(page);
    expect(dom).not.toContain(ACME.name);
    expect(dom).not.toContain(ACME.secretNote);
    expect(dom).not.toContain('Technical evaluator');

    // Another message: the panel follows; the sender is unknown at a known company.
    await next();
    await poll(sender).toContain('Nora Palmer');
    expect(await panel.text('[data-account-lens="add-contact"]')).toContain(
      `Add Nora Palmer to ${ACME.name}`,
    );
    expect(await panel.text('[data-account-lens="decider"]')).toBe(
      'Decision maker on this thread: Li Wei',
    );

    // Back to the list: nothing open, no panel.
    await back();
    await poll(() => page.locator(SHOWN_WEBMAIL_HOST).count()).toBe(0);
  }

  async function expectComposeWarns(page: Page) {
    await poll(() => composePanel(page).texts('[data-warning]')).toEqual([
      `You are writing to the opponent: Max Opp (${ACME.name})`,
      `You are writing to the decision maker: Li Wei (${ACME.name})`,
    ]);
    expect(await pageDom(page)).not.toContain(ACME.name);
  }

  async function expectFallback(page: Page, open: () => Promise<void>) {
    await open();
    const panel = messagePanel(page);
    await poll(() => panel.count('[data-account-lens="fallback"]')).toBe(1);
    expect(await panel.text('[data-account-lens="sender"]')).toContain(PEOPLE.jane.email);
    expect(await panel.text('[data-account-lens="account-name"]')).toBe(ACME.name);
  }

  it('Gmail: sender, account and roles beside the message; follows the rep; none in the inbox', async () => {
    const page = await open('https://mail.google.com/mail/u/0/#inbox');
    await show(page, 'message');
    await expectReadsTheBook(
      page,
      () => show(page, 'thread'),
      () => show(page, 'inbox'),
    );
    await show(page, 'message');
    await poll(() => messagePanel(page).count('')).toBe(1);
    // Under the thread's subject, in the page's flow.
    expect(
      await page.evaluate(() => document.querySelector('#thread h2')?.nextElementSibling?.tagName),
    ).toBe('ACCOUNT-LENS-WEBMAIL');
    // A stranger on a free-mail address: nobody in the book, nothing to offer, no panel.
    await show(page, 'freemail');
    await poll(() => page.locator(SHOWN_WEBMAIL_HOST).count()).toBe(0);
    await page.evaluate(() => (window as unknown as { openCompose(): void }).openCompose());
    await expectComposeWarns(page);
    await page.close();
  });

  it("Gmail: the next message's panel is drawn in a frame loaded while the rep was in the inbox", async () => {
    const page = await open('https://mail.google.com/mail/u/0/#inbox');
    // Loaded once the mail app is idle: on the page, hidden, blank.
    await poll(() => page.locator(WEBMAIL_HOST).count()).toBe(1);
    expect(await page.locator(SHOWN_WEBMAIL_HOST).count()).toBe(0);
    await poll(() => extensionFrames(page, WEBMAIL_FRAME).length).toBe(1);
    const [warm] = extensionFrames(page, WEBMAIL_FRAME);
    const address = warm?.url();
    expect(await warm?.locator('[data-account-lens="webmail-panel"]').count()).toBe(0);

    await show(page, 'message');
    const panel = messagePanel(page);
    await poll(() => panel.text('[data-account-lens="account-name"]')).toBe(ACME.name);
    const shownHeight = async () =>
      (
        await page
          .locator(SHOWN_WEBMAIL_HOST)
          .boundingBox({ timeout: 100 })
          .catch(() => null)
      )?.height ?? 0;
    await poll(shownHeight).toBeGreaterThan(0);
    // The same frame, moved beside the message: not a new one loaded after it opened.
    expect((await panel.frame()).url()).toBe(address);
    expect(extensionFrames(page, WEBMAIL_FRAME)).toHaveLength(1);

    // Back in the inbox: the panel is off the page's view and its frame blank again.
    await show(page, 'inbox');
    await poll(() => page.locator(SHOWN_WEBMAIL_HOST).count()).toBe(0);
    await poll(() => panel.count('[data-account-lens="webmail-panel"]')).toBe(0);
    await poll(() => page.locator(WEBMAIL_HOST).count()).toBe(1);

    // And the next message's panel shows in it, as tall as the last (the frame says so again).
    await show(page, 'message');
    await poll(() => panel.text('[data-account-lens="account-name"]')).toBe(ACME.name);
    await poll(shownHeight).toBeGreaterThan(0);
    await page.close();
  });

  it('Gmail: the panel comes back, drawn, when the mail app re-renders the message and drops it', async () => {
    const page = await open('https://mail.google.com/mail/u/0/#inbox');
    await show(page, 'message');
    const panel = messagePanel(page);
    await poll(() => panel.text('[data-account-lens="account-name"]')).toBe(ACME.name);
    // What an app re-rendering its reading pane does to an element it does not know.
    await page.evaluate((name) => document.querySelector(name)?.remove(), SHOWN_WEBMAIL_HOST);
    await poll(() => page.locator(SHOWN_WEBMAIL_HOST).count()).toBe(1);
    await poll(() => panel.text('[data-account-lens="account-name"]')).toBe(ACME.name);
    await poll(
      async () =>
        (
          await page
            .locator(SHOWN_WEBMAIL_HOST)
            .boundingBox({ timeout: 100 })
            .catch(() => null)
        )?.height ?? 0,
    ).toBeGreaterThan(0);
    await page.close();
  });

  it('Gmail: with two compose windows open, the compose panel follows the one the rep is in', async () => {
    const page = await open('https://mail.google.com/mail/u/0/#inbox');
    await page.evaluate(() => {
      const w = window as unknown as { openCompose(): void; openSecondCompose(): void };
      w.openCompose();
      w.openSecondCompose();
    });
    const dialogs = page.locator('#composes [role="dialog"]');
    const first = dialogs.nth(0);
    const second = dialogs.nth(1);
    const warnings = () => composePanel(page).texts('[data-warning]');
    const opponent = `You are writing to the opponent: Max Opp (${ACME.name})`;
    const decider = `You are writing to the decision maker: Li Wei (${ACME.name})`;

    // Nothing focused: the first window.
    await poll(warnings).toEqual([opponent, decider]);
    expect(await first.locator(COMPOSE_HOST).count()).toBe(1);

    // The rep clicks into the second window: the panel moves there, about its recipient.
    await second.locator('[role="textbox"]').focus();
    await poll(() => second.locator(COMPOSE_HOST).count()).toBe(1);
    await poll(warnings).toEqual([decider]);
    expect(await first.locator(COMPOSE_HOST).count()).toBe(0);

    // Back in the first window's subject: the panel follows.
    await first.locator('input[name="subjectbox"]').focus();
    await poll(() => first.locator(COMPOSE_HOST).count()).toBe(1);
    await poll(warnings).toEqual([opponent, decider]);
    expect(await second.locator(COMPOSE_HOST).count()).toBe(0);

    // Focus leaves both: the panel stays with the window last focused, and keeps reading it.
    await second.locator('[role="textbox"]').focus();
    await poll(warnings).toEqual([decider]);
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      const chip = document.createElement('div');
      chip.className = 'afV';
      chip.setAttribute('data-hovercard-id', 'max.opp@acme-robotics.com');
      chip.setAttribute('name', 'Max Opp');
      chip.textContent = 'Max Opp';
      document.querySelectorAll('#composes .aoD')[1]?.append(chip);
    });
    await poll(async () => (await warnings()).sort()).toEqual([decider, opponent].sort());
    expect(await second.locator(COMPOSE_HOST).count()).toBe(1);
    expect(await pageDom(page)).not.toContain(ACME.name);
    await page.close();
  });

  it('Outlook: reads the same book through generated markup, in conversations and compose', async () => {
    const page = await open('https://outlook.office.com/mail/inbox');
    await show(page, 'message');
    await expectReadsTheBook(
      page,
      () => show(page, 'thread'),
      () => show(page, 'inbox'),
    );
    await show(page, 'compose');
    await expectComposeWarns(page);
    await page.close();
  });

  it('QQ Mail new UI: reading view, conversation and compose', async () => {
    const page = await open('https://mail.qq.com/#/list/1');
    await show(page, 'message');
    await expectReadsTheBook(
      page,
      () => show(page, 'thread'),
      () => show(page, 'inbox'),
    );
    await show(page, 'compose');
    await expectComposeWarns(page);
    await page.close();
  });

  it('QQ Mail at wx.mail.qq.com: reader, conversation with a quote, compose chips', async () => {
    const page = await open('https://wx.mail.qq.com/home/index?sid=fixture#/list/1/1');
    await show(page, 'message');
    await expectReadsTheBook(
      page,
      () => show(page, 'thread'),
      () => show(page, 'inbox'),
    );
    await show(page, 'compose');
    await expectComposeWarns(page);
    await page.close();
  });

  it('QQ Mail old UI: reads inside mainFrame as each view loads into it', async () => {
    const page = await open('https://mail.qq.com/cgi-bin/frame_html?sid=fixture');
    const load = (path: string) =>
      page.evaluate(
        (p) => (window as unknown as { openFrame(p: string): void }).openFrame(p),
        path,
      );
    await load('/cgi-bin/readmail?mailid=ZC0001&sid=fixture');
    await expectReadsTheBook(
      page,
      () => load('/cgi-bin/readmail?mailid=ZC0002&sid=fixture'),
      () => load('/cgi-bin/mail_list?sid=fixture&folderid=1'),
    );
    await load('/cgi-bin/readtemplate?t=compose&sid=fixture');
    await expectComposeWarns(page);
    await page.close();
  });

  it('NetEase 163: the shown read tab, tab switching, compose', async () => {
    const page = await open('https://mail.163.com/js6/main.jsp?sid=fixture');
    await show(page, 'message');
    await expectReadsTheBook(
      page,
      () => show(page, 'thread'),
      () => show(page, 'inbox'),
    );
    await show(page, 'compose');
    await expectComposeWarns(page);
    await page.close();
  });

  it('falls back to the addresses in the reading pane when the anchors are gone, and says so', async () => {
    await setDebug(true);
    try {
      const gmail = await open('https://mail.google.com/mail/u/1/#inbox');
      const warnings: string[] = [];
      gmail.on('console', (m) => {
        if (m.type() === 'warning') warnings.push(m.text());
      });
      await expectFallback(gmail, () => show(gmail, 'message'));
      await poll(() => warnings.join('\n')).toContain('no element matched gmail.message:');
      await gmail.close();
      for (const [url, view] of [
        ['https://outlook.live.com/mail/inbox', 'message'],
        ['https://mail.qq.com/fallback/#/list/1', 'message'],
        ['https://wx.mail.qq.com/fallback/home/index?sid=fixture#/list/1/1', 'message'],
        ['https://mail.126.com/js6/main.jsp?sid=fixture', 'message'],
      ] as const) {
        const page = await open(url);
        await expectFallback(page, () => show(page, view));
        await page.close();
      }
    } finally {
      await setDebug(false);
    }
  });

  it('the options page lists, per site, the messages read, the fallback and the selector lists that missed', async () => {
    // A QQ Mail tab reading without its anchors stays open while the options page looks.
    const mail = await open('https://wx.mail.qq.com/fallback/home/index?sid=fixture#/list/1/1');
    await expectFallback(mail, () => show(mail, 'message'));
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1000, height: 800 });
    await page.goto(browser.url('options.html'));
    const section = page.locator('[data-selector-health]');
    const row = (site: string) => section.locator(`tr[data-site="${site}"]`);
    // Written at most every few seconds: the table follows storage.
    await poll(() => row('qq').locator('[data-fallback]').count()).toBe(1);
    await poll(() => row('qq').locator('[data-fallback]').textContent()).toMatch(/^[1-9]/);
    expect(await row('qq').locator('[data-missed]').textContent()).toContain('qq.body:');
    // The tabs above wrote theirs too, each its first reading at once.
    for (const site of ['gmail', 'outlook', 'netease']) expect(await row(site).count()).toBe(1);
    await mail.close();
    // The record is the extension's own: nothing read from a page.
    const text = (await section.textContent()) ?? '';
    expect(text).not.toContain('acme-robotics');
    expect(text).not.toContain('Line 4 quote');
    await section.screenshot({ path: 'docs/screenshots/selector-health.png' });

    await section.locator('[data-copy-report]').click();
    await poll(
      async () =>
        (await section.locator('[role="status"]').count()) +
        (await section.locator('textarea.report').count()),
    ).toBe(1);
    if ((await section.locator('textarea.report').count()) === 1) {
      expect(await section.locator('textarea.report').inputValue()).toContain('qq: last page seen');
    }
    await section.locator('[data-clear-report]').click();
    await poll(() => section.locator('[data-selector-health-empty]').count()).toBe(1);
    await page.close();
  });

  it('"Log this e-mail" writes one e-mail note linked to the people and account, and never twice', async () => {
    const page = await open('https://mail.google.com/mail/u/0/#inbox');
    await show(page, 'message');
    const panel = await messagePanel(page).frame();
    await panel.locator('[data-account-lens="log-button"]').click();
    await poll(() => panel.locator('[data-account-lens="log-email"]').textContent()).toMatch(
      /^Logged on /,
    );
    const again = askBackground(extensionPage, {
      type: 'logEmail',
      site: 'gmail',
      messageId: '#msg-f:1790000000000000001',
      subject: 'Line 4 quote',
      sender: { name: 'Jane Doe', email: PEOPLE.jane.email },
      participants: [],
    });
    await expect(again).rejects.toThrow('already logged');
    const logged = (await readAll(extensionPage, 'notes')).filter((n) => n.kind === 'email');
    expect(logged).toHaveLength(1);
    const note = logged[0] as Record<string, unknown>;
    expect(note.subject).toBe('Line 4 quote');
    expect(note.accountId).toBe(ACME.accountId);
    expect(note.messageHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(note)).not.toContain('1790000000000000001');
    expect(note.contactIds).toEqual(
      expect.arrayContaining([PEOPLE.jane.id, PEOPLE.li.id, PEOPLE.max.id]),
    );
    expect(note.body).toContain('From: Jane Doe <jane.doe@acme-robotics.com>');
    // The body was not ticked.
    expect(note.body).not.toContain('please find the quote');
    await page.close();
  });

  it('an unknown sender at a known company is added as a contact, prefilled from the signature', async () => {
    const page = await open('https://mail.google.com/mail/u/0/#inbox');
    await show(page, 'thread');
    const panel = await messagePanel(page).frame();
    await panel.locator('[data-account-lens="add-contact"] button').click();
    const form = panel.locator('form[data-account-lens="add-contact"]');
    await poll(() => form.locator('input[name="name"]').inputValue()).toBe('Nora Palmer');
    expect(await form.locator('input[name="title"]').inputValue()).toBe('Procurement Manager');
    expect(await form.locator('input[name="phones"]').inputValue()).toMatch(/415.?555.?0134/);
    await form.locator('input[value="evaluator"]').check();
    await form.getByRole('button', { name: 'Add contact' }).click();
    // The live view now knows them.
    await poll(() => panel.locator('[data-account-lens="sender"]').textContent()).toContain(
      'Procurement Manager',
    );
    const saved = (await readAll(extensionPage, 'contacts')).find((c) => c.name === 'Nora Palmer');
    expect(saved).toMatchObject({ accountId: ACME.accountId, roles: ['evaluator'] });
    expect(saved?.emails).toContain('nora.palmer@acme-robotics.com');
    await page.close();
  });

  it('an unknown company gets "Create account" from the sender\'s domain, then "Add contact"', async () => {
    const page = await open('https://mail.google.com/mail/u/0/#inbox');
    await show(page, 'unknown');
    const panel = messagePanel(page);
    await poll(() => panel.text('[data-account-lens="create-account"]')).toContain(
      'Create an account for initech.example',
    );
    const frame = await panel.frame();
    await frame.locator('[data-account-lens="create-account"] button').click();
    await frame.locator('form[data-account-lens="create-account"] button[type="submit"]').click();
    await poll(() => panel.text('[data-account-lens="add-contact"]')).toContain(
      'Add Peter Gibbons to Initech',
    );
    await page.close();
  });

  it('mail the rep sent shows the contact they wrote to and that account, once the rep says "this is me"', async () => {
    const page = await open('https://mail.google.com/mail/u/0/#inbox');
    try {
      await show(page, 'sent');
      const panel = await messagePanel(page).frame();
      // Not known yet: the rep reads as a stranger, at a company to create an account for.
      const askIdentity = panel.locator('[data-account-lens="ask-identity"]');
      await poll(() => askIdentity.textContent()).toContain('Is this you? rep@oursales.example');
      expect(await panel.locator('[data-account-lens="create-account"]').textContent()).toContain(
        'Create an account for oursales.example',
      );
      expect(await storedAddresses()).toBeUndefined();

      await askIdentity.getByRole('button', { name: 'Yes' }).click();
      await poll(() => panel.locator('[data-account-lens="outgoing"]').textContent()).toBe(
        'You sent this',
      );
      // The first external recipient (Sam, first on the To line, is a colleague).
      const person = panel.locator('[data-account-lens="sender"]');
      expect(await person.textContent()).toContain('Li Wei');
      expect(await person.textContent()).toContain('Decision maker');
      expect(await panel.locator('[data-account-lens="account-name"]').textContent()).toBe(
        ACME.name,
      );
      expect(
        await panel.locator('li[data-email="sam.seller@oursales.example"]').textContent(),
      ).toContain('your colleague');
      expect(await panel.locator('[data-account-lens="create-account"]').count()).toBe(0);
      expect(await askIdentity.count()).toBe(0);
      expect(await storedAddresses()).toEqual(['rep@oursales.example']);
      expect(await pageDom(page)).not.toContain(ACME.name);
    } finally {
      await forgetAddresses();
      await page.close();
    }
  });

  it('nothing on these pages failed, Trusted Types included', () => {
    expect(problems).toEqual([]);
  });
});
