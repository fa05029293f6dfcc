import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountLensDB } from '../../../extension/db/database.ts';
import { lookupEmails, lookupHostname } from '../../../extension/db/read.ts';
import { createRow, deleteRow, type WriteContext, writeRow } from '../../../extension/db/write.ts';
import { compareHlc } from '../../../shared/index.ts';

let db: AccountLensDB;
let ctx: WriteContext;
let n = 0;
const name = () => `dexie-layer-${process.pid}-${n++}`;

beforeEach(async () => {
  db = new AccountLensDB(name());
  await db.open();
  ctx = { db, clientId: 'browser-a' };
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('writing a row', () => {
  it('stores the row and its outbox entry together', async () => {
    const account = await createRow(ctx, 'accounts', {
      name: '  Acme Robotics ',
      domains: ['WWW.Acme-Robotics.com'],
    });
    const stored = await db.accounts.get(account.id);
    expect(stored?.name).toBe('Acme Robotics');
    expect(stored?.domains).toEqual(['www.acme-robotics.com']);
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ table: 'accounts', rowId: account.id });
    expect(outbox[0]?.fields.name).toBe('Acme Robotics');
  });

  it('refuses a bad field by name and writes nothing at all', async () => {
    const account = await createRow(ctx, 'accounts', { name: 'Acme' });
    await expect(
      writeRow(ctx, 'accounts', account.id, { name: 'Acme', marginPct: 'lots' }),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'fields.marginPct',
    });
    await expect(createRow(ctx, 'contacts', { name: 'No account' })).rejects.toMatchObject({
      name: 'ValidationError',
      field: expect.stringContaining('accountId'),
    });
    expect(await db.outbox.count()).toBe(1);
    expect(await db.contacts.count()).toBe(0);
    expect((await db.accounts.get(account.id))?.marginPct).toBeUndefined();
  });

  it('deletes with a tombstone that syncs like any other change', async () => {
    const account = await createRow(ctx, 'accounts', { name: 'Gone Ltd' });
    await deleteRow(ctx, 'accounts', account.id);
    expect(await db.accounts.get(account.id)).toBeUndefined();
    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((e) => e.fields.deleted === true)).toEqual([false, true]);
    expect(outbox[1]?.rowId).toBe(account.id);
  });

  it('stamps later edits with later clocks, even from another instance of the database', async () => {
    const account = await createRow(ctx, 'accounts', { name: 'Clock Co' });
    await writeRow(ctx, 'accounts', account.id, { industry: 'Clocks' });
    // The popup, side panel and background each open their own connection to the same database.
    const other = new AccountLensDB(db.name);
    try {
      // A wall clock that went backwards must not make an earlier-ordering stamp.
      await writeRow(
        { db: other, clientId: 'browser-a', now: () => 1_000 },
        'accounts',
        account.id,
        { phone: '1' },
      );
    } finally {
      other.close();
    }
    await writeRow(ctx, 'accounts', account.id, { phone: '2' });
    const stamps = (await db.outbox.orderBy('seq').toArray()).map((e) => e.hlc);
    expect(stamps).toHaveLength(4);
    for (let i = 1; i < stamps.length; i++)
      expect(compareHlc(stamps[i - 1] as string, stamps[i] as string)).toBe(-1);
  });
});

describe('finding the account of a page', () => {
  it('matches the company’s domain, www and any subdomain, but not a lookalike or a free-mail site', async () => {
    const acme = await createRow(ctx, 'accounts', { name: 'Acme', domains: ['acme-robotics.com'] });
    await createRow(ctx, 'accounts', { name: 'Gmail user', domains: ['gmail.com'] });
    expect((await lookupHostname(db, 'acme-robotics.com'))?.accountId).toBe(acme.id);
    expect((await lookupHostname(db, 'www.acme-robotics.com'))?.accountId).toBe(acme.id);
    expect((await lookupHostname(db, 'shop.eu.acme-robotics.com'))?.accountId).toBe(acme.id);
    expect(await lookupHostname(db, 'acme-robotics.com.evil.example')).toBeUndefined();
    expect(await lookupHostname(db, 'notacme-robotics.com')).toBeUndefined();
    expect(await lookupHostname(db, 'mail.google.com')).toBeUndefined();
    expect(await lookupHostname(db, 'gmail.com')).toBeUndefined();
  });

  it('prefers the most specific stored domain', async () => {
    await createRow(ctx, 'accounts', { name: 'Parent', domains: ['bigcorp.com'] });
    const division = await createRow(ctx, 'accounts', {
      name: 'Division',
      domains: ['labs.bigcorp.com'],
    });
    expect((await lookupHostname(db, 'www.labs.bigcorp.com'))?.accountId).toBe(division.id);
  });

  it('finds a free-mail sender only by the exact contact address', async () => {
    const acme = await createRow(ctx, 'accounts', { name: 'Acme', domains: ['acme-robotics.com'] });
    const jane = await createRow(ctx, 'contacts', {
      accountId: acme.id,
      name: 'Jane',
      emails: ['jane.doe@gmail.com'],
    });
    const found = await lookupEmails(db, [
      'Jane.Doe@gmail.com',
      'someone@gmail.com',
      'bob@acme-robotics.com',
    ]);
    expect(found.get('jane.doe@gmail.com')).toMatchObject({ contactId: jane.id, via: 'contact' });
    expect(found.has('someone@gmail.com')).toBe(false);
    expect(found.get('bob@acme-robotics.com')).toMatchObject({ accountId: acme.id, via: 'domain' });
  });
});
