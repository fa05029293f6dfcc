import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';

/**
 * Delete with a confirm step in the page itself: window.confirm would block the side panel's
 * whole document (and every live query in it) while it waits. Focus goes to Cancel, the choice
 * that loses nothing, and back to Delete when the rep cancels.
 */
export function DeleteButton(props: {
  /** The accessible name of the button, naming what is deleted. */
  label: string;
  /** Shown in the question: the contact's or deal's name. */
  name: string;
  disabled?: boolean;
  onDelete: () => Promise<unknown>;
}) {
  const [confirming, setConfirming] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      deleteRef.current?.focus();
    }
  }, [confirming]);
  if (!confirming) {
    return (
      <button
        type="button"
        class="delete"
        ref={deleteRef}
        aria-label={props.label}
        disabled={props.disabled === true}
        onClick={() => setConfirming(true)}
      >
        {t('panel.delete')}
      </button>
    );
  }
  return (
    <fieldset class="confirm">
      <legend>{t('panel.delete.confirm', { name: props.name })}</legend>
      <button
        type="button"
        class="danger"
        disabled={props.disabled === true}
        onClick={() => {
          void props.onDelete().finally(() => setConfirming(false));
        }}
      >
        {t('panel.delete.yes')}
      </button>
      <button
        type="button"
        ref={cancelRef}
        onClick={() => {
          returnFocus.current = true;
          setConfirming(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            returnFocus.current = true;
            setConfirming(false);
          }
        }}
      >
        {t('panel.cancel')}
      </button>
    </fieldset>
  );
}

/**
 * A button that opens a form below it (aria-expanded tells a screen reader so); the form gets
 * focus on its first field when it opens.
 */
export function Disclosure(props: {
  id: string;
  label: string;
  /** Asked to open (the side panel was opened on this form): each new value opens it again. */
  openAt?: number | undefined;
  children: (close: () => void) => ComponentChildren;
}) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (props.openAt !== undefined) setOpen(true);
  }, [props.openAt]);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const regionRef = useRef<HTMLDivElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) regionRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
    else if (wasOpen.current) toggleRef.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return (
    <div class="disclosure">
      <button
        type="button"
        ref={toggleRef}
        aria-expanded={open}
        aria-controls={props.id}
        onClick={() => setOpen((o) => !o)}
      >
        {props.label}
      </button>
      {open && (
        <div id={props.id} ref={regionRef}>
          {props.children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}
