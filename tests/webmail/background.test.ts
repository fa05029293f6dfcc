import 'fake-indexeddb/auto';
import { ulid } from 'ulid';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccountLensDB } from '../../extension/db/database.ts';
import { createRow, type WriteContext } from '../../extension/db/write.ts';
import { setLanguage } from '../../extension/i18n/index.ts';
import type { WebmailWatch } from '../../extension/messaging/webmail.ts';
import { writeContext } from '../../extension/ui/identity.ts';

// The settings modules read browser.storage through WXT's `#imports`, which only the WXT build
// provides: the handlers under test get the defaults (overlay on, language auto, no debug).
vi.mock('#imports', () => ({
  storage: { defineItem: () => ({ getValue: async () => undefined, setValue: async () => {} }) },
}));
vi.stubGlobal('browser', {
  runtime: { onConnect: { addListener: () => {} } },
  // 'auto' language: browser.i18n has no catalog here, so the bundled English one answers.
  i18n: { getMessage: () => '', getUILanguage: () => 'en-US' },
});

const { dispatch } = await import('../../extension/background/router.ts');
const { messageHash, registerWebmailHandlers, webmailView } = await import(
  '../../extension/background/webmail-handlers.ts'
);

const db = new AccountLensDB('webmail-background-test');
let ctx: WriteContext;
const sender = {} as Browser.runtime.MessageSender;

/** Ask the background as the panel does; throw the reply's error like messaging/client.ts. */
async function ask<T>(message: Record<string, unknown>): Promise<T> {
  const reply = await dispatch(message, sender);
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { name: reply.error.name });
  return reply.data as T;
}

let acme: string;
let jane: string;
let li: string;

beforeAll(async () => {
  await db.open();
  registerWebmailHandlers(db);
  setLanguage('en');
});
afterAll(async () => {
  db.close();
  await db.delete();
});
beforeEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()));
  ctx = await writeContext(db);
  acme = (await createRow(ctx, 'accounts', { name: 'Acme', domains: ['acme-robotics.com'] })).id;
  jane = (
    await createRow(ctx, 'contacts', {
      accountId: acme,
      name: 'Jane Doe',
      emails: ['jane@acme-robotics.com'],
      roles: ['evaluator'],
      attitude: 'supporter',
      relationshipStrength: 4,
    })
  ).id;
  li = (
    await createRow(ctx, 'contacts', {
      accountId: acme,
      name: 'Li Wei',
      emails: ['li.wei@gmail.com'],
      roles: ['decisionMaker'],
    })
  ).id;
});

const watch = (senderEmail: string, participants: string[] = []): WebmailWatch => ({
  type: 'watch',
  seq: 1,
  site: 'gmail',
  message: {
    id: 'msg-1',
    sender: { name: 'Someone', email: senderEmail },
    participants: participants.map((email) => ({ name: '', email })),
  },
  compose: null,
});

describe('the webmail view', () => {
  it('shows a known sender as a contact with roles, attitude, strength and last touch, with the account', async () => {
    await createRow(ctx, 'notes', {
      kind: 'call',
      body: 'Spoke about line 4',
      accountId: acme,
      contactIds: [jane],
      authorId: ulid(),
      at: 1_700_000_000_000,
    });
    const view = await webmailView(
      db,
      watch('Jane@Acme-Robotics.com', ['li.wei@gmail.com']),
      undefined,
    );
    const m = view.message;
    expect(m?.sender.contact).toMatchObject({
      id: jane,
      roles: ['evaluator'],
      attitude: 'supporter',
      relationshipStrength: 4,
      lastTouch: { at: 1_700_000_000_000, kind: 'call' },
    });
    expect(m?.account?.account.name).toBe('Acme');
    expect(m?.participants[0]?.contact?.roles).toEqual(['decisionMaker']);
    expect(m?.offer).toBeNull();
  });

  it('matches a free-mail sender only by the exact address of a known contact', async () => {
    const known = await webmailView(db, watch('li.wei@gmail.com'), undefined);
    expect(known.message?.sender).toMatchObject({ freeMail: true, contact: { id: li } });
    const stranger = await webmailView(db, watch('someone@gmail.com'), undefined);
    expect(stranger.message?.sender).toMatchObject({
      freeMail: true,
      account: null,
      contact: null,
    });
    expect(stranger.message?.offer).toBeNull();
  });

  it('offers "Add contact" for a stranger at a known company, "Create account" at an unknown one', async () => {
    const colleague = await webmailView(db, watch('nora@acme-robotics.com'), undefined);
    expect(colleague.message?.offer).toEqual({
      kind: 'addContact',
      accountId: acme,
      accountName: 'Acme',
    });
    const unknown = await webmailView(db, watch('peter@mail.initech.co.uk'), undefined);
    expect(unknown.message?.offer).toEqual({
      kind: 'createAccount',
      domain: 'initech.co.uk',
      name: 'Initech',
    });
  });

  it('shows the compose window’s recipients with their accounts and roles', async () => {
    const view = await webmailView(
      db,
      {
        type: 'watch',
        seq: 2,
        site: 'outlook',
        message: null,
        compose: { recipients: [{ name: 'Li', email: 'li.wei@gmail.com' }] },
      },
      undefined,
    );
    expect(view.message).toBeNull();
    expect(view.compose?.recipients[0]).toMatchObject({
      account: { id: acme, name: 'Acme' },
      contact: { roles: ['decisionMaker'] },
    });
  });
});

describe('an account without value data in the webmail panel', () => {
  const messageFrom = (email: string) => webmailView(db, watch(email), undefined);
  const composeTo = (email: string) =>
    webmailView(
      db,
      {
        type: 'watch',
        seq: 3,
        site: 'gmail',
        message: null,
        compose: { recipients: [{ name: '', email }] },
      },
      undefined,
    );

  it('shows it not yet tiered, with the advice to add revenue or potential as its one next action', async () => {
    const m = (await messageFrom('jane@acme-robotics.com')).message;
    expect(m?.account?.badge).toMatchObject({ name: 'Acme', tier: 'untiered' });
    expect(m?.account?.strategy).toBe('addValueData');
    expect(m?.account?.actions.map((a) => a.rule)).toEqual(['notYetTiered']);
    expect((await composeTo('jane@acme-robotics.com')).compose?.recipients[0]?.account).toEqual({
      id: acme,
      name: 'Acme',
      tier: 'untiered',
    });
  });

  it('shows a manual tier over it, and small for an account with value data not segmented yet', async () => {
    await db.accounts.update(acme, { tierOverride: { tier: 'key', reason: 'Group HQ' } });
    expect((await messageFrom('jane@acme-robotics.com')).message?.account?.badge.tier).toBe('key');
    await db.accounts.update(acme, { tierOverride: undefined, revenue12m: 5_000 });
    const m = (await messageFrom('jane@acme-robotics.com')).message;
    expect(m?.account?.badge.tier).toBe('small');
    expect(m?.account?.actions.map((a) => a.rule)).not.toContain('notYetTiered');
  });
});

describe('logging an e-mail', () => {
  const zone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Asia/Shanghai';
  });
  afterAll(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  const log = (extra: Record<string, unknown> = {}) =>
    ask<{ id: string; messageHash: string; body: string; contactIds: string[] }>({
      type: 'logEmail',
      site: 'gmail',
      messageId: '#msg-f:42',
      subject: 'Line 4 quote',
      sentAt: 1_736_150_000_000,
      sender: { name: 'Jane Doe', email: 'jane@acme-robotics.com' },
      participants: [{ name: 'Li Wei', email: 'li.wei@gmail.com' }],
      ...extra,
    });

  it('writes an e-mail note with subject, date and participants, linked to the people and account', async () => {
    const note = await log();
    const stored = await db.notes.get(note.id);
    expect(stored).toMatchObject({
      kind: 'email',
      subject: 'Line 4 quote',
      accountId: acme,
      at: 1_736_150_000_000,
      messageHash: await messageHash('gmail', '#msg-f:42'),
    });
    expect(stored?.contactIds.sort()).toEqual([jane, li].sort());
    // Teammates in other time zones read it: the time says its zone (the rep's, here UTC+8).
    expect(stored?.body).toBe(
      'From: Jane Doe <jane@acme-robotics.com>\nTo/Cc: Li Wei <li.wei@gmail.com>\nSent: Jan 6, 2025, 03:53 PM GMT+8',
    );
    // It syncs like any other write.
    expect(await db.outbox.where({ table: 'notes', rowId: note.id }).count()).toBe(1);
  });

  it('keeps the body only when the rep ticks it', async () => {
    const note = await log({ body: 'Please find the quote attached.' });
    expect(note.body).toMatch(/\n\nPlease find the quote attached\.$/);
  });

  it('refuses the same message twice, and stores a hash, never the id', async () => {
    await log();
    await expect(log()).rejects.toMatchObject({ name: 'AlreadyLogged' });
    const emails = (await db.notes.toArray()).filter((n) => n.kind === 'email');
    expect(emails).toHaveLength(1);
    expect(JSON.stringify(emails)).not.toContain('#msg-f:42');
    // Another site's message with the same id is another message.
    await expect(log({ site: 'outlook' })).resolves.toBeDefined();
  });

  it('refuses when nobody on the e-mail belongs to an account', async () => {
    await expect(
      log({ sender: { name: '', email: 'x@gmail.com' }, participants: [] }),
    ).rejects.toMatchObject({ name: 'NoAccount' });
  });

  it('rejects oversized input naming the field', async () => {
    const participants = Array.from({ length: 101 }, (_, i) => ({
      name: '',
      email: `p${i}@a.com`,
    }));
    await expect(log({ participants })).rejects.toThrow(/participants/);
  });
});

describe('adding the sender and their company', () => {
  it('prefills the contact from the last signature block and the header', async () => {
    const prefill = await ask<Record<string, unknown>>({
      type: 'webmailPrefill',
      sender: { name: 'Nora P.', email: 'Nora.Palmer@acme-robotics.com' },
      text: 'Hi,\nMarch works.\nBest regards,\nNora Palmer\nProcurement Manager\nAcme Robotics\nTel: +1 415 555 0134',
    });
    expect(prefill).toMatchObject({
      name: 'Nora Palmer',
      title: 'Procurement Manager',
      emails: ['nora.palmer@acme-robotics.com'],
      phones: ['+14155550134'],
    });
    expect(prefill.fromSignature).toEqual(['name', 'title', 'phones']);
  });

  it('adds the contact with only valid roles and notes which fields the signature gave', async () => {
    const contact = await ask<{ id: string }>({
      type: 'webmailAddContact',
      accountId: acme,
      name: 'Nora Palmer',
      title: 'Procurement Manager',
      emails: ['nora.palmer@acme-robotics.com'],
      phones: ['+14155550134'],
      roles: ['evaluator', 'king'],
      fromSignature: ['title'],
    });
    expect(await db.contacts.get(contact.id)).toMatchObject({
      accountId: acme,
      roles: ['evaluator'],
      fieldSources: { title: { source: 'signature' } },
    });
  });

  it('creates an account from a company domain, reuses an existing one, refuses free-mail', async () => {
    const made = await ask<{ accountId: string; existed: boolean }>({
      type: 'webmailCreateAccount',
      name: 'Initech',
      domain: 'initech.example',
    });
    expect(made.existed).toBe(false);
    expect(
      await ask({ type: 'webmailCreateAccount', name: 'Initech again', domain: 'initech.example' }),
    ).toEqual({ accountId: made.accountId, existed: true });
    await expect(
      ask({ type: 'webmailCreateAccount', name: 'Gmail', domain: 'gmail.com' }),
    ).rejects.toThrow(/never match/);
  });
});
