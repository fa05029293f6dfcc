import type {
  CandidateStatus,
  ContactCandidate,
  ContactField,
  ContactPoint,
  OrganizationCandidate,
} from '../../shared/capture/types.ts';
import {
  type Account,
  type Attitude,
  BUYING_ROLES,
  type BuyingRole,
  type Contact,
} from '../../shared/index.ts';

/**
 * A candidate as the rep edits it in the preview: plain strings for the inputs (lists as
 * comma-separated text, like the side panel's contact form) and the roles picked for it.
 */
export interface CandidateDraft {
  readonly name: string;
  readonly title: string;
  readonly emails: string;
  readonly phones: string;
  readonly roles: readonly BuyingRole[];
  /**
   * The attitude to us the rep picked (docs/domain.md §8); '' is "not picked": a new contact is
   * saved without one, a stored contact keeps theirs.
   */
  readonly attitude: Attitude | '';
}

export const EMPTY_DRAFT: CandidateDraft = {
  name: '',
  title: '',
  emails: '',
  phones: '',
  roles: [],
  attitude: '',
};

/** The fields the preview edits and a save may write. */
export type DraftField = 'name' | 'title' | 'emails' | 'phones' | 'roles' | 'attitude';

const split = (value: string, separator: RegExp): string[] =>
  value
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '');

// Addresses never contain spaces, commas or semicolons; phone numbers may contain spaces.
export const emailsOf = (draft: CandidateDraft): string[] =>
  dedupe(
    split(draft.emails, /[\s,;，；]+/).map((e) => e.toLowerCase()),
    (e) => e,
  );
export const phonesOf = (draft: CandidateDraft): string[] =>
  dedupe(split(draft.phones, /[,;，；\n]+/), phoneKey);

export function draftOf(candidate: ContactCandidate): CandidateDraft {
  return {
    name: candidate.name,
    title: candidate.title ?? '',
    emails: candidate.emails.join(', '),
    phones: candidate.phones.join(', '),
    roles: [],
    attitude: '',
  };
}

/**
 * The draft as a candidate again, for classifyCandidate: an edited e-mail can make a candidate
 * match another stored contact, so the status follows the rep's edits.
 */
export function candidateOf(draft: CandidateDraft, original?: ContactCandidate): ContactCandidate {
  const title = draft.title.trim();
  return {
    name: draft.name.trim(),
    ...(title === '' ? {} : { title }),
    emails: emailsOf(draft),
    phones: phonesOf(draft),
    ...(original?.company === undefined ? {} : { company: original.company }),
    ...(original?.profileUrl === undefined ? {} : { profileUrl: original.profileUrl }),
    fields: original?.fields ?? {},
  };
}

/**
 * Phone numbers compare by their digits, and a number written without its country code
 * ("(415) 555-0100") is the same as the stored international one ("+1 415 555 0100").
 */
export function phoneKey(phone: string): string {
  return phone.replace(/\D/g, '');
}

const samePhone = (a: string, b: string): boolean => {
  const [x, y] = [phoneKey(a), phoneKey(b)];
  if (x === '' || y === '') return a.trim() === b.trim();
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short === long || (short.length >= 7 && long.endsWith(short));
};

function dedupe<T>(list: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** What saving a draft over a stored contact would write, and the fields that would change. */
export interface PlannedUpdate {
  readonly changes: Record<string, unknown>;
  readonly changed: readonly DraftField[];
}

/**
 * An update adds, it never takes away: e-mails, phones and roles are merged into the stored
 * lists. Name and title are replaced only where the shared classifier calls them changed
 * (`classified`: it compares names by key, so "ANN LEE" does not overwrite "Ann Lee"), and
 * only by a non-empty value: what the preview lists as changed, so the rep saw it first.
 */
export function plannedUpdate(
  existing: Contact,
  draft: CandidateDraft,
  classified: readonly ContactField[],
): PlannedUpdate {
  const changes: Record<string, unknown> = {};
  const changed: DraftField[] = [];
  const name = draft.name.trim();
  if (classified.includes('name') && name !== '' && name !== existing.name) {
    changes.name = name;
    changed.push('name');
  }
  const title = draft.title.trim();
  if (classified.includes('title') && title !== '' && title !== existing.title) {
    changes.title = title;
    changed.push('title');
  }
  const known = new Set(existing.emails.map((e) => e.toLowerCase()));
  const newEmails = emailsOf(draft).filter((e) => !known.has(e));
  if (newEmails.length > 0) {
    changes.emails = [...existing.emails, ...newEmails];
    changed.push('emails');
  }
  const newPhones = phonesOf(draft).filter((p) => !existing.phones.some((q) => samePhone(p, q)));
  if (newPhones.length > 0) {
    changes.phones = [...existing.phones, ...newPhones];
    changed.push('phones');
  }
  const roles = new Set<BuyingRole>([...existing.roles, ...draft.roles]);
  if (roles.size > existing.roles.length) {
    // Canonical order, as the side panel writes them, so two browsers' edits compare equal.
    changes.roles = BUYING_ROLES.filter((r) => roles.has(r));
    changed.push('roles');
  }
  // An attitude picked in the preview is the rep's newer reading of the person; none picked
  // keeps the stored one.
  if (draft.attitude !== '' && draft.attitude !== existing.attitude) {
    changes.attitude = draft.attitude;
    changed.push('attitude');
  }
  return { changes, changed };
}

/** A candidate's standing in the preview: classifyCandidate's match, judged by what a save would write. */
export type RowStatus =
  | { readonly kind: 'new' }
  | { readonly kind: 'update'; readonly contactId: string; readonly changed: readonly DraftField[] }
  | { readonly kind: 'saved'; readonly contactId: string };

/**
 * The shared classifier finds the stored contact; whether anything would change is decided by
 * the same merge the save runs, so "already saved" means a save would write nothing (and roles
 * picked for someone already saved make it an update).
 */
export function rowStatus(
  classified: CandidateStatus,
  existing: ReadonlyMap<string, Contact>,
  draft: CandidateDraft,
): RowStatus {
  if (classified.kind === 'new') return classified;
  const stored = existing.get(classified.contactId);
  if (!stored) return { kind: 'new' };
  const { changed } = plannedUpdate(
    stored,
    draft,
    classified.kind === 'update' ? classified.changed : [],
  );
  return changed.length === 0
    ? { kind: 'saved', contactId: stored.id }
    : { kind: 'update', contactId: stored.id, changed };
}

/**
 * Whether a row starts ticked: only people not saved yet. Someone already saved (matched by
 * e-mail, phone or name, as classifyCandidate matches) starts unticked even when the page shows
 * something new about them, so capturing a page again adds nobody twice and changes nobody
 * unless the rep ticks them. Until the store has answered, rows count as new.
 */
export const startsSelected = (status: RowStatus | undefined): boolean =>
  status === undefined || status.kind === 'new';

/**
 * startsSelected for a row and what the page said: a person found without a name starts
 * unticked (a save needs a name, and one nameless row would stop the others); typing a name
 * ticks it.
 */
export const rowStartsSelected = (
  status: RowStatus | undefined,
  candidate: ContactCandidate | undefined,
): boolean => startsSelected(status) && candidate?.nameFlag !== 'missing';

/** The stored contact a row matched, whose roles and attitude the preview shows. */
export function savedContactOf(
  status: RowStatus | undefined,
  stored: ReadonlyMap<string, Contact>,
): Contact | undefined {
  return status === undefined || status.kind === 'new' ? undefined : stored.get(status.contactId);
}

/** The account file fields a capture offers from the page (its footer, structured data). */
export const ACCOUNT_FILE_OFFERS = ['phone', 'address'] as const;
export type AccountFileOffer = (typeof ACCOUNT_FILE_OFFERS)[number];

/** One value from the page offered for the account file, with what the file holds now. */
export interface FileOffer {
  readonly field: AccountFileOffer;
  readonly value: string;
  /** What the account's file already holds; undefined when empty. */
  readonly onFile?: string;
  /** Ticked at first only when the file has nothing there: a value the rep entered wins. */
  readonly startsTicked: boolean;
}

const sameAddress = (a: string, b: string): boolean => {
  const key = (s: string) => s.toLowerCase().replace(/[\s,.，。、]+/g, '');
  return key(a) === key(b);
};

/**
 * The page's phone and address offered for an existing account's file: each the page has,
 * unless the file already says the same. An account being created takes them in its own form.
 */
export function fileOffers(
  organization: Pick<OrganizationCandidate, 'phone' | 'address'>,
  account: Pick<Account, 'phone' | 'address'> | undefined,
): FileOffer[] {
  const offers: FileOffer[] = [];
  for (const field of ACCOUNT_FILE_OFFERS) {
    const value = organization[field]?.trim() ?? '';
    if (value === '') continue;
    const onFile = account?.[field]?.trim() || undefined;
    if (onFile !== undefined) {
      const same = field === 'phone' ? samePhone(value, onFile) : sameAddress(value, onFile);
      if (same) continue;
    }
    offers.push({
      field,
      value,
      ...(onFile === undefined ? {} : { onFile }),
      startsTicked: onFile === undefined,
    });
  }
  return offers;
}

/**
 * The organisation's shared mailboxes and lines the preview offers, with their place in the
 * capture. A bare line that is the company's own phone (the footer's "Tel:") is left out: it
 * is offered for the account file's phone, not a second time as a shared line.
 */
export function accountPointsOf(
  organization: Pick<OrganizationCandidate, 'phone' | 'contactPoints'>,
): { readonly index: number; readonly point: ContactPoint }[] {
  const phone = organization.phone;
  return organization.contactPoints.flatMap((point, index) =>
    point.email === undefined &&
    point.phone !== undefined &&
    phone !== undefined &&
    samePhone(point.phone, phone)
      ? []
      : [{ index, point }],
  );
}

/** A field the rep typed or changed: no page element to point to. */
export const MANUAL_SOURCE = 'manual';

const FIELD_SOURCES: readonly (ContactField & DraftField)[] = ['name', 'title', 'emails', 'phones'];
const MAX_ELEMENT = 300;

/**
 * Where each written field came from. A field the rep left as the page had it keeps the
 * extractor and element; one they edited (or typed into a row they added) is "manual".
 */
export function fieldSourcesOf(
  draft: CandidateDraft,
  candidate: ContactCandidate | undefined,
  only?: readonly DraftField[],
): Record<string, { source: string; element?: string }> {
  const out: Record<string, { source: string; element?: string }> = {};
  for (const field of FIELD_SOURCES) {
    if (only && !only.includes(field)) continue;
    const value = draftValues(draft, field);
    if (value.length === 0) continue;
    const origin = candidate?.fields[field];
    const fromPage =
      candidate !== undefined &&
      origin !== undefined &&
      value.every((v) => candidateValues(candidate, field).some((c) => same(field, c, v)));
    out[field] =
      fromPage && origin
        ? {
            source: origin.source,
            ...(origin.element ? { element: origin.element.slice(0, MAX_ELEMENT) } : {}),
          }
        : { source: MANUAL_SOURCE };
  }
  return out;
}

function draftValues(draft: CandidateDraft, field: ContactField & DraftField): string[] {
  switch (field) {
    case 'name':
    case 'title': {
      const v = draft[field].trim();
      return v === '' ? [] : [v];
    }
    case 'emails':
      return emailsOf(draft);
    case 'phones':
      return phonesOf(draft);
  }
}

function candidateValues(
  candidate: ContactCandidate,
  field: ContactField & DraftField,
): readonly string[] {
  switch (field) {
    case 'name':
      return [candidate.name];
    case 'title':
      return candidate.title === undefined ? [] : [candidate.title];
    case 'emails':
      return candidate.emails;
    case 'phones':
      return candidate.phones;
  }
}

const same = (field: DraftField, a: string, b: string): boolean =>
  field === 'phones'
    ? samePhone(a, b)
    : field === 'emails'
      ? a.toLowerCase() === b.toLowerCase()
      : a.trim() === b.trim();
