import { type ComponentChild, render } from 'preact';
import { currentLocale, setLanguage } from '../i18n/index.ts';
import { keepSyncLive } from '../messaging/live.ts';
import { loadLanguage } from '../settings/language.ts';

/**
 * Start an extension page: the rep's language first, so nothing renders in the wrong one; and
 * keep sync live while the page is in view (extension/messaging/live.ts).
 */
export async function boot(titleId: () => string, app: () => ComponentChild): Promise<void> {
  keepSyncLive();
  setLanguage(await loadLanguage());
  document.documentElement.lang = currentLocale() === 'zh_CN' ? 'zh-CN' : 'en';
  document.title = titleId();
  const root = document.getElementById('app');
  if (root) render(app(), root);
}
