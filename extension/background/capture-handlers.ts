import {
  type CaptureOutcome,
  captureSelection,
  captureTab,
  isExtensionPage,
  MAX_SELECTION,
  type SourceTab,
  selectionWithLineBreaks,
} from '../capture/run.ts';
import { languageItem } from '../settings/language.ts';
import { ensureContextMenu } from './context-menu.ts';
import { handle } from './router.ts';

/** The command in wxt.config.ts's manifest and the context menu item this feature adds. */
export const CAPTURE_COMMAND = 'capture-page';
export const SELECTION_MENU_ID = 'capture-selection';

/** Capture requests come from the extension's own pages only (see isExtensionPage). */
function fromExtensionPage(sender: Browser.runtime.MessageSender): void {
  const extension = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
  if (!isExtensionPage(sender, extension)) {
    const error = new Error('capture can only be started from the extension');
    error.name = 'Forbidden';
    throw error;
  }
}

async function tabById(tabId: number | undefined): Promise<SourceTab> {
  if (tabId === undefined) return {};
  try {
    return await browser.tabs.get(tabId);
  } catch {
    // Closed meanwhile: captureTab reports it as a page that cannot be read.
    return {};
  }
}

const logFailure = (what: string) => (e: unknown) => console.error(`${what} failed`, e);

const createSelectionMenu = () =>
  ensureContextMenu(SELECTION_MENU_ID, 'capture.menu.selection', ['selection']);

/**
 * Quick capture's three ways in, all on a user action that grants activeTab: the popup's
 * button (`capturePage` with the tab it shows), the keyboard command and the context menu on a
 * selection. Listeners are added synchronously, so the event that woke the worker is heard.
 */
export function registerCaptureHandlers(): void {
  handle('capturePage', async ({ tabId }, sender): Promise<CaptureOutcome> => {
    fromExtensionPage(sender);
    // The popup shows a page that cannot be read itself: it is already open in front of the rep.
    return captureTab(await tabById(tabId), { showProblems: false });
  });

  handle('captureSelection', async ({ text, tabId }, sender): Promise<CaptureOutcome> => {
    fromExtensionPage(sender);
    return captureSelection(text, await tabById(tabId));
  });

  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== CAPTURE_COMMAND) return;
    const read = tab?.id === undefined ? activeTabNow() : Promise.resolve(tab);
    read
      .then((source) => captureTab(source, { showProblems: true }))
      .catch(logFailure('capture from the keyboard'));
  });

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== SELECTION_MENU_ID) return;
    const fallback = (info.selectionText ?? '').slice(0, MAX_SELECTION);
    const read =
      tab?.id === undefined
        ? Promise.resolve(undefined)
        : selectionWithLineBreaks(tab.id, info.frameId);
    read
      .then((text) => captureSelection(text ?? fallback, tab ?? {}))
      .catch(logFailure('capture of a selection'));
  });

  createSelectionMenu().catch(logFailure('creating the capture menu'));
  languageItem.watch(() => {
    createSelectionMenu().catch(logFailure('renaming the capture menu'));
  });
}

async function activeTabNow(): Promise<SourceTab> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return tab ?? {};
}
