import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findCandidates,
  GramBuilder,
  type GramHeader,
  memorySource,
} from '../../../extension/search/grams.ts';

/** A book large enough that common grams are stored split by row range. */
function book(accounts: number, perAccount: number) {
  const rows: { kind: 'account' | 'contact'; id: string; texts: string[] }[] = [];
  const id = (n: number) => `01HZ${String(n).padStart(22, '0')}`;
  for (let i = 0; i < accounts; i++)
    rows.push({ kind: 'account', id: id(i), texts: [`company ${i}`, `co${i}.com`] });
  for (let i = 0; i < accounts; i++)
    for (let j = 0; j < perAccount; j++)
      rows.push({
        kind: 'contact',
        id: id(accounts + i * perAccount + j),
        texts: [`person ${j} of ${i}`, `p${j}@co${i}.com`],
      });
  const builder = new GramBuilder();
  for (const r of rows) builder.add(r.kind, r.id, r.texts);
  const { header, records } = builder.finish('B', { accounts: 0, contacts: 0 }, 0);
  return { rows, header: header as GramHeader, read: memorySource(records) };
}

describe('the gram index', () => {
  const big = book(20_000, 3);

  it('finds every row containing a query, up to the cap, on a book with split postings', async () => {
    const cap = 400;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(big.rows.length - 1),
        fc.nat(40),
        fc.integer({ min: 1, max: 8 }),
        async (r, from, length) => {
          const row = big.rows[r] as (typeof big.rows)[number];
          const text = row.texts.join(' ');
          const q = text.slice(from % text.length, (from % text.length) + length).trim();
          if (q.length === 0) return;
          const found = await findCandidates(big.header, big.read, q, cap);
          const keys = [...found.keys()];
          const matches = big.rows
            .map((x, ordinal) => ({ x, ordinal }))
            .filter(({ x }) => x.texts.some((t) => t.includes(q)));
          if (found.size < cap) {
            // Not capped: every match is a candidate.
            for (const { x } of matches) expect(found.has(`${x.kind}:${x.id}`)).toBe(true);
          } else {
            // Capped: candidates are the first rows in order; no match before the last is missed.
            const last = big.rows.findIndex((x) => `${x.kind}:${x.id}` === keys[keys.length - 1]);
            for (const { x, ordinal } of matches)
              if (ordinal <= last) expect(found.has(`${x.kind}:${x.id}`)).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('finds nothing for a query no row contains', async () => {
    expect((await findCandidates(big.header, big.read, 'zz', 400)).size).toBe(0);
    expect((await findCandidates(big.header, big.read, '小', 400)).size).toBe(0);
  });
});
