import { openBook } from '../book/open.ts';
import { languageItem } from '../settings/language.ts';
import { ensureContextMenu } from './context-menu.ts';

/** The command in wxt.config.ts's manifest and the toolbar button's context-menu item. */
export const BOOK_COMMAND = 'open-book';
export const BOOK_MENU_ID = 'open-book';

const createBookMenu = () => ensureContextMenu(BOOK_MENU_ID, 'book.open', ['action']);

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
