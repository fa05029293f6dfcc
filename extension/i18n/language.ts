import {
  type Catalog,
  type Catalogs,
  formatMessage,
  type Locale,
  type Msg,
  type MsgParams,
  msg,
} from '../../shared/i18n/index.ts';
import { browserKey } from './key.ts';

/**
 * The language in force and the translation of one set of catalogs, without the catalogs: the
 * full UI binds it to every string (index.ts), the overlay's badge to the few it draws
 * (overlay/badge-strings.ts), so the badge's first paint does not wait for every string of the
 * extension in both languages. Both read the one language chosen here.
 */
export type LanguageSetting = 'auto' | Locale;

let chosen: LanguageSetting = 'auto';

/** The rep can pick a language other than the browser's; 'auto' follows browser.i18n. */
export function setLanguage(language: LanguageSetting): void {
  chosen = language;
}

export function currentLocale(): Locale {
  if (chosen !== 'auto') return chosen;
  const ui = browser.i18n.getUILanguage().toLowerCase();
  return ui.startsWith('zh') ? 'zh_CN' : 'en';
}

export type Translate = (id: string | Msg, params?: MsgParams) => string;

/**
 * `t` over `catalogs`. With 'auto' every template comes from browser.i18n (WXT's generated
 * _locales, which hold every string); with an explicit choice, from `catalogs` bundled in,
 * since browser.i18n cannot switch language at run time.
 */
export function translator(catalogs: Catalogs): Translate {
  const template = (id: string): string | undefined => {
    if (chosen === 'auto') {
      // WXT types getMessage for the keys it knows; ours are generated, so widen it.
      const getMessage = browser.i18n.getMessage as (key: string) => string;
      const text = getMessage(browserKey(id));
      if (text) return text;
    }
    return catalogs[currentLocale()][id] ?? catalogs.en[id];
  };
  const lookup: Catalog = new Proxy(
    {},
    { get: (_target, id) => (typeof id === 'string' ? template(id) : undefined) },
  );
  /** Translate a message id (with `{name}` parameters) or a Msg produced by shared/. */
  return (id, params = {}) => formatMessage(typeof id === 'string' ? msg(id, params) : id, lookup);
}
