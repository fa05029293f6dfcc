import type { ComponentChildren, Ref } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { WriteError, type Writer } from './write.tsx';

/**
 * A card's read-only/edit switch. Closing the form (Save or Cancel) puts the focus back on the
 * card's Edit button, so a keyboard user stays where they were.
 */
export function useEditing() {
  const [editing, setEditing] = useState(false);
  const editRef = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (!editing && wasEditing.current) editRef.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  return { editing, open: () => setEditing(true), close: () => setEditing(false), editRef };
}

/** The card's Edit button; its accessible name says what is edited ("Edit Jane Doe"). */
export function EditButton(props: {
  name: string;
  editing: boolean;
  onClick: () => void;
  buttonRef: Ref<HTMLButtonElement>;
}) {
  return (
    <button
      type="button"
      class="edit"
      ref={props.buttonRef}
      aria-label={t('panel.editLabel', { name: props.name })}
      aria-expanded={props.editing}
      onClick={props.onClick}
    >
      {t('panel.edit')}
    </button>
  );
}

/**
 * A card's edit form: Save and Cancel, Escape cancels, the first field has the focus when it
 * opens. `extra` sits after Save/Cancel (a Delete button).
 */
export function CardForm(props: {
  label: string;
  writer: Writer;
  onSubmit: () => void;
  onCancel: () => void;
  children: ComponentChildren;
  extra?: ComponentChildren;
  class?: string;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);
  return (
    <form
      ref={formRef}
      class={`grid-form card-form ${props.class ?? ''}`}
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        props.onCancel();
      }}
    >
      {props.children}
      <div class="row">
        <button type="submit" class="primary" disabled={props.writer.busy}>
          {t('panel.save')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('panel.cancel')}
        </button>
        {props.extra}
      </div>
      <WriteError writer={props.writer} />
    </form>
  );
}
