import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { Note, NoteRevision, Opportunity } from '../../shared/index.ts';
import { type ExtensionBrowser, launchWithExtension } from './harness.ts';
import { account, contact, openPage } from './popup-seed.ts';
import { eventually, readAll, seed } from './seed.ts';

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

describe('side panel', () => {
  it("edits a contact's roles and attitude through the store; the change survives a reload", async () => {
    browser = await launchWithExtension();
    const page = await openPanel(browser);
    const row = page.locator(`[data-contact-id="${jane.id}"]`);
    await row.getByLabel('Decision maker').check();
    await row.getByLabel('Evaluator').check();
    await row.getByLabel('Attitude').selectOption('champion');
    // The form shows an edit at once; wait until the store has all three before reloading.
    await eventually(async () => (await readAll(page, 'contacts'))[0]).toMatchObject({
      roles: ['decisionMaker', 'evaluator'],
      attitude: 'champion',
    });

    await page.reload();
    await eventually(() => row.getByLabel('Decision maker').isChecked()).toBe(true);
    expect(await row.getByLabel('Evaluator').isChecked()).toBe(true);
    expect(await row.getByLabel('Influencer').isChecked()).toBe(false);
    expect(await row.getByLabel('Attitude').inputValue()).toBe('champion');

    const [stored] = await readAll(page, 'contacts');
    expect(stored).toMatchObject({ roles: ['decisionMaker', 'evaluator'], attitude: 'champion' });
    const outbox = await readAll(page, 'outbox');
    expect(outbox.filter((e) => e.rowId === jane.id).length).toBe(3);
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

  it('adds and completes a task', async () => {
    browser = await launchWithExtension();
    const page = await openPanel(browser);
    await page.getByLabel('New task').fill('Send the retrofit quote');
    await page.getByRole('button', { name: 'Add task' }).click();
    const task = page.locator('.tasks li', { hasText: 'Send the retrofit quote' });
    await eventually(() => task.count()).toBe(1);
    await task.getByRole('button', { name: 'Complete' }).click();
    await eventually(() => task.count()).toBe(0);
    expect(await page.getByText('1 done').count()).toBe(1);
  });

  it('names the field of an invalid edit and writes nothing of the form', async () => {
    browser = await launchWithExtension();
    const page = await openPanel(browser);
    const value = page.locator('section[aria-labelledby="value-heading"] form').first();
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

    const file = page.locator('section[aria-labelledby="file-heading"] form');
    await file.getByLabel('Industry position and influence').fill('Top three in Zhejiang');
    await file.getByRole('button', { name: 'Save' }).click();
    await eventually(async () => (await readAll(page, 'accounts'))[0]?.industryPosition).toBe(
      'Top three in Zhejiang',
    );
  });

  it('speaks Simplified Chinese when the browser does', async () => {
    browser = await launchWithExtension({ locale: 'zh-CN' });
    const page = await openPanel(browser);
    expect(await page.locator('#contacts-heading').textContent()).toBe('采购决策成员');
    expect(await page.locator('#notes-heading').textContent()).toBe('记录');
    const row = page.locator(`[data-contact-id="${jane.id}"]`);
    expect(await row.getByLabel('决策者').isChecked()).toBe(false);
    expect(await page.locator(`[data-note-id="${note.id}"] .revision`).textContent()).toContain(
      '同时编辑时保留的内容',
    );
    expect(await page.locator('#file-heading').textContent()).toBe('客户档案');
  });
});
