import { useEffect, useState } from 'preact/hooks';
import { WEBMAIL_SITES, type WebmailSite } from '../../hosts/hosts.ts';
import { t } from '../../i18n/index.ts';
import {
  healthReport,
  loadSelectorHealth,
  type SelectorHealth,
  selectorHealthItem,
} from '../../settings/selector-health.ts';
import { dateTime } from '../../ui/format.ts';

const SITES = Object.keys(WEBMAIL_SITES) as WebmailSite[];

/**
 * The debug section: how each webmail site's adapter fared on the pages the rep read (see
 * settings/selector-health.ts), so a broken site can be reported with facts. Everything shown
 * is the extension's own record (counts, times, its selector lists), never page content, and
 * the report is plain text.
 */
export function SelectorHealthSection() {
  const [health, setHealth] = useState<SelectorHealth>({});
  const [status, setStatus] = useState<'copied' | 'failed' | undefined>();
  useEffect(() => {
    const refresh = () => void loadSelectorHealth().then(setHealth);
    refresh();
    return selectorHealthItem.watch(refresh);
  }, []);
  const report = () => healthReport(health, browser.runtime.getManifest().version);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(report());
      setStatus('copied');
    } catch {
      setStatus('failed');
    }
  };
  const seen = SITES.filter((s) => health[s] !== undefined);
  const when = (at: number | undefined) => (at ? dateTime(at) : t('webmail.health.never'));
  return (
    <section class="card selector-health" data-selector-health>
      <h2>{t('webmail.health.heading')}</h2>
      <p class="hint">{t('webmail.health.hint')}</p>
      {seen.length === 0 ? (
        <p class="hint" data-selector-health-empty>
          {t('webmail.health.none')}
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('webmail.health.site')}</th>
              <th scope="col">{t('webmail.health.lastSeen')}</th>
              <th scope="col">{t('webmail.health.anchored')}</th>
              <th scope="col">{t('webmail.health.fallback')}</th>
              <th scope="col">{t('webmail.health.missed')}</th>
            </tr>
          </thead>
          <tbody>
            {seen.map((site) => {
              const h = health[site];
              if (!h) return null;
              return (
                <tr key={site} data-site={site}>
                  <th scope="row">{t(`webmail.site.${site}`)}</th>
                  <td>{when(h.lastSeen)}</td>
                  <td data-anchored>{h.anchored}</td>
                  <td data-fallback>
                    {h.fallback === 0
                      ? '0'
                      : t('webmail.health.fallbackLast', {
                          n: h.fallback,
                          when: when(h.lastFallback),
                        })}
                  </td>
                  <td data-missed>
                    {h.missed.length === 0 ? (
                      t('webmail.health.allMatched')
                    ) : (
                      <ul class="missed">
                        {h.missed.map((m) => (
                          <li key={m.list}>
                            <code>{m.list}</code>{' '}
                            <span class="muted">
                              {t('webmail.health.missedCount', {
                                count: m.count,
                                when: when(m.last),
                              })}
                            </span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div class="row">
        <button type="button" onClick={() => void copy()} data-copy-report>
          {t('webmail.health.copy')}
        </button>
        <button
          type="button"
          onClick={() => {
            setStatus(undefined);
            void selectorHealthItem.setValue({});
          }}
          disabled={seen.length === 0}
          data-clear-report
        >
          {t('webmail.health.clear')}
        </button>
        {status === 'copied' && (
          <span class="saved" role="status">
            {t('webmail.health.copied')}
          </span>
        )}
      </div>
      {status === 'failed' && (
        <>
          <p class="error" role="alert">
            {t('webmail.health.copyFailed')}
          </p>
          <textarea class="report" readOnly rows={8} value={report()} />
        </>
      )}
    </section>
  );
}
