import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_SETTINGS } from '../../../shared/index.ts';
import { currentLocale, type LanguageSetting, setLanguage, t } from '../../i18n/index.ts';
import { keepSyncLive } from '../../messaging/live.ts';
import { languageItem, loadLanguage } from '../../settings/language.ts';
import { IdentitySection } from './identity.tsx';
import { LanguageSection } from './language.tsx';
import { SelectorHealthSection } from './selector-health.tsx';
import { SitesSection } from './sites.tsx';
import { TeamSection, useTeamView } from './team.tsx';
import { TeamSettingsSection } from './team-settings.tsx';
import { WhatNext } from './what-next.tsx';
import '../../ui/theme.css';
import './style.css';

/**
 * The options page, in the order a new rep needs it: join the team (or, once joined, the team
 * and its sync status), then what to do next, then the rest.
 */
function Options() {
  const [language, setLanguageState] = useState<LanguageSetting>('auto');
  useEffect(() => {
    void loadLanguage().then((l) => {
      setLanguage(l);
      setLanguageState(l);
    });
  }, []);
  useEffect(() => {
    document.documentElement.lang = currentLocale() === 'zh_CN' ? 'zh-CN' : 'en';
    document.title = t('options.title');
  });
  const team = useTeamView();
  const choose = (l: LanguageSetting) => {
    setLanguage(l);
    setLanguageState(l);
    void languageItem.setValue(l);
  };
  const joined = team?.joined === true && team.settings !== undefined;
  return (
    <main class="options">
      <h1>{t('options.title')}</h1>
      <TeamSection view={team} />
      <WhatNext />
      <LanguageSection value={language} onChange={choose} />
      <section>
        <h2>{t('import.title')}</h2>
        <p>
          <a href="/import.html" target="_blank" rel="noopener" data-open-import>
            {t('import.open')}
          </a>{' '}
          <span class="muted">{t('import.open.hint')}</span>
        </p>
      </section>
      <SitesSection />
      <IdentitySection />
      <TeamSettingsSection
        settings={team?.settings ?? DEFAULT_SETTINGS}
        joined={joined}
        admin={team?.team?.memberRole === 'admin'}
      />
      <SelectorHealthSection />
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<Options />, root);
// The sync status and the team's settings shown here stay current (extension/messaging/live.ts).
keepSyncLive();
