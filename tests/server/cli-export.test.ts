import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_NAMES } from '../../shared/index.ts';
import { cli } from './child.ts';
import {
  account,
  makeTeamOfTwo,
  note,
  startTestServer,
  storeEnv,
  type TestServer,
} from './helpers.ts';

/** A CSV file as a spreadsheet reads it: header → value, one object per row. */
function readCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const parsed = Papa.parse<Record<string, string>>(text.slice(1), {
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('npm run server -- export', () => {
  let server: TestServer;
  let out: string;
  let teamId: string;
  const acme = ulid();
  const gone = ulid();
  const hostile = ulid();
  const other = ulid();

  beforeAll(async () => {
    server = await startTestServer();
    out = mkdtempSync(join(tmpdir(), 'al-export-'));
    const team = await makeTeamOfTwo(server, 'East');
    teamId = team.teamId;
    await team.admin.push([
      team.admin.mutation(
        'accounts',
        acme,
        account('北京宏远科技有限公司', {
          domains: ['hongyuan.cn', 'hy-tech.com'],
          revenue12m: 120_000,
        }),
      ),
      team.admin.mutation('accounts', gone, account('Deleted Ltd')),
      team.admin.mutation(
        'notes',
        hostile,
        note(team.admin.member.memberId, '=HYPERLINK("http://evil.example","Click")', {
          accountId: acme,
          at: Date.UTC(2026, 10, 30, 9),
        }),
      ),
    ]);
    await team.admin.push([team.admin.mutation('accounts', gone, { deleted: true })]);
    // Another team's account, which must not be in this team's export.
    const west = await makeTeamOfTwo(server, 'West');
    await west.admin.push([west.admin.mutation('accounts', other, account('Other Team Co'))]);
  });
  afterAll(async () => {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('writes every table of the team as CSV: its live rows only, Chinese intact, formulas defused', () => {
    const run = cli(['export', '--team', teamId, out], storeEnv(server));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/exported 1 accounts, .*1 notes.* to /);
    expect(readdirSync(out).sort()).toEqual(
      [...TABLE_NAMES, 'orders'].map((t) => `${t}.csv`).sort(),
    );

    const accounts = readCsv(join(out, 'accounts.csv'));
    expect(accounts.map((a) => a.id)).toEqual([acme]);
    expect(accounts[0]).toMatchObject({
      name: '北京宏远科技有限公司',
      domains: 'hongyuan.cn; hy-tech.com',
      revenue12m: '120000',
    });
    const [n] = readCsv(join(out, 'notes.csv'));
    expect(n).toMatchObject({
      body: `'=HYPERLINK("http://evil.example","Click")`,
      accountId: acme,
      accountName: '北京宏远科技有限公司',
      at: '2026-11-30T09:00:00.000Z',
    });
    expect(readFileSync(join(out, 'accounts.csv'), 'utf8')).not.toContain('Other Team Co');
    // No temporary file is left beside the export.
    expect(readdirSync(out).every((f) => f.endsWith('.csv'))).toBe(true);
  }, 60_000);

  it('names what is wrong with the command and writes nothing', () => {
    const env = storeEnv(server);
    const empty = mkdtempSync(join(tmpdir(), 'al-export-none-'));
    try {
      const noTeam = cli(['export', empty], env);
      expect(noTeam.status).toBe(2);
      expect(noTeam.stderr).toContain('--team ID is required');
      const unknown = cli(['export', '--team', ulid(), empty], env);
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toMatch(/--team: no team \S+ on this server/);
      const noDir = cli(['export', '--team', teamId], env);
      expect(noDir.status).toBe(2);
      expect(noDir.stderr).toContain('export takes one DIR');
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 60_000);
});
