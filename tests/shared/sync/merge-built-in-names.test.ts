import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatHlc,
  type MergeInput,
  mergeMutation,
  mergeRows,
  type StoredRow,
} from '../../../shared/sync/index.ts';
import { BUILT_IN_NAMES } from '../../built-in-names.ts';

/** As field names they are plain fields; `__proto__` alone is refused (tested apart). */
const PLAIN_BUILT_IN_NAMES = BUILT_IN_NAMES.filter((name) => name !== '__proto__');

const ROW = '01HZ00000000000000000000N1';
const at = (ms: number, node = 'a') => formatHlc(1_750_000_000_000 + ms, 0, node);

describe('a field named like a built-in property merges like any other field', () => {
  it('is written by the first mutation and won by the later stamp', () => {
    const first = mergeMutation(undefined, { id: ROW, hlc: at(1), fields: { constructor: 'a' } });
    expect(first.row.fields).toEqual({ constructor: 'a' });
    expect(first.changed).toEqual(['constructor']);
    const later = mergeMutation(first.row, { id: ROW, hlc: at(2), fields: { constructor: 'b' } });
    expect(later.row.fields).toEqual({ constructor: 'b' });
    const stale = mergeMutation(later.row, { id: ROW, hlc: at(0), fields: { constructor: 'c' } });
    expect(stale.row.fields).toEqual({ constructor: 'b' });
  });

  it('refuses __proto__, which would replace the row object’s prototype', () => {
    const fields = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(() => mergeMutation(undefined, { id: ROW, hlc: at(1), fields })).toThrow(/__proto__/);
  });

  it('in any order of mutations, rows merged either way agree (property)', () => {
    const mutation = fc.record({
      ms: fc.nat({ max: 1_000 }),
      node: fc.constantFrom('a', 'b', 'c'),
      fields: fc.dictionary(
        fc.constantFrom(...PLAIN_BUILT_IN_NAMES, 'subject', 'body'),
        fc.oneof(fc.string(), fc.integer()),
        { minKeys: 1, maxKeys: 4 },
      ),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.nat(), (ms, split) => {
        const inputs: MergeInput[] = ms.map((m) => ({
          id: ROW,
          hlc: at(m.ms, m.node),
          fields: m.fields,
        }));
        const apply = (list: readonly MergeInput[]) =>
          list.reduce<StoredRow | undefined>((row, m) => mergeMutation(row, m).row, undefined);
        const forward = apply(inputs) as StoredRow;
        const backward = apply([...inputs].reverse()) as StoredRow;
        expect(backward).toEqual(forward);
        // Two replicas that each saw part of the mutations merge to the same row.
        const cut = split % (inputs.length + 1);
        const left = apply(inputs.slice(0, cut));
        const right = apply(inputs.slice(cut));
        if (left && right) {
          expect(mergeRows(left, right)).toEqual(forward);
          expect(mergeRows(right, left)).toEqual(forward);
        }
        // Every field is own, with its own stamp: nothing was answered by Object.prototype.
        for (const name of Object.keys(forward.stamps)) {
          expect(Object.hasOwn(forward.fields, name)).toBe(true);
          expect(typeof forward.stamps[name]).toBe('string');
        }
      }),
      { numRuns: 300 },
    );
  });
});
