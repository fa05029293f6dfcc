import { afterEach, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchWithExtension } from './harness.ts';
import { account, contact, openPage } from './popup-seed.ts';
import { eventually, readAll, seed } from './seed.ts';

let browser: ExtensionBrowser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

const acme = account({ name: 'Acme Robotics', domains: ['www.acme-robotics.com'] });
const huawei = account({ name: '华为技术有限公司', domains: ['huawei.com'] });
const jane = contact({
  accountId: acme.id,
  name: 'Jane Doe',
  emails: ['jane.doe@acme-robotics.com'],
});
const wang = contact({
  accountId: huawei.id,
  name: '王小明',
  title: '采购经理',
  emails: ['xm.wang@huawei.com'],
});

/** A browser with the extension, its popup open over the seeded accounts and contacts. */
async function seededPopup() {
  const extension = await launchWithExtension();
  browser = extension;
  const popup = await openPage(extension, 'popup.html');
  await seed(popup, { accounts: [acme, huawei], contacts: [jane, wang] });
  await popup.reload();
  return {
    extension,
    popup,
    box: popup.getByRole('searchbox'),
    results: popup.locator('.results .result'),
  };
}

describe('popup', () => {
  it('finds accounts and contacts by name, CJK substring, domain and e-mail; a quick note reaches the side panel', async () => {
    const { extension, popup, box, results } = await seededPopup();

    await box.fill('小明');
    await eventually(() => results.allTextContents()).toEqual([expect.stringContaining('王小明')]);
    expect(await results.first().textContent()).toContain('华为技术有限公司');

    await box.fill('华为');
    await eventually(() => results.allTextContents()).toEqual([
      expect.stringContaining('华为技术有限公司'),
    ]);

    await box.fill('ACME');
    await eventually(() => results.allTextContents()).toEqual([
      expect.stringContaining('Acme Robotics'),
      expect.stringContaining('Jane Doe'),
    ]);

    await box.fill('doe@acme');
    await eventually(() => results.allTextContents()).toEqual([
      expect.stringContaining('Jane Doe'),
    ]);

    await box.fill('huawei.com');
    await eventually(() => results.allTextContents()).toEqual([
      expect.stringContaining('华为技术有限公司'),
      expect.stringContaining('王小明'),
    ]);

    // Choose the account, write a note, save with Ctrl+Enter.
    await results.first().click();
    const card = popup.locator(`.account-card[data-account-id="${huawei.id}"]`);
    await eventually(() => card.locator('h2').textContent()).toBe('华为技术有限公司');
    const note = card.getByLabel('Quick note');
    await note.fill('Met 王小明 at the trade fair <script>alert(1)</script>');
    await note.press('Control+Enter');
    await eventually(() => card.getByRole('status').last().textContent()).toBe('Note saved.');
    expect(await note.inputValue()).toBe('');

    // Written through the store: the row and its outbox entry.
    const notes = await readAll(popup, 'notes');
    expect(notes).toEqual([
      expect.objectContaining({ accountId: huawei.id, kind: 'note', visibility: 'team' }),
    ]);
    const outbox = await readAll(popup, 'outbox');
    expect(outbox.some((e) => e.table === 'notes' && e.rowId === notes[0]?.id)).toBe(true);

    const panel = await openPage(extension, `sidepanel.html?account=${huawei.id}`);
    const body = panel.locator(`[data-note-id="${String(notes[0]?.id)}"] .note-body`);
    await eventually(() => body.textContent()).toBe(
      'Met 王小明 at the trade fair <script>alert(1)</script>',
    );
    // Rendered as text: no script element came from the note.
    expect(await panel.locator('.note-body script').count()).toBe(0);
  });

  it('answers from the search index the background builds, by any part of a name', async () => {
    const { popup, box, results } = await seededPopup();
    // The seed was written behind the extension's back: the first search asks for a build.
    await box.fill('技术');
    await eventually(() => results.allTextContents()).toEqual([
      expect.stringContaining('华为技术有限公司'),
    ]);
    await expect
      .poll(
        async () => {
          const meta = await readAll(popup, 'meta');
          const pending = await readAll(popup, 'search_changes');
          return meta.some((m) => m.key === 'search.index') && pending.length === 0;
        },
        { timeout: 15_000, interval: 100 },
      )
      .toBe(true);
    expect((await readAll(popup, 'search_shards')).length).toBeGreaterThan(0);

    // A fresh popup answers from the persisted index, not from a scan of the book.
    await popup.reload();
    await box.fill('me rob');
    await eventually(() => results.allTextContents()).toEqual([
      expect.stringContaining('Acme Robotics'),
    ]);
    await box.fill('ne.doe');
    await eventually(() => results.allTextContents()).toEqual([
      expect.stringContaining('Jane Doe'),
    ]);
    expect(
      await popup.evaluate(() => performance.getEntriesByName('account-lens:search-scan').length),
    ).toBe(0);
  });

  it('refuses an empty note and says why', async () => {
    browser = await launchWithExtension();
    const popup = await openPage(browser, 'popup.html');
    await seed(popup, { accounts: [acme] });
    await popup.reload();
    await popup.getByRole('searchbox').fill('acme');
    await popup.locator('.results .result').first().click();
    await popup.getByRole('button', { name: 'Save note' }).click();
    await eventually(() => popup.getByText('The note is empty.').count()).toBe(1);
    expect(await readAll(popup, 'notes')).toEqual([]);
  });

  it('speaks Simplified Chinese when the browser does', async () => {
    browser = await launchWithExtension({ locale: 'zh-CN' });
    const popup = await openPage(browser, 'popup.html');
    await seed(popup, { accounts: [huawei] });
    await popup.reload();
    await eventually(() => popup.getByRole('searchbox').getAttribute('placeholder')).toBe(
      '名称、域名或邮箱',
    );
    expect(await popup.locator('html').getAttribute('lang')).toBe('zh-CN');
    await popup.getByRole('searchbox').fill('华为');
    await eventually(() => popup.locator('.results .result').first().textContent()).toContain(
      '客户',
    );
    await popup.locator('.results .result').first().click();
    await eventually(() => popup.getByRole('button', { name: '保存记录' }).count()).toBe(1);
    expect(await popup.getByRole('button', { name: '在侧边栏中打开' }).count()).toBe(1);
  });
});
