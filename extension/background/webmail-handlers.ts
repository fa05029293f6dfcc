import { Dexie } from 'dexie';
// Straight from its module: the capture index would bring the page extractors' parsers along.
import { parseSignature } from '../../shared/capture/signature.ts';
import {
  type AccountInsight,
  BUYING_ROLES,
  type Contact,
  domainKey,
  hostnameCandidates,
  isFreeMailDomain,
  type NoteKind,
  normaliseEmail,
  parseMutationFields,
  shownTier,
  type TierOrUntiered,
  TOUCH_KINDS,
  ValidationError,
} from '../../shared/index.ts';
import type { AccountLensDB, LocalAccount } from '../db/database.ts';
import { getDb } from '../db/database.ts';
import { stripLocal } from '../db/derive.ts';
import { lookupEmails, lookupHostname } from '../db/read.ts';
import { createRow, type WriteContext } from '../db/write.ts';
import { setLanguage, t } from '../i18n/index.ts';
import {
  type ContactPrefill,
  type MailAddressInput,
  type SenderOffer,
  WEBMAIL_PORT,
  type WebmailContact,
  type WebmailPerson,
  type WebmailStartReply,
  type WebmailView,
  WebmailWatch,
} from '../messaging/webmail.ts';
import { loadDebug } from '../settings/debug.ts';
import {
  answerSignedIn,
  declinedAddressesItem,
  type Identity,
  loadIdentity,
  myAddressesItem,
  NO_IDENTITY,
  normaliseMyAddress,
  relationOf,
} from '../settings/identity.ts';
import { loadLanguage } from '../settings/language.ts';
import { siteState } from '../settings/sites.ts';
import { clientIdOf, currentAuthorId } from '../sync/state.ts';
import { dateTimeWithZone } from '../ui/format.ts';
import { nameFromDomain } from '../ui/new-account.ts';
import { accountView } from './page-handlers.ts';
import { handle } from './router.ts';

/**
 * The background half of the webmail panel (extension/webmail/): a live view of the addresses
 * on screen, served on the `webmail-view` port, and the panel's writes (log an e-mail, add the
 * sender as a contact, create their account). Every write goes through db/write.ts, so it is
 * validated, stamped and synced like any other.
 */

/** Addresses looked up per view: a thread with more recipients shows the first ones. */
const MAX_PEOPLE = 60;

/**
 * What is stored for a logged e-mail: a SHA-256 of the site and the message id, never the id
 * itself (a message id can name the mailbox it came from). The same message logged again from
 * another browser of the team hashes the same, so it is refused there too once synced.
 */
export async function messageHash(site: string, messageId: string): Promise<string> {
  const bytes = new TextEncoder().encode(`account-lens/email:${site}:${messageId}`);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function writeContext(db: AccountLensDB): Promise<WriteContext & { authorId: string }> {
  const [clientId, authorId] = await Promise.all([clientIdOf(db), currentAuthorId(db)]);
  return { db, clientId, authorId };
}

/** The tier the rep is shown, as the page badge reads it (page-handlers' badgeOf). */
const tierOf = (
  account: LocalAccount,
  insight: Pick<AccountInsight, 'tier' | 'tierSource' | 'deleted'> | undefined,
): TierOrUntiered => shownTier(account, insight) ?? 'small';

/** The latest touch (visit, call, e-mail, meeting) logged with a contact. */
async function lastTouchOf(
  db: AccountLensDB,
  contactId: string,
): Promise<WebmailContact['lastTouch']> {
  let best: { at: number; kind: NoteKind } | undefined;
  await db.notes
    .where('contactIds')
    .equals(contactId)
    .each((n) => {
      if (n.deleted || !TOUCH_KINDS.has(n.kind)) return;
      if (!best || n.at > best.at) best = { at: n.at, kind: n.kind };
    });
  return best;
}

function contactOf(c: Contact, lastTouch: WebmailContact['lastTouch']): WebmailContact {
  return {
    id: c.id,
    name: c.name,
    ...(c.title ? { title: c.title } : {}),
    roles: c.roles,
    ...(c.attitude ? { attitude: c.attitude } : {}),
    ...(c.relationshipStrength ? { relationshipStrength: c.relationshipStrength } : {}),
    ...(lastTouch ? { lastTouch } : {}),
  };
}

/**
 * Each address as the book knows it: its contact (exact address) or its account (domain). The
 * rep's own addresses and their colleagues' are not looked up: they are nobody's customer.
 */
async function people(
  db: AccountLensDB,
  addresses: readonly MailAddressInput[],
  identity: Identity,
): Promise<Map<string, WebmailPerson>> {
  const wanted: { email: string; name: string; relation: WebmailPerson['relation'] }[] = [];
  const seen = new Set<string>();
  for (const a of addresses) {
    const n = normaliseEmail(a.email);
    if (!n || seen.has(n.address) || wanted.length >= MAX_PEOPLE) continue;
    seen.add(n.address);
    wanted.push({
      email: n.address,
      name: (a.name ?? '').slice(0, 200),
      relation: relationOf(identity, n.address),
    });
  }
  const found = await lookupEmails(
    db,
    wanted.flatMap((w) => (w.relation === 'external' ? [w.email] : [])),
  );
  const contactIds = [...found.values()].flatMap((m) => (m.via === 'contact' ? [m.contactId] : []));
  const accountIds = [...new Set([...found.values()].map((m) => m.accountId))];
  const [contacts, accounts, insights, touches] = await Promise.all([
    db.contacts.bulkGet(contactIds),
    db.accounts.bulkGet(accountIds),
    db.account_insights.bulkGet(accountIds),
    Promise.all(contactIds.map((id) => lastTouchOf(db, id))),
  ]);
  const contactById = new Map<string, WebmailContact>();
  contacts.forEach((c, i) => {
    if (c && !c.deleted) contactById.set(c.id, contactOf(c, touches[i]));
  });
  const accountById = new Map<string, WebmailPerson['account']>();
  accounts.forEach((a, i) => {
    if (a) accountById.set(a.id, { id: a.id, name: a.name, tier: tierOf(a, insights[i]) });
  });
  const out = new Map<string, WebmailPerson>();
  for (const w of wanted) {
    const m = found.get(w.email);
    const domain = w.email.slice(w.email.lastIndexOf('@') + 1);
    out.set(w.email, {
      email: w.email,
      relation: w.relation,
      name: w.name,
      freeMail: isFreeMailDomain(domain),
      account: (m && accountById.get(m.accountId)) ?? null,
      contact: (m?.via === 'contact' && contactById.get(m.contactId)) || null,
    });
  }
  return out;
}

const unknownPerson = (a: MailAddressInput, identity: Identity): WebmailPerson => ({
  email: a.email.toLowerCase(),
  relation: relationOf(identity, a.email.toLowerCase()),
  name: a.name ?? '',
  freeMail: false,
  account: null,
  contact: null,
});

/** What to offer for a person the book does not know as a contact. */
function offerFor(sender: WebmailPerson): SenderOffer | null {
  // The rep's own company is never a prospect: no "Create account" for oursales.com.
  if (sender.contact || sender.relation !== 'external') return null;
  if (sender.account) {
    return { kind: 'addContact', accountId: sender.account.id, accountName: sender.account.name };
  }
  if (sender.freeMail) return null;
  const domain = sender.email.slice(sender.email.lastIndexOf('@') + 1);
  const registrable = hostnameCandidates(domain)?.registrable;
  if (!registrable || !domainKey(registrable)) return null;
  return { kind: 'createAccount', domain: registrable, name: nameFromDomain(registrable) };
}

/**
 * Who a message is about. Mail the rep sent is about its first external recipient (not the
 * rep, not a colleague), so the rep's own Sent folder shows the customer they wrote to.
 */
function focusOf(
  sender: WebmailPerson,
  others: readonly WebmailPerson[],
): { outgoing: boolean; person: WebmailPerson | null } {
  if (sender.relation !== 'me') return { outgoing: false, person: sender };
  return { outgoing: true, person: others.find((p) => p.relation === 'external') ?? null };
}

/** The first account among the people, the focused one first: what a message belongs to. */
const accountOf = (focus: WebmailPerson | null, others: readonly WebmailPerson[]) =>
  focus?.account?.id ?? others.find((p) => p.account)?.account?.id;

/** The panel's whole view of the addresses on screen. */
export async function webmailView(
  db: AccountLensDB,
  watch: WebmailWatch,
  hash: string | undefined,
  identity: Identity = NO_IDENTITY,
): Promise<WebmailView> {
  const { message, compose } = watch;
  const all = [
    ...(message ? [message.sender, ...message.participants] : []),
    ...(compose?.recipients ?? []),
  ];
  const known = await people(db, all, identity);
  const person = (a: MailAddressInput) =>
    known.get(normaliseEmail(a.email)?.address ?? '') ?? unknownPerson(a, identity);
  let messageView: WebmailView['message'] = null;
  if (message) {
    const sender = person(message.sender);
    const others = message.participants.map(person).filter((p) => p.email !== sender.email);
    const { outgoing, person: focus } = focusOf(sender, others);
    const participants = others
      .filter((p) => p !== focus && p.relation !== 'me')
      .slice(0, MAX_PEOPLE);
    const accountId = accountOf(focus, participants);
    const [view, logged] = await Promise.all([
      accountId ? accountView(db, accountId) : null,
      hash ? loggedNote(db, hash) : undefined,
    ]);
    const signedIn = watch.signedIn ? normaliseMyAddress(watch.signedIn) : undefined;
    messageView = {
      sender,
      outgoing,
      person: focus,
      participants,
      account: view,
      offer: focus ? offerFor(focus) : null,
      askIdentity:
        signedIn && !identity.addresses.has(signedIn) && !identity.declined.has(signedIn)
          ? signedIn
          : null,
      logged: logged ? { at: logged.createdAt, noteId: logged.id } : null,
    };
  }
  return {
    type: 'view',
    seq: watch.seq,
    message: messageView,
    compose: compose
      ? {
          // The rep copying themself in is no one to warn about.
          recipients: compose.recipients
            .map(person)
            .filter((p) => p.relation !== 'me')
            .slice(0, MAX_PEOPLE),
        }
      : null,
  };
}

async function loggedNote(db: AccountLensDB, hash: string) {
  return db.notes
    .where('messageHash')
    .equals(hash)
    .filter((n) => !n.deleted)
    .first();
}

/** Tables a webmail view is built from: a change to any of them recomputes open views. */
const VIEW_TABLES = [
  'accounts',
  'contacts',
  'notes',
  'opportunities',
  'tasks',
  'action_decisions',
  'account_insights',
];

/** Coalesce a burst of writes (a sync pull applies thousands) into one recomputation. */
const RECOMPUTE_MS = 25;

/**
 * One live view per tab: the panel posts `watch` with the addresses on screen whenever the
 * rep opens another message or edits recipients, and gets the view again whenever one of the
 * tables it is built from changes (a contact added here, a teammate's note synced, a write
 * from the popup or side panel: Dexie's `storagemutated` covers every context).
 *
 * Not liveQuery: the view reads rows that depend on earlier reads (contacts, then accounts,
 * then a hash lookup), and liveQuery stopped tracking reads made after several awaits, so a
 * logged e-mail did not show as logged. Recomputing on any change of these tables is cheap
 * (indexed reads for a handful of addresses) and cannot miss one.
 */
function servePort(db: AccountLensDB): void {
  const relevant = new RegExp(`^idb://${db.name}/(?:${VIEW_TABLES.join('|')})/`);
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== WEBMAIL_PORT) return;
    let current: { watch: WebmailWatch; hash: string | undefined } | undefined;
    let generation = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const post = (view: WebmailView) => {
      try {
        port.postMessage(view);
      } catch {
        // The tab went away between the change and the post: onDisconnect cleans up.
      }
    };
    let computing = 0;
    // Read once per port, again only when the rep's addresses change.
    let identity: Promise<Identity> | undefined;
    const compute = () => {
      const target = current;
      if (!target || closed) return;
      // Only the latest computation posts: an older one finishing late would be stale.
      const ticket = ++computing;
      identity ??= loadIdentity().catch(() => NO_IDENTITY);
      identity
        .then((known) => webmailView(db, target.watch, target.hash, known))
        .then(
          (view) => {
            if (ticket === computing && !closed) post(view);
          },
          (e: unknown) => console.error('webmail view failed', e),
        );
    };
    const schedule = () => {
      if (timer !== undefined || !current) return;
      timer = setTimeout(() => {
        timer = undefined;
        compute();
      }, RECOMPUTE_MS);
    };
    const onChange = (parts: Record<string, unknown>) => {
      if (Object.keys(parts).some((part) => relevant.test(part))) schedule();
    };
    Dexie.on('storagemutated', onChange);
    // The rep's addresses changed (options page, or "Is this you?" in any tab): mail from them
    // is outgoing now, their colleagues are no prospects.
    const reload = () => {
      identity = undefined;
      schedule();
    };
    const unwatch = [myAddressesItem.watch(reload), declinedAddressesItem.watch(reload)];
    port.onMessage.addListener((raw: unknown) => {
      const parsed = WebmailWatch.safeParse(raw);
      if (!parsed.success) return;
      const watch = parsed.data;
      const mine = ++generation;
      computing++;
      const hashing = watch.message
        ? messageHash(watch.site, watch.message.id)
        : Promise.resolve(undefined);
      void hashing.then((hash) => {
        if (mine !== generation || closed) return;
        current = { watch, hash };
        compute();
      });
    });
    port.onDisconnect.addListener(() => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      Dexie.on.storagemutated.unsubscribe(onChange);
      for (const u of unwatch) u();
    });
  });
}

const FIELD_SOURCES = ['name', 'title', 'emails', 'phones'] as const;

/** The note body of a logged e-mail: who, when, and the body only if the rep asked for it. */
function emailNoteBody(request: {
  sender: MailAddressInput;
  participants: readonly MailAddressInput[];
  sentAt?: number | undefined;
  body?: string | undefined;
}): string {
  const show = (a: MailAddressInput) => (a.name ? `${a.name} <${a.email}>` : a.email);
  const lines = [
    t('webmail.log.from', { who: show(request.sender) }),
    ...(request.participants.length > 0
      ? [t('webmail.log.to', { who: request.participants.map(show).join(', ') })]
      : []),
    ...(request.sentAt !== undefined
      ? [t('webmail.log.date', { date: dateTimeWithZone(request.sentAt) })]
      : []),
  ];
  const body = request.body?.trim();
  return body ? `${lines.join('\n')}\n\n${body}` : lines.join('\n');
}

function refused(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Handlers for the webmail panel. Called once by the background. */
export function registerWebmailHandlers(db: AccountLensDB = getDb()): void {
  handle('webmailStart', async ({ hostname }): Promise<WebmailStartReply> => {
    const [state, language, debug] = await Promise.all([
      siteState(hostname),
      loadLanguage(),
      loadDebug(),
    ]);
    return { enabled: state.globalEnabled && state.siteEnabled, language, debug };
  });

  handle('webmailPrefill', async ({ sender, text }): Promise<ContactPrefill> => {
    const candidate = text.trim() === '' ? undefined : parseSignature(text);
    const email = normaliseEmail(sender.email)?.address ?? sender.email;
    const fromSignature: ContactPrefill['fromSignature'][number][] = [];
    if (candidate?.name) fromSignature.push('name');
    if (candidate?.title) fromSignature.push('title');
    const extraEmails = (candidate?.emails ?? []).filter((e) => e !== email);
    if (extraEmails.length > 0) fromSignature.push('emails');
    if ((candidate?.phones.length ?? 0) > 0) fromSignature.push('phones');
    return {
      name: candidate?.name || sender.name || '',
      title: candidate?.title ?? '',
      emails: [email, ...extraEmails],
      phones: [...(candidate?.phones ?? [])],
      company: candidate?.company ?? '',
      fromSignature,
    };
  });

  handle('webmailAddContact', async (request) => {
    if (!(await db.accounts.get(request.accountId))) {
      throw refused('NotFound', `no account ${request.accountId}`);
    }
    const roles = BUYING_ROLES.filter((r) => request.roles.includes(r));
    const now = Date.now();
    const sources = FIELD_SOURCES.filter((f) => request.fromSignature.includes(f));
    const ctx = await writeContext(db);
    const row = await createRow(ctx, 'contacts', {
      accountId: request.accountId,
      name: request.name,
      ...(request.title?.trim() ? { title: request.title } : {}),
      emails: request.emails.map((e) => e.trim()).filter((e) => e !== ''),
      phones: request.phones.map((p) => p.trim()).filter((p) => p !== ''),
      roles,
      capturedAt: now,
      ...(sources.length > 0
        ? { fieldSources: Object.fromEntries(sources.map((f) => [f, { source: 'signature' }])) }
        : {}),
    });
    return stripLocal(row);
  });

  handle('webmailCreateAccount', async ({ name, domain }) => {
    const fields = parseMutationFields('accounts', { name, domains: [domain] });
    const [stored] = fields.domains as string[];
    if (stored === undefined || domainKey(stored) === undefined) {
      throw new ValidationError(
        `fields.domains[0]: ${t('webmail.account.neverMatches')}`,
        'fields.domains[0]',
      );
    }
    // The rep may click twice, or a teammate's account may have synced meanwhile.
    const existing = await lookupHostname(db, stored);
    if (existing && existing.domain === stored)
      return { accountId: existing.accountId, existed: true };
    const row = await createRow(await writeContext(db), 'accounts', fields);
    return { accountId: row.id, existed: false };
  });

  handle('webmailIdentity', async ({ address, mine }) => {
    setLanguage(await loadLanguage());
    // The open views recompute: they watch the stored addresses.
    return { addresses: await answerSignedIn(address, mine) };
  });

  handle('logEmail', async (request) => {
    setLanguage(await loadLanguage());
    const hash = await messageHash(request.site, request.messageId);
    const identity = await loadIdentity();
    const known = await people(db, [request.sender, ...request.participants], identity);
    const everyone = [...known.values()];
    const sender = known.get(normaliseEmail(request.sender.email)?.address ?? '');
    const others = everyone.filter((p) => p !== sender);
    // Mail the rep sent belongs to the account of the first external recipient, as shown.
    const focus = sender ? focusOf(sender, others).person : null;
    const accountId = accountOf(focus, others);
    if (!accountId) throw refused('NoAccount', t('webmail.log.noAccount'));
    const contactIds = [
      ...new Set(everyone.flatMap((p) => (p.contact ? [p.contact.id] : []))),
    ].slice(0, 50);
    const ctx = await writeContext(db);
    // The check and the write in one transaction: two clicks cannot both pass the check.
    const note = await db.transaction('rw', [db.notes, db.outbox, db.meta], async () => {
      if (await loggedNote(db, hash)) throw refused('AlreadyLogged', t('webmail.log.already'));
      return createRow(ctx, 'notes', {
        kind: 'email',
        subject: request.subject.trim().slice(0, 500) || t('webmail.log.noSubject'),
        body: emailNoteBody(request),
        accountId,
        contactIds,
        visibility: 'team',
        authorId: ctx.authorId,
        at: request.sentAt ?? Date.now(),
        messageHash: hash,
      });
    });
    return stripLocal(note);
  });

  servePort(db);
}
