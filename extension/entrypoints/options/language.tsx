import { type LanguageSetting, t } from '../../i18n/index.ts';

/** The language of Account Lens's pages: the browser's, or one the rep picks. */
export function LanguageSection(props: {
  value: LanguageSetting;
  onChange: (l: LanguageSetting) => void;
}) {
  return (
    <section class="card">
      <h2>{t('options.language.heading')}</h2>
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
    </section>
  );
}
