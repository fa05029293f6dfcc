import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../server/import-cli.ts';
import { toXlsx } from '../../shared/export/xlsx.ts';
import { DEFAULT_SETTINGS, MAX_PUSH_MUTATIONS } from '../../shared/index.ts';
import { ROOT } from './child.ts';
import { cliAsync } from './cli-async.ts';
import { account, makeTeamOfTwo, startTestServer, storeEnv, type TestServer } from './helpers.ts';

const FIXTURES = join(ROOT, 'tests/import/fixtures');

describe('npm run server -- import', () => {
  let server: TestServer;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'al-import-'));
    env = storeEnv(server);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A file in the test's folder: text as UTF-8, or bytes as they are. */
  const file = (name: string, content: string | Uint8Array): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  const run = (teamId: string, path: string, ...flags: string[]) =>
    cliAsync(['import', '--team', teamId, path, ...flags], env);

  it('prints what it found in the file, every row left out by row and column, and the counts', async () => {
    const team = await makeTeamOfTwo(server, 'Detect');
    const hubspot = join(FIXTURES, 'hubspot-companies.csv');
    const r = await run(team.teamId, hubspot);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'file: hubspot-companies.csv (text table, encoding utf-8, delimiter comma, 3 rows)',
    );
    expect(lines[1]).toMatch(/^rows are: accounts \(detected from the headers; scores accounts /);
    expect(r.stdout).toContain('  "Company name" → name\n');
    expect(r.stdout).toContain('  "Company Domain Name" → website\n');
    expect(r.stdout).toContain('  "Annual Revenue" → revenue12m\n');
    expect(r.stdout).toContain('  "City" → left out\n');
    expect(r.stdout).toContain('problems (1 row left out):\n');
    expect(r.stdout).toContain(
      '  row 3, column "Company name": "=HYPERLINK("http://evil.example";"Click")" is a spreadsheet formula; it is not imported (type the value instead)\n',
    );
    // Owners nobody in the team is: imported without one, each named like a problem.
    expect(r.stdout).toContain(
      '  row 1, column "Company owner": "Anna Berg" is no member of the team; the owner is left empty\n',
    );
    expect(r.stdout).toContain('2 new, 0 updated, 0 already there, 0 duplicates, 1 rejected\n');
    expect(r.stdout).toMatch(/written: 2 rows \(2 changes\) in 1 transaction/);

    // Problems of several kinds in one contacts file, each with its row and column.
    const contacts = file(
      'contacts-with-problems.csv',
      [
        'Name,Company,Email,Buying role,Attitude',
        'Priya Raman,Nordwerk Logistik SE,priya.raman@nordwerk.de,Decision maker,Champion',
        'Bob,Nordwerk Logistik SE,bob@,User,Neutral',
        'Carla Diaz,Nordwerk Logistik SE,carla@nordwerk.de,Astronaut,Neutral',
        ',,,,Positive',
      ].join('\n'),
    );
    const p = await run(team.teamId, contacts);
    expect(p.status, p.stderr).toBe(0);
    expect(p.stdout).toContain('rows are: contacts (detected');
    expect(p.stdout).toContain('problems (3 rows left out):\n');
    expect(p.stdout).toContain('  row 2, column "Email": "bob@" is not an e-mail address\n');
    expect(p.stdout).toContain(
      '  row 3, column "Buying role": buying role "Astronaut" is not one of ours\n',
    );
    expect(p.stdout).toContain('  row 4, column "Name": the name is missing\n');
    // The contact's account is in the book: matched by name, not created again.
    expect(p.stdout).toContain('1 new, 0 updated, 0 already there, 0 duplicates, 3 rejected\n');
    const names = (await server.store.liveRows(team.teamId, 'accounts')).map((a) => a.fields.name);
    expect(names.sort()).toEqual(['Brandt & Sons, Ltd', 'Nordwerk Logistik SE']);
  }, 60_000);

  it('reads a vCard file as contacts and a workbook by its sheet', async () => {
    const team = await makeTeamOfTwo(server, 'Cards');
    const v = await run(team.teamId, join(FIXTURES, 'iphone-contacts.vcf'));
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toContain('file: iphone-contacts.vcf (vCard, encoding utf-8, 3 cards)');
    expect(v.stdout).toContain('rows are: contacts (a vCard file holds contacts)');
    expect(v.stdout).toContain(
      '  row 3, column "EMAIL": "not an address" is not an e-mail address',
    );
    expect(v.stdout).toContain('2 new, 0 updated, 0 already there, 0 duplicates, 1 rejected');
    const contacts = (await server.store.liveRows(team.teamId, 'contacts')).map(
      (c) => c.fields.name,
    );
    expect(contacts.sort()).toEqual(["Jean-Luc d'Aubigny", '王小明']);

    const workbook = await toXlsx(
      'Kunden',
      ['Company', 'Website', 'Industry', 'Revenue (EUR)'],
      [['Kessler Maschinenbau GmbH', 'kessler-mb.de', 'Maschinenbau', 1_250_000]],
    );
    const x = await run(team.teamId, file('kunden.xlsx', workbook), '--sheet', 'Kunden');
    expect(x.status, x.stderr).toBe(0);
    expect(x.stdout).toContain('file: kunden.xlsx (Excel workbook, sheet "Kunden", 1 row)');
    expect(x.stdout).toContain('  "Revenue (EUR)" → revenue12m\n');
    expect(x.stdout).toContain('1 new, 0 updated');
    const wrongSheet = await run(team.teamId, join(dir, 'kunden.xlsx'), '--sheet', 'Nope');
    expect(wrongSheet.status).toBe(1);
    expect(wrongSheet.stderr).toContain('import failed: kunden.xlsx: ');
    expect(wrongSheet.stderr).toContain('nothing was written');
  }, 60_000);

  it('takes the columns a --mapping file names as it says, and refuses one that names what is not there', async () => {
    const team = await makeTeamOfTwo(server, 'Mapping');
    const contacts = file(
      'trade-fair.csv',
      [
        'Person,Firm,Mail,Remarks',
        'Anna Berg,Nordwerk Logistik SE,anna@gmail.com,met at fair',
      ].join('\n'),
    );
    const mapping = file('mapping.json', JSON.stringify({ Firm: 'accountName', Remarks: null }));
    const before = await server.store.teamSeq(team.teamId);

    const bad = (content: string) =>
      run(team.teamId, contacts, '--entity', 'contacts', '--mapping', file('bad.json', content));
    const noColumn = await bad(JSON.stringify({ Company: 'accountName' }));
    expect(noColumn.status).toBe(1);
    expect(noColumn.stderr).toContain(
      'the file has no column "Company" (its columns: "Person", "Firm", "Mail", "Remarks")',
    );
    const noField = await bad(JSON.stringify({ Firm: 'company' }));
    expect(noField.status).toBe(1);
    expect(noField.stderr).toContain(
      '"company" (for column "Firm") is no field of contacts; the fields are name, firstName,',
    );
    const twice = await bad(JSON.stringify({ Person: 'name', Firm: 'name' }));
    expect(twice.status).toBe(1);
    expect(twice.stderr).toContain('columns "Person" and "Firm" are both mapped to name');
    const notJson = await bad('{"Firm": accountName}');
    expect(notJson.status).toBe(1);
    expect(notJson.stderr).toMatch(/--mapping .*bad\.json: .*JSON/);
    const notObject = await bad('["Firm"]');
    expect(notObject.status).toBe(1);
    expect(notObject.stderr).toContain('must be a JSON object of "<header as in the file>"');
    for (const r of [noColumn, noField, twice, notJson, notObject]) {
      expect(r.stderr).toContain('nothing was written');
    }
    expect(await server.store.teamSeq(team.teamId)).toBe(before);

    // Without the mapping "Firm" names nothing, and a free-mail address names no company.
    const auto = await run(team.teamId, contacts, '--dry-run');
    expect(auto.stdout).toContain('  "Firm" → left out\n');
    expect(auto.stdout).toContain('  row 1: no account: give the company name, or an e-mail');

    const mapped = await run(team.teamId, contacts, '--mapping', mapping);
    expect(mapped.status, mapped.stderr).toBe(0);
    expect(mapped.stdout).toContain('columns (with mapping.json):\n');
    expect(mapped.stdout).toContain('  "Person" → name\n');
    expect(mapped.stdout).toContain('  "Firm" → accountName\n');
    expect(mapped.stdout).toContain('  "Remarks" → left out\n');
    expect(mapped.stdout).toContain('1 new, 0 updated');
    const [created] = await server.store.liveRows(team.teamId, 'accounts');
    expect(created?.fields.name).toBe('Nordwerk Logistik SE');
  }, 60_000);

  it('--dry-run prints everything and writes nothing; a second run writes nothing new; a teammate pulls the rows', async () => {
    const team = await makeTeamOfTwo(server, 'Twice');
    const salesforce = join(FIXTURES, 'salesforce-contacts.csv');
    const before = await server.store.teamSeq(team.teamId);

    const dry = await run(team.teamId, salesforce, '--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('  "Account Name" → accountName\n');
    expect(dry.stdout).toContain('2 new, 0 updated, 0 already there, 0 duplicates, 0 rejected\n');
    expect(dry.stdout).toContain('dry run: nothing written (2 rows would be)');
    expect(await server.store.teamSeq(team.teamId)).toBe(before);
    expect(await server.store.liveRows(team.teamId, 'contacts')).toEqual([]);

    const first = await run(team.teamId, salesforce);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('2 new, 0 updated');
    // Two contacts and the two accounts they create, one transaction.
    expect(first.stdout).toMatch(/written: 2 rows \(4 changes\) in 1 transaction/);
    const afterFirst = await server.store.teamSeq(team.teamId);
    expect(afterFirst).toBeGreaterThan(before);

    const second = await run(team.teamId, salesforce);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain(
      '0 new, 0 updated, 2 already there, 0 duplicates, 0 rejected\n',
    );
    expect(second.stdout).toContain('nothing to write');
    expect(await server.store.teamSeq(team.teamId)).toBe(afterFirst);

    // The rep's browser pulls them over HTTP like any teammate's edit: stamped by the import's
    // clock, with the account each contact belongs to.
    await team.rep.sync();
    const pulled = team.rep.rowsOf('contacts');
    expect(pulled.map((c) => c.fields.name).sort()).toEqual(["Jean-Luc d'Aubigny", 'Priya Raman']);
    const accounts = team.rep.rowsOf('accounts');
    const priya = pulled.find((c) => c.fields.name === 'Priya Raman');
    expect(priya?.fields).toMatchObject({
      title: 'VP Operations',
      emails: ['priya.raman@nordwerk.de'],
      phones: ['+49 40 1234568', '+49 171 5550101'],
    });
    expect(accounts.find((a) => a.id === priya?.fields.accountId)?.fields).toMatchObject({
      name: 'Nordwerk Logistik SE',
      // Found by the contact's e-mail address when it is at the company's own domain.
      domains: ['nordwerk.de'],
    });
    // The team's segmentation ran again: every imported account has its insight.
    const insights = team.rep.rowsOf('account_insights').map((i) => i.id);
    expect(insights.sort()).toEqual(accounts.map((a) => a.id).sort());
  }, 60_000);

  it('adds the orders of a GBK order list to their accounts, creating the accounts missing', async () => {
    const team = await makeTeamOfTwo(server, 'Orders');
    const hongyuan = ulid();
    await team.admin.push([
      team.admin.mutation(
        'accounts',
        hongyuan,
        account('北京宏远科技有限公司', {
          domains: ['hongyuan.cn'],
          orders: [{ at: Date.UTC(2025, 11, 1), amount: 50_000 }],
        }),
      ),
    ]);
    const erp = join(FIXTURES, 'erp-orders-gbk.csv');
    const r = await run(team.teamId, erp);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('encoding gb18030, delimiter comma, 3 rows');
    expect(r.stdout).toContain('rows are: orders (detected');
    expect(r.stdout).toContain('  "价税合计" → amount\n');
    expect(r.stdout).toContain('  "客户名称" → accountName\n');
    // One new account (with its order), two orders added to the account in the book.
    expect(r.stdout).toContain('1 new, 2 updated, 0 already there, 0 duplicates, 0 rejected\n');
    const accounts = await server.store.liveRows(team.teamId, 'accounts');
    const byName = new Map(accounts.map((a) => [a.fields.name, a]));
    expect(byName.get('北京宏远科技有限公司')?.id).toBe(hongyuan);
    expect(byName.get('北京宏远科技有限公司')?.fields.orders).toEqual([
      { at: Date.UTC(2025, 11, 1), amount: 50_000 },
      { at: new Date(2026, 0, 15).getTime(), amount: 128_000 },
      { at: new Date(2026, 1, 28).getTime(), amount: 9_800 },
    ]);
    expect(byName.get('上海东方精密机械有限公司')?.fields.orders).toEqual([
      { at: new Date(2026, 1, 3).getTime(), amount: 56_500.5 },
    ]);
    const again = await run(team.teamId, erp);
    expect(again.stdout).toContain('0 new, 0 updated, 3 already there');
  }, 60_000);

  it('refuses a file it cannot read, an unknown team and a wrong flag, and writes nothing', async () => {
    const team = await makeTeamOfTwo(server, 'Refuse');
    const before = await server.store.teamSeq(team.teamId);
    const cases: { path: string; message: string }[] = [
      { path: file('empty.csv', ''), message: 'empty.csv: the file is empty' },
      {
        path: file(
          'picture.csv',
          new Uint8Array(4096).map((_, i) => (i * 7) % 32),
        ),
        message: 'picture.csv: the file is not a CSV or TSV text file',
      },
      {
        path: file('broken.vcf', 'BEGIN:VCARD\nFN:x\n'),
        message: 'broken.vcf: the file is not a vCard file',
      },
      { path: file('fake.xlsx', 'Name,Website\nAcme,acme.com\n'), message: 'fake.xlsx: ' },
      { path: join(dir, 'missing.csv'), message: `cannot read ${join(dir, 'missing.csv')}` },
    ];
    for (const c of cases) {
      const r = await run(team.teamId, c.path);
      expect(r.status, `${c.path}: ${r.stdout}${r.stderr}`).toBe(1);
      expect(r.stderr).toContain(`import failed: ${c.message}`);
      expect(r.stderr).toContain('nothing was written');
    }
    const accounts = file('accounts.csv', 'Name,Website\nAcme,acme.com\n');
    const unknown = await run(ulid(), accounts);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/import failed: no team "\w+" on this server/);
    const notAnId = await run('East', accounts);
    expect(notAnId.status).toBe(1);
    expect(notAnId.stderr).toContain('import failed: no team "East" on this server');
    const entity = await run(team.teamId, accounts, '--entity', 'companies');
    expect(entity.status).toBe(2);
    expect(entity.stderr).toContain('--entity:');
    const currency = await run(team.teamId, accounts, '--currency', 'euro');
    expect(currency.status).toBe(2);
    expect(currency.stderr).toContain('--currency:');
    const noFile = await cliAsync(['import', '--team', team.teamId], env);
    expect(noFile.status).toBe(2);
    expect(noFile.stderr).toContain('import takes one FILE');
    const noTeam = await cliAsync(['import', accounts], env);
    expect(noTeam.status).toBe(2);
    expect(noTeam.stderr).toContain('--team ID is required');
    expect(await server.store.teamSeq(team.teamId)).toBe(before);
    // The same file under a name of its own kind is imported.
    copyFileSync(accounts, join(dir, 'accounts-ok.csv'));
    expect((await run(team.teamId, join(dir, 'accounts-ok.csv'))).status).toBe(0);
  }, 60_000);

  it('writes a file larger than one push in several transactions, each holding whole rows', async () => {
    const teamId = (await server.store.createTeam('Big', DEFAULT_SETTINGS, Date.now())).id;
    // Each row a contact whose account is new: two writes per row, never split.
    const n = MAX_PUSH_MUTATIONS / 2 + 10;
    const lines = ['Name,Company,Email'];
    for (let i = 0; i < n; i++) lines.push(`Person ${i},Company ${i},p${i}@company${i}.example`);
    const path = file('big.csv', lines.join('\n'));
    const printed: string[] = [];
    const result = await importFile(server.store, { team: teamId, file: path }, (l = '') =>
      printed.push(l),
    );
    expect(result.written).toBe(n);
    expect(result.transactions).toBe(2);
    expect(result.mutations).toBe(2 * n);
    expect(printed.at(-1)).toMatch(
      new RegExp(`^written: ${n} rows \\(${2 * n} changes\\) in 2 transactions`),
    );
    const contacts = await server.store.liveRows(teamId, 'contacts');
    const accounts = new Set((await server.store.liveRows(teamId, 'accounts')).map((a) => a.id));
    expect(contacts).toHaveLength(n);
    expect(contacts.every((c) => accounts.has(String(c.fields.accountId)))).toBe(true);
  }, 120_000);
});
