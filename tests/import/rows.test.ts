import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ImportEntity, mapColumns, readRows } from '../../shared/import/index.ts';

const read = <E extends ImportEntity>(entity: E, headers: string[], rows: string[][]) =>
  readRows(entity, mapColumns(entity, headers), rows, { currency: 'USD' });

describe("reading a file's rows into drafts", () => {
  it("reads a HubSpot companies export: website to its host, as a rep's own entry is stored; revenue; grade as a manual tier", () => {
    const { drafts, problems } = read(
      'accounts',
      ['Record ID', 'Company name', 'Company Domain Name', 'Annual Revenue', 'Customer Grade'],
      [['1', 'Nordwerk Logistik SE', 'https://www.nordwerk.de/about', '1.200.000 €', 'A']],
    );
    expect(problems).toEqual([]);
    expect(drafts).toEqual([
      {
        row: 1,
        draft: {
          name: 'Nordwerk Logistik SE',
          domains: ['www.nordwerk.de'],
          revenue12m: 1_200_000,
          tierOverride: { tier: 'keyStrategic', reason: 'Imported' },
        },
      },
    ]);
  });

  it("keeps a contact's honorifics and degrees in their own field, as our export writes them", () => {
    const { drafts, problems } = read(
      'contacts',
      ['name', 'honorifics', 'title', 'emails', 'Account'],
      [['Anna Berg', 'Prof. Dr.', 'Head of Procurement', 'anna.berg@nordwerk.de', 'Nordwerk']],
    );
    expect(problems).toEqual([]);
    expect(drafts[0]?.draft).toMatchObject({ name: 'Anna Berg', honorifics: 'Prof. Dr.' });
  });

  it('names every problem by row, column and reason, and leaves that row out whole', () => {
    const { drafts, problems } = read(
      'contacts',
      ['姓名', '所属客户', '邮箱', '角色'],
      [
        ['王小明', '北京宏远科技有限公司', 'xm@hongyuan.cn', '决策者'],
        ['李雷', '北京宏远科技有限公司', 'not-an-address', '决策者、CEO'],
        ['', '', '', ''],
        ['韩梅梅', '', '', ''],
      ],
    );
    expect(drafts.map((d) => d.row)).toEqual([1]);
    expect(drafts[0]?.draft).toMatchObject({
      name: '王小明',
      accountName: '北京宏远科技有限公司',
      accountDomain: 'hongyuan.cn',
      emails: ['xm@hongyuan.cn'],
      roles: ['decisionMaker'],
    });
    expect(problems).toEqual([
      { row: 2, column: '邮箱', code: 'notAnEmail', field: 'email', value: 'not-an-address' },
      { row: 2, column: '角色', code: 'unknownRole', field: 'roles', value: 'CEO' },
      { row: 4, column: '所属客户', code: 'missing', field: 'accountName', value: '' },
    ]);
  });

  it("reads deals with other tools' stages, the currency from the header, and lost deals", () => {
    const { drafts, problems } = read(
      'opportunities',
      ['Opportunity Name', 'Account Name', 'Stage', 'Amount (EUR)', 'Close Date'],
      [
        ['Line 3 retrofit', 'Acme', 'Negotiation/Review', '10,000', '31/12/2026'],
        ['Spare parts', 'Acme', 'Closed Lost', '500', '01/06/2026'],
        ['Pilot', 'Acme', 'Somewhere', 'lots', '2026-02-30'],
      ],
    );
    expect(drafts.map((d) => d.draft)).toEqual([
      {
        name: 'Line 3 retrofit',
        accountName: 'Acme',
        stage: 'negotiation',
        lost: false,
        amount: 10_000,
        currency: 'EUR',
        expectedCloseAt: new Date(2026, 11, 31).getTime(),
      },
      {
        name: 'Spare parts',
        accountName: 'Acme',
        stage: 'identify',
        lost: true,
        amount: 500,
        currency: 'EUR',
        expectedCloseAt: new Date(2026, 5, 1).getTime(),
      },
    ]);
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, 'Stage', 'unknownStage'],
      [3, 'Amount (EUR)', 'notANumber'],
      [3, 'Close Date', 'notADate'],
    ]);
  });

  it('reads a Chinese ERP order list in yuan', () => {
    const { drafts, problems } = read(
      'orders',
      ['单据编号', '单据日期', '客户名称', '价税合计（元）'],
      [['XSDD001', '2026年3月1日', '北京宏远科技有限公司', '12,500.00']],
    );
    expect(problems).toEqual([]);
    expect(drafts[0]?.draft).toEqual({
      accountName: '北京宏远科技有限公司',
      at: new Date(2026, 2, 1).getTime(),
      amount: 12_500,
      currency: 'CNY',
    });
  });

  it('accounts for every non-empty row: imported or named in a problem, never both, never lost', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(fc.constant(''), fc.string({ maxLength: 20 })),
            fc.oneof(fc.constant(''), fc.constant('a@b.co'), fc.string({ maxLength: 20 })),
            fc.oneof(fc.constant(''), fc.constant('Acme'), fc.string({ maxLength: 20 })),
          ),
          { maxLength: 25 },
        ),
        (rows) => {
          const cells = rows.map((r) => [...r]);
          const { drafts, problems } = read('contacts', ['Name', 'Email', 'Company'], cells);
          const imported = new Set(drafts.map((d) => d.row));
          const failed = new Set(problems.map((p) => p.row));
          for (const r of imported) expect(failed.has(r)).toBe(false);
          const nonEmpty = cells.flatMap((r, i) =>
            r.every((c) => c.trim() === '') ? [] : [i + 1],
          );
          expect([...imported, ...failed].sort((a, b) => a - b)).toEqual(nonEmpty);
        },
      ),
    );
  });
});

describe('cells a spreadsheet would run', () => {
  it('a formula or DDE link is a problem, while phone numbers and negative amounts are values', async () => {
    const { looksLikeFormula } = await import('../../shared/import/index.ts');
    for (const f of [
      '=HYPERLINK("http://x";"y")',
      '=1+1',
      '@SUM(A1:A9)',
      "+cmd|' /C calc'!A0",
      '-2+3|x',
    ]) {
      expect(looksLikeFormula(f), f).toBe(true);
    }
    for (const v of [
      '+49 30 1234567',
      '-5',
      '-1.234,50 €',
      '@acme',
      'Acme = best',
      '(415) 555-0100',
    ]) {
      expect(looksLikeFormula(v), v).toBe(false);
    }
  });
});
