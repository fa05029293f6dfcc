import { useMemo } from 'preact/hooks';
import { type DecidedAction, decidedActions } from '../../../shared/index.ts';
import type { AccountLensDB } from '../../db/database.ts';
import { reopenAction } from '../../db/decide-action.ts';
import { t } from '../../i18n/index.ts';
import { ago, date, dateTime } from '../format.ts';
import type { AccountView } from './data.ts';
import { accountSnapshot } from './snapshot.ts';
import { useWriter, WriteError } from './write.tsx';

/**
 * What Done and Snooze took off the account's list, who did it and when, each with Reopen: a
 * teammate's decision hides an action for the whole team, so the rep can see why it went.
 */
export function DecidedActions({ db, view }: { db: AccountLensDB; view: AccountView }) {
  const decided = useMemo(
    () => decidedActions(accountSnapshot(view), view.settings, Date.now()),
    [view],
  );
  const writer = useWriter(db);
  if (decided.length === 0) return null;
  return (
    <details class="decided">
      <summary>{t('panel.decided', { n: decided.length })}</summary>
      <ol class="actions">
        {decided.map((d) => (
          <DecidedItem
            key={d.action.key}
            decided={d}
            who={decidedBy(d.decision.decidedBy, view)}
            busy={writer.busy}
            reopen={() =>
              void writer.run((ctx) =>
                reopenAction(
                  ctx,
                  d.decisions.map((x) => x.id),
                ),
              )
            }
          />
        ))}
      </ol>
      <WriteError writer={writer} />
    </details>
  );
}

function DecidedItem(props: {
  decided: DecidedAction;
  who: string;
  busy: boolean;
  reopen: () => void;
}) {
  const { action, decision } = props.decided;
  const title = t(action.title);
  const when = ago(decision.createdAt);
  return (
    <li class="card" data-decided-key={action.key} data-decision={decision.decision}>
      <div class="action-title">{title}</div>
      <div class="row">
        <span class="muted decided-by" title={dateTime(decision.createdAt)}>
          {decision.decision === 'done'
            ? t('panel.decided.done', { who: props.who, when })
            : t('panel.decided.snoozed', {
                who: props.who,
                when,
                date: date(decision.snoozedUntil ?? decision.createdAt),
              })}
        </span>
        <button
          type="button"
          disabled={props.busy}
          aria-label={t('panel.decided.reopenLabel', { title })}
          onClick={props.reopen}
        >
          {t('panel.decided.reopen')}
        </button>
      </div>
    </li>
  );
}

/** Who decided, as the sentence needs it: "you", a teammate's name. */
function decidedBy(memberId: string | undefined, view: AccountView): string {
  if (memberId === undefined || memberId === '') return t('panel.decided.someone');
  if (memberId === view.authorId) return t('panel.decided.you');
  return view.members.get(memberId) ?? t('panel.decided.someone');
}
