import { setLanguage, t } from '../i18n/index.ts';
import { loadLanguage } from '../settings/language.ts';

type MenuContexts = NonNullable<Parameters<typeof browser.contextMenus.create>[0]['contexts']>;

/**
 * A context menu entry, titled in the rep's language. Menu items outlive the worker, so a
 * start updates the one made earlier and creates it only when it is missing (first start).
 */
export async function ensureContextMenu(
  id: string,
  titleId: string,
  contexts: MenuContexts,
): Promise<void> {
  setLanguage(await loadLanguage());
  const title = t(titleId);
  try {
    await browser.contextMenus.update(id, { title });
  } catch {
    await new Promise<void>((done) => {
      browser.contextMenus.create(
        { id, title, contexts },
        // Chrome reports a lost race with another start here, not as a thrown error.
        () => done(void browser.runtime.lastError),
      );
    });
  }
}
