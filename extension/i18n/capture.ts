import type { Catalogs } from '../../shared/i18n/index.ts';

/** Strings of quick capture (extension/capture/), kept apart so the feature owns its wording. */
export const captureCatalog: Catalogs = {
  en: {
    commandCapturePage: 'Capture contacts from this page',
  },
  zh_CN: {
    commandCapturePage: '从此页面采集联系人',
  },
};
