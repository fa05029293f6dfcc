import {
  type Catalog,
  formatMessage,
  type Locale,
  type Msg,
  type MsgParams,
  msg,
} from '../../shared/i18n/index.ts';
import { browserKey, catalogs } from './catalog.ts';

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

/**
 * The catalog in force. With 'auto' every template comes from browser.i18n (WXT's generated
 * _locales); with an explicit choice, from the same catalogs bundled in, since browser.i18n
 * cannot switch language at run time.
 */
function template(id: string): string | undefined {
  if (chosen === 'auto') {
    // WXT types getMessage for the keys it knows; ours are generated, so widen it.
    const getMessage = browser.i18n.getMessage as (key: string) => string;
    const text = getMessage(browserKey(id));
    if (text) return text;
  }
  return catalogs[currentLocale()][id] ?? catalogs.en[id];
}

const lookup: Catalog = new Proxy(
  {},
  { get: (_target, id) => (typeof id === 'string' ? template(id) : undefined) },
);

/** Translate a message id (with `{name}` parameters) or a Msg produced by shared/. */
export function t(id: string | Msg, params: MsgParams = {}): string {
  const m = typeof id === 'string' ? msg(id, params) : id;
  return formatMessage(m, lookup);
}
