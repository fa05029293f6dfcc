import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccountLensDB } from '../../extension/db/database.ts';
import { createRow, type WriteContext } from '../../extension/db/write.ts';
import { setLanguage } from '../../extension/i18n/index.ts';
import type { WebmailWatch } from '../../extension/messaging/webmail.ts';
import { writeContext } from '../../extension/ui/identity.ts';
import { storageValues } from '../extension/wxt-imports.ts';

// browser.storage.local as WXT's `#imports` storage reads it in unit tests: in memory.
const store = storageValues;
vi.stubGlobal('browser', {
  runtime: { onConnect: { addListener: () => {} } },
  i18n: { getMessage: () => '', getUILanguage: () => 'en-US' },
});

const identity = await import('../../extension/settings/identity.ts');
const { identityOf, parseAddressList, relationOf, saveMyAddresses, loadIdentity } = identity;
const { dispatch } = await import('../../extension/background/router.ts');
const { registerWebmailHandlers, webmailView } = await import(
  '../../extension/background/webmail-handlers.ts'
);

const REP = 'rep@oursales.example';
const SAM = 'sam.seller@oursales.example';
const JANE = 'jane@acme-robotics.com';

describe('the rep’s own addresses', () => {
  beforeEach(() => store.clear());

  it('accepts addresses one per line or separated by commas, normalised and deduplicated', () => {
    expect(
      parseAddressList(
        ' Rep@OurSales.example\n\nRep Example <rep@oursales.example>；rep@gmail.com, a@bücher.de',
      ),
    ).toEqual({ ok: true, addresses: [REP, 'rep@gmail.com', 'a@xn--bcher-kva.de'] });
    // An empty field clears the setting.
    expect(parseAddressList('  \n ')).toEqual({ ok: true, addresses: [] });
  });

  it('names every invalid address, and saves nothing when there is one', async () => {
    await saveMyAddresses(REP);
    const result = await saveMyAddresses(`${SAM}\nsam@oursales\nnot an address\nx@y@z.com`);
    expect(result).toEqual({
      ok: false,
      invalid: ['sam@oursales', 'not an address', 'x@y@z.com'],
      tooMany: false,
    });
    expect(store.get('local:myAddresses')).toEqual([REP]);
    const many = Array.from({ length: 21 }, (_, i) => `rep${i}@oursales.example`).join('\n');
    expect(await saveMyAddresses(many)).toMatchObject({ ok: false, invalid: [], tooMany: true });
    expect(store.get('local:myAddresses')).toEqual([REP]);
    expect(await saveMyAddresses(`${REP}\n${SAM}`)).toEqual({ ok: true, addresses: [REP, SAM] });
    expect(store.get('local:myAddresses')).toEqual([REP, SAM]);
  });

  it('ignores invalid stored values (an older version, a hand edit)', async () => {
    store.set('local:myAddresses', [REP, 'garbage', 42]);
    expect([...(await loadIdentity()).addresses]).toEqual([]);
    store.set('local:myAddresses', ['Rep@OurSales.example', 'garbage']);
    expect([...(await loadIdentity()).addresses]).toEqual([REP]);
  });

  it('takes the company domains of the addresses as the rep’s company, never a free-mail one', () => {
    const me = identityOf(['rep@eu.oursales.example', 'rep.private@gmail.com']);
    expect([...me.domains]).toEqual(['oursales.example']);
    expect(relationOf(me, 'rep.private@gmail.com')).toBe('me');
    expect(relationOf(me, SAM)).toBe('colleague');
    expect(relationOf(me, 'ops@us.oursales.example')).toBe('colleague');
    // Someone else on the same free-mail provider is nobody's colleague.
    expect(relationOf(me, 'li.wei@gmail.com')).toBe('external');
    expect(relationOf(me, JANE)).toBe('external');
    expect(relationOf(identityOf([]), SAM)).toBe('external');
  });
});

describe('the webmail view knows the rep', () => {
  const db = new AccountLensDB('webmail-identity-test');
  let ctx: WriteContext;
  let acme: string;
  let jane: string;
  const me = identityOf([REP]);

  /** Ask the background as the panel does; throw the reply's error like messaging/client.ts. */
  async function ask<T>(message: Record<string, unknown>): Promise<T> {
    const reply = await dispatch(message, {} as Browser.runtime.MessageSender);
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), { name: reply.error.name });
    return reply.data as T;
  }

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
    store.clear();
    await Promise.all(db.tables.map((t) => t.clear()));
    ctx = await writeContext(db);
    acme = (await createRow(ctx, 'accounts', { name: 'Acme', domains: ['acme-robotics.com'] })).id;
    jane = (
      await createRow(ctx, 'contacts', {
        accountId: acme,
        name: 'Jane Doe',
        emails: [JANE],
        roles: ['decisionMaker'],
      })
    ).id;
  });

  const watch = (
    from: string,
    to: string[],
    extra: Partial<Pick<WebmailWatch, 'signedIn'>> = {},
  ): WebmailWatch => ({
    type: 'watch',
    seq: 1,
    site: 'gmail',
    message: {
      id: 'msg-1',
      sender: { name: '', email: from },
      participants: to.map((email) => ({ name: '', email })),
    },
    compose: null,
    ...extra,
  });

  it('without the rep’s addresses, their own mail offers an account for their own company', async () => {
    const view = await webmailView(db, watch(REP, [SAM, JANE]), undefined);
    expect(view.message?.outgoing).toBe(false);
    expect(view.message?.offer).toMatchObject({
      kind: 'createAccount',
      domain: 'oursales.example',
    });
  });

  it('mail the rep sent shows the first external recipient, their contact and account', async () => {
    const view = await webmailView(db, watch(REP, [SAM, REP, JANE]), undefined, me);
    const m = view.message;
    expect(m?.outgoing).toBe(true);
    expect(m?.sender).toMatchObject({ email: REP, relation: 'me', account: null });
    expect(m?.person).toMatchObject({ email: JANE, contact: { id: jane } });
    expect(m?.account?.account.id).toBe(acme);
    expect(m?.offer).toBeNull();
    // The colleague stays on the list as one; the rep is not listed at all.
    expect(m?.participants.map((p) => [p.email, p.relation])).toEqual([[SAM, 'colleague']]);
  });

  it('offers the recipient of the rep’s mail, not the rep, as a contact or an account', async () => {
    const known = await webmailView(db, watch(REP, ['nora@acme-robotics.com']), undefined, me);
    expect(known.message?.offer).toEqual({
      kind: 'addContact',
      accountId: acme,
      accountName: 'Acme',
    });
    const unknown = await webmailView(
      db,
      watch(REP, [SAM, 'peter@initech.example']),
      undefined,
      me,
    );
    expect(unknown.message?.offer).toEqual({
      kind: 'createAccount',
      domain: 'initech.example',
      name: 'Initech',
    });
    const internal = await webmailView(db, watch(REP, [SAM]), undefined, me);
    expect(internal.message).toMatchObject({ outgoing: true, person: null, offer: null });
    expect(internal.message?.account).toBeNull();
  });

  it('a colleague is shown as one, never offered "Create account"', async () => {
    const internal = await webmailView(db, watch(SAM, [REP]), undefined, me);
    expect(internal.message).toMatchObject({
      outgoing: false,
      person: { email: SAM, relation: 'colleague', account: null, contact: null },
      participants: [],
      offer: null,
      account: null,
    });
    // A colleague copying the rep on customer mail: the customer's account shows.
    const cc = await webmailView(db, watch(SAM, [REP, JANE]), undefined, me);
    expect(cc.message?.offer).toBeNull();
    expect(cc.message?.account?.account.id).toBe(acme);
    expect(cc.message?.participants.map((p) => p.email)).toEqual([JANE]);
  });

  it('ignores the rep’s own addresses among the recipients of a draft', async () => {
    const view = await webmailView(
      db,
      {
        type: 'watch',
        seq: 2,
        site: 'gmail',
        message: null,
        compose: {
          recipients: [
            { name: 'Me', email: REP },
            { name: 'Jane', email: JANE },
          ],
        },
      },
      undefined,
      me,
    );
    expect(view.compose?.recipients.map((p) => p.email)).toEqual([JANE]);
  });

  it('asks about the mailbox’s signed-in address until the rep answers, and stores only a yes', async () => {
    const view = async () =>
      (
        await webmailView(
          db,
          watch(REP, [JANE], { signedIn: 'Rep@OurSales.example' }),
          undefined,
          await loadIdentity(),
        )
      ).message;
    expect((await view())?.askIdentity).toBe(REP);
    expect(store.has('local:myAddresses')).toBe(false);

    await ask({ type: 'webmailIdentity', address: REP, mine: false });
    expect(await view()).toMatchObject({ askIdentity: null, outgoing: false });
    expect(store.get('local:myAddresses')).toBeUndefined();

    await ask({ type: 'webmailIdentity', address: REP, mine: true });
    expect(await view()).toMatchObject({
      askIdentity: null,
      outgoing: true,
      person: { email: JANE },
    });
    expect(store.get('local:myAddresses')).toEqual([REP]);
    expect(store.get('local:declinedAddresses')).toEqual([]);

    await expect(
      ask({ type: 'webmailIdentity', address: 'not@an@address', mine: true }),
    ).rejects.toThrow(/not a valid e-mail address: not@an@address/i);
  });

  it('logs mail the rep sent to the recipient’s account', async () => {
    store.set('local:myAddresses', [REP]);
    const note = await ask<{ id: string }>({
      type: 'logEmail',
      site: 'gmail',
      messageId: '#msg-f:99',
      subject: 'Pilot dates',
      sender: { name: 'Rep', email: REP },
      participants: [
        { name: 'Sam', email: SAM },
        { name: 'Jane', email: JANE },
      ],
    });
    expect(await db.notes.get(note.id)).toMatchObject({ accountId: acme, contactIds: [jane] });
  });
});
