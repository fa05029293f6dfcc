import { useMemo } from 'preact/hooks';
import { type Action, nextActions } from '../../../shared/index.ts';
import type { AccountLensDB } from '../../db/database.ts';
import { decideAction } from '../../db/decide-action.ts';
import { t } from '../../i18n/index.ts';
import { date } from '../format.ts';
import { DecidedActions } from './DecidedActions.tsx';
import type { AccountView } from './data.ts';
import { Section } from './Section.tsx';
import { accountSnapshot } from './snapshot.ts';
import { useWriter, WriteError } from './write.tsx';

/** The account's next actions, from the shared rules engine over this account's rows. */
export function NextActions({ db, view }: { db: AccountLensDB; view: AccountView }) {
  const actions = useMemo(
    () => nextActions(accountSnapshot(view), view.settings, Date.now()),
    [view],
  );
  const writer = useWriter(db);
  const decide = (action: Action, decision: 'done' | 'snoozed') =>
    writer.run((ctx) =>
      decideAction(ctx, {
        actionKey: action.key,
        accountId: view.account.id,
        decision,
        decidedBy: view.authorId,
      }),
    );
  return (
    <Section id="actions" title={t('panel.actions')} count={actions.length}>
      {actions.length === 0 && <p class="muted">{t('panel.actions.none')}</p>}
      <ol class="actions">
        {actions.map((action) => (
          <li
            key={action.key}
            class="card"
            data-action-key={action.key}
            data-priority={action.priority}
          >
            <div class="action-title">{t(action.title)}</div>
            <div class="muted">{t(action.reason)}</div>
            <div class="row">
              <span class="muted">{t('panel.actions.due', { date: date(action.dueAt) })}</span>
              <button
                type="button"
                disabled={writer.busy}
                onClick={() => void decide(action, 'done')}
              >
                {t('panel.actions.done')}
              </button>
              <button
                type="button"
                disabled={writer.busy}
                onClick={() => void decide(action, 'snoozed')}
              >
                {t('panel.actions.snooze')}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <WriteError writer={writer} />
      <DecidedActions db={db} view={view} />
    </Section>
  );
}
