import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CandidateDraft,
  draftOf,
  EMPTY_DRAFT,
  plannedUpdate,
  rowStatus,
} from '../../extension/capture/draft.ts';
import {
  ACCOUNT_ROW,
  CaptureSaveError,
  type SaveInput,
  saveCapture,
  sourceUrlOf,
} from '../../extension/capture/save.ts';
import { contactsToCompare, resolveTarget } from '../../extension/capture/target.ts';
import { AccountLensDB } from '../../extension/db/database.ts';
import { lookupHostname } from '../../extension/db/read.ts';
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
  // No browser.i18n under node: an explicit language reads the bundled catalogs.
  setLanguage('en');
  db = new AccountLensDB(`capture-save-${n++}`);
  await db.open();
  ctx = await writeContext(db);
});

afterEach(async () => {
  db.close();
  await db.delete();
  setLanguage('auto');
});

const PAGE = 'https://www.acme-robotics.com/about/team#leadership';
const CAPTURED_AT = Date.UTC(2025, 4, 12, 9, 30);

/** A team-grid candidate as the extractors describe one: every field with its element. */
function teamCard(
  i: number,
  person: { name: string; title?: string; emails?: string[]; phones?: string[] },
): ContactCandidate {
  const card = `div.team-card:nth-of-type(${i})`;
  const origin = (element: string) => ({ source: 'team-grid' as const, confidence: 0.8, element });
  const emails = person.emails ?? [];
  const phones = person.phones ?? [];
  return {
    name: person.name,
    ...(person.title ? { title: person.title } : {}),
    emails,
    phones,
    fields: {
      name: { ...origin(`${card} h3`), value: person.name },
      ...(person.title ? { title: { ...origin(`${card} .role`), value: person.title } } : {}),
      ...(emails.length > 0
        ? {
            emails: {
              source: 'mailto' as const,
              confidence: 0.9,
              element: `${card} a[href^="mailto:"]`,
              value: emails,
            },
          }
        : {}),
      ...(phones.length > 0
        ? {
            phones: {
              source: 'tel' as const,
              confidence: 0.9,
              element: `${card} a[href^="tel:"]`,
              value: phones,
            },
          }
        : {}),
    },
  };
}

const ANN = {
  ...teamCard(1, {
    name: 'Ann Lee',
    title: 'VP Operations',
    emails: ['ann.lee@acme-robotics.com'],
    phones: ['+14155550101'],
  }),
  profileUrl: 'https://www.linkedin.com/in/ann-lee-ops',
};
const BO = teamCard(2, {
  name: 'Bo Chen',
  title: 'Head of Procurement',
  emails: ['bo.chen@acme-robotics.com'],
  phones: ['+14155550102'],
});

const newAcme: SaveInput['target'] = {
  kind: 'new',
  name: 'Acme Robotics',
  domains: 'acme-robotics.com',
  phone: '+1 415 555 0100',
  address: '1 Robot Way, San Francisco',
};

const row = (
  key: string,
  candidate: ContactCandidate | undefined,
  draft?: Partial<CandidateDraft>,
) => ({
  key,
  draft: { ...(candidate ? draftOf(candidate) : EMPTY_DRAFT), ...draft },
  ...(candidate ? { candidate } : {}),
});

async function seedAcme(contacts: Record<string, unknown>[] = []) {
  const account = await createRow(ctx, 'accounts', {
    name: 'Acme Robotics',
    domains: ['acme-robotics.com'],
  });
  const stored: Contact[] = [];
  for (const c of contacts)
    stored.push(await createRow(ctx, 'contacts', { accountId: account.id, ...c }));
  await db.outbox.clear();
  return { account, stored };
}

describe('saving a capture to a new account', () => {
  it('creates the account and the picked people, each keeping the page, the time and where every field was found', async () => {
    const result = await saveCapture(ctx, {
      target: newAcme,
      rows: [
        row('c0', ANN, { roles: ['influencer', 'decisionMaker'] }),
        row('c1', BO, { roles: ['purchaser'] }),
      ],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });

    const account = await db.accounts.get(result.accountId);
    expect(account).toMatchObject({
      name: 'Acme Robotics',
      domains: ['acme-robotics.com'],
      phone: '+1 415 555 0100',
      address: '1 Robot Way, San Francisco',
    });
    // The badge finds it on the site it was captured from.
    expect((await lookupHostname(db, 'www.acme-robotics.com'))?.accountId).toBe(result.accountId);

    const contacts = await db.contacts.where('accountId').equals(result.accountId).sortBy('name');
    expect(contacts).toHaveLength(2);
    expect(contacts[0]).toMatchObject({
      name: 'Ann Lee',
      title: 'VP Operations',
      emails: ['ann.lee@acme-robotics.com'],
      phones: ['+14155550101'],
      // Canonical committee order, whatever order the rep ticked them in.
      roles: ['decisionMaker', 'influencer'],
      profileUrl: 'https://www.linkedin.com/in/ann-lee-ops',
      sourceUrl: 'https://www.acme-robotics.com/about/team',
      capturedAt: CAPTURED_AT,
      fieldSources: {
        name: { source: 'team-grid', element: 'div.team-card:nth-of-type(1) h3' },
        title: { source: 'team-grid', element: 'div.team-card:nth-of-type(1) .role' },
        emails: { source: 'mailto', element: 'div.team-card:nth-of-type(1) a[href^="mailto:"]' },
        phones: { source: 'tel', element: 'div.team-card:nth-of-type(1) a[href^="tel:"]' },
      },
    });
    expect(contacts[1]).toMatchObject({ name: 'Bo Chen', roles: ['purchaser'] });
    expect(result).toMatchObject({
      accountName: 'Acme Robotics',
      createdAccount: true,
      updated: [],
      unchanged: 0,
    });
    expect(result.created).toHaveLength(2);

    // Synced like any other write: one outbox entry per row written.
    const outbox = await db.outbox.toArray();
    expect(outbox.map((e) => e.table).sort()).toEqual(['accounts', 'contacts', 'contacts']);
  });

  it('records a field the rep corrected, or typed into a row they added, as typed by hand', async () => {
    const result = await saveCapture(ctx, {
      target: newAcme,
      rows: [
        row('c0', ANN, { title: 'Chief Operating Officer' }),
        row('m0', undefined, { name: '王小明', emails: 'wang.xiaoming@acme-robotics.com' }),
      ],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    const [ann, wang] = await db.contacts.bulkGet([...result.created]);
    expect(ann?.fieldSources).toMatchObject({
      name: { source: 'team-grid' },
      title: { source: 'manual' },
    });
    expect(wang).toMatchObject({
      name: '王小明',
      emails: ['wang.xiaoming@acme-robotics.com'],
      fieldSources: { name: { source: 'manual' }, emails: { source: 'manual' } },
    });
    expect(wang?.fieldSources?.title).toBeUndefined();
  });
});

describe('the honorifics a page wrote with a name', () => {
  it('are saved beside the name, never in it, and fill the gap on a person already on file', async () => {
    const dr = { ...BO, name: 'Bo Chen', honorifics: ['Prof.', 'Dr.'] };
    const result = await saveCapture(ctx, {
      target: newAcme,
      rows: [row('c0', { ...ANN, honorifics: ['Dr.', 'PhD'] }), row('c1', BO)],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    const [ann, bo] = await db.contacts.bulkGet([...result.created]);
    expect(ann).toMatchObject({ name: 'Ann Lee', honorifics: 'Dr. PhD' });
    expect(bo?.honorifics).toBeUndefined();

    const again = await saveCapture(ctx, {
      target: {
        kind: 'existing',
        accountId: result.accountId,
        name: 'Acme Robotics',
        matchedBy: 'acme-robotics.com',
      },
      rows: [row('c1', dr, { title: 'Chief Procurement Officer' })],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    const [updated] = await db.contacts.bulkGet([...again.updated]);
    expect(updated).toMatchObject({ name: 'Bo Chen', honorifics: 'Prof. Dr.' });
  });
});

describe('saving people who are already on file', () => {
  it('merges a new phone and title into the contact with the same e-mail instead of adding them twice', async () => {
    const { account, stored } = await seedAcme([
      {
        name: 'Ann Lee',
        title: 'Director of Operations',
        emails: ['ann.lee@acme-robotics.com'],
        phones: ['+1 415 555 0199'],
        roles: ['evaluator'],
        fieldSources: { name: { source: 'manual' } },
      },
    ]);
    const ann = stored[0] as Contact;
    const result = await saveCapture(ctx, {
      target: {
        kind: 'existing',
        accountId: account.id,
        name: account.name,
        matchedBy: 'acme-robotics.com',
      },
      rows: [row('c0', ANN, { roles: ['decisionMaker'] }), row('c1', BO)],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    expect(result.updated).toEqual([ann.id]);
    expect(result.created).toHaveLength(1);
    expect(await db.contacts.count()).toBe(2);
    expect(await db.contacts.get(ann.id)).toMatchObject({
      name: 'Ann Lee',
      title: 'VP Operations',
      emails: ['ann.lee@acme-robotics.com'],
      // Kept, and the page's number added: an update never takes anything away.
      phones: ['+1 415 555 0199', '+14155550101'],
      roles: ['decisionMaker', 'evaluator'],
      sourceUrl: 'https://www.acme-robotics.com/about/team',
      capturedAt: CAPTURED_AT,
      fieldSources: {
        name: { source: 'manual' },
        title: { source: 'team-grid' },
        phones: { source: 'tel' },
      },
    });
  });

  it('does not add a number already on file in another format', async () => {
    const { account, stored } = await seedAcme([
      {
        name: 'Ann Lee',
        emails: ['ann.lee@acme-robotics.com'],
        phones: ['(415) 555-0101'],
        title: 'VP Operations',
      },
    ]);
    const result = await saveCapture(ctx, {
      target: {
        kind: 'existing',
        accountId: account.id,
        name: account.name,
        matchedBy: 'acme-robotics.com',
      },
      rows: [row('c0', ANN)],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    expect(result).toMatchObject({ created: [], updated: [], unchanged: 1 });
    expect((await db.contacts.get((stored[0] as Contact).id))?.phones).toEqual(['(415) 555-0101']);
  });

  it('skips a person already saved with everything the page shows: nothing is written', async () => {
    const { account } = await seedAcme([
      {
        name: 'Ann Lee',
        title: 'VP Operations',
        emails: ['ann.lee@acme-robotics.com'],
        phones: ['+14155550101'],
      },
    ]);
    const result = await saveCapture(ctx, {
      target: {
        kind: 'existing',
        accountId: account.id,
        name: account.name,
        matchedBy: 'acme-robotics.com',
      },
      rows: [row('c0', ANN)],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    expect(result).toMatchObject({ created: [], updated: [], unchanged: 1 });
    expect(await db.outbox.count()).toBe(0);
  });

  it('finds a person on file by name within the account when the page gives their e-mail for the first time', async () => {
    const { account, stored } = await seedAcme([{ name: '王小明', title: '采购经理' }]);
    const wang = teamCard(3, {
      name: '王小明',
      title: '采购经理',
      emails: ['wang.xiaoming@acme-robotics.com'],
    });
    const result = await saveCapture(ctx, {
      target: {
        kind: 'existing',
        accountId: account.id,
        name: account.name,
        matchedBy: 'acme-robotics.com',
      },
      rows: [row('c0', wang)],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    expect(result.updated).toEqual([(stored[0] as Contact).id]);
    expect(await db.contacts.count()).toBe(1);
    expect((await db.contacts.get((stored[0] as Contact).id))?.emails).toEqual([
      'wang.xiaoming@acme-robotics.com',
    ]);
  });

  it('turns the same person listed twice on one page into one contact', async () => {
    const again = teamCard(7, {
      name: 'Ann Lee',
      title: 'VP Operations',
      emails: ['Ann.Lee@acme-robotics.com'],
      phones: ['+14155550177'],
    });
    const result = await saveCapture(ctx, {
      target: newAcme,
      rows: [row('c0', ANN), row('c1', again)],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    expect(await db.contacts.count()).toBe(1);
    expect(result.created).toHaveLength(1);
    expect((await db.contacts.toArray())[0]?.phones).toEqual(['+14155550101', '+14155550177']);
  });
});

describe('refusing bad input', () => {
  it('names the person and the field of a bad e-mail typed into the preview, and writes nothing at all', async () => {
    const error = await saveCapture(ctx, {
      target: newAcme,
      rows: [row('c0', ANN), row('c1', BO, { emails: 'bo.chen at acme-robotics.com' })],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaptureSaveError);
    expect(error).toMatchObject({ rowKey: 'c1', field: 'emails' });
    expect((error as Error).message).toBe('Bo Chen: E-mails: must be an e-mail address');
    expect(await db.accounts.count()).toBe(0);
    expect(await db.contacts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses a row whose name was cleared, naming it by its place in the list', async () => {
    const error = await saveCapture(ctx, {
      target: newAcme,
      rows: [row('c0', ANN), row('c1', BO, { name: '  ' })],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ rowKey: 'c1', field: 'name' });
    expect((error as Error).message).toBe('contact 2: Name: must not be empty');
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses a new account on a free-mail domain, naming the field, before any contact is written', async () => {
    const error = await saveCapture(ctx, {
      target: { ...newAcme, domains: 'gmail.com' },
      rows: [row('c0', ANN)],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ rowKey: ACCOUNT_ROW, field: 'domains' });
    expect((error as Error).message).toMatch(/^New account: Web domains: is a free-mail/);
    expect(await db.contacts.count()).toBe(0);
  });

  it('rolls the whole save back when the account was deleted meanwhile', async () => {
    const error = await saveCapture(ctx, {
      target: {
        kind: 'existing',
        accountId: '01HZX3K7Q8T9V0W1X2Y3Z4A5B6',
        name: 'Gone',
        matchedBy: 'gone.com',
      },
      rows: [row('c0', ANN)],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ rowKey: ACCOUNT_ROW });
    expect(await db.contacts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('the preview status of a candidate', () => {
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
  };
  const byId = new Map([[stored.id, stored]]);
  const statusOf = (draft: CandidateDraft) =>
    rowStatus(
      classifyCandidate({ ...ANN, name: draft.name.trim() }, [stored], stored.accountId),
      byId,
      draft,
    );

  it('is "already saved" when saving would write nothing, and "update" listing what it adds otherwise', () => {
    expect(statusOf(draftOf(ANN))).toEqual({ kind: 'saved', contactId: stored.id });
    expect(statusOf({ ...draftOf(ANN), phones: '+14155550101, +1 415 555 0142' })).toEqual({
      kind: 'update',
      contactId: stored.id,
      changed: ['phones'],
    });
    expect(statusOf({ ...draftOf(ANN), roles: ['approver'] })).toMatchObject({
      changed: ['roles'],
    });
  });

  it('never plans to remove what is stored', () => {
    const { changes } = plannedUpdate(
      stored,
      { ...EMPTY_DRAFT, name: 'Ann Lee', emails: 'ann@elsewhere.com' },
      ['emails', 'title'],
    );
    expect(changes).toEqual({ emails: ['ann.lee@acme-robotics.com', 'ann@elsewhere.com'] });
  });
});

describe('the account a capture joins', () => {
  const organization = {
    name: 'Acme Robotics, Inc.',
    domains: ['acme-robotics.com', 'gmail.com'],
    phone: '+1 415 555 0100',
    contactPoints: [],
    fields: {},
  };

  it('is the stored account of the page’s site, found from a subdomain', async () => {
    const { account } = await seedAcme();
    const target = await resolveTarget(db, {
      url: 'https://careers.acme-robotics.com/team',
      organization,
      emails: [],
    });
    expect(target).toMatchObject({
      kind: 'existing',
      accountId: account.id,
      matchedBy: 'acme-robotics.com',
    });
  });

  it('is a new account prefilled from the page when none matches, without free-mail domains', async () => {
    const target = await resolveTarget(db, { url: PAGE, organization, emails: [] });
    expect(target).toEqual({
      kind: 'new',
      name: 'Acme Robotics, Inc.',
      domains: 'acme-robotics.com',
      phone: '+1 415 555 0100',
      address: '',
    });
  });

  it('for a signature selected in webmail, is the account of the stored contact with that address', async () => {
    const { account } = await seedAcme([
      { name: 'Ann Lee', emails: ['ann.lee@acme-robotics.com'] },
    ]);
    const target = await resolveTarget(db, {
      url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgz',
      organization: { domains: [], contactPoints: [], fields: {} },
      emails: ['ann.lee@acme-robotics.com'],
    });
    expect(target).toMatchObject({
      kind: 'existing',
      accountId: account.id,
      matchedBy: 'ann.lee@acme-robotics.com',
    });
  });

  it('compares candidates with everyone in the account and anyone with one of their addresses', async () => {
    const { account } = await seedAcme([{ name: 'Ann Lee' }]);
    const other = await createRow(ctx, 'accounts', { name: 'Other', domains: ['other.com'] });
    await createRow(ctx, 'contacts', {
      accountId: other.id,
      name: 'Bo',
      emails: ['bo.chen@acme-robotics.com'],
    });
    await createRow(ctx, 'contacts', { accountId: other.id, name: 'Someone else' });
    const found = await contactsToCompare(db, account.id, ['bo.chen@acme-robotics.com']);
    expect(found.map((c) => c.name).sort()).toEqual(['Ann Lee', 'Bo']);
  });
});

describe('the source address kept on a contact', () => {
  it('drops the fragment and keeps only web pages', () => {
    expect(sourceUrlOf(PAGE)).toBe('https://www.acme-robotics.com/about/team');
    expect(sourceUrlOf('chrome://newtab/')).toBeUndefined();
    expect(sourceUrlOf(`https://acme.com/?q=${'x'.repeat(3_000)}`)).toBe('https://acme.com/');
  });
});

describe('shared mailboxes and lines', () => {
  const INFO = { key: 'p0', email: 'info@acme-robotics.com', label: 'General enquiries' };
  const SALES = { key: 'p1', email: 'Sales@Acme-Robotics.com', label: 'sales' };
  const SWITCHBOARD = { key: 'p2', phone: '+49 89 1234 5600', label: 'Switchboard' };

  it('are stored on a new account, e-mails lowercased, each once', async () => {
    const result = await saveCapture(ctx, {
      target: newAcme,
      rows: [row('c0', ANN)],
      contactPoints: [INFO, SALES, SWITCHBOARD, { key: 'p3', email: 'INFO@acme-robotics.com' }],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    expect(result.pointsAdded).toBe(3);
    expect((await db.accounts.get(result.accountId))?.contactPoints).toEqual([
      { email: 'info@acme-robotics.com', label: 'General enquiries' },
      { email: 'sales@acme-robotics.com', label: 'sales' },
      { phone: '+49 89 1234 5600', label: 'Switchboard' },
    ]);
    // Part of the account's own write: one outbox entry for the account, one per contact.
    const outbox = await db.outbox.toArray();
    expect(outbox.map((e) => e.table).sort()).toEqual(['accounts', 'contacts']);
    expect(outbox.find((e) => e.table === 'accounts')?.fields.contactPoints).toHaveLength(3);
  });

  it('are added to an existing account only where it lacks them: same e-mail in any case, or same line', async () => {
    const { account } = await seedAcme();
    // As a row may hold it (written before e-mails were normalised): mixed case.
    await db.accounts.update(account.id, {
      contactPoints: [
        { email: 'Info@acme-robotics.com' },
        { phone: '+49 (89) 1234-5600', label: 'Zentrale' },
      ],
    });
    const result = await saveCapture(ctx, {
      target: {
        kind: 'existing',
        accountId: account.id,
        name: account.name,
        matchedBy: 'acme-robotics.com',
      },
      rows: [row('c0', ANN)],
      contactPoints: [INFO, SWITCHBOARD, SALES],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    expect(result.pointsAdded).toBe(1);
    // Kept (never removed or duplicated; the store writes e-mails lowercased), the new one
    // added after them.
    expect((await db.accounts.get(account.id))?.contactPoints).toEqual([
      { email: 'info@acme-robotics.com' },
      { phone: '+49 (89) 1234-5600', label: 'Zentrale' },
      { email: 'sales@acme-robotics.com', label: 'sales' },
    ]);
    const accountWrites = (await db.outbox.toArray()).filter((e) => e.table === 'accounts');
    expect(accountWrites).toHaveLength(1);

    // Saved again: nothing new, nothing written to the account.
    await db.outbox.clear();
    const again = await saveCapture(ctx, {
      target: {
        kind: 'existing',
        accountId: account.id,
        name: account.name,
        matchedBy: 'acme-robotics.com',
      },
      rows: [],
      contactPoints: [INFO, SWITCHBOARD, SALES],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    expect(again.pointsAdded).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.accounts.get(account.id))?.contactPoints).toHaveLength(3);
  });

  it('can be saved without any person', async () => {
    const { account } = await seedAcme();
    const result = await saveCapture(ctx, {
      target: {
        kind: 'existing',
        accountId: account.id,
        name: account.name,
        matchedBy: 'acme-robotics.com',
      },
      rows: [],
      contactPoints: [SWITCHBOARD],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    expect(result).toMatchObject({ created: [], updated: [], pointsAdded: 1 });
    expect((await db.accounts.get(account.id))?.contactPoints).toEqual([
      { phone: '+49 89 1234 5600', label: 'Switchboard' },
    ]);
  });

  it('left unticked in the preview are not stored', async () => {
    // The preview passes the ticked ones only: here the rep unticked the sales mailbox.
    const result = await saveCapture(ctx, {
      target: newAcme,
      rows: [row('c0', ANN)],
      contactPoints: [INFO, SWITCHBOARD],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    const stored = (await db.accounts.get(result.accountId))?.contactPoints ?? [];
    expect(stored.map((p) => p.email ?? p.phone)).toEqual([
      'info@acme-robotics.com',
      '+49 89 1234 5600',
    ]);
    // And none ticked: the account has none.
    const none = await saveCapture(ctx, {
      target: { ...newAcme, name: 'Acme Robotics Asia', domains: 'acme-robotics.asia' },
      rows: [row('c0', BO)],
      contactPoints: [],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    expect(none.pointsAdded).toBe(0);
    expect((await db.accounts.get(none.accountId))?.contactPoints).toEqual([]);
  });

  it('refuses a broken e-mail naming the point and the field, and writes nothing at all', async () => {
    const error = await saveCapture(ctx, {
      target: newAcme,
      rows: [row('c0', ANN)],
      contactPoints: [SWITCHBOARD, { ...INFO, key: 'p1', email: 'info(at)acme-robotics.com' }],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaptureSaveError);
    expect(error).toMatchObject({ rowKey: 'p1', field: 'email' });
    expect((error as Error).message).toBe(
      'General enquiries · info(at)acme-robotics.com: E-mail: must be an e-mail address',
    );
    expect(await db.accounts.count()).toBe(0);
    expect(await db.contacts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses one with neither an e-mail nor a phone, in the rep’s language', async () => {
    const { account } = await seedAcme();
    setLanguage('zh_CN');
    const error = await saveCapture(ctx, {
      target: {
        kind: 'existing',
        accountId: account.id,
        name: account.name,
        matchedBy: 'acme-robotics.com',
      },
      rows: [row('c0', ANN)],
      contactPoints: [{ key: 'p0', email: '  ', label: '客服' }],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ rowKey: 'p0', field: 'contactPoints' });
    expect((error as Error).message).toBe('客服：needs an e-mail address or a phone number');
    expect(await db.contacts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('never grow an account past 50', async () => {
    const { account } = await seedAcme();
    const many = Array.from({ length: 48 }, (_, i) => ({ email: `desk${i}@acme-robotics.com` }));
    await db.accounts.update(account.id, { contactPoints: many });
    const result = await saveCapture(ctx, {
      target: {
        kind: 'existing',
        accountId: account.id,
        name: account.name,
        matchedBy: 'acme-robotics.com',
      },
      rows: [],
      contactPoints: [INFO, SALES, SWITCHBOARD],
      sourceUrl: PAGE,
      capturedAt: CAPTURED_AT,
    });
    expect(result.pointsAdded).toBe(2);
    expect((await db.accounts.get(account.id))?.contactPoints).toHaveLength(50);
  });
});
