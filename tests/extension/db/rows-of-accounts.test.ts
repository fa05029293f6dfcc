import 'fake-indexeddb/auto';
import Dexie, { type Table } from 'dexie';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { rowsOfAccounts } from '../../../extension/db/read.ts';

interface Row {
  readonly id: string;
  readonly accountId: string;
}

class AccountRowsDB extends Dexie {
  rows!: Table<Row, string>;
  constructor() {
    super('rows-of-accounts-test');
    this.version(1).stores({ rows: 'id, accountId' });
  }
}

const db = new AccountRowsDB();
afterAll(async () => {
  db.close();
  await db.delete();
});

const byId = (a: Row, b: Row) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe("reading the rows of some accounts (a one-account refresh's reads)", () => {
  it('returns exactly the rows naming one of the accounts, each once, even when an account is asked for twice', async () => {
    const account = fc.constantFrom('a', 'b', 'c', 'd', 'e', '');
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          fc.record({ id: fc.string({ minLength: 1, maxLength: 5 }), accountId: account }),
          {
            selector: (r) => r.id,
            maxLength: 60,
          },
        ),
        fc.array(account, { maxLength: 8 }),
        async (rows, asked) => {
          await db.rows.clear();
          await db.rows.bulkPut(rows);
          const found = await rowsOfAccounts(db.rows, asked);
          const wanted = new Set(asked);
          expect([...found].sort(byId)).toEqual(
            rows.filter((r) => wanted.has(r.accountId)).sort(byId),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
