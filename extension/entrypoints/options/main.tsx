import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_SETTINGS, OPEN_STAGES, type TeamSettings, TIERS } from '../../../shared/index.ts';
import { currentLocale, type LanguageSetting, setLanguage, t } from '../../i18n/index.ts';
import { languageItem, loadLanguage } from '../../settings/language.ts';
import { IdentitySection } from './identity.tsx';
import { SitesSection } from './sites.tsx';
import { TeamSection, useTeamView } from './team.tsx';
import '../../ui/theme.css';
import './style.css';

function LanguagePicker(props: { value: LanguageSetting; onChange: (l: LanguageSetting) => void }) {
  return (
    <label class="field">
      <span>{t('options.language')}</span>
      <select
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value as LanguageSetting)}
      >
        <option value="auto">{t('options.language.auto')}</option>
        <option value="en">{t('options.language.en')}</option>
        <option value="zh_CN">{t('options.language.zh_CN')}</option>
      </select>
    </label>
  );
}

const pct = (fraction: number) => t('options.percent', { n: Math.round(fraction * 1000) / 10 });

/** Read-only: cutoffs and cadences are the team's, changed by an admin on the server. */
function TeamSegmentation({ settings, joined }: { settings: TeamSettings; joined: boolean }) {
  return (
    <section>
      <h2>{t('options.team.heading')}</h2>
      <p class="hint">{joined ? t('options.team.joined') : t('options.team.notJoined')}</p>
      <h3>{t('options.tiers.heading')}</h3>
      <table>
        <thead>
          <tr>
            <th>{t('options.tier')}</th>
            <th>{t('options.tiers.share')}</th>
            <th>{t('options.tiers.cadence')}</th>
            <th>{t('options.tiers.complaint')}</th>
          </tr>
        </thead>
        <tbody>
          {TIERS.map((tier) => (
            <tr key={tier} data-tier={tier}>
              <td>{t(`tier.${tier}`)}</td>
              <td>{pct(settings.tierShares[tier])}</td>
              <td>{t('options.days', { n: settings.cadenceDays[tier] })}</td>
              <td>{t('options.hours', { n: settings.complaintResponseHours[tier] })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('options.stages.heading')}</h3>
      <table>
        <thead>
          <tr>
            <th>{t('options.stages.stage')}</th>
            <th>{t('options.stages.winRate')}</th>
          </tr>
        </thead>
        <tbody>
          {OPEN_STAGES.map((stage) => (
            <tr key={stage}>
              <td>{t(`stage.${stage}`)}</td>
              <td>{pct(settings.winRates[stage])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

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
  return (
    <main>
      <h1>{t('options.title')}</h1>
      <LanguagePicker value={language} onChange={choose} />
      <IdentitySection />
      <TeamSection view={team} />
      <TeamSegmentation
        settings={team?.settings ?? DEFAULT_SETTINGS}
        joined={team?.joined === true && team.settings !== undefined}
      />
      <SitesSection />
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<Options />, root);
