/**
 * What the customer's page can read of what the rep wrote about them: nothing. A script of the
 * page, installed in its main world before the extension runs (as an analytics tag or the
 * site's own code would be), patches `attachShadow` (forcing every root open),
 * `Element.prototype`'s `shadowRoot`, `innerHTML`, `outerHTML`, `Node.prototype`'s
 * `textContent`, `HTMLElement.prototype`'s `innerText` and `window.postMessage`, listens to
 * every `message` event, and records everything that passes. With the badge and the panel on
 * screen, it walks every node, every shadow root it can reach and every frame it can open, and
 * none of the seeded account's name, id, tier, roles or note text may be found there or in its
 * records. And the rep does see them: inside the extension's own frame.
 */
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acmeBook, ACME as MAIL_ACME, routeWebmail, WEBMAIL_HOSTS } from '../webmail/e2e-seed.ts';
import {
  COMPOSE_HOST,
  composeFrame,
  OVERLAY_FRAME,
  OVERLAY_HOST,
  overlayFrame,
  WEBMAIL_HOST,
  webmailFrame,
} from './extension-frame.ts';
import { type ExtensionBrowser, launchWithExtension } from './harness.ts';
import { acmeRows, routeSites, ACME as SITE_ACME, SITE_HOSTS } from './overlay-seed.ts';
import { openExtensionPage, putRows } from './seed.ts';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 50 });

/** The page's spy: runs in the main world of every frame, before the page's own scripts. */
function installSpy(): void {
  if (location.protocol === 'chrome-extension:') return;
  type Spy = { seen: string[]; roots: ShadowRoot[]; modes: string[] };
  const spy: Spy = { seen: [], roots: [], modes: [] };
  (window as unknown as { __spy: Spy }).__spy = spy;
  const note = (value: unknown) => {
    if (value === null || value === undefined) return;
    if (typeof value === 'string') spy.seen.push(value);
    else {
      try {
        spy.seen.push(JSON.stringify(value));
      } catch {
        spy.seen.push(String(value));
      }
    }
  };
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    spy.modes.push(`${this.localName}:${init.mode}`);
    // What a hostile page does: every root it is asked for is made open, and kept.
    const root = attach.call(this, { ...init, mode: 'open' });
    spy.roots.push(root);
    return root;
  };
  const watch = (proto: object, name: string) => {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    if (!d?.get) return;
    const get = d.get;
    Object.defineProperty(proto, name, {
      ...d,
      get(this: unknown) {
        const value: unknown = get.call(this);
        if (value instanceof ShadowRoot) {
          if (!spy.roots.includes(value)) spy.roots.push(value);
        } else note(value);
        return value;
      },
    });
  };
  watch(Element.prototype, 'shadowRoot');
  watch(Element.prototype, 'innerHTML');
  watch(Element.prototype, 'outerHTML');
  watch(Node.prototype, 'textContent');
  watch(HTMLElement.prototype, 'innerText');
  const post = window.postMessage;
  window.postMessage = function (this: Window, ...args: Parameters<Window['postMessage']>) {
    note(args[0]);
    return post.apply(this, args as never);
  } as Window['postMessage'];
  window.addEventListener('message', (e) => note(e.data), true);
}

/**
 * Everything the page can read now: every node's text, attribute and value in the document, in
 * every shadow root it can reach (`element.shadowRoot`, and the roots its patch kept) and in
 * every frame it can open (window.frames, recursively; cross-origin ones throw), plus the
 * frames' addresses where readable, the resource timings, and what the spy recorded.
 */
function readablePage(): string[] {
  const out: string[] = [];
  const seenRoots = new Set<Node>();
  const visit = (root: Node) => {
    if (seenRoots.has(root)) return;
    seenRoots.add(root);
    const doc = root.ownerDocument ?? (root as Document);
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ALL);
    for (let n: Node | null = walker.currentNode; n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE || n.nodeType === Node.COMMENT_NODE) {
        out.push(n.nodeValue ?? '');
      } else if (n.nodeType === Node.ELEMENT_NODE) {
        const el = n as HTMLElement;
        for (const a of Array.from(el.attributes)) out.push(`${a.name}=${a.value}`);
        if ('value' in el) out.push(String((el as HTMLInputElement).value));
        const shadow = el.shadowRoot;
        if (shadow) visit(shadow);
        if (el.localName === 'iframe' || el.localName === 'frame') {
          try {
            const inner = (el as HTMLIFrameElement).contentDocument;
            if (inner) visit(inner);
          } catch {
            out.push('(a frame the page cannot open)');
          }
        }
      }
    }
  };
  const visitWindow = (w: Window) => {
    try {
      out.push(w.location.href);
      visit(w.document);
      const spy = (w as unknown as { __spy?: { seen: string[]; roots: ShadowRoot[] } }).__spy;
      if (spy) {
        for (const root of spy.roots) visit(root);
        out.push(...spy.seen);
      }
      for (const entry of w.performance.getEntries()) out.push(entry.name);
    } catch {
      out.push('(a cross-origin frame)');
      return;
    }
    for (let i = 0; i < w.frames.length; i++) {
      const child = w.frames[i];
      if (child) visitWindow(child);
    }
  };
  visitWindow(window);
  return out;
}

/** The secrets the page read, if any, with where each was found. */
async function leaks(page: Page, secrets: readonly string[]): Promise<string[]> {
  const readable = await page.evaluate(readablePage);
  return secrets.flatMap((secret) =>
    readable
      .filter((text) => text.includes(secret))
      .map((text) => `${secret} in ${JSON.stringify(text.slice(0, 200))}`),
  );
}

/** What the spy saw of shadow roots being made (`host:mode`). */
const modes = (page: Page) =>
  page.evaluate(() => (window as unknown as { __spy: { modes: string[] } }).__spy.modes);

/** The frame Playwright sees is the extension's own: its origin is the extension's. */
function expectExtensionOrigin(frame: Frame, browser: ExtensionBrowser) {
  expect(frame.url().startsWith(`chrome-extension://${browser.extensionId}/`)).toBe(true);
  // Its address carries nothing the page does not know: no account id, no tier, no name.
  expect(new URL(frame.url()).search).toBe('');
}

/**
 * A screenshot once the extension frame has painted its latest state: the frame is drawn by
 * its own renderer, which may not have painted yet when the page's screenshot is taken.
 */
async function screenshot(page: Page, frame: Frame, path: string) {
  await frame.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
  await page.screenshot({ path });
}

/** The host element the page can see, measured: it is there and it has a size (it shows). */
const hostShown = (page: Page, host: string) =>
  page.evaluate((name) => {
    const all = [
      document,
      ...Array.from(window.frames).flatMap((w) => {
        try {
          return [w.document];
        } catch {
          return [];
        }
      }),
    ];
    return all.some((d) =>
      Array.from(d.querySelectorAll(name)).some((el) => el.getBoundingClientRect().height > 0),
    );
  }, host);

describe("the customer's site cannot read the overlay", () => {
  let browser: ExtensionBrowser;
  const SECRET_NAME = 'Acme Robotics Holding (our top prospect)';

  beforeAll(async () => {
    browser = await launchWithExtension({ allowHosts: SITE_HOSTS });
    await routeSites(browser.context);
    await browser.context.addInitScript(installSpy);
    const extensionPage = await openExtensionPage(browser);
    const rows = acmeRows();
    const account = rows.accounts?.[0];
    if (account) account.name = SECRET_NAME;
    rows.notes?.push({
      ...(rows.notes[0] as Record<string, unknown>),
      id: '01JPRIVACYNOTE0000000000AA',
      body: 'PRIVATE: their CFO is leaving in March',
    });
    await putRows(extensionPage, rows);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('finds neither the badge nor the panel in the page, while the rep sees both in the extension frame', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://www.acme-robotics.com/');
    const secrets = [
      SECRET_NAME,
      SITE_ACME.accountId,
      'Key', // the tier's label (keyStrategic); no page or fixture here has the word
      'Technical evaluator',
      'Purchaser',
      'PRIVATE: their CFO is leaving in March',
      'Jane Doe',
    ];
    // The badge is on screen (the page sees a host element with a size)…
    await poll(() => hostShown(page, OVERLAY_HOST)).toBe(true);
    expect(await leaks(page, secrets)).toEqual([]);
    // …and once it is drawn, nothing of it is readable either.
    const frame = await overlayFrame(page);
    expect(await leaks(page, secrets)).toEqual([]);

    // The rep sees it: in the extension's frame.
    expectExtensionOrigin(frame, browser);
    const badge = frame.locator('[data-account-lens="badge"]');
    expect(await badge.textContent()).toContain(SECRET_NAME);
    expect(await badge.textContent()).toContain('Key');

    // The panel: opened by keyboard, its content in the frame, none of it in the page.
    await badge.focus();
    await page.keyboard.press('Enter');
    const panel = frame.locator('[data-account-lens="panel"]');
    await poll(() => panel.locator('[data-account-lens="notes"]').textContent()).toContain(
      'PRIVATE: their CFO is leaving in March',
    );
    expect(await panel.textContent()).toContain('Technical evaluator');
    expect(await panel.textContent()).toContain('Jane Doe');
    expect(await leaks(page, secrets)).toEqual([]);
    // The page asked for no shadow root of its own; Account Lens's was closed.
    expect(await modes(page)).toEqual([]);
    await screenshot(page, frame, 'docs/screenshots/privacy-overlay.en.png');

    // The panel's frame is the only extension frame, and it is reachable by no page script.
    expect(page.frames().filter((f) => new URL(f.url()).pathname === OVERLAY_FRAME)).toHaveLength(
      1,
    );
    await page.close();
  });
});

describe('the mail app cannot read the webmail panels', () => {
  let browser: ExtensionBrowser;
  let context: BrowserContext;
  const secrets = [
    MAIL_ACME.name,
    MAIL_ACME.accountId,
    MAIL_ACME.secretNote,
    'Key', // the tier's label (keyStrategic); no page or fixture here has the word
    'Technical evaluator',
    'Decision maker',
    'Supporter',
    'Relationship 4/5',
    'You are writing to',
  ];

  beforeAll(async () => {
    browser = await launchWithExtension({ allowHosts: WEBMAIL_HOSTS });
    context = browser.context;
    await routeWebmail(context);
    await context.addInitScript(installSpy);
    const extensionPage = await openExtensionPage(browser);
    await putRows(extensionPage, acmeBook());
  });
  afterAll(async () => {
    await browser?.close();
  });

  const show = (page: Page, view: string) =>
    page.evaluate((v) => (window as unknown as { showView(v: string): void }).showView(v), view);

  /** The message panel shows (in the extension frame), and the page reads none of it. */
  async function expectMessagePrivate(page: Page) {
    await poll(() => hostShown(page, WEBMAIL_HOST)).toBe(true);
    expect(await leaks(page, secrets)).toEqual([]);
    const frame = await webmailFrame(page);
    expectExtensionOrigin(frame, browser);
    const panel = frame.locator('[data-account-lens="webmail-panel"]');
    await poll(() => panel.locator('[data-account-lens="sender"]').textContent()).toContain(
      'Technical evaluator',
    );
    expect(await panel.locator('[data-account-lens="account-name"]').textContent()).toBe(
      MAIL_ACME.name,
    );
    expect(await panel.textContent()).toContain(MAIL_ACME.secretNote);
    expect(await panel.textContent()).toContain('Key');
    expect(await leaks(page, secrets)).toEqual([]);
  }

  async function expectComposePrivate(page: Page) {
    await poll(() => hostShown(page, COMPOSE_HOST)).toBe(true);
    expect(await leaks(page, secrets)).toEqual([]);
    const frame = await composeFrame(page);
    expectExtensionOrigin(frame, browser);
    await poll(() =>
      frame.locator('[data-account-lens="compose-panel"] [data-warning]').allTextContents(),
    ).toContain(`You are writing to the decision maker: Li Wei (${MAIL_ACME.name})`);
    expect(await leaks(page, secrets)).toEqual([]);
    expect((await modes(page)).filter((m) => m.startsWith('account-lens'))).toEqual([]);
  }

  const open = async (url: string) => {
    const page = await context.newPage();
    await page.goto(url);
    return page;
  };

  it('Gmail', async () => {
    const page = await open('https://mail.google.com/mail/u/0/#inbox');
    await show(page, 'message');
    await expectMessagePrivate(page);
    await screenshot(page, await webmailFrame(page), 'docs/screenshots/privacy-gmail.en.png');
    await page.evaluate(() => (window as unknown as { openCompose(): void }).openCompose());
    await expectComposePrivate(page);
    await page.close();
  });

  it('Outlook', async () => {
    const page = await open('https://outlook.office.com/mail/inbox');
    await show(page, 'message');
    await expectMessagePrivate(page);
    await show(page, 'compose');
    await expectComposePrivate(page);
    await page.close();
  });

  it('QQ Mail, new UI', async () => {
    const page = await open('https://mail.qq.com/#/list/1');
    await show(page, 'message');
    await expectMessagePrivate(page);
    await show(page, 'compose');
    await expectComposePrivate(page);
    await page.close();
  });

  it('QQ Mail, old UI (the panel inside its same-origin mainFrame)', async () => {
    const page = await open('https://mail.qq.com/cgi-bin/frame_html?sid=fixture');
    const load = (path: string) =>
      page.evaluate(
        (p) => (window as unknown as { openFrame(p: string): void }).openFrame(p),
        path,
      );
    await load('/cgi-bin/readmail?mailid=ZC0001&sid=fixture');
    await expectMessagePrivate(page);
    await load('/cgi-bin/readtemplate?t=compose&sid=fixture');
    await expectComposePrivate(page);
    await page.close();
  });

  it('NetEase 163', async () => {
    const page = await open('https://mail.163.com/js6/main.jsp?sid=fixture');
    await show(page, 'message');
    await expectMessagePrivate(page);
    await show(page, 'compose');
    await expectComposePrivate(page);
    await page.close();
  });
});
