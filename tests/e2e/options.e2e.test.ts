import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newInviteCode, sha256 } from '../../server/secrets.ts';
import type { TeamSettings } from '../../shared/index.ts';
import { Client, inviteCode } from '../server/helpers.ts';
import { type ExtensionBrowser, launchWithExtension } from './harness.ts';
import { joinThroughOptions, launchRep, type Rep } from './sync-browser.ts';
import {
  type RestartableServer,
  type SeededTeam,
  seedTeam,
  startRestartableServer,
} from './sync-server.ts';

let browser: ExtensionBrowser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

describe('options page', () => {
  it('shows the default tier cutoffs and cadences a new team starts with', async () => {
    browser = await launchWithExtension();
    const page = await browser.context.newPage();
    await page.goto(browser.url('options.html'));
    const strategic = page.locator('tr[data-tier="keyStrategic"]');
    // The top 1 % (重要客户) is "Key", the next 19 % (次要客户) "Major"; the ids stay.
    await expect.poll(() => strategic.textContent()).toContain('Key');
    expect(await strategic.textContent()).not.toContain('strategic');
    expect(await page.locator('tr[data-tier="key"]').textContent()).toContain('Major');
    expect(await strategic.textContent()).toContain('1%');
    expect(await strategic.textContent()).toContain('7 days');
    expect(await page.locator('tr[data-tier="small"]').textContent()).toContain('90 days');
  });

  it('speaks Simplified Chinese when the browser does', async () => {
    browser = await launchWithExtension({ locale: 'zh-CN' });
    const page = await browser.context.newPage();
    await page.goto(browser.url('options.html'));
    await expect.poll(() => page.locator('h1').textContent()).toBe('客户透镜设置');
    expect(await page.locator('tr[data-tier="keyStrategic"]').textContent()).toContain('重要客户');
  });

  it('switches to the language the rep picks, whatever the browser speaks', async () => {
    browser = await launchWithExtension();
    const page = await browser.context.newPage();
    await page.goto(browser.url('options.html'));
    await page.locator('select').selectOption('zh_CN');
    await expect.poll(() => page.locator('h1').textContent()).toBe('客户透镜设置');
    await page.reload();
    await expect
      .poll(() => page.locator('tr[data-tier="small"]').textContent())
      .toContain('小客户');
  });
});

/** The extension page's `chrome.storage.local`, typed for code run inside the page. */
type WithStorage = {
  chrome: {
    storage: {
      local: {
        get(key: string): Promise<Record<string, unknown>>;
        set(items: Record<string, unknown>): Promise<void>;
      };
    };
  };
};

describe('where the badge shows', () => {
  it('lists the sites the badge was hidden on and brings one back', async () => {
    browser = await launchWithExtension();
    const page = await browser.context.newPage();
    await page.goto(browser.url('options.html'));
    // What "never show on this site" in the page's panel stores.
    await page.evaluate(() =>
      (globalThis as unknown as WithStorage).chrome.storage.local.set({
        disabledSites: ['acme-robotics.com', 'news.example.org'],
      }),
    );
    const acme = page.locator('li[data-site="acme-robotics.com"]');
    await acme.waitFor();
    await acme.getByRole('button').click();
    await acme.waitFor({ state: 'detached' });
    const stored = await page.evaluate(() =>
      (globalThis as unknown as WithStorage).chrome.storage.local.get('disabledSites'),
    );
    expect(stored.disabledSites).toEqual(['news.example.org']);
  });

  it('the global switch turns the badge off everywhere', async () => {
    browser = await launchWithExtension();
    const page = await browser.context.newPage();
    await page.goto(browser.url('options.html'));
    const box = page.getByRole('checkbox', { name: 'Show account badges on web pages' });
    await expect.poll(() => box.isChecked()).toBe(true);
    await box.uncheck();
    await expect
      .poll(() =>
        page.evaluate(() =>
          (globalThis as unknown as WithStorage).chrome.storage.local.get('overlayEnabled'),
        ),
      )
      .toEqual({ overlayEnabled: false });
  });
});

describe('your e-mail addresses', () => {
  it('names an invalid address and saves nothing, then saves the valid list', async () => {
    browser = await launchWithExtension();
    const page = await browser.context.newPage();
    await page.goto(browser.url('options.html'));
    const stored = () =>
      page.evaluate(() =>
        (globalThis as unknown as WithStorage).chrome.storage.local.get('myAddresses'),
      );
    const field = page.getByRole('textbox', { name: 'E-mail addresses' });
    const save = page.getByRole('button', { name: 'Save addresses' });
    await field.fill('rep@oursales.example\nsam@oursales');
    await save.click();
    await expect
      .poll(() => page.locator('.identity [role="alert"]').textContent())
      .toBe('Not saved. Not a valid e-mail address: sam@oursales');
    expect(await stored()).toEqual({});

    await field.fill('Rep@OurSales.example\nsam@oursales.example');
    await save.click();
    await expect
      .poll(stored)
      .toEqual({ myAddresses: ['rep@oursales.example', 'sam@oursales.example'] });
    expect(await page.locator('.identity [data-company]').textContent()).toBe(
      'Your company: oursales.example',
    );
    await page.reload();
    await expect.poll(() => field.inputValue()).toBe('rep@oursales.example\nsam@oursales.example');
  });
});

const SHOTS = 'docs/screenshots';

/** The classes of the options page's sections, top to bottom. */
const sectionOrder = (page: Page) =>
  page
    .locator('main.options > section')
    .evaluateAll((sections) =>
      sections.map((s) => (s.getAttribute('class') ?? '').replace('card', '').trim()),
    );

describe('the options page in the order a new rep needs it, and the team settings an admin edits', () => {
  let server: RestartableServer;
  let team: SeededTeam;
  let admin: Rep | undefined;
  /** The team's settings as the server holds them, read through its API. */
  const serverSettings = async (): Promise<TeamSettings> => {
    const me = await new Client(server.url, team.seeder).request('GET', '/v1/me');
    return (me.body as { settings: TeamSettings }).settings;
  };

  beforeAll(async () => {
    server = await startRestartableServer();
    team = await seedTeam(server, {
      teamName: 'Acme sales',
      accountName: 'Acme Robotics',
      domain: 'acme-robotics.com',
      browsers: 1,
    });
  });
  afterAll(async () => {
    await admin?.browser.close();
    await server?.dispose();
  });

  it('asks to join first; once joined, the team comes first and "What next" follows', async () => {
    admin = await launchRep('Ada');
    const page = admin.options;
    await page.locator('form.join').waitFor();
    const before = await sectionOrder(page);
    expect(before[0]).toBe('sync');
    expect(before[1]).toBe('what-next');
    // The join form is the first form on the page, its first field the server address.
    expect(await page.locator('main.options input').first().getAttribute('name')).toBe('serverUrl');

    await joinThroughOptions(admin, {
      serverUrl: server.url,
      inviteCode: await inviteCode(server.store(), team.teamId, 'admin'),
      teamName: team.teamName,
    });
    const after = await sectionOrder(page);
    expect(after.slice(0, 2)).toEqual(['sync', 'what-next']);
    expect(after).toContain('team-settings');
    const next = page.locator('section.what-next');
    expect(await next.locator('h2').textContent()).toBe('What next');
    expect(await next.textContent()).toContain('Account Lens button in the browser');
    await next.getByRole('button', { name: 'Open the book' }).waitFor();
    // Only what exists: nothing offers an import.
    expect((await next.textContent())?.toLowerCase()).not.toContain('import');
    // The badge switch's label is beside its box, on the same line.
    const box = page.getByRole('checkbox', { name: 'Show account badges on web pages' });
    const label = page.locator('label.check', { has: box }).locator('span');
    const [boxAt, labelAt] = await Promise.all([box.boundingBox(), label.boundingBox()]);
    if (!boxAt || !labelAt) throw new Error('the badge switch is not laid out');
    expect(labelAt.x).toBeGreaterThan(boxAt.x + boxAt.width - 1);
    expect(Math.abs(labelAt.y + labelAt.height / 2 - (boxAt.y + boxAt.height / 2))).toBeLessThan(4);
  });

  it('an admin changes a cadence and a cutoff, and the server has them', async () => {
    if (!admin) throw new Error('no admin browser');
    const page = admin.options;
    const section = page.locator('section.team-settings[data-admin="true"]');
    await section.waitFor();
    await section.locator('input[name="cadenceDays.small"]').fill('60');
    await section.locator('input[name="tierShares.key"]').fill('20');
    await section.locator('input[name="tierShares.small"]').fill('49');
    await expect.poll(() => section.locator('[data-total]').textContent()).toBe('Total: 100%');
    await section.getByRole('button', { name: 'Save team settings' }).click();
    await section.locator('[role="status"].saved').waitFor();

    const saved = await serverSettings();
    expect(saved.cadenceDays.small).toBe(60);
    expect(saved.tierShares.key).toBeCloseTo(0.2, 9);
    expect(saved.tierShares.small).toBeCloseTo(0.49, 9);
    // Untouched settings stay as they were.
    expect(saved.cadenceDays.keyStrategic).toBe(7);

    // What the page shows now comes from the local copy of the team's settings.
    await page.reload();
    await expect
      .poll(() => section.locator('input[name="cadenceDays.small"]').inputValue())
      .toBe('60');
    expect(await section.locator('input[name="tierShares.key"]').inputValue()).toBe('20');
    await page.screenshot({ path: `${SHOTS}/options.en.png`, fullPage: true });
  });

  it('a bad value shows an error naming the field and saves nothing', async () => {
    if (!admin) throw new Error('no admin browser');
    const page = admin.options;
    const section = page.locator('section.team-settings[data-admin="true"]');
    const alert = section.locator('[role="alert"]');
    const smallTier =
      (await section.locator('tr[data-tier="small"] td').first().textContent()) ?? '';

    const cadence = section.locator('input[name="cadenceDays.small"]');
    await cadence.fill('0');
    await section.getByRole('button', { name: 'Save team settings' }).click();
    await alert.waitFor();
    expect(await alert.getAttribute('data-field')).toBe('cadenceDays.small');
    expect(await alert.textContent()).toBe(
      `Not saved. Cadence of ${smallTier}: must be at least 1`,
    );
    expect(await cadence.getAttribute('aria-invalid')).toBe('true');

    await cadence.fill('60');
    await section.locator('input[name="tierShares.ordinary"]').fill('35');
    await section.getByRole('button', { name: 'Save team settings' }).click();
    await expect.poll(() => alert.getAttribute('data-field')).toBe('tierShares');
    expect(await alert.textContent()).toBe(
      'Not saved. Tier shares: must add up to 100% (they add up to 105%)',
    );

    const held = await serverSettings();
    expect(held.cadenceDays.small).toBe(60);
    expect(held.tierShares.ordinary).toBeCloseTo(0.3, 9);
  });

  it('a member sees the team settings read-only', async () => {
    await admin?.browser.close();
    admin = undefined;
    const member = await launchRep('Mo');
    try {
      await joinThroughOptions(member, {
        serverUrl: server.url,
        inviteCode: team.invites[0] ?? '',
        teamName: team.teamName,
      });
      const section = member.options.locator('section.team-settings[data-admin="false"]');
      await section.waitFor();
      expect(await section.locator('input').count()).toBe(0);
      expect(await section.locator('button').count()).toBe(0);
      expect(await section.textContent()).toContain('Only a team admin can change them.');
      await expect
        .poll(() => section.locator('tr[data-tier="small"]').textContent())
        .toContain('60 days');
      expect(await section.locator('tr[data-tier="key"]').textContent()).toContain('20%');
    } finally {
      await member.browser.close();
    }
  });

  it("joining asks for the person's name, filled in from the invite, and names the device apart", async () => {
    const code = newInviteCode();
    await server.store().createInvite(
      {
        teamId: team.teamId,
        hash: sha256(code),
        role: 'member',
        expiresAt: Date.now() + 3_600_000,
        memberName: 'Carol Chen',
      },
      Date.now(),
    );
    const carol = await launchRep('Carol');
    try {
      const page = carol.options;
      await page.locator('form.join input[name="serverUrl"]').fill(server.url);
      await page.locator('form.join input[name="inviteCode"]').fill(code);
      // The invite says which team it is for and whose it is, before anything is spent.
      await expect
        .poll(() => page.locator('form.join input[name="memberName"]').inputValue())
        .toBe('Carol Chen');
      expect(await page.locator('form.join [data-invite-team]').textContent()).toBe(
        'This invite is for the team Acme sales.',
      );
      await page.locator('form.join input[name="deviceName"]').fill('Tablet');
      await page.locator('form.join button[type="submit"]').click();
      await page.locator('.team-name', { hasText: team.teamName }).waitFor();
      const carolAsMember = (await server.store().listMembers(team.teamId)).find(
        (m) => m.name === 'Carol Chen',
      );
      expect(carolAsMember?.devices.map((d) => d.deviceName)).toEqual(['Tablet']);
    } finally {
      await carol.browser.close();
    }
  });

  it('in Chinese too (the screenshot in the README)', async () => {
    const browser = await launchWithExtension({ locale: 'zh-CN' });
    try {
      const isOptions = (p: Page) => p.url().endsWith('/options.html');
      const page = browser.context.pages().find(isOptions) ?? (await browser.context.newPage());
      if (!isOptions(page)) await page.goto(browser.url('options.html'));
      const rep: Rep = { name: 'Lin', browser, options: page };
      await joinThroughOptions(rep, {
        serverUrl: server.url,
        inviteCode: await inviteCode(server.store(), team.teamId, 'admin'),
        teamName: team.teamName,
      });
      const section = page.locator('section.team-settings[data-admin="true"]');
      await section.waitFor();
      expect(await page.locator('section.what-next h2').textContent()).toBe('接下来');
      const cadence = section.locator('input[name="cadenceDays.key"]');
      await expect.poll(() => cadence.inputValue()).toBe('14');
      await cadence.fill('0');
      await section.locator('button[type="submit"]').click();
      const alert = section.locator('[role="alert"]');
      await alert.waitFor();
      const keyTier = (await section.locator('tr[data-tier="key"] td').first().textContent()) ?? '';
      expect(await alert.textContent()).toBe(`未保存。${keyTier}联系周期：不能小于 1`);
      await cadence.fill('14');
      await cadence.blur();
      await page.screenshot({ path: `${SHOTS}/options.zh_CN.png`, fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
