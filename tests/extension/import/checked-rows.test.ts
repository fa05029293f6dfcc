import 'fake-indexeddb/auto';
import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountLensDB } from '../../../extension/db/database.ts';
import { writeImportRows } from '../../../extension/db/import-batch.ts';
import type { WriteContext } from '../../../extension/db/write.ts';
import { writeContext } from '../../../extension/ui/identity.ts';
import {
  type ExistingBook,
  mapColumns,
  type PlannedRow,
  planImport,
  readRows,
} from '../../../shared/import/index.ts';
import { checkNewRow, parseRow, ValidationError } from '../../../shared/index.ts';

let db: AccountLensDB;
let ctx: WriteContext;
let n = 0;

beforeEach(async () => {
  db = new AccountLensDB(`import-checked-${n++}`);
  await db.open();
  ctx = await writeContext(db);
});

afterEach(async () => {
  db.close();
  await db.delete();
});

const empty = (): ExistingBook => ({ accounts: [], contacts: [], opportunities: [], members: [] });

async function startBatch(id: string): Promise<void> {
  await db.import_batches.add({
    id,
    fileName: 'c.csv',
    entity: 'contacts',
    startedAt: 0,
    rowsPlanned: 1,
    rowsWritten: 0,
    state: 'running',
  });
}

describe('rows an import creates are checked once, by the planner', () => {
  it('the planner checks each row it creates, and the write stores and sends that row as it is', async () => {
    const headers = ['Name', 'Email', 'Company'];
    const read = readRows(
      'contacts',
      mapColumns('contacts', headers),
      [['  Ann Lee ', 'Ann@Acme.COM', 'Acme Robotics']],
      { currency: 'USD' },
    );
    expect(read.problems).toEqual([]);
    const plan = planImport('contacts', read.drafts, empty(), { newId: () => ulid(), now: 1_000 });
    const writes = plan.rows.flatMap((r) => r.writes);
    expect(writes.map((w) => [w.table, w.kind])).toEqual([
      ['accounts', 'create'],
      ['contacts', 'create'],
    ]);
    for (const w of writes) {
      const { id: _id, ...parsed } = parseRow(w.table, w.id, w.fields) as Record<string, unknown>;
      expect(w.checked).toEqual(parsed);
    }

    await startBatch('b1');
    await writeImportRows(ctx, 'b1', plan.rows);
    const contact = writes[1];
    if (contact === undefined) throw new Error('no contact planned');
    const stored = await db.contacts.get(contact.id);
    expect(stored).toEqual({ ...contact.checked, id: contact.id });
    const entries = await db.outbox.orderBy('seq').toArray();
    expect(entries.map((e) => e.fields)).toEqual(writes.map((w) => w.checked));
  });

  it('a row that does not fit is not checked, and its write refuses it by name with nothing of its chunk written', async () => {
    expect(() => checkNewRow('contacts', ulid(), { name: 'Ann', createdAt: 1 })).toThrow(
      ValidationError,
    );
    expect(() => checkNewRow('contacts', ulid(), { name: 'Ann', createdAt: 1 })).toThrow(
      /accountId/,
    );
    const accountId = ulid();
    const broken: PlannedRow = {
      row: 1,
      decision: 'new',
      label: 'Ann',
      changes: [],
      writes: [
        {
          table: 'accounts',
          id: accountId,
          kind: 'create',
          fields: { name: 'A Co', createdAt: 1 },
          checked: checkNewRow('accounts', accountId, { name: 'A Co', createdAt: 1 }),
        },
        // The planner could not check this one (no account id): it carries no checked row.
        { table: 'contacts', id: ulid(), kind: 'create', fields: { name: 'Ann', createdAt: 1 } },
      ],
    };
    await startBatch('b2');
    await expect(writeImportRows(ctx, 'b2', [broken])).rejects.toThrow(/accountId/);
    expect(await db.accounts.count()).toBe(0);
    expect(await db.contacts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.import_batches.get('b2'))?.rowsWritten).toBe(0);
  });
});
