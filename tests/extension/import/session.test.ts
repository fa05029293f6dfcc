import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountLensDB } from '../../../extension/db/database.ts';
import { writeImportRows } from '../../../extension/db/import-batch.ts';
import { createRow, type WriteContext } from '../../../extension/db/write.ts';
import { CHUNK_ROWS, ImportSession } from '../../../extension/import/session.ts';
import { writeContext } from '../../../extension/ui/identity.ts';

let db: AccountLensDB;
let ctx: WriteContext;
let n = 0;

beforeEach(async () => {
  db = new AccountLensDB(`import-session-${n++}`);
  await db.open();
  ctx = await writeContext(db);
});

afterEach(async () => {
  db.close();
  await db.delete();
});

// Files as the wizard hands them to its worker: Blobs, read a piece at a time.
const fixture = (name: string) =>
  new Blob([readFileSync(new URL(`../../import/fixtures/${name}`, import.meta.url))]);
const bytes = (text: string) => new Blob([text]);

async function importText(session: ImportSession, name: string, data: Blob) {
  const opened = await session.open(name, data);
  const preview = await session.preview({
    entity: opened.entity,
    fields: opened.fields,
    currency: 'EUR',
  });
  return { opened, preview };
}

describe('importing a file into the book', () => {
  it('a HubSpot companies export becomes accounts that sync, and importing it again changes nothing', async () => {
    const session = new ImportSession(ctx);
    const { opened, preview } = await importText(
      session,
      'hubspot-companies.csv',
      fixture('hubspot-companies.csv'),
    );
    expect([opened.format, opened.encoding, opened.delimiter, opened.entity]).toEqual([
      'csv',
      'utf-8',
      ',',
      'accounts',
    ]);
    expect(preview.counts.new).toBe(2);
    expect(preview.rejected).toBe(1);
    expect(preview.problems[0]).toMatchObject({ row: 3, code: 'formula' });
    const summary = await session.run(() => {});
    expect(summary).toMatchObject({ written: 2, planned: 2, cancelled: false });
    const names = (await db.accounts.toArray()).map((a) => a.name).sort();
    expect(names).toEqual(['Brandt & Sons, Ltd', 'Nordwerk Logistik SE']);
    expect(await db.outbox.count()).toBe(2);

    const again = await importText(
      new ImportSession(ctx),
      'hubspot-companies.csv',
      fixture('hubspot-companies.csv'),
    );
    expect(again.preview.toWrite).toBe(0);
    expect(again.preview.counts).toMatchObject({ new: 0, update: 0, same: 2 });
  });

  it("a contacts report creates each contact's missing account, so no contact points at nothing", async () => {
    const session = new ImportSession(ctx);
    await importText(session, 'salesforce-contacts.csv', fixture('salesforce-contacts.csv'));
    await session.run(() => {});
    const accounts = new Set((await db.accounts.toArray()).map((a) => a.id));
    const contacts = await db.contacts.toArray();
    expect(contacts.length).toBeGreaterThan(0);
    for (const c of contacts) expect(accounts.has(c.accountId)).toBe(true);
  });

  it('undo deletes the rows an import created and gives updated fields their earlier values, as synced writes', async () => {
    const acme = await createRow(ctx, 'accounts', {
      name: 'Acme',
      domains: ['acme.com'],
      industry: 'Machinery',
    });
    const session = new ImportSession(ctx);
    await importText(
      session,
      'book.csv',
      bytes('Company,Website,Industry\nAcme,acme.com,Robotics\nGlobex,globex.com,Chemicals\n'),
    );
    const summary = await session.run(() => {});
    expect((await db.accounts.get(acme.id))?.industry).toBe('Robotics');
    expect(await db.accounts.count()).toBe(2);
    const before = await db.outbox.count();

    await session.undo(summary.batchId, () => {});

    const left = await db.accounts.toArray();
    expect(left.map((a) => [a.name, a.industry])).toEqual([['Acme', 'Machinery']]);
    const sent = (await db.outbox.toArray()).slice(before);
    expect(sent.map((e) => e.fields)).toEqual(
      expect.arrayContaining([{ deleted: true }, { industry: 'Machinery' }]),
    );
    expect((await db.import_batches.get(summary.batchId))?.state).toBe('undone');
  });

  it('a cancelled import keeps whole rows only: every written contact has its account', async () => {
    const lines = ['Name,Email,Company'];
    for (let i = 0; i < CHUNK_ROWS * 3; i++) lines.push(`P${i},p${i}@co${i}.com,Co ${i}`);
    const session = new ImportSession(ctx);
    await importText(session, 'big.csv', bytes(lines.join('\n')));
    const summary = await session.run((written) => {
      if (written > 0) session.cancel();
    });
    expect(summary.cancelled).toBe(true);
    expect(summary.written).toBe(CHUNK_ROWS);
    expect(await db.contacts.count()).toBe(CHUNK_ROWS);
    expect(await db.accounts.count()).toBe(CHUNK_ROWS);
    expect((await db.import_batches.get(summary.batchId))?.state).toBe('cancelled');
  });

  it('a chunk that fails part-way writes none of its rows, not even the accounts it created', async () => {
    const session = new ImportSession(ctx);
    await importText(session, 'c.csv', bytes('Name,Email,Company\nAnn,ann@a.com,A Co\n'));
    const batchId = 'b1';
    await db.import_batches.add({
      id: batchId,
      fileName: 'c.csv',
      entity: 'contacts',
      startedAt: 0,
      rowsPlanned: 1,
      rowsWritten: 0,
      state: 'running',
    });
    const broken = {
      row: 1,
      decision: 'new' as const,
      label: 'Ann',
      changes: [],
      writes: [
        {
          table: 'accounts' as const,
          id: 'acc',
          kind: 'create' as const,
          fields: { name: 'A Co', createdAt: 1 },
        },
        // No account id: the contact cannot be saved, so neither is its account.
        {
          table: 'contacts' as const,
          id: 'con',
          kind: 'create' as const,
          fields: { name: 'Ann', createdAt: 1 },
        },
      ],
    };
    await expect(writeImportRows(ctx, batchId, [broken])).rejects.toThrow();
    expect(await db.accounts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.import_batches.get(batchId))?.rowsWritten).toBe(0);
  });

  it('remembers the mapping the rep chose for files with the same headers', async () => {
    const csv = bytes('Firma,Kennung,Branche\nAcme,acme.com,Robotics\n');
    const first = new ImportSession(ctx);
    const opened = await first.open('a.csv', csv);
    expect(opened.remembered).toBe(false);
    const fields = opened.headers.map((h) =>
      h === 'Firma' ? 'name' : h === 'Kennung' ? 'website' : 'industry',
    );
    await first.preview({ entity: 'accounts', fields, currency: 'EUR' });
    await first.run(() => {});
    const reopened = await new ImportSession(ctx).open('b.csv', csv);
    expect(reopened.remembered).toBe(true);
    expect(reopened.fields).toEqual(['name', 'website', 'industry']);
  });

  it('lists each rejected row with its cells and every problem, for the download', async () => {
    const session = new ImportSession(ctx);
    await importText(
      session,
      'c.csv',
      bytes('Name,Email,Company\nAnn,not-an-address,A Co\nBob,bob@b.com,B Co\n'),
    );
    expect(session.rejectedRows()).toEqual({
      headers: ['Name', 'Email', 'Company'],
      rows: [
        {
          row: 1,
          cells: ['Ann', 'not-an-address', 'A Co'],
          problems: [expect.objectContaining({ code: 'notAnEmail', column: 'Email' })],
        },
      ],
    });
  });

  it('a vCard file imports its cards as contacts', async () => {
    const session = new ImportSession(ctx);
    const { opened, preview } = await importText(
      session,
      'outlook.vcf',
      fixture('outlook-contact.vcf'),
    );
    expect([opened.format, opened.entity]).toEqual(['vcard', 'contacts']);
    expect(preview.toWrite).toBeGreaterThan(0);
    await session.run(() => {});
    expect(await db.contacts.count()).toBeGreaterThan(0);
  });

  it('an Excel workbook with merged header cells is read from its first sheet, and another sheet on request', async () => {
    const session = new ImportSession(ctx);
    const opened = await session.open('customers.xlsx', fixture('merged-header.xlsx'));
    expect(opened.format).toBe('xlsx');
    expect(opened.sheets?.length).toBe(2);
    expect(opened.entity).toBe('accounts');
    const preview = await session.preview({
      entity: opened.entity,
      fields: opened.fields,
      currency: 'CNY',
    });
    expect(preview.counts.new).toBeGreaterThan(0);
    const other = await session.open(
      'customers.xlsx',
      fixture('merged-header.xlsx'),
      opened.sheets?.[1],
    );
    expect(other.entity).toBe('contacts');
  });

  it('a file that is no table, or 10,000 columns wide, is refused with its reason and writes nothing', async () => {
    const session = new ImportSession(ctx);
    const png = new Uint8Array([
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      ...new Uint8Array(400),
    ]);
    await expect(session.open('logo.png', new Blob([png]))).rejects.toMatchObject({
      name: 'ImportFileError',
      code: 'notText',
    });
    const wide = Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',');
    await expect(session.open('wide.csv', bytes(`${wide}\n${wide}\n`))).rejects.toMatchObject({
      name: 'ImportFileError',
      code: 'tooManyColumns',
    });
    const truncated = fixture('merged-header.xlsx');
    await expect(
      session.open('cut.xlsx', truncated.slice(0, Math.floor(truncated.size / 2))),
    ).rejects.toMatchObject({ name: 'ImportFileError', code: 'damaged' });
    expect(await db.accounts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});
