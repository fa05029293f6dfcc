import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import {
  disabledSitesItem,
  loadDisabledSites,
  loadOverlayEnabled,
  overlayEnabledItem,
  setOverlayEnabled,
  setSiteEnabled,
} from '../../settings/sites.ts';

/**
 * Where the badge shows: the global switch, and the sites the rep switched it off on (from the
 * panel's "never show on this site"), each of which can be brought back here.
 */
export function SitesSection() {
  const [enabled, setEnabled] = useState(true);
  const [sites, setSites] = useState<string[]>([]);
  useEffect(() => {
    const refresh = () => {
      void loadOverlayEnabled().then(setEnabled);
      void loadDisabledSites().then(setSites);
    };
    refresh();
    // A site switched off in a tab while this page is open shows up here at once.
    const unwatch = [overlayEnabledItem.watch(refresh), disabledSitesItem.watch(refresh)];
    return () => {
      for (const u of unwatch) u();
    };
  }, []);
  return (
    <section class="card sites-section">
      <h2>{t('options.sites.heading')}</h2>
      <label class="check">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(e) => void setOverlayEnabled(e.currentTarget.checked)}
        />
        <span>{t('options.sites.global')}</span>
      </label>
      <h3>{t('options.sites.hidden')}</h3>
      {sites.length === 0 ? (
        <p class="hint">{t('options.sites.none')}</p>
      ) : (
        <ul class="sites">
          {[...sites].sort().map((site) => (
            <li key={site} data-site={site}>
              <span>{site}</span>{' '}
              <button type="button" onClick={() => void setSiteEnabled(site, true)}>
                {t('options.sites.showAgain')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
