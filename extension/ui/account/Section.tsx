import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** Where a section's fold is remembered: per section, for every account (localStorage). */
const foldKey = (id: string): string => `accountLens.fold.${id}`;

function readFold(id: string): boolean | undefined {
  try {
    const v = localStorage.getItem(foldKey(id));
    return v === 'open' ? true : v === 'closed' ? false : undefined;
  } catch {
    return undefined; // storage unavailable: the default
  }
}

function writeFold(id: string, open: boolean): void {
  try {
    localStorage.setItem(foldKey(id), open ? 'open' : 'closed');
  } catch {
    // Not remembered; the fold still works.
  }
}

/**
 * A section of the account view that folds: its heading holds a button with aria-expanded (the
 * accordion pattern: the heading stays a heading for a screen reader). The body is hidden, not
 * unmounted, so a half-written form survives a fold. The heading's text has the id
 * `<id>-heading`, which labels the section.
 */
export function Section(props: {
  id: string;
  title: string;
  /** Shown beside the title (how many contacts, deals…). */
  count?: number;
  defaultOpen?: boolean;
  /** Asked to unfold (a form in it was asked for): each new value unfolds it again. */
  openAt?: number | undefined;
  children: ComponentChildren;
}) {
  const [open, setOpen] = useState(() => readFold(props.id) ?? props.defaultOpen ?? true);
  useEffect(() => {
    if (props.openAt !== undefined) setOpen(true);
  }, [props.openAt]);
  const bodyId = `${props.id}-body`;
  return (
    <section class="fold" data-section={props.id} aria-labelledby={`${props.id}-heading`}>
      <h2 class="fold-heading">
        <button
          type="button"
          class="fold-toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => {
            setOpen(!open);
            writeFold(props.id, !open);
          }}
        >
          <span class="fold-caret" aria-hidden="true" />
          <span id={`${props.id}-heading`}>{props.title}</span>
          {props.count !== undefined && <span class="fold-count">{props.count}</span>}
        </button>
      </h2>
      <div id={bodyId} class="fold-body" hidden={!open}>
        {props.children}
      </div>
    </section>
  );
}
