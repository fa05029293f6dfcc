import { describe, expect, it } from 'vitest';
import {
  formatHlc,
  KEEP_LOSING_FIELDS,
  type MergeInput,
  mergeMutation,
  mergeRows,
  overlayPending,
  type StoredRow,
} from '../../../shared/sync/index.ts';

const ROW = '01HZ00000000000000000000N1';
const at = (ms: number, node = 'a') => formatHlc(1_750_000_000_000 + ms, 0, node);
const keep = KEEP_LOSING_FIELDS.notes ?? [];

const mut = (
  hlc: string,
  fields: Record<string, unknown>,
  base?: Record<string, string>,
): MergeInput => (base === undefined ? { id: ROW, hlc, fields } : { id: ROW, hlc, fields, base });

/** Apply mutations in order, collecting what was kept and withdrawn. */
function run(mutations: readonly MergeInput[], start?: StoredRow) {
  let row = start;
  const kept: Record<string, unknown> = {};
  const withdrawn: string[] = [];
  for (const m of mutations) {
    const r = mergeMutation(row, m, keep);
    row = r.row;
    for (const l of r.losing) kept[l.hlc] = l.value;
    for (const x of r.retracted) {
      withdrawn.push(x.hlc);
      delete kept[x.hlc];
    }
  }
  return { row: row as StoredRow, kept, withdrawn };
}

describe('merging a mutation into a row', () => {
  it('creates the row from its first mutation and lists the changed fields', () => {
    const r = mergeMutation(undefined, mut(at(1), { body: 'hi', kind: 'call' }));
    expect(r.row).toEqual({
      id: ROW,
      fields: { body: 'hi', kind: 'call' },
      stamps: { body: at(1), kind: at(1) },
    });
    expect(r.changed).toEqual(['body', 'kind']);
  });

  it('lets the later stamp win field by field, so concurrent edits of different fields both stay', () => {
    const { row } = run([
      mut(at(1), { subject: 'Q3', body: 'draft' }),
      mut(at(3, 'b'), { subject: 'Q3 review' }),
      mut(at(2, 'c'), { subject: 'stale', body: 'notes' }),
    ]);
    expect(row.fields).toEqual({ subject: 'Q3 review', body: 'notes' });
    expect(row.stamps).toEqual({ subject: at(3, 'b'), body: at(2, 'c') });
  });

  it('breaks a tie in the same millisecond by node id', () => {
    const x = run([mut(at(5, 'a'), { subject: 'from a' }), mut(at(5, 'b'), { subject: 'from b' })]);
    const y = run([mut(at(5, 'b'), { subject: 'from b' }), mut(at(5, 'a'), { subject: 'from a' })]);
    expect(x.row.fields.subject).toBe('from b');
    expect(y.row).toEqual(x.row);
  });

  it('treats a replayed mutation as a no-op and returns the same row', () => {
    const first = mergeMutation(undefined, mut(at(1), { body: 'hi' }), keep);
    const again = mergeMutation(first.row, mut(at(1), { body: 'hi' }), keep);
    expect(again.row).toBe(first.row);
    expect(again.changed).toEqual([]);
    expect(again.losing).toEqual([]);
  });

  it('clears a field with null and deletes with a tombstone merged like any field', () => {
    const { row } = run([
      mut(at(1), { subject: 'x', deleted: false }),
      mut(at(2, 'b'), { subject: null }),
      mut(at(4, 'c'), { deleted: true }),
      mut(at(3, 'a'), { deleted: false, body: 'late edit' }),
    ]);
    expect(row.fields).toEqual({ subject: null, deleted: true, body: 'late edit' });
  });

  it('resolves one stamp carrying two values the same way in every order', () => {
    const a = mut(at(1), { subject: 'one', tags: { b: 1, a: 2 } });
    const b = mut(at(1), { subject: 'two', tags: { a: 2, b: 1 } });
    const x = run([a, b]).row;
    const y = run([b, a]).row;
    expect(x).toEqual(y);
    expect(x.fields.subject).toBe('two');
    expect(mergeMutation(x, b).changed).toEqual([]);
  });

  it('reports a stamp change with an equal value as changed', () => {
    const first = mergeMutation(undefined, mut(at(1), { subject: 'x' }));
    expect(mergeMutation(first.row, mut(at(2), { subject: 'x' })).changed).toEqual(['subject']);
  });

  it('never mutates the row or the mutation it is given', () => {
    const base = run([
      mut(at(1), { body: 'a' }),
      mut(at(2, 'b'), { body: 'b' }, { body: at(0) }),
    ]).row;
    const m = mut(at(3, 'c'), { body: 'c', subject: 's' }, { body: at(0) });
    const before = structuredClone({ base, m });
    const r = mergeMutation(base, m, keep);
    expect({ base, m }).toEqual(before);
    expect(r.row).not.toBe(base);
    expect(r.row.fields).not.toBe(base.fields);
  });

  it('refuses a mutation for another row', () => {
    const { row } = run([mut(at(1), { body: 'a' })]);
    expect(() =>
      mergeMutation(row, { id: '01HZ00000000000000000000N2', hlc: at(2), fields: {} }),
    ).toThrow();
  });
});

describe('keeping note text that loses a concurrent edit', () => {
  const root = mut(at(0, 'r'), { body: 'v0' });

  it('keeps the losing text when two browsers edit the same body from the same version', () => {
    const alice = mut(at(1, 'alice'), { body: 'alice' }, { body: at(0, 'r') });
    const bob = mut(at(2, 'bob'), { body: 'bob' }, { body: at(0, 'r') });
    for (const order of [
      [root, alice, bob],
      [root, bob, alice],
      [bob, alice, root],
    ]) {
      const r = run(order);
      expect(r.row.fields.body).toBe('bob');
      expect(r.kept).toEqual({ [at(1, 'alice')]: 'alice' });
    }
  });

  it('keeps nothing for one person’s successive edits, in any arrival order', () => {
    const e1 = mut(at(1), { body: 'one' }, { body: at(0, 'r') });
    const e2 = mut(at(2), { body: 'two' }, { body: at(1) });
    const e3 = mut(at(3), { body: 'three' }, { body: at(2) });
    for (const order of [
      [root, e1, e2, e3],
      [e3, e1, root, e2],
      [e2, e3, e1, root],
    ]) {
      expect(run(order).kept).toEqual({});
    }
  });

  it('keeps text from an offline browser even when it loses to an edit of another version', () => {
    // Alice writes offline; Bob edits twice; Alice's text arrives last. Bob's second edit is
    // based on a stamp later than Alice's, but Bob never saw her text.
    const alice = mut(at(1, 'alice'), { body: 'alice offline' }, { body: at(0, 'r') });
    const bob1 = mut(at(2, 'bob'), { body: 'bob' }, { body: at(0, 'r') });
    const bob2 = mut(at(3, 'bob'), { body: 'bob again' }, { body: at(2, 'bob') });
    const r = run([root, bob1, bob2, alice]);
    expect(r.row.fields.body).toBe('bob again');
    expect(r.kept).toEqual({ [at(1, 'alice')]: 'alice offline' });
  });

  it('withdraws a kept text when an edit made on top of it arrives later', () => {
    const alice1 = mut(at(1, 'alice'), { body: 'alice' }, { body: at(0, 'r') });
    const bob = mut(at(2, 'bob'), { body: 'bob' }, { body: at(0, 'r') });
    const alice2 = mut(at(3, 'alice'), { body: 'alice, edited' }, { body: at(1, 'alice') });
    const r = run([root, alice1, bob, alice2]);
    expect(r.withdrawn).toEqual([at(1, 'alice')]);
    expect(r.kept).toEqual({ [at(2, 'bob')]: 'bob' });
    expect(run([root, alice1, alice2, bob]).kept).toEqual(r.kept);
  });

  it('does not keep the same text twice when a mutation is replayed', () => {
    const alice = mut(at(1, 'alice'), { body: 'alice' }, { body: at(0, 'r') });
    const bob = mut(at(2, 'bob'), { body: 'bob' }, { body: at(0, 'r') });
    let row = run([root, bob]).row;
    const reports = [];
    for (const m of [alice, alice, bob, alice]) {
      const r = mergeMutation(row, m, keep);
      row = r.row;
      reports.push(...r.losing);
    }
    expect(reports).toEqual([{ field: 'body', value: 'alice', hlc: at(1, 'alice') }]);
  });

  it('keeps only non-empty text, only for kept fields', () => {
    const a = mut(at(1, 'a'), { body: '', subject: 'mine' });
    const b = mut(at(2, 'b'), { body: 'theirs', subject: 'theirs' });
    expect(run([a, b]).kept).toEqual({});
    const c = mut(at(3, 'c'), { body: null });
    expect(run([a, b, c]).kept).toEqual({ [at(2, 'b')]: 'theirs' });
  });

  it('treats an edit without a base as having seen nothing', () => {
    const blind = mut(at(2, 'b'), { body: 'blind' });
    expect(run([root, blind]).kept).toEqual({ [at(0, 'r')]: 'v0' });
  });
});

describe('merging two copies of a row', () => {
  it('takes the later version of each field and keeps the history of both', () => {
    const a = run([mut(at(1), { body: 'x', subject: 'old' }, { body: at(0) })]).row;
    const b = run([mut(at(2, 'b'), { subject: 'new' }), mut(at(0, 'b'), { body: 'y' })]).row;
    const m = mergeRows(a, b);
    expect(m.fields).toEqual({ body: 'x', subject: 'new' });
    expect(m.stamps).toEqual({ body: at(1), subject: at(2, 'b') });
    expect(m.bases).toEqual({ body: at(0) });
    expect(m.history?.body?.texts).toEqual([at(0, 'b'), at(1)]);
  });
});

describe('showing unacknowledged local edits over pulled rows', () => {
  const pulled = run([mut(at(1, 'srv'), { body: 'server', subject: 'server' })]).row;

  it('re-applies pending fields the pulled row does not have yet', () => {
    const shown = overlayPending(pulled, [
      { hlc: at(2, 'me'), fields: { body: 'mine' } },
      { hlc: at(3, 'me'), fields: { body: 'mine, again' } },
    ]);
    expect(shown.fields).toEqual({ body: 'mine, again', subject: 'server' });
    expect(shown.stamps.body).toBe(at(3, 'me'));
    expect(pulled.fields.body).toBe('server');
  });

  it('shows a teammate’s later write, which will win on the server too', () => {
    const shown = overlayPending(pulled, [{ hlc: at(0, 'me'), fields: { subject: 'mine' } }]);
    expect(shown.fields.subject).toBe('server');
  });

  it('returns the pulled row when nothing is pending', () => {
    expect(overlayPending(pulled, [])).toBe(pulled);
  });
});
