import { classifyCandidate, samePhone } from '../../shared/capture/index.ts';
import type { ContactCandidate } from '../../shared/capture/types.ts';
import {
  BUYING_ROLES,
  type Contact,
  type ContactPoint,
  parseMutationFields,
  parseRow,
  ValidationError,
} from '../../shared/index.ts';
import { createRow, type WriteContext, writeRow } from '../db/write.ts';
import { t } from '../i18n/index.ts';
import { errorText } from '../ui/errors.ts';
import {
  ACCOUNT_FILE_OFFERS,
  type AccountFileOffer,
  type CandidateDraft,
  candidateOf,
  type DraftField,
  emailsOf,
  fieldSourcesOf,
  phonesOf,
  plannedUpdate,
  rowStatus,
} from './draft.ts';
import { accountDomain, contactsToCompare, type TargetAccount } from './target.ts';

/** One ticked row of the preview. `candidate` is absent for a contact the rep added by hand. */
export interface SaveRow {
  readonly key: string;
  readonly draft: CandidateDraft;
  readonly candidate?: ContactCandidate;
}

/** A shared mailbox or line (info@, 客服, the switchboard) the rep left ticked in the preview. */
export interface SavePoint {
  readonly key: string;
  readonly email?: string;
  readonly phone?: string;
  readonly label?: string;
}

export interface SaveInput {
  readonly target: TargetAccount;
  readonly rows: readonly SaveRow[];
  /** Saved to the account (not as people): added where the account does not have them yet. */
  readonly contactPoints?: readonly SavePoint[];
  /**
   * The page's phone and address the rep left ticked for an existing account's file: written
   * over what the file holds (the preview offers a value on file unticked). A new account
   * takes them from `target`.
   */
  readonly accountFile?: Partial<Record<AccountFileOffer, string>>;
  /** The page the contacts were captured on. */
  readonly sourceUrl: string;
  readonly capturedAt: number;
}

export interface SaveResult {
  readonly accountId: string;
  readonly accountName: string;
  readonly createdAccount: boolean;
  /** Contact ids, in the order of the rows. */
  readonly created: readonly string[];
  readonly updated: readonly string[];
  /** Rows whose stored contact already had everything: nothing written. */
  readonly unchanged: number;
  /** Shared mailboxes and lines the account did not have yet, now stored on it. */
  readonly pointsAdded: number;
  /** The account file fields this save wrote on an existing account (phone, address). */
  readonly fileUpdated: readonly AccountFileOffer[];
}

/** The row key of the account section, for an error in the new account's fields. */
export const ACCOUNT_ROW = 'account';

/**
 * A save refused before anything was written: which row (or the account), which field, and
 * the message in the rep's language ("Jane Doe: E-mails: must be an e-mail address").
 */
export class CaptureSaveError extends Error {
  override readonly name = 'CaptureSaveError';
  constructor(
    message: string,
    readonly rowKey: string,
    readonly field: string | undefined,
  ) {
    super(message);
  }
}

const MAX_SOURCE_URL = 2_000;

/**
 * The page's address as stored on the contact: without its fragment and, when too long for
 * the schema, without its query. Not a web URL (a file, a data: page): not stored.
 */
export function sourceUrlOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  parsed.hash = '';
  if (parsed.href.length > MAX_SOURCE_URL) parsed.search = '';
  return parsed.href.length > MAX_SOURCE_URL ? undefined : parsed.href;
}

const listFields = (draft: CandidateDraft) => ({
  emails: emailsOf(draft),
  phones: phonesOf(draft),
});

/** The last part of a ValidationError's path without its index: `fields.emails[1]` → `emails`. */
const fieldName = (e: ValidationError): string | undefined =>
  e.field
    ?.split('.')
    .pop()
    ?.replace(/\[\d+\]$/, '');

/** Fields the preview has inputs for, labelled as the preview labels them. */
const LABELLED = new Set([
  'name',
  'title',
  'emails',
  'phones',
  'roles',
  'domains',
  'phone',
  'address',
]);

function rowError(error: unknown, rowKey: string, label: string): never {
  if (error instanceof CaptureSaveError) throw error;
  const field = error instanceof ValidationError ? fieldName(error) : undefined;
  let message = errorText(error);
  if (error instanceof ValidationError && field !== undefined && LABELLED.has(field)) {
    const text = error.message.includes(': ')
      ? error.message.slice(error.message.indexOf(': ') + 2)
      : error.message;
    message = t('ui.error.field', { field: t(`capture.field.${field}`), message: text });
  }
  throw new CaptureSaveError(t('capture.error.row', { name: label, message }), rowKey, field);
}

const rowLabel = (row: SaveRow, index: number): string =>
  row.draft.name.trim() || t('capture.row.unnamed', { n: index + 1 });

/** How a contact point reads in the preview and in messages: "Sales · sales@acme.com". */
export const contactPointText = (p: {
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
  readonly label?: string | undefined;
}): string =>
  [p.label, p.email, p.phone]
    .map((v) => v?.trim() ?? '')
    .filter((v) => v !== '')
    .join(' · ');

const POINT_FIELDS: ReadonlySet<string> = new Set(['email', 'phone', 'label']);

/**
 * The ticked contact points, validated as the account's `contactPoints` will be (e-mails
 * lowercased). Blank parts are left out; a bad one is refused naming the point and its field.
 */
function parseContactPoints(points: readonly SavePoint[]): ContactPoint[] {
  const present = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);
  const cleaned = points.map((p) => {
    const email = present(p.email);
    const phone = present(p.phone);
    const label = present(p.label);
    return {
      ...(email === undefined ? {} : { email }),
      ...(phone === undefined ? {} : { phone }),
      ...(label === undefined ? {} : { label }),
    };
  });
  try {
    return parseMutationFields('accounts', { contactPoints: cleaned })
      .contactPoints as ContactPoint[];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const index = Number(/contactPoints\[(\d+)\]/.exec(e.field ?? '')?.[1] ?? Number.NaN);
    const point = points[index];
    if (!point) throw e;
    const field = fieldName(e);
    const text = e.message.includes(': ')
      ? e.message.slice(e.message.indexOf(': ') + 2)
      : e.message;
    const message =
      field !== undefined && POINT_FIELDS.has(field)
        ? t('ui.error.field', { field: t(`capture.field.${field}`), message: text })
        : text;
    const name = contactPointText(point) || t('capture.field.contactPoints');
    throw new CaptureSaveError(t('capture.error.row', { name, message }), point.key, field);
  }
}

/** Same point: the same e-mail (any case) or the same line (its digits). */
export function sameContactPoint(a: ContactPoint, b: ContactPoint): boolean {
  if (a.email !== undefined && b.email !== undefined) {
    if (a.email.toLowerCase() === b.email.toLowerCase()) return true;
  }
  if (a.phone !== undefined && b.phone !== undefined) {
    const digits = (p: string) => p.replace(/\D/g, '');
    if (digits(a.phone) === '' || digits(b.phone) === '') return a.phone.trim() === b.phone.trim();
    return samePhone(a.phone, b.phone);
  }
  return false;
}

const MAX_CONTACT_POINTS = 50;

/**
 * The points of `found` that `stored` (or an earlier one of `found`) does not have, in order;
 * never more than the account has room for. What is stored is never removed or changed.
 */
export function newContactPoints(
  stored: readonly ContactPoint[],
  found: readonly ContactPoint[],
): ContactPoint[] {
  const added: ContactPoint[] = [];
  for (const point of found) {
    if (stored.length + added.length >= MAX_CONTACT_POINTS) break;
    if ([...stored, ...added].some((p) => sameContactPoint(p, point))) continue;
    added.push(point);
  }
  return added;
}

/**
 * The ticked phone and address for an existing account's file, validated as the account's
 * fields (blank ones left out).
 */
function accountFileFields(
  file: Partial<Record<AccountFileOffer, string>>,
): Partial<Record<AccountFileOffer, string>> {
  const present: Partial<Record<AccountFileOffer, string>> = {};
  for (const field of ACCOUNT_FILE_OFFERS) {
    const value = file[field]?.trim();
    if (value) present[field] = value;
  }
  if (Object.keys(present).length === 0) return present;
  const parsed = parseMutationFields('accounts', present);
  const out: Partial<Record<AccountFileOffer, string>> = {};
  for (const field of ACCOUNT_FILE_OFFERS) {
    const value = parsed[field];
    if (typeof value === 'string') out[field] = value;
  }
  return out;
}

/** The new account's fields, validated as the store will (and refusing never-matching domains). */
function newAccountFields(
  target: Extract<TargetAccount, { kind: 'new' }>,
  contactPoints: readonly ContactPoint[],
): Record<string, unknown> {
  const domains = target.domains
    .split(/[\s,;，；]+/)
    .map((d) => d.trim())
    .filter((d) => d !== '');
  const fields = parseMutationFields('accounts', {
    name: target.name,
    domains,
    contactPoints,
    ...(target.phone.trim() === '' ? {} : { phone: target.phone }),
    ...(target.address.trim() === '' ? {} : { address: target.address }),
  });
  (fields.domains as string[]).forEach((domain, i) => {
    if (!accountDomain(domain)) {
      throw new ValidationError(
        `fields.domains[${i}]: ${t('popup.add.neverMatches')}`,
        `fields.domains[${i}]`,
      );
    }
  });
  return fields;
}

/**
 * Save the ticked rows of a capture: the account first when it is new, then one contact per
 * row, through the normal store (validated, clock-stamped, each with its outbox entry), all in
 * one transaction. Every row is validated before anything is written, and any failure rolls
 * the whole save back: a capture is saved completely or not at all.
 *
 * The ticked shared mailboxes and lines go to the account: a new account is created with them;
 * an existing one gets those it does not have yet (same e-mail, any case, or same line), in
 * the same transaction and through the same store, so they sync like the contacts.
 *
 * Each row is classified again against the store inside the transaction, so a contact that
 * arrived by sync since the preview opened, or an earlier row of the same save, is updated
 * (its e-mails and phones merged) instead of duplicated; a row that would change nothing is
 * skipped.
 */
export async function saveCapture(ctx: WriteContext, input: SaveInput): Promise<SaveResult> {
  const { db } = ctx;
  const points = parseContactPoints(input.contactPoints ?? []);
  let accountFields: Record<string, unknown> | undefined;
  let fileFields: Partial<Record<AccountFileOffer, string>> = {};
  if (input.target.kind === 'existing') {
    try {
      fileFields = accountFileFields(input.accountFile ?? {});
    } catch (e) {
      rowError(e, ACCOUNT_ROW, input.target.name);
    }
  }
  if (input.target.kind === 'new') {
    try {
      accountFields = newAccountFields(input.target, newContactPoints([], points));
    } catch (e) {
      rowError(e, ACCOUNT_ROW, t('capture.account.new'));
    }
  }
  const sourceUrl = sourceUrlOf(input.sourceUrl);
  const provenance = {
    ...(sourceUrl === undefined ? {} : { sourceUrl }),
    capturedAt: input.capturedAt,
  };
  // Validate every row as a new contact up front, so the rep hears about a bad field at once
  // and before any write (the store validates again on write).
  const checkAccount = '00000000000000000000000000';
  input.rows.forEach((row, i) => {
    try {
      const fields = parseMutationFields(
        'contacts',
        newContactFields(checkAccount, row, provenance),
      );
      parseRow('contacts', checkAccount, { createdAt: input.capturedAt, ...fields });
    } catch (e) {
      rowError(e, row.key, rowLabel(row, i));
    }
  });

  return db.transaction('rw', [db.accounts, db.contacts, db.outbox, db.meta], async () => {
    let accountId: string;
    let accountName: string;
    let pointsAdded: number;
    let fileUpdated: AccountFileOffer[] = [];
    if (input.target.kind === 'existing') {
      const account = await db.accounts.get(input.target.accountId);
      if (!account) {
        throw new CaptureSaveError(t('capture.error.accountGone'), ACCOUNT_ROW, undefined);
      }
      accountId = account.id;
      accountName = account.name;
      // A row stored before the account had contact points lacks the list.
      const stored = account.contactPoints ?? [];
      const added = newContactPoints(stored, points);
      const file = Object.fromEntries(
        Object.entries(fileFields).filter(
          ([field, value]) => account[field as AccountFileOffer] !== value,
        ),
      );
      if (added.length > 0 || Object.keys(file).length > 0) {
        await writeRow(ctx, 'accounts', account.id, {
          ...file,
          ...(added.length > 0 ? { contactPoints: [...stored, ...added] } : {}),
        });
      }
      pointsAdded = added.length;
      fileUpdated = ACCOUNT_FILE_OFFERS.filter((f) => f in file);
    } else {
      const account = await createRow(ctx, 'accounts', accountFields ?? {});
      accountId = account.id;
      accountName = account.name;
      pointsAdded = account.contactPoints.length;
    }
    const allEmails = input.rows.flatMap((r) => emailsOf(r.draft));
    const stored = new Map(
      (await contactsToCompare(db, accountId, allEmails)).map((c) => [c.id, c] as const),
    );
    const created: string[] = [];
    const updated: string[] = [];
    let unchanged = 0;
    for (const [i, row] of input.rows.entries()) {
      try {
        const candidate = candidateOf(row.draft, row.candidate);
        const classified = classifyCandidate(candidate, [...stored.values()], accountId);
        const status = rowStatus(classified, stored, row.draft);
        if (status.kind === 'saved') {
          unchanged++;
          continue;
        }
        let written: Contact;
        if (status.kind === 'new') {
          written = await createRow(ctx, 'contacts', newContactFields(accountId, row, provenance));
          created.push(written.id);
        } else {
          const existing = stored.get(status.contactId) as Contact;
          written = await writeRow(ctx, 'contacts', existing.id, {
            ...plannedUpdate(
              existing,
              row.draft,
              classified.kind === 'update' ? classified.changed : [],
            ).changes,
            ...provenance,
            // A profile link found now fills a gap; one the rep already has is kept.
            ...(existing.profileUrl === undefined && profileUrlOf(row.candidate) !== undefined
              ? { profileUrl: profileUrlOf(row.candidate) }
              : {}),
            // Likewise the honorifics: the page's fill a gap, the rep's own are kept.
            ...(existing.honorifics === undefined && honorificsOf(row.candidate) !== undefined
              ? { honorifics: honorificsOf(row.candidate) }
              : {}),
            fieldSources: {
              ...existing.fieldSources,
              ...fieldSourcesOf(row.draft, row.candidate, status.changed),
            },
          });
          updated.push(written.id);
        }
        stored.set(written.id, written);
      } catch (e) {
        rowError(e, row.key, rowLabel(row, i));
      }
    }
    return {
      accountId,
      accountName,
      createdAccount: input.target.kind === 'new',
      created,
      updated,
      unchanged,
      pointsAdded,
      fileUpdated,
    };
  });
}

function newContactFields(
  accountId: string,
  row: SaveRow,
  provenance: { sourceUrl?: string; capturedAt: number },
): Record<string, unknown> {
  const title = row.draft.title.trim();
  const sources = fieldSourcesOf(row.draft, row.candidate);
  const profileUrl = profileUrlOf(row.candidate);
  const honorifics = honorificsOf(row.candidate);
  return {
    accountId,
    name: row.draft.name,
    ...(honorifics === undefined ? {} : { honorifics }),
    ...(title === '' ? {} : { title }),
    ...(profileUrl === undefined ? {} : { profileUrl }),
    ...listFields(row.draft),
    roles: BUYING_ROLES.filter((r) => row.draft.roles.includes(r)),
    ...(row.draft.attitude === '' ? {} : { attitude: row.draft.attitude }),
    ...provenance,
    ...(Object.keys(sources).length === 0 ? {} : { fieldSources: sources }),
  };
}

/** The honorifics and degrees the page wrote with the name, as one line ("Prof. Dr.", "PhD"). */
function honorificsOf(candidate: ContactCandidate | undefined): string | undefined {
  const line = candidate?.honorifics?.join(' ').replace(/\s+/g, ' ').trim().slice(0, 100);
  return line === undefined || line === '' ? undefined : line;
}

/** The candidate's profile link, if it is a web address (a page may link anything). */
function profileUrlOf(candidate: ContactCandidate | undefined): string | undefined {
  const url = candidate?.profileUrl;
  if (url === undefined) return undefined;
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export type { DraftField };
