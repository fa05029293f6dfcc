import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { Note, NoteRevision, Opportunity } from '../../shared/index.ts';
import { type ExtensionBrowser, launchWithExtension } from './harness.ts';
import { account, contact, openPage } from './popup-seed.ts';
import { eventually, putRows, type Rows, readAll, seed } from './seed.ts';
import { type FullAccount, fullAccount } from './sidepanel-seed.ts';

let browser: ExtensionBrowser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

const DAY = 86_400_000;
const acme = account({
  name: 'Acme Robotics',
  domains: ['acme-robotics.com'],
  revenue12m: 120_000,
});
const jane = contact({
  accountId: acme.id,
  name: 'Jane Doe',
  title: 'CTO',
  emails: ['jane@acme-robotics.com'],
});
const author = ulid();
const note = Note.parse({
  id: ulid(),
  createdAt: Date.now() - DAY,
  kind: 'visit',
  body: 'Visited the plant; they want a demo.',
  accountId: acme.id,
  authorId: author,
  at: Date.now() - DAY,
});
const revision = NoteRevision.parse({
  id: ulid(),
  createdAt: Date.now(),
  noteId: note.id,
  body: 'Visited the plant (text from the other laptop).',
  hlc: '000001700000000:00000:other',
});
const deal = Opportunity.parse({
  id: ulid(),
  createdAt: Date.now(),
  accountId: acme.id,
  name: 'Line 3 retrofit',
  stage: 'negotiation',
  amount: 10_000,
  currency: 'USD',
  stageChangedAt: Date.now(),
});

async function openPanel(b: ExtensionBrowser) {
  const page = await openPage(b, `sidepanel.html?account=${acme.id}`);
  await seed(page, {
    accounts: [acme],
    contacts: [jane],
    notes: [note],
    note_revisions: [revision],
    opportunities: [deal],
  });
  await page.reload();
  await eventually(() => page.locator('#account-name').textContent()).toBe('Acme Robotics');
  return page;
}

/** The full account (long names, several deals and contacts, an owner), at a panel's width. */
async function openFull(
  b: ExtensionBrowser,
  width = 420,
): Promise<{ page: Page; full: FullAccount }> {
  const full = fullAccount();
  const page = await openPage(b, `sidepanel.html?account=${full.accountId}`);
  await page.setViewportSize({ width, height: 900 });
  await seed(page, full.rows);
  await page.reload();
  await eventually(() => page.locator('#account-name').textContent()).toBe(full.name);
  await eventually(() => page.locator('[data-contact-id]').count()).toBe(3);
  return { page, full };
}

const foldToggle = (page: Page, section: string) =>
  page.locator(`[data-section="${section}"] .fold-toggle`);

/** Open every folded section, so every control is on the page. */
async function unfoldAll(page: Page) {
  const folded = page.locator('.fold-toggle[aria-expanded="false"]');
  for (let n = await folded.count(); n > 0; n--) await folded.first().click();
  await eventually(() => folded.count()).toBe(0);
}

const horizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('side panel', () => {
  it("shows a contact's roles as chips; Edit shows the checkboxes, Save stores the change, which survives a reload", async () => {
    browser = await launchWithExtension();
    const page = await openPanel(browser);
    const card = page.locator(`[data-contact-id="${jane.id}"]`);
    // Read-only: no checkboxes, the attitude and the last touch as text.
    expect(await card.locator('input[type="checkbox"]').count()).toBe(0);
    expect(await card.locator('.chip.attitude').textContent()).toBe('Attitude unknown');
    expect(await card.locator('.last-touch').textContent()).toBe('Not touched yet');

    // Escape cancels an edit and writes nothing.
    await card.getByRole('button', { name: 'Edit Jane Doe' }).click();
    await card.getByLabel('Influencer').check();
    await page.keyboard.press('Escape');
    await eventually(() => card.locator('input[type="checkbox"]').count()).toBe(0);
    await eventually(() =>
      card
        .getByRole('button', { name: 'Edit Jane Doe' })
        .evaluate((b) => b === document.activeElement),
    ).toBe(true);
    expect(await card.locator('.role-chips').count()).toBe(0);

    await card.getByRole('button', { name: 'Edit Jane Doe' }).click();
    expect(await card.getByLabel('Influencer').isChecked()).toBe(false);
    await card.getByLabel('Decision maker').check();
    await card.getByLabel('Evaluator').check();
    await card.getByLabel('Attitude').selectOption('champion');
    await card.getByRole('button', { name: 'Save' }).click();
    await eventually(() => card.locator('.role-chips li').allTextContents()).toEqual([
      'Decision maker',
      'Technical evaluator',
    ]);
    expect(await card.locator('input[type="checkbox"]').count()).toBe(0);
    expect(await card.locator('.chip.attitude').textContent()).toBe('Champion');
    const [stored] = await readAll(page, 'contacts');
    expect(stored).toMatchObject({ roles: ['decisionMaker', 'evaluator'], attitude: 'champion' });
    // One edit, one write.
    const outbox = await readAll(page, 'outbox');
    expect(outbox.filter((e) => e.rowId === jane.id).length).toBe(1);

    await page.reload();
    await eventually(() => card.locator('.role-chips li').allTextContents()).toEqual([
      'Decision maker',
      'Technical evaluator',
    ]);
    expect(await card.locator('.chip.attitude').textContent()).toBe('Champion');
    await card.getByRole('button', { name: 'Edit Jane Doe' }).click();
    expect(await card.getByLabel('Decision maker').isChecked()).toBe(true);
    expect(await card.getByLabel('Evaluator').isChecked()).toBe(true);
    expect(await card.getByLabel('Influencer').isChecked()).toBe(false);
    expect(await card.getByLabel('Attitude').inputValue()).toBe('champion');
  });

  it('shows notes with the text kept from a concurrent edit, the weighted forecast and next actions', async () => {
    browser = await launchWithExtension();
    const page = await openPanel(browser);
    const item = page.locator(`[data-note-id="${note.id}"]`);
    expect(await item.locator('.note-body').first().textContent()).toBe(
      'Visited the plant; they want a demo.',
    );
    expect(await item.locator('.revision').textContent()).toContain('Kept from a concurrent edit');
    expect(await item.locator('.revision').textContent()).toContain('text from the other laptop');
    // 10,000 in negotiation at the default 80 %.
    expect(await page.locator('.forecast[data-currency="USD"]').textContent()).toContain('$8,000');

    // An open deal with no decision maker: a next action; marking it done removes it.
    const action = page.locator('[data-action-key^="missingDecisionMaker:"]');
    await eventually(() => action.count()).toBe(1);
    await action.getByRole('button', { name: 'Done' }).click();
    await eventually(() => action.count()).toBe(0);
    const [decision] = await readAll(page, 'action_decisions');
    expect(decision).toMatchObject({ accountId: acme.id, decision: 'done' });
  });

  it("lists what Done and Snooze hid, by whom and when, and Reopen puts it back on everyone's list", async () => {
    browser = await launchWithExtension();
    const page = await openPanel(browser);
    const champion = page.locator('[data-action-key^="noChampion:"]');
    await eventually(() => champion.count()).toBe(1);
    const championKey = (await champion.getAttribute('data-action-key')) ?? '';
    // A teammate snoozed "find a champion" an hour ago; the team's names come with sync.
    await putRows(page, {
      action_decisions: [
        {
          id: ulid(),
          createdAt: Date.now() - 3_600_000,
          deleted: false,
          actionKey: championKey,
          accountId: acme.id,
          decision: 'snoozed',
          snoozedUntil: Date.now() + 3 * DAY,
          decidedBy: author,
        },
      ],
      meta: [
        { key: 'sync.team', value: { teamName: 'East', members: [{ id: author, name: 'Alice' }] } },
      ],
    } as Rows);
    await page.reload();
    await eventually(() => champion.count()).toBe(0);
    const decided = page.locator('details.decided');
    expect(await decided.locator('summary').textContent()).toBe('Done or snoozed (1)');
    await decided.locator('summary').click();
    const snoozed = decided.locator(`[data-decided-key="${championKey}"]`);
    expect(await snoozed.locator('.decided-by').textContent()).toMatch(
      /^Snoozed until .+ by Alice · 1 hour ago$/,
    );

    // The rep marks another action done: it moves to the list, said to be theirs.
    const missing = page.locator('[data-action-key^="missingDecisionMaker:"]');
    await missing.getByRole('button', { name: 'Done' }).click();
    await eventually(() => decided.locator('summary').textContent()).toBe('Done or snoozed (2)');
    const done = decided.locator('[data-decision="done"]');
    expect(await done.locator('.decided-by').textContent()).toBe('Done by you · now');
    await page.setViewportSize({ width: 420, height: 900 });
    await page
      .locator('[data-section="actions"]')
      .screenshot({ path: 'docs/screenshots/sidepanel-decided.png' });

    // Reopen takes the teammate's snooze back: the action is listed again, the decision is gone.
    await snoozed.getByRole('button', { name: /^Reopen/ }).click();
    await eventually(() => champion.count()).toBe(1);
    await eventually(async () =>
      (await readAll(page, 'action_decisions')).map((d) => d.decision),
    ).toEqual(['done']);
  });

  it('adds and completes a task', async () => {
    browser = await launchWithExtension();
    const page = await openPanel(browser);
    await page.getByLabel('New task').fill('Send the retrofit quote');
    await page.getByRole('button', { name: 'Add task' }).click();
    const task = page.locator('.tasks li', { hasText: 'Send the retrofit quote' });
    await eventually(() => task.count()).toBe(1);
    // Whose it is: the rep who added it (Today lists it under "mine").
    expect(await task.locator('.task-for').textContent()).toBe('Me');
    await task.getByRole('button', { name: 'Complete' }).click();
    await eventually(() => task.count()).toBe(0);
    expect(await page.getByText('1 done').count()).toBe(1);
  });

  it('names the field of an invalid edit and writes nothing of the form', async () => {
    browser = await launchWithExtension();
    const page = await openPanel(browser);
    await foldToggle(page, 'value').click();
    await page.getByRole('button', { name: 'Edit Value and orders' }).click();
    const value = page.getByRole('form', { name: 'Edit Value and orders' });
    await value.getByLabel('Revenue, last 12 months').fill('150000');
    await value.getByLabel('Margin %').fill('250');
    await value.getByRole('button', { name: 'Save' }).click();
    await eventually(() => value.getByRole('alert').textContent()).toBe(
      'Margin %: must be at most 100',
    );
    const [stored] = await readAll(page, 'accounts');
    expect(stored?.revenue12m).toBe(120_000);
    expect(stored?.marginPct).toBeUndefined();

    await value.getByLabel('Margin %').fill('25');
    await value.getByRole('button', { name: 'Save' }).click();
    await eventually(async () => (await readAll(page, 'accounts'))[0]?.marginPct).toBe(25);
    expect((await readAll(page, 'accounts'))[0]?.revenue12m).toBe(150_000);
    // Saved: the card reads the new values.
    await eventually(() =>
      page.locator('.value-facts [data-field="marginPct"] dd').textContent(),
    ).toBe('25%');

    await foldToggle(page, 'file').click();
    await page.getByRole('button', { name: 'Edit Account file' }).click();
    const file = page.getByRole('form', { name: 'Edit Account file' });
    const position = file.getByLabel('Industry position and influence');
    await position.fill('Top three in Zhejiang');
    // The form keeps what was typed until Save: a re-render in between must not reset it.
    await eventually(() => position.inputValue()).toBe('Top three in Zhejiang');
    await file.getByRole('button', { name: 'Save' }).click();
    // Saved means the form closed without an error; an error would name its field here.
    await eventually(async () =>
      (await file.count()) === 0 ? 'closed' : await file.getByRole('alert').allTextContents(),
    ).toBe('closed');
    await eventually(async () => (await readAll(page, 'accounts'))[0]?.industryPosition).toBe(
      'Top three in Zhejiang',
    );
    await eventually(() =>
      page.locator('.file-card [data-field="industryPosition"] dd').textContent(),
    ).toBe('Top three in Zhejiang');
  });

  it('speaks Simplified Chinese when the browser does', async () => {
    browser = await launchWithExtension({ locale: 'zh-CN' });
    const page = await openPanel(browser);
    expect(await page.locator('#contacts-heading').textContent()).toBe('采购决策小组');
    expect(await page.locator('#notes-heading').textContent()).toBe('记录');
    const row = page.locator(`[data-contact-id="${jane.id}"]`);
    expect(await row.locator('.chip.attitude').textContent()).toBe('态度未知');
    await row.getByRole('button', { name: '编辑 Jane Doe' }).click();
    expect(await row.getByLabel('决策者').isChecked()).toBe(false);
    expect(await page.locator(`[data-note-id="${note.id}"] .revision`).textContent()).toContain(
      '同时编辑时保留的内容',
    );
    expect(await page.locator('#file-heading').textContent()).toBe('客户档案');
    expect(await page.locator('.header-facts [data-fact="owner"] dt').textContent()).toBe('负责人');
  });

  it('heads the account with its name, tier, status, relationship and owner', async () => {
    browser = await launchWithExtension();
    const { page, full } = await openFull(browser);
    const facts = page.locator('.summary .header-facts');
    const fact = (name: string) => facts.locator(`[data-fact="${name}"]`);
    expect(await page.locator('.summary h1').textContent()).toBe(full.name);
    // The seeded account's tier id is key, shown as Major.
    expect(await fact('tier').textContent()).toBe('TierMajor');
    expect(await fact('status').textContent()).toBe('StatusCurrent');
    expect(await fact('relationship').textContent()).toBe('Relationship stageMiddle');
    expect(await fact('owner').textContent()).toBe(`Owner${full.ownerName}`);
    // A deal card: stage, amount, expected close, owner and next step.
    const deal = page.locator('.deal', { hasText: 'Line 3 retrofit' });
    expect(await deal.locator('[data-fact="stage"] dd').textContent()).toBe('Negotiation (80%)');
    expect(await deal.locator('[data-fact="amount"] dd').textContent()).toContain('$1,840,000');
    expect(await deal.locator('[data-fact="close"] dd').textContent()).toMatch(/\d{4}/);
    expect(await deal.locator('[data-fact="owner"] dd').textContent()).toBe(full.ownerName);
    expect(await deal.locator('[data-fact="nextStep"] dd').textContent()).toBe(
      'Send the revised quote with the extended service contract to procurement',
    );
    // A note says who wrote it, as a person, and how long ago; the exact time on hover.
    const visit = page.locator('.note', { hasText: 'Visited the plant' });
    expect(await visit.locator('.note-by').textContent()).toBe(`${full.ownerName} · 2 days ago`);
    expect(await visit.locator('.note-by').getAttribute('title')).toMatch(/\d{4}/);
    // A contact card: role chips, attitude, last touch.
    const ouyang = page.locator('.contact', { hasText: '欧阳晓明' });
    expect(await ouyang.locator('.role-chips li').allTextContents()).toEqual([
      'Influencer',
      'Technical evaluator',
    ]);
    expect(await ouyang.locator('.chip.attitude').textContent()).toBe('Champion');
    expect(await ouyang.locator('.last-touch').textContent()).toMatch(/^Last touch: Visit, /);
  });

  it('folds and unfolds sections, and remembers the fold after a reload', async () => {
    browser = await launchWithExtension();
    const { page } = await openFull(browser);
    const toggle = foldToggle(page, 'contacts');
    const body = page.locator('#contacts-body');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await body.isVisible()).toBe(true);
    await toggle.click();
    await eventually(() => toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await body.isVisible()).toBe(false);
    // The account file starts folded; Enter unfolds it.
    const file = foldToggle(page, 'file');
    expect(await file.getAttribute('aria-expanded')).toBe('false');
    await file.focus();
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('#file-body').isVisible()).toBe(true);

    await page.reload();
    await eventually(() => page.locator('#account-name').count()).toBe(1);
    await eventually(() => toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await file.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    await eventually(() => body.isVisible()).toBe(true);
  });

  it('fits 320 to 480 px with no horizontal scroll, forms open or not', async () => {
    browser = await launchWithExtension();
    const { page } = await openFull(browser, 320);
    await unfoldAll(page);
    for (const width of [320, 360, 420, 480]) {
      await page.setViewportSize({ width, height: 900 });
      await eventually(() => horizontalOverflow(page)).toBeLessThanOrEqual(0);
    }
    // Every card's edit form open at once, at the narrowest width.
    await page.setViewportSize({ width: 320, height: 900 });
    const closed = page.locator('.card-head > .edit[aria-expanded="false"]');
    for (let n = await closed.count(); n > 0; n--) await closed.first().click();
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.getByRole('button', { name: 'Add opportunity' }).click();
    await eventually(() => page.locator('.card-form').count()).toBe(
      await page.locator('.card-head > .edit').count(),
    );
    for (const width of [320, 360, 420, 480]) {
      await page.setViewportSize({ width, height: 900 });
      await eventually(() => horizontalOverflow(page)).toBeLessThanOrEqual(0);
    }
  });

  it('reaches every control by keyboard, each with a visible focus ring', async () => {
    browser = await launchWithExtension();
    const { page } = await openFull(browser, 360);
    await unfoldAll(page);
    // Open one edit form too, so its controls are counted.
    await page
      .locator('.contact')
      .first()
      .getByRole('button', { name: /^Edit / })
      .click();
    await eventually(() => page.locator('.contact .card-form').count()).toBe(1);
    const total = await page.evaluate(() => {
      const controls = [
        ...document.querySelectorAll<HTMLElement>(
          'button:not([disabled]), input:not([disabled]), select, textarea, a[href]',
        ),
      ].filter((e) => e.getClientRects().length > 0);
      controls.forEach((e, i) => {
        e.dataset.control = String(i);
      });
      return controls.length;
    });
    expect(total).toBeGreaterThan(40);
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    const reached = new Set<string>();
    const unringed: string[] = [];
    for (let i = 0; i < total * 4 && reached.size < total; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const e = document.activeElement as HTMLElement | null;
        if (!e || e === document.body) return undefined;
        const style = getComputedStyle(e);
        return {
          control: e.dataset.control,
          ring: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 1,
          name: `${e.tagName} ${e.getAttribute('aria-label') ?? e.getAttribute('name') ?? e.textContent?.slice(0, 30) ?? ''} ${e.className} ${style.outlineStyle} ${style.outlineWidth}`,
        };
      });
      if (!focus?.control) continue;
      reached.add(focus.control);
      if (!focus.ring) unringed.push(focus.name);
    }
    expect(unringed).toEqual([]);
    expect(reached.size).toBe(total);
  });
});

/**
 * The side panel at 360 and 480 px, in English and Chinese, light and dark, for the README
 * (docs/screenshots/sidepanel-<width>-<locale>-<scheme>.png).
 */
describe('side panel screenshots', () => {
  for (const locale of ['en', 'zh-CN'] as const) {
    it(`saves the panel at 360 and 480 px in ${locale}, light and dark`, async () => {
      browser = await launchWithExtension(locale === 'en' ? {} : { locale });
      const { page } = await openFull(browser, 360);
      mkdirSync('docs/screenshots', { recursive: true });
      for (const width of [360, 480]) {
        for (const scheme of ['light', 'dark'] as const) {
          await page.setViewportSize({ width, height: 900 });
          await page.emulateMedia({ colorScheme: scheme });
          await eventually(() =>
            page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches),
          ).toBe(scheme === 'dark');
          expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
          await page.screenshot({
            path: `docs/screenshots/sidepanel-${width}-${locale === 'en' ? 'en' : 'zh_CN'}-${scheme}.png`,
            fullPage: true,
          });
        }
      }
    });
  }
});
