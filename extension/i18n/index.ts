import type { Msg, MsgParams } from '../../shared/i18n/index.ts';
import { catalogs } from './catalog.ts';
import { translator } from './language.ts';

export { currentLocale, type LanguageSetting, setLanguage } from './language.ts';

const translate = translator(catalogs);

/** Translate a message id (with `{name}` parameters) or a Msg produced by shared/. */
export function t(id: string | Msg, params: MsgParams = {}): string {
  return translate(id, params);
}
