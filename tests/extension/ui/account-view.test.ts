import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountLensDB } from '../../../extension/db/database.ts';
import { createRow, deleteRow, type WriteContext, writeRow } from '../../../extension/db/write.ts';
import { setLanguage } from '../../../extension/i18n/index.ts';
import { loadAccountView } from '../../../extension/ui/account/data.ts';
import { errorText } from '../../../extension/ui/errors.ts';
import { currentAuthorId, writeContext } from '../../../extension/ui/identity.ts';
import { addNote } from '../../../extension/ui/QuickNote.tsx';
import { DEFAULT_SETTINGS, ValidationError } from '../../../shared/index.ts';

let db: AccountLensDB;
let ctx: WriteContext;
let n = 0;

beforeEach(async () => {
  db = new AccountLensDB(`ui-test-${n++}`);
  await db.open();
  ctx = await writeContext(db);
});

afterEach(async () => {
  db.close();
  await db.delete();
  setLanguage('auto');
});

describe('addNote', () => {
  it('writes the note and its outbox entry, authored by this browser until it joins', async () => {
    const account = await createRow(ctx, 'accounts', { name: 'Acme' });
    await addNote(db, { accountId: account.id, kind: 'call', body: 'Called <b>Jane</b>' });
    const [note] = await db.notes.toArray();
    expect(note).toMatchObject({
      accountId: account.id,
      kind: 'call',
      visibility: 'team',
      body: 'Called <b>Jane</b>',
    });
    expect(note?.authorId).toBe(await currentAuthorId(db));
    expect(note?.authorId).toBe(ctx.clientId);
    const outbox = await db.outbox
      .where('[table+rowId]')
      .equals(['notes', note?.id ?? ''])
      .toArray();
    expect(outbox).toHaveLength(1);
  });

  it('uses the member id once joined', async () => {
    const memberId = '01J00000000000000000000000';
    await db.meta.put({ key: 'memberId', value: memberId });
    const account = await createRow(ctx, 'accounts', { name: 'Acme' });
    await addNote(db, { accountId: account.id, kind: 'note', body: 'x' });
    expect((await db.notes.toArray())[0]?.authorId).toBe(memberId);
  });
});

describe('loadAccountView', () => {
  it('gathers one account: notes newest first with their kept revisions, live rows only', async () => {
    const account = await createRow(ctx, 'accounts', { name: 'Acme' });
    const other = await createRow(ctx, 'accounts', { name: 'Other' });
    const author = ctx.clientId;
    const older = await createRow(ctx, 'notes', {
      kind: 'note',
      body: 'first',
      accountId: account.id,
      authorId: author,
      at: 1_000,
    });
    const newer = await createRow(ctx, 'notes', {
      kind: 'visit',
      body: 'second',
      accountId: account.id,
      authorId: author,
      at: 2_000,
    });
    const gone = await createRow(ctx, 'notes', {
      kind: 'note',
      body: 'gone',
      accountId: account.id,
      authorId: author,
      at: 3_000,
    });
    await deleteRow(ctx, 'notes', gone.id);
    await createRow(ctx, 'notes', {
      kind: 'note',
      body: 'elsewhere',
      accountId: other.id,
      authorId: author,
      at: 5_000,
    });
    // Server-authored revisions arrive by sync; put as the sync client stores them.
    await db.note_revisions.bulkPut([
      {
        id: '01J00000000000000000000002',
        createdAt: 2,
        deleted: false,
        noteId: older.id,
        body: 'later lost text',
        hlc: '000000000000002:00000:b',
      },
      {
        id: '01J00000000000000000000001',
        createdAt: 1,
        deleted: false,
        noteId: older.id,
        body: 'lost text',
        hlc: '000000000000001:00000:a',
      },
    ]);
    const jane = await createRow(ctx, 'contacts', { accountId: account.id, name: 'Jane' });
    await createRow(ctx, 'contacts', { accountId: other.id, name: 'Not here' });
    await writeRow(ctx, 'contacts', jane.id, { roles: ['decisionMaker'] });

    const view = await loadAccountView(db, account.id, author);
    expect(view?.notes.map((x) => x.body)).toEqual(['second', 'first']);
    expect(view?.notes[0]?.id).toBe(newer.id);
    expect(view?.revisions.get(older.id)?.map((r) => r.body)).toEqual([
      'lost text',
      'later lost text',
    ]);
    expect(view?.contacts.map((c) => [c.name, c.roles])).toEqual([['Jane', ['decisionMaker']]]);
    expect(view?.settings).toEqual(DEFAULT_SETTINGS);
    expect(await loadAccountView(db, '01J0000000000000000000000Z', author)).toBeNull();
  });
});

describe('errorText', () => {
  it('names the field by its label, in the chosen language', () => {
    const error = new ValidationError('fields.marginPct: must be at most 100', 'fields.marginPct');
    setLanguage('en');
    expect(errorText(error)).toBe('Margin %: must be at most 100');
    setLanguage('zh_CN');
    expect(errorText(error)).toBe('毛利率（%）：must be at most 100');
    setLanguage('en');
    expect(
      errorText(
        new ValidationError(
          'fields.orders[0].amount: must not be negative',
          'fields.orders[0].amount',
        ),
      ),
    ).toBe('Amount: must not be negative');
  });

  it('names a refused shared mailbox or line by the list’s label', async () => {
    const account = await createRow(ctx, 'accounts', { name: 'Acme' });
    const error = await writeRow(ctx, 'accounts', account.id, {
      contactPoints: [{ email: 'info@acme.com' }, { label: 'Reception' }],
    }).catch((e: unknown) => e);
    setLanguage('en');
    expect(errorText(error)).toBe(
      'Shared mailboxes and lines: needs an e-mail address or a phone number',
    );
    setLanguage('zh_CN');
    expect(errorText(error)).toBe('公共邮箱和总机：needs an e-mail address or a phone number');
    expect((await db.accounts.get(account.id))?.contactPoints).toEqual([]);
  });
});
