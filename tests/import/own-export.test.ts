import { describe, expect, it } from 'vitest';
import { tableCsv } from '../../shared/export/index.ts';
import {
  type Drafts,
  decodeText,
  describeProblem,
  detectEntity,
  type ImportEntity,
  mapColumns,
  parseTable,
  planImport,
  type RowProblem,
  readDate,
  readRows,
  stageOf,
  tierOf,
} from '../../shared/import/index.ts';

const NOW = Date.UTC(2026, 11, 3);

/** Rows as our export writes them, read back as the import reads any file. */
function readBack<E extends ImportEntity>(
  entity: E,
  table: 'accounts' | 'contacts' | 'opportunities',
  rows: { id: string; fields: Record<string, unknown> }[],
  names = { account: (_id: string) => 'Nordwerk Logistik SE', member: (_id: string) => 'Anna' },
) {
  const csv = tableCsv(table, rows, names);
  const { text } = decodeText(new TextEncoder().encode(csv));
  const parsed = parseTable(text);
  expect(detectEntity(parsed.headers).entity).toBe(entity);
  const read = readRows(entity, mapColumns(entity, parsed.headers), parsed.rows, {
    currency: 'USD',
  });
  expect(read.problems).toEqual([]);
  return read.drafts.map((d) => d.draft as Drafts[E]);
}

describe("our own export's files", () => {
  it('read back an account whole: every domain, the phone its text mark hid, the manual tier with its reason', () => {
    const [draft] = readBack('accounts', 'accounts', [
      {
        id: '01J00000000000000000000000',
        fields: {
          createdAt: NOW,
          name: '@Home Robotics',
          domains: ['home-robotics.com', 'home-robotics.de'],
          ownerId: '01J00000000000000000000001',
          phone: '+49 40 1234567',
          revenue12m: 1_234.5,
          shareOfWallet: 0.35,
          tierOverride: { tier: 'key', reason: 'Stable, second tier' },
          orders: [{ at: NOW, amount: 5 }],
        },
      },
    ]);
    expect(draft).toEqual({
      name: '@Home Robotics',
      domains: ['home-robotics.com', 'home-robotics.de'],
      phone: '+49 40 1234567',
      owner: 'Anna',
      revenue12m: 1_234.5,
      shareOfWallet: 0.35,
      // The schema's "key" is the second tier: read as itself, not as a word of another tool.
      tierOverride: { tier: 'key', reason: 'Stable, second tier' },
    });
  });

  it("read back a contact's lists and a lost deal with its time", () => {
    const [contact] = readBack('contacts', 'contacts', [
      {
        id: '01J00000000000000000000002',
        fields: {
          createdAt: NOW,
          accountId: '01J00000000000000000000000',
          name: 'Jonas Weber',
          emails: ['j.weber@nordwerk.de', 'jonas@nordwerk.com'],
          phones: ['+49 40 1234 5678', '+49 170 1234567'],
          roles: ['decisionMaker', 'financialGatekeeper'],
          attitude: 'skeptic',
        },
      },
    ]);
    expect(contact).toMatchObject({
      name: 'Jonas Weber',
      accountName: 'Nordwerk Logistik SE',
      emails: ['j.weber@nordwerk.de', 'jonas@nordwerk.com'],
      phones: ['+49 40 1234 5678', '+49 170 1234567'],
      roles: ['decisionMaker', 'financialGatekeeper'],
      attitude: 'skeptic',
    });

    const lostAt = Date.UTC(2026, 10, 2, 14, 5);
    const expectedCloseAt = Date.UTC(2027, 5, 29, 16);
    const [deal] = readBack('opportunities', 'opportunities', [
      {
        id: '01J00000000000000000000003',
        fields: {
          createdAt: NOW,
          accountId: '01J00000000000000000000000',
          name: 'Spare parts framework',
          stage: 'displaceCompetitors',
          amount: 80_000,
          currency: 'EUR',
          expectedCloseAt,
          stageChangedAt: NOW,
          lostAt,
        },
      },
    ]);
    expect(deal).toMatchObject({
      stage: 'displaceCompetitors',
      lost: true,
      lostAt,
      expectedCloseAt,
      currency: 'EUR',
    });
    let n = 0;
    const plan = planImport(
      'opportunities',
      [{ row: 1, draft: deal as Drafts['opportunities'] }],
      { accounts: [], contacts: [], opportunities: [], members: [] },
      { newId: () => `new-${++n}`, now: NOW },
    );
    const created = plan.rows[0]?.writes.find((w) => w.table === 'opportunities');
    // Lost when the file says, in the stage it was lost in.
    expect(created?.fields).toMatchObject({ stage: 'displaceCompetitors', lostAt });
  });

  it('names our own stages and tiers', () => {
    expect(stageOf('displaceCompetitors')).toEqual({ stage: 'displaceCompetitors' });
    expect(stageOf('contractFulfilment')).toEqual({ stage: 'contractFulfilment' });
    expect(stageOf('needsAssessment')).toEqual({ stage: 'needsAssessment' });
    expect(tierOf('keyStrategic')).toBe('keyStrategic');
  });

  it('reads a moment with its zone as that moment, a date without one as local midnight', () => {
    expect(readDate('2026-11-02T14:05:00.000Z')).toEqual({
      ok: true,
      value: Date.UTC(2026, 10, 2, 14, 5),
    });
    expect(readDate('2026-11-02T14:05:00+08:00')).toEqual({
      ok: true,
      value: Date.UTC(2026, 10, 2, 6, 5),
    });
    expect(readDate('2026-11-02 14:05')).toEqual({
      ok: true,
      value: new Date(2026, 10, 2).getTime(),
    });
  });
});

describe('problems in words', () => {
  const problem = (p: Partial<RowProblem>): RowProblem => ({
    row: 3,
    column: 'E-mail',
    code: 'notAnEmail',
    field: 'email',
    value: 'bob@',
    ...p,
  });

  it('names the row, the column and the reason', () => {
    expect(describeProblem(problem({}), 'en')).toBe(
      'row 3, column "E-mail": "bob@" is not an e-mail address',
    );
    expect(
      describeProblem(problem({ column: 'Name', code: 'missing', field: 'name', value: '' }), 'en'),
    ).toBe('row 3, column "Name": the name is missing');
    expect(
      describeProblem(problem({ column: 'Stage', code: 'unknownStage', value: 'Maybe' }), 'en'),
    ).toBe('row 3, column "Stage": stage "Maybe" is not one of ours');
  });

  it('names the column of a field for a problem found beyond the cells, else the row alone', () => {
    const owner = problem({ column: '', code: 'unknownOwner', field: 'owner', value: 'Tom Lee' });
    const mapping = [
      { header: 'Company', field: 'name' },
      { header: 'Account owner', field: 'owner' },
    ];
    expect(describeProblem(owner, 'en', mapping)).toBe(
      'row 3, column "Account owner": "Tom Lee" is no member of the team; the owner is left empty',
    );
    expect(describeProblem(owner, 'en')).toBe(
      'row 3: "Tom Lee" is no member of the team; the owner is left empty',
    );
  });

  it('describes every code, quoting a long value shortened', () => {
    const codes: RowProblem['code'][] = [
      'notANumber',
      'notADate',
      'notAShare',
      'notAnEmail',
      'notAWebsite',
      'notACurrency',
      'unknownStage',
      'unknownRole',
      'unknownAttitude',
      'unknownTier',
      'tooLong',
      'formula',
      'missing',
      'noAccount',
      'tooManyOrders',
      'unknownOwner',
    ];
    for (const code of codes) {
      const text = describeProblem(problem({ code, value: 'x'.repeat(500) }), 'en');
      expect(text).toMatch(/^row 3, column "E-mail": \S/);
      expect(text.length).toBeLessThan(200);
    }
  });
});
