import { Currency, Domain, Email, Line } from '../schema/common.ts';
import {
  type Attitude,
  type BuyingRole,
  type Stage,
  type Tier,
  TierOverride,
} from '../schema/index.ts';
import { attitudeOf, rolesOf, stageOf, tierOf } from './choices.ts';
import type { ImportEntity } from './fields.ts';
import type { ColumnMapping } from './mapping.ts';
import {
  currencyOf,
  type DateOrder,
  detectDateOrder,
  readAmount,
  readDate,
  readShare,
} from './values.ts';

/** Why a row cannot be imported as it is, named by row, column and reason. */
export interface RowProblem {
  /** 1-based, counting data rows (the header is not a row). */
  readonly row: number;
  /** The column's header as in the file ('' when the problem is a column that is missing). */
  readonly column: string;
  readonly code:
    | 'notANumber'
    | 'notADate'
    | 'notAShare'
    | 'notAnEmail'
    | 'notAWebsite'
    | 'notACurrency'
    | 'unknownStage'
    | 'unknownRole'
    | 'unknownAttitude'
    | 'unknownTier'
    | 'tooLong'
    | 'formula'
    | 'missing'
    /** A contact, deal or order with no account named and no company domain to find one by. */
    | 'noAccount'
    /** An order for an account that already holds as many orders as an account can. */
    | 'tooManyOrders'
    /** A warning, not a problem: an owner who is no member of the team is left unset. */
    | 'unknownOwner';
  /** The field the column fills. */
  readonly field: string;
  /** The cell as given ('' for a missing value). */
  readonly value: string;
}

export interface AccountDraft {
  readonly name: string;
  /** Every domain of the website cell ("acme.com; acme.de", as our export lists them). */
  readonly domains: string[];
  readonly industry?: string;
  readonly address?: string;
  readonly phone?: string;
  /** The owner as the file names them: matched to a member by name when imported. */
  readonly owner?: string;
  readonly revenue12m?: number;
  readonly potentialRevenue?: number;
  readonly shareOfWallet?: number;
  readonly tierOverride?: { readonly tier: Tier; readonly reason: string };
}

export interface ContactDraft {
  readonly name: string;
  readonly honorifics?: string;
  readonly title?: string;
  readonly emails: string[];
  readonly phones: string[];
  /** How to find the account: by name, else by domain (the website's, or the e-mail's). */
  readonly accountName?: string;
  readonly accountDomain?: string;
  readonly roles: BuyingRole[];
  readonly attitude?: Attitude;
}

export interface OpportunityDraft {
  readonly name: string;
  readonly accountName: string;
  readonly stage: Stage;
  readonly lost: boolean;
  /** When it was lost, where the file says (a `lostAt` column); else the import's time. */
  readonly lostAt?: number;
  readonly amount: number;
  readonly currency: string;
  readonly expectedCloseAt?: number;
  readonly owner?: string;
  readonly nextStep?: string;
}

export interface OrderDraft {
  readonly accountName: string;
  readonly at: number;
  readonly amount: number;
  readonly currency: string;
}

export interface Drafts {
  readonly accounts: AccountDraft;
  readonly contacts: ContactDraft;
  readonly opportunities: OpportunityDraft;
  readonly orders: OrderDraft;
}

export interface ReadOptions {
  /** The currency of amounts that name none (asked for by the wizard; the team's usual one). */
  readonly currency: string;
}

export interface RowsRead<E extends ImportEntity> {
  /** The rows that can be imported, each with its 1-based row number. */
  readonly drafts: { readonly row: number; readonly draft: Drafts[E] }[];
  /** Every problem of every other row: such a row is left out whole, never half-read. */
  readonly problems: RowProblem[];
}

/**
 * A file's data rows read with a column mapping into drafts of the entity's rows, checked with
 * the same rules as any edit (e-mail addresses, websites, lengths), and every problem named by
 * row, column and reason. A row with any problem is left out whole; the others are complete
 * (docs/domain.md §13).
 */
export function readRows<E extends ImportEntity>(
  entity: E,
  mapping: readonly ColumnMapping<E>[],
  rows: readonly (readonly string[])[],
  options: ReadOptions,
): RowsRead<E> {
  const columns = new Map<string, { index: number; header: string; unit: string | undefined }>();
  mapping.forEach((m, index) => {
    if (m.field !== null) columns.set(m.field, { index, header: m.header, unit: m.unit });
  });
  // Day-first or month-first, per column, from all of its values.
  const dateOrders = new Map<string, DateOrder>();
  for (const field of ['date', 'expectedClose', 'lostAt']) {
    const c = columns.get(field);
    if (c) dateOrders.set(field, detectDateOrder(rows.map((r) => r[c.index] ?? '')));
  }
  const drafts: { row: number; draft: Drafts[E] }[] = [];
  const problems: RowProblem[] = [];
  rows.forEach((cells, i) => {
    const row = i + 1;
    if (cells.every((c) => c.trim() === '')) return;
    const found: RowProblem[] = [];
    const cell = new Cells(columns, cells, row, found, dateOrders, options);
    const draft = READERS[entity](cell) as Drafts[E];
    if (found.length > 0) problems.push(...found);
    else drafts.push({ row, draft });
  });
  return { drafts, problems };
}

/** One row's cells by field, each read with its problem recorded. */
class Cells {
  constructor(
    private readonly columns: ReadonlyMap<
      string,
      { index: number; header: string; unit: string | undefined }
    >,
    private readonly cells: readonly string[],
    private readonly row: number,
    private readonly problems: RowProblem[],
    private readonly dateOrders: ReadonlyMap<string, DateOrder>,
    readonly options: ReadOptions,
  ) {}

  /**
   * The cell of a field, trimmed; undefined when the column is absent or the cell empty. A cell
   * a spreadsheet would run as a formula is a problem, never a value (docs/domain.md §13). The
   * `'` that marks a cell as text (our export writes `'+49 30 1234` so no spreadsheet runs it)
   * is not part of the value.
   */
  text(field: string): string | undefined {
    const c = this.columns.get(field);
    let value = c === undefined ? undefined : this.cells[c.index]?.trim();
    if (value !== undefined && TEXT_MARK.test(value)) value = value.slice(1).trim();
    if (value === undefined || value === '') return undefined;
    if (c !== undefined && looksLikeFormula(value)) {
      if (!this.formulas.has(field)) {
        this.formulas.add(field);
        this.problems.push({ row: this.row, column: c.header, code: 'formula', field, value });
      }
      return undefined;
    }
    return value;
  }

  private readonly formulas = new Set<string>();

  unit(field: string): string | undefined {
    return this.columns.get(field)?.unit;
  }

  fail(field: string, code: RowProblem['code'], value = this.text(field) ?? ''): undefined {
    const column = this.columns.get(field)?.header ?? '';
    this.problems.push({ row: this.row, column, code, field, value });
    return undefined;
  }

  required(field: string): string | undefined {
    const value = this.line(field);
    if (this.formulas.has(field)) return undefined;
    return value === undefined && this.text(field) === undefined
      ? this.fail(field, 'missing')
      : value;
  }

  /**
   * Several values in one cell, as our export lists them ("+1 555 0100; +1 555 0199"), each
   * text within the schema's length.
   */
  list(field: string, max: number): string[] {
    const value = this.text(field);
    if (value === undefined) return [];
    const parts = value
      .split(/[;；\n]+/)
      .map((p) => p.trim())
      .filter((p) => p !== '');
    const long = parts.find((p) => !lineOf(max).safeParse(p).success);
    if (long !== undefined) {
      this.fail(field, 'tooLong', long);
      return [];
    }
    return parts;
  }

  /** Single-line text within the schema's length. */
  line(field: string, max = 200): string | undefined {
    const value = this.text(field);
    if (value === undefined) return undefined;
    return lineOf(max).safeParse(value).success ? value : this.fail(field, 'tooLong');
  }

  amount(field: string): { amount: number; currency: string | undefined } | undefined {
    const value = this.text(field);
    if (value === undefined) return undefined;
    const read = readAmount(value);
    if (!read.ok || read.value.amount < 0) return this.fail(field, 'notANumber');
    return read.value;
  }

  date(field: string): number | undefined {
    const value = this.text(field);
    if (value === undefined) return undefined;
    const read = readDate(value, this.dateOrders.get(field));
    return read.ok ? read.value : this.fail(field, 'notADate');
  }

  /** The currency of an amount: its column, the amount's own sign, the header's unit, the default. */
  currency(amountCurrency: string | undefined): string | undefined {
    const raw =
      this.text('currency') ??
      amountCurrency ??
      unitCurrency(this.unit('amount')) ??
      this.options.currency;
    const parsed = Currency.safeParse(currencyOf(raw) ?? raw);
    return parsed.success ? parsed.data : this.fail('currency', 'notACurrency', raw);
  }
}

/**
 * The schema's single-line text of at most `max` characters, built once per length: building a
 * zod schema costs ~50 µs, checking a cell with one under a microsecond, and a file of 300k rows
 * checks millions of cells.
 */
const lines = new Map<number, ReturnType<typeof Line>>();
function lineOf(max: number): ReturnType<typeof Line> {
  let schema = lines.get(max);
  if (schema === undefined) {
    schema = Line(max);
    lines.set(max, schema);
  }
  return schema;
}

/** A text cell as a spreadsheet marks it: `'` before what would otherwise run as a formula. */
const TEXT_MARK = /^'[=+\-@\t\r]/;

/**
 * A cell that a spreadsheet would run: `=` anything, or `+ - @` before a function call or a
 * DDE link (`=HYPERLINK(…)`, `@SUM(…)`, `+cmd|' /C calc'!A0`). "+49 30 1234" and "-5" are not.
 */
export function looksLikeFormula(cell: string): boolean {
  return /^=|^[+\-@]\s*[A-Za-z_][\w.]*\s*\(|^[+\-@=].*\|/.test(cell);
}

/** "EUR" of "Amount (EUR)", CNY of "金额（元）". */
function unitCurrency(unit: string | undefined): string | undefined {
  if (unit === undefined) return undefined;
  if (/元|rmb|人民币|¥/.test(unit)) return 'CNY';
  const code = /\b([a-z]{3})\b/.exec(unit)?.[1];
  return code !== undefined && Currency.safeParse(code).success ? code.toUpperCase() : undefined;
}

/** An account holds at most this many domains (the schema's limit). */
const MAX_DOMAINS = 20;

/** The domains of the website cell: one, or several as our export lists an account's. */
function websites(c: Cells): string[] {
  const value = c.text('website');
  if (value === undefined) return [];
  const domains: string[] = [];
  for (const part of value.split(/[;,，\s]+/).filter(Boolean)) {
    const parsed = Domain.safeParse(part);
    if (parsed.success) {
      if (!domains.includes(parsed.data)) domains.push(parsed.data);
    } else c.fail('website', 'notAWebsite', part);
  }
  if (domains.length > MAX_DOMAINS) c.fail('website', 'tooLong', value);
  return domains;
}

/**
 * A tier cell: a word of some tool ("A", "VIP", "重要客户"), or the manual tier our export
 * writes, its reason included ({"tier":"key","reason":"…"}).
 */
function tierOverride(c: Cells): { tier: Tier; reason: string } | undefined {
  const text = c.text('tier');
  if (text === undefined) return undefined;
  if (text.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = TierOverride.safeParse(json);
    return parsed.success ? parsed.data : c.fail('tier', 'unknownTier');
  }
  const tier = tierOf(text);
  if (tier === undefined) return c.fail('tier', 'unknownTier');
  return { tier, reason: c.line('tierReason', 500) ?? 'Imported' };
}

const READERS: { readonly [E in ImportEntity]: (c: Cells) => Drafts[E] } = {
  accounts(c) {
    const domains = websites(c);
    const revenue = c.amount('revenue12m');
    const potential = c.amount('potentialRevenue');
    const shareText = c.text('shareOfWallet');
    let share: number | undefined;
    if (shareText !== undefined) {
      const read = readShare(shareText);
      share = read.ok ? read.value : c.fail('shareOfWallet', 'notAShare');
    }
    const tier = tierOverride(c);
    return {
      name: c.required('name') ?? '',
      domains,
      ...opt('industry', c.line('industry', 100)),
      ...opt('address', c.line('address', 500)),
      ...opt('phone', c.line('phone', 50)),
      ...opt('owner', c.line('owner')),
      ...opt('revenue12m', revenue?.amount),
      ...opt('potentialRevenue', potential?.amount),
      ...opt('shareOfWallet', share),
      ...opt('tierOverride', tier),
    };
  },
  contacts(c) {
    const full = c.line('name');
    const joined = [c.line('firstName', 100), c.line('lastName', 100)].filter(Boolean).join(' ');
    const name = full ?? (joined === '' ? undefined : joined);
    if (name === undefined) c.fail('name', 'missing');
    const emails: string[] = [];
    const emailText = c.text('email');
    if (emailText !== undefined) {
      for (const part of emailText.split(/[;,，\s]+/).filter(Boolean)) {
        const parsed = Email.safeParse(part);
        if (parsed.success) emails.push(parsed.data);
        else c.fail('email', 'notAnEmail', part);
      }
    }
    const phones = [...c.list('phone', 50), ...c.list('mobile', 50)];
    const rolesText = c.text('roles');
    const roles = rolesText === undefined ? { roles: [], unknown: [] } : rolesOf(rolesText);
    for (const u of roles.unknown) c.fail('roles', 'unknownRole', u);
    const attitudeText = c.text('attitude');
    const attitude =
      attitudeText === undefined
        ? undefined
        : (attitudeOf(attitudeText) ?? c.fail('attitude', 'unknownAttitude'));
    const domain = websites(c)[0] ?? emails[0]?.split('@')[1];
    const accountName = c.line('accountName');
    if (accountName === undefined && domain === undefined) c.fail('accountName', 'missing');
    return {
      name: name ?? '',
      ...opt('honorifics', c.line('honorifics')),
      ...opt('title', c.line('title')),
      emails,
      phones,
      ...opt('accountName', accountName),
      ...opt('accountDomain', domain),
      roles: roles.roles,
      ...opt('attitude', attitude),
    };
  },
  opportunities(c) {
    const stageText = c.text('stage');
    const stage = stageText === undefined ? { stage: 'identify' as const } : stageOf(stageText);
    if (stage === undefined) c.fail('stage', 'unknownStage');
    const amount = c.amount('amount');
    const lostAt = c.date('lostAt');
    return {
      name: c.required('name') ?? '',
      accountName: c.required('accountName') ?? '',
      stage: stage && 'stage' in stage ? stage.stage : 'identify',
      lost: (stage !== undefined && 'lost' in stage) || lostAt !== undefined,
      ...opt('lostAt', lostAt),
      amount: amount?.amount ?? 0,
      currency: c.currency(amount?.currency) ?? '',
      ...opt('expectedCloseAt', c.date('expectedClose')),
      ...opt('owner', c.line('owner')),
      ...opt('nextStep', c.line('nextStep', 500)),
    };
  },
  orders(c) {
    const amount = c.amount('amount');
    if (amount === undefined && c.text('amount') === undefined) c.fail('amount', 'missing');
    const at = c.date('date');
    if (at === undefined && c.text('date') === undefined) c.fail('date', 'missing');
    return {
      accountName: c.required('accountName') ?? '',
      at: at ?? 0,
      amount: amount?.amount ?? 0,
      currency: c.currency(amount?.currency) ?? '',
    };
  },
};

/** `{ key: value }` when there is a value, else nothing (optional fields stay absent). */
const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
