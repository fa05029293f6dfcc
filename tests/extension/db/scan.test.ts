import 'fake-indexeddb/auto';
import Dexie, { type Table } from 'dexie';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../../../extension/db/scan.ts';

interface Row {
  readonly id: string;
}

class ScanDB extends Dexie {
  rows!: Table<Row, string>;
  constructor() {
    super('scan-test');
    this.version(1).stores({ rows: 'id' });
  }
}

const db = new ScanDB();
afterAll(async () => {
  db.close();
  await db.delete();
});

describe('reading a whole table a chunk at a time', () => {
  it('visits every row once, in key order, whatever the chunk size and the number of rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 120 }),
        fc.integer({ min: 1, max: 40 }),
        async (ids, chunk) => {
          await db.rows.clear();
          await db.rows.bulkPut(ids.map((id) => ({ id })));
          const seen: string[] = [];
          await scan(db.rows, (r) => seen.push(r.id), { chunk });
          expect(seen).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        },
      ),
      { numRuns: 60 },
    );
  });
});
