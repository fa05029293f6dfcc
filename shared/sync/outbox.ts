import { mergeMutation, type StoredRow } from './merge.ts';

/** A local edit not yet acknowledged by the server. */
export interface PendingEdit {
  readonly hlc: string;
  readonly fields: Record<string, unknown>;
}

/**
 * A pulled row with this device's unacknowledged edits laid back over it, so a pull that raced a
 * push never shows the old value again. Each pending field goes through the same last-writer-wins
 * merge the server will apply, so what the rep sees is what the team will converge to: a pending
 * edit stays visible unless the pulled row already holds a later write to that field, which will
 * beat the edit on the server too. The overlaid stamps are the pending ones, so the next local
 * edit's `base` names the text the rep is actually looking at. Never mutates its inputs.
 */
export function overlayPending(row: StoredRow, pending: readonly PendingEdit[]): StoredRow {
  let out = row;
  for (const edit of pending) {
    out = mergeMutation(out, { id: row.id, hlc: edit.hlc, fields: edit.fields }).row;
  }
  return out;
}
