/** The Book page's views, in tab order; the URL hash names one (#today, #accounts?tier=key). */
export const BOOK_VIEWS = ['today', 'accounts', 'pyramid', 'pipeline'] as const;
export type BookView = (typeof BOOK_VIEWS)[number];

export const BOOK_PATH = '/book.html';

/**
 * Open the Book page at a view, or bring forward the tab that already shows it (one Book tab
 * is enough, and a second would refresh the book twice).
 */
export async function openBook(view: BookView = 'today'): Promise<void> {
  const url = browser.runtime.getURL(BOOK_PATH);
  const [existing] = await browser.tabs.query({ url: `${url}*` });
  if (existing?.id !== undefined) {
    await browser.tabs.update(existing.id, { active: true, url: `${url}#${view}` });
    if (existing.windowId !== undefined) {
      await browser.windows.update(existing.windowId, { focused: true });
    }
    return;
  }
  await browser.tabs.create({ url: `${url}#${view}` });
}
