import { t } from '../../i18n/index.ts';
import type { ChoiceRow } from '../choices.ts';
import { choiceLabel, fieldLabel } from './text.ts';

/** The file's stage, role, attitude and tier words and what each becomes: the visible mapping. */
export function Choices(props: { choices: readonly ChoiceRow[] }) {
  if (props.choices.length === 0) return null;
  return (
    <>
      <h2>{t('import.choices')}</h2>
      <table class="import-choices" data-import-choices>
        <thead>
          <tr>
            <th>{t('import.field')}</th>
            <th>{t('import.choices.word')}</th>
            <th>{t('import.choices.ours')}</th>
            <th>{t('import.choices.count')}</th>
          </tr>
        </thead>
        <tbody>
          {props.choices.slice(0, 200).map((c) => (
            <tr key={`${c.field} ${c.raw}`} class={c.mapped.length === 0 ? 'error' : undefined}>
              <td>{fieldLabel(c.field)}</td>
              <td>{c.raw}</td>
              <td>
                {c.mapped.length === 0
                  ? t('import.choices.unknown')
                  : c.mapped.map((m) => choiceLabel(c.field, m)).join(', ')}
              </td>
              <td>{c.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
