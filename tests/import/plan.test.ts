import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ExistingAccount,
  type ExistingBook,
  type ExistingContact,
  type ExistingOpportunity,
  type ImportEntity,
  mapColumns,
  nameKey,
  type Plan,
  planImport,
  readRows,
} from '../../shared/import/index.ts';

const NOW = Date.UTC(2026, 11, 3);

function ids() {
  let n = 0;
  return () => `new-${++n}`;
}

const empty = (): ExistingBook => ({ accounts: [], contacts: [], opportunities: [], members: [] });

function drafts<E extends ImportEntity>(entity: E, headers: string[], rows: string[][]) {
  const read = readRows(entity, mapColumns(entity, headers), rows, { currency: 'USD' });
  expect(read.problems).toEqual([]);
  return read.drafts;
}

/** The book as it is once a plan's writes are applied, as the store applies them. */
function apply(book: ExistingBook, plan: Plan): ExistingBook {
  const tables = {
    accounts: new Map<string, Record<string, unknown>>(
      [...book.accounts].map((a) => [a.id, { ...a }]),
    ),
    contacts: new Map<string, Record<string, unknown>>(
      [...book.contacts].map((c) => [c.id, { ...c }]),
    ),
    opportunities: new Map<string, Record<string, unknown>>(
      [...book.opportunities].map((o) => [o.id, { ...o }]),
    ),
  };
  for (const r of plan.rows) {
    for (const w of r.writes) {
      const t = tables[w.table];
      if (w.kind === 'create') {
        expect(t.has(w.id)).toBe(false);
        t.set(w.id, { id: w.id, ...w.fields });
      } else {
        const current = t.get(w.id);
        expect(current).toBeDefined();
        t.set(w.id, { ...current, ...w.fields });
      }
    }
  }
  return {
    accounts: [...tables.accounts.values()] as unknown as ExistingAccount[],
    contacts: [...tables.contacts.values()] as unknown as ExistingContact[],
    opportunities: [...tables.opportunities.values()] as unknown as ExistingOpportunity[],
    members: book.members,
  };
}

const acme: ExistingAccount = {
  id: 'acme',
  name: 'Acme Robotics, Inc.',
  domains: ['acme-robotics.com'],
  industry: 'Machinery',
  orders: [{ at: Date.UTC(2026, 0, 15), amount: 1200 }],
};

describe('deciding what an import does to the book', () => {
  it('matches an account by its domain and lists only the fields the file changes', () => {
    const book = { ...empty(), accounts: [acme] };
    const plan = planImport(
      'accounts',
      drafts(
        'accounts',
        ['Company name', 'Website', 'Industry', 'Annual Revenue'],
        [['Acme Robotics', 'https://www.acme-robotics.com', 'Machinery', '250000']],
      ),
      book,
      { newId: ids(), now: NOW },
    );
    expect(plan.rows).toHaveLength(1);
    const [row] = plan.rows;
    expect(row?.decision).toBe('update');
    expect(row?.matchedBy).toBe('domain');
    expect(row?.changes.map((c) => c.field)).toEqual(['name', 'revenue12m']);
    expect(row?.writes).toEqual([
      {
        table: 'accounts',
        id: 'acme',
        kind: 'update',
        fields: { name: 'Acme Robotics', revenue12m: 250_000 },
      },
    ]);
  });

  it('matches by name whatever the legal form and case, and adds a new domain without dropping one', () => {
    const book = { ...empty(), accounts: [acme] };
    const plan = planImport(
      'accounts',
      drafts('accounts', ['Account Name', 'Website'], [['ACME ROBOTICS INC', 'acme.de']]),
      book,
      { newId: ids(), now: NOW },
    );
    expect(plan.rows[0]?.matchedBy).toBe('name');
    expect(plan.rows[0]?.changes).toContainEqual({
      field: 'domains',
      from: ['acme-robotics.com'],
      to: ['acme-robotics.com', 'acme.de'],
    });
  });

  it('a second row for the same company is a duplicate of the first, written once', () => {
    const plan = planImport(
      'accounts',
      drafts(
        'accounts',
        ['客户名称', '网址'],
        [
          ['北京宏远科技有限公司', 'hongyuan.cn'],
          ['北京宏远科技', 'www.hongyuan.cn'],
        ],
      ),
      empty(),
      { newId: ids(), now: NOW },
    );
    expect(plan.rows.map((r) => [r.decision, r.duplicateOf])).toEqual([
      ['new', undefined],
      ['duplicate', 1],
    ]);
    expect(plan.counts).toEqual({ new: 1, update: 0, same: 0, duplicate: 1 });
  });

  it("creates a contact's account once when the book has none, in the same row as the first contact", () => {
    const plan = planImport(
      'contacts',
      drafts(
        'contacts',
        ['First Name', 'Last Name', 'Email', 'Account Name'],
        [
          ['Jane', 'Doe', 'jane@globex.com', 'Globex'],
          ['John', 'Roe', 'john@globex.com', 'Globex'],
        ],
      ),
      empty(),
      { newId: ids(), now: NOW },
    );
    expect(plan.rows[0]?.createsAccount).toBe('Globex');
    expect(plan.rows[0]?.writes.map((w) => `${w.kind} ${w.table}`)).toEqual([
      'create accounts',
      'create contacts',
    ]);
    expect(plan.rows[1]?.writes.map((w) => `${w.kind} ${w.table}`)).toEqual(['create contacts']);
    expect(plan.rows[1]?.writes[0]?.fields.accountId).toBe(plan.rows[0]?.writes[0]?.id);
  });

  it('finds a contact by e-mail, else by phone or name within the account', () => {
    const jane: ExistingContact = {
      id: 'jane',
      accountId: 'acme',
      name: 'Jane Doe',
      emails: ['jane@acme-robotics.com'],
      phones: ['+1 415 555 0100'],
      roles: [],
    };
    const book = { ...empty(), accounts: [acme], contacts: [jane] };
    const plan = planImport(
      'contacts',
      drafts(
        'contacts',
        ['Name', 'Email', 'Phone', 'Company', 'Title'],
        [
          ['Jane Doe', 'JANE@acme-robotics.com', '', '', 'CTO'],
          ['J. Doe', '', '(415) 555-0100', 'Acme Robotics', ''],
          ['Jane Doe', '', '', 'Acme Robotics', ''],
        ],
      ),
      book,
      { newId: ids(), now: NOW },
    );
    expect(plan.rows.map((r) => [r.decision, r.matchedBy])).toEqual([
      ['update', 'email'],
      ['duplicate', 'phone'],
      ['duplicate', 'name'],
    ]);
    expect(plan.rows[0]?.changes.map((c) => c.field)).toEqual(['title']);
  });

  it('a contact with only a free-mail address and no company is named as a problem, not attached anywhere', () => {
    const plan = planImport(
      'contacts',
      drafts('contacts', ['Name', 'Email'], [['Ann Lee', 'ann.lee@gmail.com']]),
      empty(),
      { newId: ids(), now: NOW },
    );
    expect(plan.rows).toEqual([]);
    expect(plan.problems).toEqual([
      { row: 1, column: '', code: 'noAccount', field: 'accountName', value: 'gmail.com' },
    ]);
  });

  it("adds orders to the account's history once, and the same order again is no change", () => {
    const book = { ...empty(), accounts: [acme] };
    const plan = planImport(
      'orders',
      drafts(
        'orders',
        ['客户名称', '订单日期', '订单金额'],
        [
          ['Acme Robotics', '2026-01-15', '1200'],
          ['Acme Robotics', '2026-03-02', '800'],
          ['Neue Kunde GmbH', '2026-03-05', '50'],
        ],
      ),
      book,
      { newId: ids(), now: NOW },
    );
    expect(plan.rows.map((r) => r.decision)).toEqual(['same', 'update', 'new']);
    expect(plan.rows[1]?.writes[0]?.fields.orders).toEqual([
      { at: Date.UTC(2026, 0, 15), amount: 1200 },
      { at: Date.UTC(2026, 2, 2), amount: 800 },
    ]);
    expect(plan.rows[2]?.createsAccount).toBe('Neue Kunde GmbH');
  });

  it('an owner who is no member is a warning and left unset; a member is matched by name or e-mail', () => {
    const book = {
      ...empty(),
      members: [{ id: 'm1', name: 'Alice Chen', email: 'alice@ours.io' }],
    };
    const plan = planImport(
      'accounts',
      drafts(
        'accounts',
        ['Company', 'Company owner'],
        [
          ['One', 'alice chen'],
          ['Two', 'ALICE@ours.io'],
          ['Three', 'Bob Nobody'],
        ],
      ),
      book,
      { newId: ids(), now: NOW },
    );
    expect(plan.rows.map((r) => r.writes[0]?.fields.ownerId)).toEqual(['m1', 'm1', undefined]);
    expect(plan.warnings).toEqual([
      { row: 3, column: '', code: 'unknownOwner', field: 'owner', value: 'Bob Nobody' },
    ]);
  });

  it('updating a deal to a new stage restarts its time in stage; a closed-lost deal is marked lost', () => {
    const deal: ExistingOpportunity = {
      id: 'd1',
      accountId: 'acme',
      name: 'Line 3 retrofit',
      stage: 'presentation',
      amount: 50_000,
      currency: 'USD',
    };
    const book = { ...empty(), accounts: [acme], opportunities: [deal] };
    const plan = planImport(
      'opportunities',
      drafts(
        'opportunities',
        ['Deal Name', 'Company', 'Deal Stage', 'Amount'],
        [
          ['Line 3 retrofit', 'Acme Robotics', 'Closed Lost', '50000'],
          ['Spare parts 2027', 'Acme Robotics', 'Negotiation', '9000'],
        ],
      ),
      book,
      { newId: ids(), now: NOW },
    );
    expect(plan.rows[0]?.changes.map((c) => c.field)).toEqual(['lostAt']);
    expect(plan.rows[1]?.decision).toBe('new');
    expect(plan.rows[1]?.writes[0]?.fields).toMatchObject({
      accountId: 'acme',
      stage: 'negotiation',
      stageChangedAt: NOW,
    });
  });

  it('names match across case, width, punctuation and legal form', () => {
    expect(nameKey('ACME Robotics, Inc.')).toBe(nameKey('acme robotics'));
    expect(nameKey('北京宏远科技有限公司')).toBe(nameKey('北京宏远科技'));
    expect(nameKey('Ｂｒａｎｄｔ & Sons Ltd')).toBe(nameKey('brandt&sons'));
    expect(nameKey('Inc.')).not.toBe('');
  });
});

describe('importing is idempotent and never half-links a row (property)', () => {
  const company = fc.constantFrom('Acme', 'Globex', 'Initech', 'Umbrella', '宏远科技', 'Hooli');
  const person = fc.constantFrom('Jane Doe', 'John Roe', '王小明', 'Ann Lee', 'Li Wei');
  const contactRow = fc.tuple(
    person,
    fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }),
    company,
    fc.option(fc.constantFrom('+1 415 555 0100', '138 0013 8000'), { nil: undefined }),
  );

  it('planning a file again after importing it changes nothing, and every contact points at an account that exists', () => {
    fc.assert(
      fc.property(fc.array(contactRow, { maxLength: 25 }), (rows) => {
        const cells = rows.map(([name, local, co, phone]) => [
          name,
          local === undefined ? '' : `${local}@${nameKey(co).replace(/[^a-z]/g, '') || 'x'}.com`,
          co,
          phone ?? '',
        ]);
        const read = readRows(
          'contacts',
          mapColumns('contacts', ['Name', 'Email', 'Company', 'Phone']),
          cells,
          { currency: 'USD' },
        );
        const first = planImport('contacts', read.drafts, empty(), { newId: ids(), now: NOW });
        const after = apply(empty(), first);
        const accountIds = new Set([...after.accounts].map((a) => a.id));
        for (const c of after.contacts) expect(accountIds.has(c.accountId)).toBe(true);
        // Row by row: a contact's account exists before or with the row that writes it.
        const written = new Set<string>();
        for (const r of first.rows) {
          for (const w of r.writes) {
            if (w.table === 'contacts' && w.kind === 'create') {
              expect(written.has(w.fields.accountId as string)).toBe(true);
            }
            written.add(w.id);
          }
        }
        const again = planImport('contacts', read.drafts, after, { newId: ids(), now: NOW });
        expect(again.rows.every((r) => r.writes.length === 0)).toBe(true);
        expect(again.rows.filter((r) => r.decision === 'new')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
