import { domainKey } from '../matching/account-index.ts';
import { normaliseEmail } from '../matching/hostname.ts';
import {
  type Attitude,
  type BuyingRole,
  type CheckedRow,
  checkNewRow,
  type Order,
  type Stage,
  type TierOverride,
  ValidationError,
} from '../schema/index.ts';
import type { ImportEntity } from './fields.ts';
import type { Drafts, RowProblem } from './rows.ts';

/** The rows of the book an import is matched against (the extension's store or the server's). */
export interface ExistingAccount {
  readonly id: string;
  readonly name: string;
  readonly domains: readonly string[];
  readonly industry?: string | undefined;
  readonly address?: string | undefined;
  readonly phone?: string | undefined;
  readonly ownerId?: string | undefined;
  readonly revenue12m?: number | undefined;
  readonly potentialRevenue?: number | undefined;
  readonly shareOfWallet?: number | undefined;
  readonly tierOverride?: TierOverride | undefined;
  readonly orders: readonly Order[];
}

export interface ExistingContact {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly honorifics?: string | undefined;
  readonly title?: string | undefined;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly roles: readonly BuyingRole[];
  readonly attitude?: Attitude | undefined;
}

export interface ExistingOpportunity {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly stage: Stage;
  readonly amount: number;
  readonly currency: string;
  readonly expectedCloseAt?: number | undefined;
  readonly nextStep?: string | undefined;
  readonly lostAt?: number | undefined;
}

export interface ExistingBook {
  readonly accounts: Iterable<ExistingAccount>;
  readonly contacts: Iterable<ExistingContact>;
  readonly opportunities: Iterable<ExistingOpportunity>;
  /** The team's members, for the owner column (matched by name or e-mail address). */
  readonly members: readonly {
    readonly id: string;
    readonly name: string;
    readonly email?: string;
  }[];
}

export type PlanTable = 'accounts' | 'contacts' | 'opportunities';

/** One row of the store as an import row writes it: created, or some fields changed. */
export interface PlannedWrite {
  readonly table: PlanTable;
  readonly id: string;
  readonly kind: 'create' | 'update';
  /** For a create, the whole row (with createdAt); for an update, only what changes. */
  readonly fields: Readonly<Record<string, unknown>>;
  /**
   * For a create, the row as the schema parsed it when it was planned: written as it is. Absent
   * when the row does not fit the schema, whose write then refuses it by name.
   */
  readonly checked?: CheckedRow;
}

/** A field an update changes, as the preview lists it. */
export interface FieldChange {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

/**
 * What importing one row of the file does (docs/domain.md §13): `new` creates rows, `update`
 * changes the fields listed, `same` finds the book already holds the row as the file has it,
 * `duplicate` is a row that matches an earlier row of the same file. Only `new` and `update`
 * write, and a row's writes are written together or not at all (a contact and the account it
 * creates).
 */
export interface PlannedRow {
  readonly row: number;
  readonly decision: 'new' | 'update' | 'same' | 'duplicate';
  /** The row's name as the preview shows it (an account's, a contact's, a deal's). */
  readonly label: string;
  /** How it was matched to a row of the book. */
  readonly matchedBy?: 'domain' | 'email' | 'phone' | 'name' | 'order';
  /** For a duplicate: the earlier row of the file it repeats. */
  readonly duplicateOf?: number;
  /** For an update: the fields it changes. */
  readonly changes: readonly FieldChange[];
  /** For a contact, deal or order whose account is not in the book: the account it creates. */
  readonly createsAccount?: string;
  readonly writes: readonly PlannedWrite[];
}

export interface Plan {
  readonly rows: PlannedRow[];
  /** Rows left out because they cannot be placed (no account to attach to, too many orders). */
  readonly problems: RowProblem[];
  /** What is imported with a part left out, named like a problem (an owner nobody is). */
  readonly warnings: RowProblem[];
  readonly counts: Readonly<Record<PlannedRow['decision'], number>>;
}

export interface PlanOptions {
  /** A fresh row id (a ULID in the extension and on the server). */
  readonly newId: () => string;
  readonly now: number;
}

/** An account holds at most this many orders (the schema's limit). */
const MAX_ORDERS = 1_000;

// Legal forms at the end of a company's name: "Acme, Inc." in one tool is "Acme" in another.
const LEGAL_FORM =
  /(?:\b(?:inc|incorporated|llc|ltd|limited|plc|gmbh|ag|se|kg|sa|sarl|srl|bv|nv|oy|ab|as|co|corp|corporation|company|pte|pty)\b\.?\s*)+$|(?:股份有限公司|有限责任公司|有限公司|集团公司|公司)$/u;

/** A company or person's name as names are matched: case, width, punctuation and legal form aside. */
export function nameKey(name: string): string {
  const folded = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[.,，。·'’"()（）]/g, ' ')
    .trim();
  const bare = folded.replace(LEGAL_FORM, '').trim();
  return (bare === '' ? folded : bare).replace(/[\s\-_&/]+/g, '');
}

/** A phone number's digits, as phones are matched; too short to identify anyone: ''. */
export function phoneKey(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  // The last nine digits: "+86 138 0013 8000" and "13800138000" are one number.
  return digits.length < 7 ? '' : digits.slice(-9);
}

const emailKey = (email: string): string => normaliseEmail(email)?.address ?? email.toLowerCase();

/** The matching keys of a domain (the key and the registrable domain), none for free mail. */
function domainKeys(domain: string): string[] {
  const k = domainKey(domain);
  return k === undefined ? [] : [k.key];
}

interface AccountState {
  current: ExistingAccount;
  /** The file's row that created it, when it is new in this import. */
  createdBy?: number;
  /** The file's row that last matched it as an account row (for duplicates). */
  seenAt?: number;
}

interface ContactState {
  current: ExistingContact;
  seenAt?: number;
}

interface OpportunityState {
  current: ExistingOpportunity;
  seenAt?: number;
}

/** Lookups over the book as it will be once the rows planned so far are written. */
class BookIndex {
  readonly accounts = new Map<string, AccountState>();
  private readonly accountByDomain = new Map<string, string>();
  private readonly accountByName = new Map<string, string>();
  private readonly accountByPhone = new Map<string, string>();
  readonly contacts = new Map<string, ContactState>();
  private readonly contactByEmail = new Map<string, string>();
  /** `accountId name-or-phone-key` → contact id. */
  private readonly contactInAccount = new Map<string, string>();
  readonly opportunities = new Map<string, OpportunityState>();
  private readonly opportunityByName = new Map<string, string>();

  constructor(book: ExistingBook) {
    for (const a of book.accounts) this.putAccount({ current: a });
    for (const c of book.contacts) this.putContact({ current: c });
    for (const o of book.opportunities) this.putOpportunity({ current: o });
  }

  putAccount(state: AccountState): void {
    const a = state.current;
    this.accounts.set(a.id, state);
    for (const d of a.domains)
      for (const k of domainKeys(d)) setOnce(this.accountByDomain, k, a.id);
    setOnce(this.accountByName, nameKey(a.name), a.id);
    const p = a.phone === undefined ? '' : phoneKey(a.phone);
    if (p !== '') setOnce(this.accountByPhone, p, a.id);
  }

  putContact(state: ContactState): void {
    const c = state.current;
    this.contacts.set(c.id, state);
    for (const e of c.emails) setOnce(this.contactByEmail, emailKey(e), c.id);
    for (const p of c.phones) {
      const k = phoneKey(p);
      if (k !== '') setOnce(this.contactInAccount, `${c.accountId} ${k}`, c.id);
    }
    setOnce(this.contactInAccount, `${c.accountId} ${nameKey(c.name)}`, c.id);
  }

  putOpportunity(state: OpportunityState): void {
    const o = state.current;
    this.opportunities.set(o.id, state);
    setOnce(this.opportunityByName, `${o.accountId} ${nameKey(o.name)}`, o.id);
  }

  /**
   * Make a row's keys find an account (or contact) the row was a duplicate of: a later row with
   * the same e-mail then repeats the same one, now and when the file is imported again.
   */
  aliasAccount(id: string, domains: readonly string[], phone: string | undefined): void {
    for (const d of domains) for (const k of domainKeys(d)) setOnce(this.accountByDomain, k, id);
    const p = phone === undefined ? '' : phoneKey(phone);
    if (p !== '') setOnce(this.accountByPhone, p, id);
  }

  aliasContact(c: ExistingContact, emails: readonly string[], phones: readonly string[]): void {
    for (const e of emails) setOnce(this.contactByEmail, emailKey(e), c.id);
    for (const p of phones) {
      const k = phoneKey(p);
      if (k !== '') setOnce(this.contactInAccount, `${c.accountId} ${k}`, c.id);
    }
  }

  accountByDomains(domains: readonly string[]): AccountState | undefined {
    for (const d of domains) {
      for (const k of domainKeys(d)) {
        const id = this.accountByDomain.get(k);
        if (id !== undefined) return this.accounts.get(id);
      }
    }
    return undefined;
  }

  accountNamed(name: string): AccountState | undefined {
    const id = this.accountByName.get(nameKey(name));
    return id === undefined ? undefined : this.accounts.get(id);
  }

  accountWithPhone(phone: string): AccountState | undefined {
    const k = phoneKey(phone);
    const id = k === '' ? undefined : this.accountByPhone.get(k);
    return id === undefined ? undefined : this.accounts.get(id);
  }

  contactByEmails(emails: readonly string[]): ContactState | undefined {
    for (const e of emails) {
      const id = this.contactByEmail.get(emailKey(e));
      if (id !== undefined) return this.contacts.get(id);
    }
    return undefined;
  }

  contactIn(accountId: string, key: string): ContactState | undefined {
    const id = key === '' ? undefined : this.contactInAccount.get(`${accountId} ${key}`);
    return id === undefined ? undefined : this.contacts.get(id);
  }

  opportunityNamed(accountId: string, name: string): OpportunityState | undefined {
    const id = this.opportunityByName.get(`${accountId} ${nameKey(name)}`);
    return id === undefined ? undefined : this.opportunities.get(id);
  }
}

function setOnce<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (!map.has(key)) map.set(key, value);
}

type Row<E extends ImportEntity> = { readonly row: number; readonly draft: Drafts[E] };

/**
 * Decide, row by row, what importing a file's drafts does to the book: which rows are new,
 * which update a row the book has (and which fields), which the book already holds, which
 * repeat an earlier row (docs/domain.md §13). Rows planned earlier count as part of the book
 * for later ones, so a contacts file creates each missing account once. The same file
 * planned again after it was imported plans nothing but `same` and `duplicate`.
 */
export function planImport<E extends ImportEntity>(
  entity: E,
  drafts: readonly Row<E>[],
  book: ExistingBook,
  options: PlanOptions,
): Plan {
  const index = new BookIndex(book);
  const planner = new Planner(index, book, options);
  const rows: PlannedRow[] = [];
  for (const d of drafts) {
    const planned = planner.plan(entity, d);
    if (planned !== undefined) rows.push(checkCreates(planned));
  }
  const counts = { new: 0, update: 0, same: 0, duplicate: 0 };
  for (const r of rows) counts[r.decision]++;
  return { rows, problems: planner.problems, warnings: planner.warnings, counts };
}

/**
 * The row with each row it creates checked against its table's schema here, in the planner
 * (a worker, before the preview), so that the write, timed against the storage, need not.
 */
function checkCreates(planned: PlannedRow): PlannedRow {
  if (!planned.writes.some((w) => w.kind === 'create')) return planned;
  const writes = planned.writes.map((w): PlannedWrite => {
    if (w.kind !== 'create') return w;
    try {
      return { ...w, checked: checkNewRow(w.table, w.id, w.fields) };
    } catch (error) {
      if (error instanceof ValidationError) return w;
      throw error;
    }
  });
  return { ...planned, writes };
}

class Planner {
  readonly problems: RowProblem[] = [];
  readonly warnings: RowProblem[] = [];
  private readonly members: Map<string, string>;

  constructor(
    private readonly index: BookIndex,
    book: ExistingBook,
    private readonly options: PlanOptions,
  ) {
    this.members = new Map();
    for (const m of book.members) {
      setOnce(this.members, nameKey(m.name), m.id);
      if (m.email) setOnce(this.members, emailKey(m.email), m.id);
    }
  }

  plan<E extends ImportEntity>(entity: E, d: Row<E>): PlannedRow | undefined {
    switch (entity) {
      case 'accounts':
        return this.account(d as Row<'accounts'>);
      case 'contacts':
        return this.contact(d as Row<'contacts'>);
      case 'opportunities':
        return this.opportunity(d as Row<'opportunities'>);
      default:
        return this.order(d as Row<'orders'>);
    }
  }

  private ownerOf(row: number, owner: string | undefined): string | undefined {
    if (owner === undefined) return undefined;
    const id = this.members.get(nameKey(owner)) ?? this.members.get(emailKey(owner));
    if (id === undefined) {
      this.warnings.push({ row, column: '', code: 'unknownOwner', field: 'owner', value: owner });
    }
    return id;
  }

  private account({ row, draft }: Row<'accounts'>): PlannedRow {
    const ownerId = this.ownerOf(row, draft.owner);
    const wanted = {
      name: draft.name,
      ...defined({
        industry: draft.industry,
        address: draft.address,
        phone: draft.phone,
        ownerId,
        revenue12m: draft.revenue12m,
        potentialRevenue: draft.potentialRevenue,
        shareOfWallet: draft.shareOfWallet,
        tierOverride: draft.tierOverride,
      }),
    };
    const byDomain = this.index.accountByDomains(draft.domains);
    const byName = byDomain ?? this.index.accountNamed(draft.name);
    const byPhone =
      byName ?? (draft.phone === undefined ? undefined : this.index.accountWithPhone(draft.phone));
    const state = byPhone;
    const matchedBy: PlannedRow['matchedBy'] = byDomain
      ? 'domain'
      : byName
        ? 'name'
        : byPhone
          ? 'phone'
          : undefined;
    if (state === undefined) {
      const id = this.options.newId();
      const fields = {
        createdAt: this.options.now,
        ...wanted,
        domains: [...draft.domains],
        orders: [],
      };
      this.index.putAccount({ current: { id, ...fields } as ExistingAccount, seenAt: row });
      return {
        row,
        decision: 'new',
        label: draft.name,
        changes: [],
        writes: [{ table: 'accounts', id, kind: 'create', fields }],
      };
    }
    if (state.seenAt !== undefined) {
      this.index.aliasAccount(state.current.id, draft.domains, draft.phone);
      return repeated(row, draft.name, matchedBy, state.seenAt);
    }
    state.seenAt = row;
    const current = state.current;
    const changes = diff(current as unknown as Record<string, unknown>, wanted);
    const domains = union(current.domains, draft.domains, (x) => domainKeys(x)[0] ?? x);
    if (domains.length > current.domains.length) {
      changes.push({ field: 'domains', from: current.domains, to: domains });
    }
    const target = state;
    return this.update('accounts', current.id, row, draft.name, matchedBy, changes, (next) => {
      target.current = { ...current, ...next } as ExistingAccount;
      this.index.putAccount(target);
    });
  }

  /** The account a contact, deal or order belongs to; one it creates when the book has none. */
  private accountFor(
    row: number,
    name: string | undefined,
    domain: string | undefined,
  ): { state: AccountState; create?: PlannedWrite } | undefined {
    const byName = name === undefined ? undefined : this.index.accountNamed(name);
    const byDomain = domain === undefined ? undefined : this.index.accountByDomains([domain]);
    const found = byName ?? byDomain;
    if (found) return { state: found };
    const domains = domain !== undefined && domainKeys(domain).length > 0 ? [domain] : [];
    const accountName = name ?? (domains[0] === undefined ? undefined : nameFromDomain(domains[0]));
    if (accountName === undefined) {
      this.problems.push({
        row,
        column: '',
        code: 'noAccount',
        field: 'accountName',
        value: domain ?? '',
      });
      return undefined;
    }
    const id = this.options.newId();
    const fields = { createdAt: this.options.now, name: accountName, domains, orders: [] };
    const state: AccountState = { current: { id, ...fields }, createdBy: row };
    this.index.putAccount(state);
    return { state, create: { table: 'accounts', id, kind: 'create', fields } };
  }

  private contact({ row, draft }: Row<'contacts'>): PlannedRow | undefined {
    const byEmail = this.index.contactByEmails(draft.emails);
    const emailHome = byEmail && this.index.accounts.get(byEmail.current.accountId);
    const home = emailHome
      ? { state: emailHome }
      : this.accountFor(row, draft.accountName, draft.accountDomain);
    if (home === undefined) return undefined;
    const accountId = home.state.current.id;
    const wanted = {
      name: draft.name,
      ...defined({ honorifics: draft.honorifics, title: draft.title, attitude: draft.attitude }),
    };
    let matchedBy: PlannedRow['matchedBy'];
    let state = byEmail;
    if (state) matchedBy = 'email';
    else {
      for (const p of draft.phones) {
        state = this.index.contactIn(accountId, phoneKey(p));
        if (state) break;
      }
      if (state) matchedBy = 'phone';
      else {
        state = this.index.contactIn(accountId, nameKey(draft.name));
        if (state) matchedBy = 'name';
      }
    }
    if (state === undefined) {
      const id = this.options.newId();
      const fields = {
        createdAt: this.options.now,
        accountId,
        ...wanted,
        emails: [...draft.emails],
        phones: [...draft.phones],
        roles: [...draft.roles],
      };
      this.index.putContact({ current: { id, ...fields }, seenAt: row });
      return created(row, draft.name, home, { table: 'contacts', id, kind: 'create', fields });
    }
    if (state.seenAt !== undefined) {
      this.index.aliasContact(state.current, draft.emails, draft.phones);
      return repeated(row, draft.name, matchedBy, state.seenAt);
    }
    state.seenAt = row;
    const current = state.current;
    const changes = diff(current as unknown as Record<string, unknown>, wanted);
    for (const [field, key] of [
      ['emails', emailKey],
      ['phones', phoneKey],
      ['roles', (r: string) => r],
    ] as const) {
      const before = current[field] as readonly string[];
      const after = union(before, draft[field] as readonly string[], (x) => key(x) || x);
      if (after.length > before.length) changes.push({ field, from: before, to: after });
    }
    const target = state;
    return this.update('contacts', current.id, row, draft.name, matchedBy, changes, (next) => {
      target.current = { ...current, ...next } as ExistingContact;
      this.index.putContact(target);
    });
  }

  private opportunity({ row, draft }: Row<'opportunities'>): PlannedRow | undefined {
    const home = this.accountFor(row, draft.accountName, undefined);
    if (home === undefined) return undefined;
    const accountId = home.state.current.id;
    const wanted = {
      name: draft.name,
      // A lost deal keeps the stage it was lost in; the file's "Closed Lost" names no stage.
      ...(draft.lost ? {} : { stage: draft.stage }),
      amount: draft.amount,
      currency: draft.currency,
      ...defined({ expectedCloseAt: draft.expectedCloseAt, nextStep: draft.nextStep }),
    };
    const state = this.index.opportunityNamed(accountId, draft.name);
    if (state === undefined) {
      const id = this.options.newId();
      const fields = {
        createdAt: this.options.now,
        accountId,
        stage: draft.stage,
        ...wanted,
        stageChangedAt: this.options.now,
        ...(draft.lost ? { lostAt: draft.lostAt ?? this.options.now } : {}),
      };
      this.index.putOpportunity({
        current: { id, ...fields } as ExistingOpportunity,
        seenAt: row,
      });
      return created(row, draft.name, home, { table: 'opportunities', id, kind: 'create', fields });
    }
    if (state.seenAt !== undefined) {
      return repeated(row, draft.name, 'name', state.seenAt);
    }
    state.seenAt = row;
    const current = state.current;
    const changes = diff(current as unknown as Record<string, unknown>, wanted);
    if (changes.some((c) => c.field === 'stage')) {
      changes.push({ field: 'stageChangedAt', from: undefined, to: this.options.now });
    }
    if (draft.lost && current.lostAt === undefined) {
      changes.push({ field: 'lostAt', from: undefined, to: draft.lostAt ?? this.options.now });
    }
    return this.update('opportunities', current.id, row, draft.name, 'name', changes, (next) => {
      state.current = { ...current, ...next } as ExistingOpportunity;
    });
  }

  private order({ row, draft }: Row<'orders'>): PlannedRow | undefined {
    const home = this.accountFor(row, draft.accountName, undefined);
    if (home === undefined) return undefined;
    const state = home.state;
    const current = state.current;
    const day = Math.floor(draft.at / 86_400_000);
    const label = `${current.name} ${new Date(draft.at).toISOString().slice(0, 10)}`;
    if (
      current.orders.some((o) => Math.floor(o.at / 86_400_000) === day && o.amount === draft.amount)
    ) {
      return { row, decision: 'same', label, matchedBy: 'order', changes: [], writes: [] };
    }
    if (current.orders.length >= MAX_ORDERS) {
      this.problems.push({
        row,
        column: '',
        code: 'tooManyOrders',
        field: 'accountName',
        value: draft.accountName,
      });
      return undefined;
    }
    const orders = [...current.orders, { at: draft.at, amount: draft.amount }];
    state.current = { ...current, orders };
    if (home.create) {
      // The account is new with this row: it is created holding the order.
      const create = { ...home.create, fields: { ...home.create.fields, orders } };
      return {
        row,
        decision: 'new',
        label,
        changes: [],
        createsAccount: current.name,
        writes: [create],
      };
    }
    return {
      row,
      decision: 'update',
      label,
      changes: [{ field: 'orders', from: current.orders, to: orders }],
      writes: [{ table: 'accounts', id: current.id, kind: 'update', fields: { orders } }],
    };
  }

  private update(
    table: PlanTable,
    id: string,
    row: number,
    label: string,
    matchedBy: PlannedRow['matchedBy'],
    changes: FieldChange[],
    apply: (next: Record<string, unknown>) => void,
  ): PlannedRow {
    const base = { row, label, ...(matchedBy === undefined ? {} : { matchedBy }) };
    if (changes.length === 0) return { ...base, decision: 'same', changes, writes: [] };
    const fields = Object.fromEntries(changes.map((c) => [c.field, c.to]));
    apply(fields);
    return {
      ...base,
      decision: 'update',
      changes,
      writes: [{ table, id, kind: 'update', fields }],
    };
  }
}

/** A new contact or deal, written after the account its row creates, if any. */
function created(
  row: number,
  label: string,
  home: { state: AccountState; create?: PlannedWrite },
  write: PlannedWrite,
): PlannedRow {
  return {
    row,
    decision: 'new',
    label,
    changes: [],
    ...(home.create === undefined ? {} : { createsAccount: home.state.current.name }),
    writes: home.create === undefined ? [write] : [home.create, write],
  };
}

/** A row that repeats an earlier row of the file: it writes nothing (the first row wins). */
function repeated(
  row: number,
  label: string,
  matchedBy: PlannedRow['matchedBy'],
  duplicateOf: number,
): PlannedRow {
  return {
    row,
    decision: 'duplicate',
    label,
    ...(matchedBy === undefined ? {} : { matchedBy }),
    duplicateOf,
    changes: [],
    writes: [],
  };
}

/** The fields of `wanted` whose value differs from the row's (an empty cell never clears one). */
function diff(current: Record<string, unknown>, wanted: Record<string, unknown>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, to] of Object.entries(wanted)) {
    const from = current[field];
    if (!sameValue(from, to)) changes.push({ field, from, to });
  }
  return changes;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The list with the items of `more` it lacks added at the end (by key). */
function union<T>(list: readonly T[], more: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set(list.map(key));
  const out = [...list];
  for (const x of more) {
    const k = key(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

/** The fields that have a value: optional fields stay absent rather than `undefined`. */
function defined<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** `acme-robotics.com` → "Acme Robotics": the name of an account known only by its domain. */
function nameFromDomain(domain: string): string {
  const label = (domainKey(domain)?.registrable ?? domain).split('.')[0] ?? domain;
  const words = label.split(/[-_]+/).filter((w) => w !== '');
  return words.map((w) => (w[0] ?? '').toUpperCase() + w.slice(1)).join(' ') || domain;
}
