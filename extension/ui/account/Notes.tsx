import { useState } from 'preact/hooks';
import type { NoteRevision } from '../../../shared/index.ts';
import type { AccountLensDB, LocalNote } from '../../db/database.ts';
import { writeRow } from '../../db/write.ts';
import { t } from '../../i18n/index.ts';
import { dateTime } from '../format.ts';
import { QuickNote } from '../QuickNote.tsx';
import type { AccountView } from './data.ts';
import { useWriter, WriteError } from './write.tsx';

/** Notes, newest first, each with the texts kept from concurrent edits of its body. */
export function Notes({ db, view }: { db: AccountLensDB; view: AccountView }) {
  const names = new Map(view.contacts.map((c) => [c.id, c.name]));
  return (
    <section aria-labelledby="notes-heading">
      <h2 id="notes-heading">{t('panel.notes')}</h2>
      <QuickNote db={db} accountId={view.account.id} idPrefix="panel" />
      {view.notes.length === 0 && <p class="muted">{t('panel.notes.none')}</p>}
      <ul class="notes">
        {view.notes.map((note) => (
          <NoteItem
            key={note.id}
            db={db}
            note={note}
            revisions={view.revisions.get(note.id) ?? []}
            contactNames={note.contactIds.flatMap((id) => names.get(id) ?? [])}
            mine={view.authorId !== undefined && note.authorId === view.authorId}
          />
        ))}
      </ul>
    </section>
  );
}

function NoteItem(props: {
  db: AccountLensDB;
  note: LocalNote;
  revisions: readonly NoteRevision[];
  contactNames: string[];
  mine: boolean;
}) {
  const { note } = props;
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const writer = useWriter(props.db);
  const editId = `note-edit-${note.id}`;
  return (
    <li class="note" data-note-id={note.id}>
      <div class="row muted">
        <span>{t(`noteKind.${note.kind}`)}</span>
        <span>{dateTime(note.at)}</span>
        {props.mine && <span>{t('panel.notes.mine')}</span>}
        {note.visibility === 'private' && <span>{t('panel.notes.private')}</span>}
        {props.contactNames.length > 0 && <span>{props.contactNames.join(', ')}</span>}
      </div>
      {note.subject && <div class="note-subject">{note.subject}</div>}
      {editing === undefined ? (
        <>
          <div class="note-body">{note.body}</div>
          <button type="button" onClick={() => setEditing(note.body)}>
            {t('panel.notes.edit')}
          </button>
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void writer
              .run((ctx) => writeRow(ctx, 'notes', note.id, { body: editing }))
              .then((ok) => ok && setEditing(undefined));
          }}
        >
          <label for={editId} class="sr-only">
            {t('panel.notes.editLabel')}
          </label>
          <textarea
            id={editId}
            rows={4}
            value={editing}
            onInput={(e) => setEditing(e.currentTarget.value)}
          />
          <div class="row">
            <button type="submit" class="primary" disabled={writer.busy}>
              {t('panel.save')}
            </button>
            <button type="button" onClick={() => setEditing(undefined)}>
              {t('panel.cancel')}
            </button>
          </div>
          <WriteError writer={writer} />
        </form>
      )}
      {props.revisions.length > 0 && (
        <details class="revisions" open>
          <summary>{t('panel.notes.revisions', { n: props.revisions.length })}</summary>
          <ul>
            {props.revisions.map((r) => (
              <li key={r.id} class="revision" data-revision-id={r.id}>
                <div class="muted">{t('panel.notes.keptFromConcurrent')}</div>
                <div class="note-body">{r.body}</div>
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}
