import { useState } from 'preact/hooks';
import type { NoteRevision } from '../../../shared/index.ts';
import type { AccountLensDB, LocalNote } from '../../db/database.ts';
import { writeRow } from '../../db/write.ts';
import { t } from '../../i18n/index.ts';
import { ago, dateTime } from '../format.ts';
import { ownerLabel } from '../owner.ts';
import { QuickNote } from '../QuickNote.tsx';
import type { AccountView } from './data.ts';
import { CardForm, EditButton, useEditing } from './editing.tsx';
import { Section } from './Section.tsx';
import { useWriter } from './write.tsx';

/** Notes, newest first, each with the texts kept from concurrent edits of its body. */
export function Notes({ db, view }: { db: AccountLensDB; view: AccountView }) {
  const names = new Map(view.contacts.map((c) => [c.id, c.name]));
  return (
    <Section id="notes" title={t('panel.notes')} count={view.notes.length}>
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
            author={ownerLabel(note.authorId, view.authorId, view.members)}
          />
        ))}
      </ul>
    </Section>
  );
}

function NoteItem(props: {
  db: AccountLensDB;
  note: LocalNote;
  revisions: readonly NoteRevision[];
  contactNames: string[];
  /** Who wrote it, as the team knows them: Me, a teammate's name. */
  author: string;
}) {
  const { note } = props;
  const edit = useEditing();
  return (
    <li class="note card" data-note-id={note.id}>
      <div class="card-head">
        <div class="row muted note-meta">
          <span>{t(`noteKind.${note.kind}`)}</span>
          <span class="note-by" title={dateTime(note.at)}>
            {t('panel.notes.by', { who: props.author, when: ago(note.at) })}
          </span>
          {note.visibility === 'private' && <span>{t('panel.notes.private')}</span>}
          {props.contactNames.length > 0 && <span>{props.contactNames.join(', ')}</span>}
        </div>
        <EditButton
          name={t('panel.notes.editLabel')}
          editing={edit.editing}
          onClick={edit.open}
          buttonRef={edit.editRef}
        />
      </div>
      {note.subject && <div class="note-subject">{note.subject}</div>}
      {edit.editing ? (
        <NoteEditForm db={props.db} note={note} close={edit.close} />
      ) : (
        <div class="note-body">{note.body}</div>
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

/** A note's text in a form; Save stores it, Cancel or Escape leaves it as it was. */
function NoteEditForm(props: { db: AccountLensDB; note: LocalNote; close: () => void }) {
  const [body, setBody] = useState(props.note.body);
  const writer = useWriter(props.db);
  const editId = `note-edit-${props.note.id}`;
  return (
    <CardForm
      label={t('panel.notes.editLabel')}
      writer={writer}
      onSubmit={() => {
        void writer
          .run((ctx) => writeRow(ctx, 'notes', props.note.id, { body }))
          .then((ok) => ok && props.close());
      }}
      onCancel={props.close}
    >
      <label for={editId} class="sr-only">
        {t('panel.notes.editLabel')}
      </label>
      <textarea id={editId} rows={4} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
    </CardForm>
  );
}
