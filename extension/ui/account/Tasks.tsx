import { useState } from 'preact/hooks';
import type { AccountLensDB } from '../../db/database.ts';
import { createRow, writeRow } from '../../db/write.ts';
import { t } from '../../i18n/index.ts';
import { date, parseDateInput } from '../format.ts';
import { ownerLabel } from '../owner.ts';
import type { AccountView } from './data.ts';
import { Section } from './Section.tsx';
import { useWriter, WriteError } from './write.tsx';

/** Open tasks with a button to complete each, and a form to add one. */
export function Tasks({ db, view }: { db: AccountLensDB; view: AccountView }) {
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const writer = useWriter(db);
  const open = view.tasks
    .filter((task) => task.doneAt === undefined)
    .sort((a, b) => (a.dueAt ?? Number.POSITIVE_INFINITY) - (b.dueAt ?? Number.POSITIVE_INFINITY));
  const doneCount = view.tasks.length - open.length;
  return (
    <Section id="tasks" title={t('panel.tasks')} count={open.length}>
      {open.length === 0 && <p class="muted">{t('panel.tasks.none')}</p>}
      <ul class="tasks">
        {open.map((task) => (
          <li key={task.id} class="row card" data-task-id={task.id}>
            <span class="task-title">{task.title}</span>
            {task.assigneeId !== undefined && (
              <span class="muted task-for">
                {ownerLabel(task.assigneeId, view.authorId, view.members)}
              </span>
            )}
            {task.dueAt !== undefined && (
              <span class="muted">{t('panel.actions.due', { date: date(task.dueAt) })}</span>
            )}
            <button
              type="button"
              disabled={writer.busy}
              onClick={() =>
                void writer.run((ctx) => writeRow(ctx, 'tasks', task.id, { doneAt: Date.now() }))
              }
            >
              {t('panel.tasks.complete')}
            </button>
          </li>
        ))}
      </ul>
      {doneCount > 0 && <p class="muted">{t('panel.tasks.doneCount', { n: doneCount })}</p>}
      <form
        class="row new-task"
        onSubmit={(e) => {
          e.preventDefault();
          const dueAt = parseDateInput(due);
          void writer
            .run((ctx) =>
              createRow(ctx, 'tasks', {
                title,
                accountId: view.account.id,
                // The rep who adds a task is the one to do it: it shows under "mine" in Today.
                ...(view.authorId === undefined ? {} : { assigneeId: view.authorId }),
                ...(dueAt !== undefined ? { dueAt } : {}),
              }),
            )
            .then((ok) => {
              if (ok) {
                setTitle('');
                setDue('');
              }
            });
        }}
      >
        <label class="row">
          <span>{t('panel.tasks.title')}</span>
          <input
            name="title"
            size={18}
            value={title}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
        </label>
        <label class="row">
          <span>{t('panel.tasks.due')}</span>
          <input
            type="date"
            name="due"
            value={due}
            onInput={(e) => setDue(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={writer.busy}>
          {t('panel.tasks.add')}
        </button>
      </form>
      <WriteError writer={writer} />
    </Section>
  );
}
