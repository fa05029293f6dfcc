/**
 * Firefox as a rep's browser beside Chromium, through one real sync server: Firefox joins the
 * team through the options page, shows the badge and panel on the account's site and nothing on
 * free-mail or unrelated sites, and a note written in either browser reaches the other.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account, Client } from '../../server/helpers.ts';
import { askBackground } from '../seed.ts';
import {
  notesShown as chromeNotes,
  writeQuickNote as chromeQuickNote,
  joinThroughOptions,
  launchRep,
  openAccountPanel,
  type Rep,
  until,
} from '../sync-browser.ts';
import {
  type RestartableServer,
  type SeededTeam,
  seedTeam,
  startRestartableServer,
} from '../sync-server.ts';
import { type Context, type FirefoxBrowser, launchFirefox, poll } from './harness.ts';
import {
  asSeedPage,
  BADGE,
  type FixtureSites,
  joinThroughOptions as joinFirefox,
  LOCAL_HOSTS,
  notesShown,
  openPanel,
  optionsPage,
  overlayFrame,
  serveFixtureSites,
  writeQuickNote,
} from './sites.ts';

/** The budget of tests/e2e/sync.e2e.test.ts: a teammate's note on screen within 2 s. */
const LIVE_BUDGET_MS = 2_000;
/** A stopped background left alone would sync on its one-minute alarm: far past this. */
const STOPPED_DEADLINE_MS = 15_000;
const webmailSite = readFileSync(resolve('tests/e2e/fixtures/sites/webmail.html'), 'utf8');
const figures: string[] = [];

describe('Firefox: join, badge and panel, and notes with a Chromium teammate', () => {
  let server: RestartableServer;
  let team: SeededTeam;
  let sites: FixtureSites;
  let ff: FirefoxBrowser;
  let options: Context;
  let chrome: Rep;
  let chromePage: Page;
  let ffSite: Context;

  beforeAll(async () => {
    server = await startRestartableServer();
    team = await seedTeam(server, {
      teamName: 'Acme sales',
      accountName: 'Acme Robotics',
      domain: 'acme-robotics.com',
      browsers: 2,
    });
    // A free-mail domain stored as an account's, as tests/e2e/overlay-seed.ts has it.
    const writer = new Client(server.url, team.seeder);
    await writer.push([
      writer.mutation('accounts', ulid(), account('Someone on Gmail', { domains: ['gmail.com'] })),
    ]);
    sites = await serveFixtureSites();
    [ff] = await Promise.all([
      launchFirefox({
        localHosts: LOCAL_HOSTS,
        // gmail.com is on Firefox's HSTS preload list: its http address becomes https, which
        // the test answers itself.
        intercept: { hosts: ['www.gmail.com'], respond: () => ({ body: webmailSite }) },
      }),
    ]);
    options = await optionsPage(ff);
  });

  afterAll(async () => {
    if (figures.length > 0) console.info(`firefox sync e2e figures:\n  ${figures.join('\n  ')}`);
    await Promise.all([ff?.close(), chrome?.browser.close()]);
    await Promise.all([server?.dispose(), sites?.close()]);
  });

  it("joins the team through the options page's form", async () => {
    const joined = await joinFirefox(options, {
      serverUrl: server.url,
      inviteCode: team.invites[0] ?? '',
      memberName: 'Firefox rep',
      deviceName: 'Firefox laptop',
    });
    expect(joined).toContain(team.teamName);
  });

  it("shows the badge on the account's site and opens the panel", async () => {
    ffSite = await ff.newTab(sites.url('www.acme-robotics.com'));
    const frame = await overlayFrame(ff, ffSite);
    const badge = await frame.waitFor(
      'the badge text',
      (s) => document.querySelector(s)?.textContent,
      BADGE,
    );
    expect(badge).toContain('Acme Robotics');
    // The page sees one host with a closed root: no badge, no text.
    expect(
      await ffSite.evaluate(() => {
        const host = document.querySelector('account-lens-overlay');
        return host && [host.shadowRoot, host.textContent];
      }),
    ).toEqual([null, '']);
    await openPanel(frame);
  });

  it('adds nothing to a free-mail provider stored as a domain or to an unrelated site', async () => {
    const pages: Context[] = [];
    for (const url of ['https://www.gmail.com/', sites.url('www.industry-news.example')]) {
      const host = new URL(url).hostname;
      const page = await ff.newTab(url);
      pages.push(page);
      const reply = await askBackground<{ match?: unknown }>(asSeedPage(options), {
        type: 'lookup',
        hostname: host,
      });
      expect(reply.match, host).toBeFalsy();
    }
    // A matched site opened after them has its badge: their content scripts, which started
    // earlier, have decided too. Neither page has anything of the extension.
    const after = await ff.newTab(sites.url('www.acme-robotics.com', '/later'));
    await overlayFrame(ff, after);
    for (const page of pages) {
      expect(
        await page.evaluate(() => document.querySelectorAll('account-lens-overlay').length),
      ).toBe(0);
      expect(await page.frames('moz-extension:')).toEqual([]);
      await page.close();
    }
    await after.close();
  });

  it('a note reaches the other browser both ways: Chromium → Firefox and Firefox → Chromium', async () => {
    chrome = await launchRep('Chrome rep');
    await joinThroughOptions(chrome, {
      serverUrl: server.url,
      inviteCode: team.invites[1] ?? '',
      teamName: team.teamName,
    });
    chromePage = await openAccountPanel(chrome, 'https://www.acme-robotics.com/');

    const fromChrome = 'Chromium: procurement signed off on line 4';
    const chromeSaved = await chromeQuickNote(chromePage, fromChrome);
    // Keep watching past the budget, so a miss reports how late it was.
    const inFirefox = await until(
      async () => (await notesShown(ff, ffSite)).includes(fromChrome),
      10_000,
    );
    const toFirefox = performance.now() - chromeSaved;
    figures.push(`Chromium → Firefox note: ${toFirefox.toFixed(0)} ms`);
    expect(inFirefox, 'the note never reached Firefox').toBe(true);

    const fromFirefox = 'Firefox: demo booked for Thursday';
    const ffSaved = await writeQuickNote(ff, ffSite, fromFirefox);
    const inChrome = await until(
      async () => (await chromeNotes(chromePage)).includes(fromFirefox),
      10_000,
    );
    const toChrome = performance.now() - ffSaved;
    figures.push(`Firefox → Chromium note: ${toChrome.toFixed(0)} ms`);
    expect(inChrome, 'the note never reached Chromium').toBe(true);
    expect(toFirefox).toBeLessThanOrEqual(LIVE_BUDGET_MS);
    expect(toChrome).toBeLessThanOrEqual(LIVE_BUDGET_MS);
  });

  it("a teammate's note still reaches the open panel after Firefox stopped the idle background", async () => {
    await ff.stopBackground();
    // The panel's port dropped with the background and is opened again at once, which starts
    // it again (extension/messaging/live.ts): it syncs and reopens the event stream.
    await poll('the open panel to start the background again', async () =>
      ['running', 'starting'].includes(await ff.backgroundState()),
    );

    const note = 'Chromium: the pilot moves to plant 2 in March';
    const saved = await chromeQuickNote(chromePage, note);
    // Well inside the one-minute alarm that is all a stopped background would have left.
    const arrived = await until(
      async () => (await notesShown(ff, ffSite)).includes(note),
      STOPPED_DEADLINE_MS,
    );
    figures.push(
      `Chromium → Firefox note after the background was stopped: ${(performance.now() - saved).toFixed(0)} ms`,
    );
    expect(arrived, 'the note never reached the panel after the background stopped').toBe(true);
  });
});
