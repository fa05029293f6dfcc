import { useEffect, useMemo, useState } from 'preact/hooks';
import type { AccountLensDB } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import { loadTeamSettings } from '../../sync/state.ts';
import { ImportClient } from '../client.ts';
import type { Opened, Preview, Settings } from '../session.ts';
import { ChooseStep } from './ChooseStep.tsx';
import { MappingStep } from './MappingStep.tsx';
import { PreviewStep } from './PreviewStep.tsx';
import { RunStep } from './RunStep.tsx';

type Step =
  | { readonly step: 'choose' }
  | { readonly step: 'mapping'; readonly opened: Opened; readonly file: File }
  | {
      readonly step: 'preview';
      readonly opened: Opened;
      readonly file: File;
      readonly settings: Settings;
      readonly preview: Preview;
    }
  | { readonly step: 'run'; readonly opened: Opened; readonly preview: Preview };

const STEPS = ['choose', 'mapping', 'preview', 'run'] as const;
const STEP_LABEL = {
  choose: 'import.step.choose',
  mapping: 'import.step.mapping',
  preview: 'import.step.preview',
  run: 'import.step.import',
} as const;

/**
 * The import wizard: choose a file, check its columns, preview what importing does, import
 * (docs/domain.md §13). The file is read, planned and written in a worker (client.ts); this
 * page only draws.
 */
export function ImportApp(props: { db: AccountLensDB }) {
  const client = useMemo(() => new ImportClient(), []);
  useEffect(() => () => client.terminate(), [client]);
  const [state, setState] = useState<Step>({ step: 'choose' });
  const [currency, setCurrency] = useState('USD');
  useEffect(() => {
    void loadTeamSettings(props.db).then((s) => {
      if (s) setCurrency(s.currency);
    });
  }, [props.db]);

  return (
    <main class="import" data-import-step={state.step}>
      <header class="import-top">
        <h1>{t('import.title')}</h1>
        <ol class="import-steps">
          {STEPS.map((s) => (
            <li key={s} aria-current={state.step === s ? 'step' : undefined}>
              {t(STEP_LABEL[s])}
            </li>
          ))}
        </ol>
      </header>
      {state.step === 'choose' && (
        <ChooseStep
          db={props.db}
          client={client}
          onOpened={(opened, file) => setState({ step: 'mapping', opened, file })}
        />
      )}
      {state.step === 'mapping' && (
        <MappingStep
          client={client}
          opened={state.opened}
          file={state.file}
          currency={currency}
          onReopened={(opened) => setState({ ...state, opened })}
          onBack={() => setState({ step: 'choose' })}
          onPreview={(settings, preview) =>
            setState({ ...state, step: 'preview', settings, preview })
          }
        />
      )}
      {state.step === 'preview' && (
        <PreviewStep
          opened={state.opened}
          preview={state.preview}
          client={client}
          onBack={() => setState({ step: 'mapping', opened: state.opened, file: state.file })}
          onRun={() => setState({ step: 'run', opened: state.opened, preview: state.preview })}
        />
      )}
      {state.step === 'run' && (
        <RunStep
          client={client}
          preview={state.preview}
          onAnother={() => setState({ step: 'choose' })}
        />
      )}
    </main>
  );
}
