// Pure: imported by wxt.config.ts at build time to generate _locales, and by the UI at run time.
import { domainCatalog } from '../../shared/i18n/domain.ts';
import { type Catalogs, mergeCatalogs } from '../../shared/i18n/index.ts';
import { nextActionsCatalog } from '../../shared/next-actions/messages.ts';
import { bookCatalog } from './book.ts';
import { captureCatalog } from './capture.ts';
import { importCatalog } from './import.ts';
import { browserKey } from './key.ts';
import { uiCatalog } from './ui.ts';
import { webmailCatalog } from './webmail.ts';

export const catalogs: Catalogs = mergeCatalogs(
  uiCatalog,
  captureCatalog,
  webmailCatalog,
  bookCatalog,
  importCatalog,
  domainCatalog,
  nextActionsCatalog,
);

export { browserKey };

/** The `_locales/<locale>/messages.json` files, generated so there is one source of truth. */
export function localeFiles(): { relativeDest: string; contents: string }[] {
  return (Object.keys(catalogs) as (keyof Catalogs)[]).map((locale) => {
    const messages: Record<string, { message: string }> = {};
    for (const [id, text] of Object.entries(catalogs[locale])) {
      // `$` starts a placeholder in browser.i18n; our templates use {name} and fill it themselves.
      messages[browserKey(id)] = { message: text.replaceAll('$', '$$$$') };
    }
    return {
      relativeDest: `_locales/${locale}/messages.json`,
      contents: `${JSON.stringify(messages, null, 2)}\n`,
    };
  });
}
