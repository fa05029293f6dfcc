import { useState } from 'preact/hooks';
import { NOTE_KINDS, type NoteKind } from '../../shared/index.ts';
import type { AccountLensDB } from '../db/database.ts';
import { createRow } from '../db/write.ts';
import { t } from '../i18n/index.ts';
import { errorText } from './errors.ts';
import { currentAuthorId, writeContext } from './identity.ts';

/** Write a note on an account, straight into the local store (and its outbox). */
export async function addNote(
  db: AccountLensDB,
  fields: { accountId: string; kind: NoteKind; body: string; contactIds?: string[] },
): Promise<void> {
  const [ctx, authorId] = await Promise.all([writeContext(db), currentAuthorId(db)]);
  await createRow(ctx, 'notes', {
    kind: fields.kind,
    body: fields.body,
    accountId: fields.accountId,
    contactIds: fields.contactIds ?? [],
    visibility: 'team',
    authorId,
    at: Date.now(),
  });
}

/** The note box: Ctrl+Enter (⌘+Enter on a Mac) or the button saves. */
export function QuickNote(props: { db: AccountLensDB; accountId: string; idPrefix: string }) {
  const [body, setBody] = useState('');
  const [kind, setKind] = useState<NoteKind>('note');
  const [state, setState] = useState<{ saving?: boolean; error?: string; saved?: boolean }>({});

  const save = async () => {
    if (state.saving) return;
    if (body.trim() === '') {
      setState({ error: t('ui.note.empty') });
      return;
    }
    setState({ saving: true });
    try {
      await addNote(props.db, { accountId: props.accountId, kind, body });
      setBody('');
      setState({ saved: true });
    } catch (error) {
      setState({ error: errorText(error) });
    }
  };

  const bodyId = `${props.idPrefix}-note-body`;
  const kindId = `${props.idPrefix}-note-kind`;
  return (
    <form
      class="quick-note"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label for={bodyId}>{t('ui.note.label')}</label>
      <textarea
        id={bodyId}
        name="body"
        rows={3}
        value={body}
        placeholder={t('ui.note.placeholder')}
        onInput={(e) => {
          setBody(e.currentTarget.value);
          if (state.saved || state.error) setState({});
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
      />
      <div class="spread">
        <label class="row" for={kindId}>
          <span>{t('ui.note.kind')}</span>
          <select
            id={kindId}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as NoteKind)}
          >
            {NOTE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`noteKind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary" disabled={state.saving === true}>
          {t('ui.note.save')}
        </button>
      </div>
      <p class="hint">{t('ui.note.shortcut')}</p>
      <p role="status" aria-live="polite" class={state.error ? 'error' : 'saved'}>
        {state.error ?? (state.saved ? t('ui.note.saved') : '')}
      </p>
    </form>
  );
}
