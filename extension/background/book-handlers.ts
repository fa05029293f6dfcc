import { openBook } from '../book/open.ts';
import { setLanguage, t } from '../i18n/index.ts';
import { languageItem, loadLanguage } from '../settings/language.ts';

/** The command in wxt.config.ts's manifest and the toolbar button's context-menu item. */
export const BOOK_COMMAND = 'open-book';
export const BOOK_MENU_ID = 'open-book';

/** Menu items outlive the worker: a start retitles the one made earlier, or makes it. */
async function createBookMenu(): Promise<void> {
  setLanguage(await loadLanguage());
  const title = t('book.open');
  try {
    await browser.contextMenus.update(BOOK_MENU_ID, { title });
  } catch {
    await new Promise<void>((done) => {
      browser.contextMenus.create({ id: BOOK_MENU_ID, title, contexts: ['action'] }, () =>
        done(void browser.runtime.lastError),
      );
    });
  }
}

const logFailure = (e: unknown) => console.error('opening the book failed', e);

/**
 * Two of the Book page's ways in (the popup and the side panel have buttons): the keyboard
 * command and the toolbar button's context menu. Listeners are added synchronously, so the
 * event that woke the worker is heard.
 */
export function registerBookHandlers(): void {
  browser.commands.onCommand.addListener((command) => {
    if (command === BOOK_COMMAND) openBook().catch(logFailure);
  });
  browser.contextMenus.onClicked.addListener((info) => {
    if (info.menuItemId === BOOK_MENU_ID) openBook().catch(logFailure);
  });
  createBookMenu().catch(logFailure);
  languageItem.watch(() => {
    createBookMenu().catch(logFailure);
  });
}
