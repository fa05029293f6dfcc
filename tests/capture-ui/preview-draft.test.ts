/**
 * The capture preview's draft logic: who starts ticked when a page is captured again, what
 * the preview shows of someone already saved, and the attitude and the account file's phone
 * and address carried into the save.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  accountPointsOf,
  type CandidateDraft,
  draftOf,
  fileOffers,
  plannedUpdate,
  type RowStatus,
  rowStatus,
  savedContactOf,
  startsSelected,
} from '../../extension/capture/draft.ts';
import { ACCOUNT_ROW, CaptureSaveError, saveCapture } from '../../extension/capture/save.ts';
import type { TargetAccount } from '../../extension/capture/target.ts';
import { AccountLensDB } from '../../extension/db/database.ts';
import { createRow, type WriteContext } from '../../extension/db/write.ts';
import { setLanguage } from '../../extension/i18n/index.ts';
import { writeContext } from '../../extension/ui/identity.ts';
import { classifyCandidate } from '../../shared/capture/index.ts';
import type { ContactCandidate } from '../../shared/capture/types.ts';
import type { Contact } from '../../shared/index.ts';

let db: AccountLensDB;
let ctx: WriteContext;
let n = 0;

beforeEach(async () => {
  setLanguage('en');
  db = new AccountLensDB(`capture-preview-${n++}`);
  await db.open();
  ctx = await writeContext(db);
});

afterEach(async () => {
  db.close();
  await db.delete();
  setLanguage('auto');
});

const PAGE = 'https://www.acme-robotics.com/about/team';
const CAPTURED_AT = Date.UTC(2025, 4, 12, 9, 30);

const person = (
  name: string,
  more: { title?: string; emails?: string[]; phones?: string[] } = {},
): ContactCandidate => ({
  name,
  ...(more.title ? { title: more.title } : {}),
  emails: more.emails ?? [],
  phones: more.phones ?? [],
  fields: { name: { source: 'team-grid', confidence: 0.8, value: name } },
});

const ANN = person('Ann Lee', {
  title: 'VP Operations',
  emails: ['ann.lee@acme-robotics.com'],
  phones: ['+14155550101'],
});
const BO = person('Bo Chen', { title: 'Head of Procurement', phones: ['+14155550102'] });
const CY = person('Cy Park', { title: 'Plant Manager' });
const DEE = person('Dee Ross', { emails: ['dee.ross@acme-robotics.com'] });

async function seedAcme(fields: Record<string, unknown> = {}) {
  const account = await createRow(ctx, 'accounts', {
    name: 'Acme Robotics',
    domains: ['acme-robotics.com'],
    ...fields,
  });
  await db.outbox.clear();
  return account;
}

const existing = (account: { id: string; name: string }): TargetAccount => ({
  kind: 'existing',
  accountId: account.id,
  name: account.name,
  matchedBy: 'acme-robotics.com',
});

/** The preview's statuses for these candidates against the store, as Preview.tsx computes them. */
async function statusesOf(
  accountId: string,
  candidates: readonly ContactCandidate[],
  drafts: readonly CandidateDraft[] = candidates.map(draftOf),
): Promise<{ statuses: RowStatus[]; byId: Map<string, Contact> }> {
  const stored = await db.contacts.where('accountId').equals(accountId).toArray();
  const byId = new Map(stored.map((c) => [c.id, c] as const));
  const statuses = candidates.map((c, i) =>
    rowStatus(classifyCandidate(c, stored, accountId), byId, drafts[i] ?? draftOf(c)),
  );
  return { statuses, byId };
}

describe('who starts ticked when a page is captured again', () => {
  it('ticks only new people; someone saved, found by e-mail or by name in the account, starts unticked even when the page adds to them', async () => {
    const account = await seedAcme();
    // Ann by e-mail (the page adds nothing); Bo and Cy by name (the page adds Bo's title and
    // phone, Cy's title). classifyCandidate does not match on a phone alone: a shared line
    // would make two people one.
    await createRow(ctx, 'contacts', {
      accountId: account.id,
      name: 'Ann Lee',
      title: 'VP Operations',
      emails: ['ann.lee@acme-robotics.com'],
      phones: ['+14155550101'],
      roles: ['decisionMaker', 'approver'],
      attitude: 'supporter',
    });
    await createRow(ctx, 'contacts', {
      accountId: account.id,
      name: 'Bo Chen',
      roles: ['purchaser'],
    });
    await createRow(ctx, 'contacts', { accountId: account.id, name: 'Cy Park' });

    const { statuses, byId } = await statusesOf(account.id, [ANN, BO, CY, DEE]);
    expect(statuses.map((s) => s.kind)).toEqual(['saved', 'update', 'update', 'new']);
    expect(statuses.map(startsSelected)).toEqual([false, false, false, true]);
    // Before the store has answered, rows count as new.
    expect(startsSelected(undefined)).toBe(true);

    // The preview shows the saved roles and attitude of each match, none for the new one.
    const saved = statuses.map((s) => savedContactOf(s, byId));
    expect(saved[0]).toMatchObject({ roles: ['decisionMaker', 'approver'], attitude: 'supporter' });
    expect(saved[1]).toMatchObject({ name: 'Bo Chen', roles: ['purchaser'] });
    expect(saved[2]).toMatchObject({ name: 'Cy Park', roles: [] });
    expect(saved[3]).toBeUndefined();
  });

  it('after a save, the people just saved read "already saved" and start unticked on the next capture', async () => {
    const account = await seedAcme();
    const first = await statusesOf(account.id, [ANN, DEE]);
    expect(first.statuses.map(startsSelected)).toEqual([true, true]);
    await saveCapture(ctx, {
      target: existing(account),
      rows: [
        { key: 'c0', candidate: ANN, draft: { ...draftOf(ANN), roles: ['decisionMaker'] } },
        { key: 'c1', candidate: DEE, draft: draftOf(DEE) },
      ],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    const again = await statusesOf(account.id, [ANN, DEE, CY]);
    expect(again.statuses.map((s) => s.kind)).toEqual(['saved', 'saved', 'new']);
    expect(again.statuses.map(startsSelected)).toEqual([false, false, true]);
    expect(savedContactOf(again.statuses[0], again.byId)?.roles).toEqual(['decisionMaker']);
    // Saved with the untouched rows unticked, nothing is rewritten.
    await db.outbox.clear();
    const result = await saveCapture(ctx, {
      target: existing(account),
      rows: [{ key: 'c2', candidate: CY, draft: draftOf(CY) }],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    expect(result.created).toHaveLength(1);
    expect((await db.outbox.toArray()).map((e) => e.table)).toEqual(['contacts']);
    expect(await db.contacts.count()).toBe(3);
  });
});

describe('the attitude', () => {
  const stored: Contact = {
    id: '01HZX3K7Q8T9V0W1X2Y3Z4A5B7',
    createdAt: 1,
    deleted: false,
    accountId: '01HZX3K7Q8T9V0W1X2Y3Z4A5B6',
    name: 'Ann Lee',
    title: 'VP Operations',
    emails: ['ann.lee@acme-robotics.com'],
    phones: ['+14155550101'],
    roles: [],
    attitude: 'neutral',
  };

  it('picked for someone saved is an update of their attitude; none picked, or the same, keeps theirs', () => {
    expect(plannedUpdate(stored, { ...draftOf(ANN), attitude: 'champion' }, [])).toEqual({
      changes: { attitude: 'champion' },
      changed: ['attitude'],
    });
    expect(plannedUpdate(stored, draftOf(ANN), []).changed).toEqual([]);
    expect(plannedUpdate(stored, { ...draftOf(ANN), attitude: 'neutral' }, []).changed).toEqual([]);
  });

  it('is saved with a new contact, and written over a saved contact’s through the store', async () => {
    const account = await seedAcme();
    const ann = await createRow(ctx, 'contacts', {
      accountId: account.id,
      name: 'Ann Lee',
      emails: ['ann.lee@acme-robotics.com'],
      phones: ['+14155550101'],
      title: 'VP Operations',
      roles: ['decisionMaker'],
      attitude: 'neutral',
    });
    await db.outbox.clear();
    const result = await saveCapture(ctx, {
      target: existing(account),
      rows: [
        { key: 'c0', candidate: ANN, draft: { ...draftOf(ANN), attitude: 'opponent' } },
        { key: 'c1', candidate: DEE, draft: { ...draftOf(DEE), attitude: 'supporter' } },
      ],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    expect(result.updated).toEqual([ann.id]);
    expect(result.created).toHaveLength(1);
    expect(await db.contacts.get(ann.id)).toMatchObject({
      attitude: 'opponent',
      // Roles are added to, never taken away.
      roles: ['decisionMaker'],
    });
    expect(await db.contacts.get(result.created[0] ?? '')).toMatchObject({
      name: 'Dee Ross',
      attitude: 'supporter',
    });
    expect((await db.outbox.toArray()).map((e) => e.table)).toEqual(['contacts', 'contacts']);
  });

  it('not picked, a new contact is saved without one', async () => {
    const account = await seedAcme();
    const result = await saveCapture(ctx, {
      target: existing(account),
      rows: [{ key: 'c0', candidate: DEE, draft: draftOf(DEE) }],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    expect((await db.contacts.get(result.created[0] ?? ''))?.attitude).toBeUndefined();
  });
});

describe('the page’s phone and address for the account file', () => {
  const org = { phone: '+498912345600', address: 'Industriestraße 12, 80339 München, DE' };

  it('are offered ticked where the file is empty, unticked beside what the file holds, and not at all when it says the same', () => {
    expect(fileOffers(org, {})).toEqual([
      { field: 'phone', value: '+498912345600', startsTicked: true },
      { field: 'address', value: 'Industriestraße 12, 80339 München, DE', startsTicked: true },
    ]);
    expect(fileOffers(org, { phone: '+49 89 9999 0000' })).toEqual([
      { field: 'phone', value: '+498912345600', onFile: '+49 89 9999 0000', startsTicked: false },
      { field: 'address', value: 'Industriestraße 12, 80339 München, DE', startsTicked: true },
    ]);
    // The same number written otherwise, the same address spaced otherwise: nothing to offer.
    expect(
      fileOffers(org, {
        phone: '+49 (89) 1234-5600',
        address: 'Industriestraße 12,  80339 München,DE',
      }),
    ).toEqual([]);
    // A page without them offers nothing.
    expect(fileOffers({}, {})).toEqual([]);
  });

  it('leaves the company’s own phone out of the shared lines: it is offered for the file instead', () => {
    const points = accountPointsOf({
      phone: '+498912345600',
      contactPoints: [
        { phone: '+49 89 1234 5600', label: 'Tel', source: 'text' },
        { email: 'info@acme-robotics.com', source: 'mailto' },
        { phone: '+49 89 1234 5699', label: 'Support', source: 'text' },
      ],
    });
    expect(points.map((p) => p.index)).toEqual([1, 2]);
  });

  it('ticked, are saved to an existing account through the store, in one write with the shared lines', async () => {
    const account = await seedAcme({ address: 'Old Street 1, Munich' });
    const result = await saveCapture(ctx, {
      target: existing(account),
      rows: [{ key: 'c0', candidate: DEE, draft: draftOf(DEE) }],
      contactPoints: [{ key: 'p0', email: 'info@acme-robotics.com' }],
      accountFile: { phone: '+498912345600', address: org.address },
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    expect(result.fileUpdated).toEqual(['phone', 'address']);
    expect(await db.accounts.get(account.id)).toMatchObject({
      phone: '+498912345600',
      address: org.address,
      contactPoints: [{ email: 'info@acme-robotics.com' }],
    });
    expect((await db.outbox.toArray()).map((e) => e.table).sort()).toEqual([
      'accounts',
      'contacts',
    ]);

    // Nothing ticked for the file: the account's phone and address stay as they are.
    await db.outbox.clear();
    const again = await saveCapture(ctx, {
      target: existing(account),
      rows: [],
      accountFile: {},
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    expect(again.fileUpdated).toEqual([]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('can be saved without any person', async () => {
    const account = await seedAcme();
    const result = await saveCapture(ctx, {
      target: existing(account),
      rows: [],
      accountFile: { phone: '+498912345600' },
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    expect(result).toMatchObject({ created: [], updated: [], fileUpdated: ['phone'] });
    expect((await db.accounts.get(account.id))?.phone).toBe('+498912345600');
  });

  it('refuses a phone the file cannot hold, naming the account and the field, and writes nothing', async () => {
    const account = await seedAcme();
    const error = await saveCapture(ctx, {
      target: existing(account),
      rows: [{ key: 'c0', candidate: DEE, draft: draftOf(DEE) }],
      accountFile: { phone: '1'.repeat(80) },
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaptureSaveError);
    expect(error).toMatchObject({ rowKey: ACCOUNT_ROW, field: 'phone' });
    expect((error as Error).message).toMatch(/^Acme Robotics: Phone: /);
    expect(await db.contacts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});
