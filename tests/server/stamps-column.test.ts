/**
 * The stamps column stores fields that share a clock stamp under one key (stampsText), and every
 * reader gets one stamp per field back (stampsOf, through loadedFromColumns). Rows written before
 * the grouping read as they always did.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stampsOf, stampsText } from '../../server/store/push-core.ts';
import { loadedFromColumns } from '../../server/store/rows.ts';
import { formatHlc, TABLE_SCHEMAS } from '../../shared/index.ts';

const NOW = Date.UTC(2026, 11, 4);

/** Field names as the tables' schemas spell them, and a few stamps to share between them. */
const fieldName = fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,15}$/);
const stamp = fc
  .tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'b'))
  .map(([ms, counter, node]) => formatHlc(NOW + ms, counter, node));
const stampsMap = fc.dictionary(fieldName, stamp, { maxKeys: 20 });

describe('the stamps column', () => {
  it('gives back every field with its own stamp, whatever the stamps share', () => {
    fc.assert(
      fc.property(stampsMap, (stamps) => {
        expect(stampsOf(JSON.parse(stampsText(stamps)))).toEqual(stamps);
      }),
      { numRuns: 500 },
    );
  });

  it("is never longer than one key per field, and a new row's stamps take one entry", () => {
    fc.assert(
      fc.property(stampsMap, (stamps) => {
        expect(stampsText(stamps).length).toBeLessThanOrEqual(JSON.stringify(stamps).length);
      }),
    );
    const hlc = formatHlc(NOW, 0, 'k3J9x2mQ7pLr8vT1wY5zA0');
    const note = { kind: hlc, body: hlc, authorId: hlc, at: hlc, createdAt: hlc, accountId: hlc };
    expect(JSON.parse(stampsText(note))).toEqual({
      'kind,body,authorId,at,createdAt,accountId': hlc,
    });
  });

  it('reads a row stored before the grouping, one key per field, as it was written', () => {
    const a = formatHlc(NOW, 0, 'a');
    const b = formatHlc(NOW + 1, 0, 'b');
    const columns = (stamps: string) => ({
      fields: JSON.stringify({ kind: 'call', body: 'Hello', at: NOW }),
      stamps,
      bases: null,
      history: null,
      owner_id: null,
    });
    const plain = { kind: a, body: b, at: a };
    expect(loadedFromColumns('R', columns(JSON.stringify(plain))).row.stamps).toEqual(plain);
    expect(loadedFromColumns('R', columns(stampsText(plain))).row.stamps).toEqual(plain);
    expect(JSON.parse(stampsText(plain))).toEqual({ 'kind,at': a, body: b });
  });

  it('refuses a stored key that would name __proto__, and a field name it could not give back', () => {
    const a = formatHlc(NOW, 0, 'a');
    expect(() => stampsOf({ [`body,__proto__`]: a })).toThrow(/__proto__/);
    expect(() => stampsText({ 'a,b': a })).toThrow(/comma/);
  });

  it('can hold every field of every table: no field name has a comma', () => {
    for (const schema of Object.values(TABLE_SCHEMAS)) {
      for (const name of Object.keys(schema.shape)) expect(name).not.toContain(',');
    }
  });
});
