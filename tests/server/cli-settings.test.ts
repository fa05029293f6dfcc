import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../server/cli.ts';
import { SettingsInputError, settingsCommand } from '../../server/settings-cli.ts';
import { openStore, type StoreLocation } from '../../server/store/open.ts';
import type { Store } from '../../server/store/store.ts';
import { cli } from './child.ts';
import { TEST_STORE } from './helpers.ts';
import { freshPostgresUrl } from './postgres-db.ts';

const field = (out: string, label: string): string => {
  const m = new RegExp(`${label}: (\\S+)`).exec(out);
  if (!m?.[1]) throw new Error(`no "${label}" in:\n${out}`);
  return m[1];
};

describe('npm run server -- settings', () => {
  let dir: string;
  let env: Record<string, string>;
  let location: StoreLocation;
  let dropDatabase: (() => Promise<void>) | undefined;
  let teamId: string;
  /** A connection of this test's own to the store the commands work on. */
  const withStore = async <T>(fn: (store: Store) => Promise<T>): Promise<T> => {
    const store = await openStore(location);
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  };
  /** The settings as stored, read straight from the database. */
  const stored = (): Promise<Record<string, Record<string, number>>> =>
    withStore(async (store) => {
      const team = await store.getTeam(teamId);
      if (!team) throw new Error(`no team ${teamId}`);
      return JSON.parse(JSON.stringify(team.settings));
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'al-cli-settings-'));
    if (TEST_STORE === 'postgres') {
      const db = await freshPostgresUrl();
      dropDatabase = db.drop;
      location = { kind: 'postgres', url: db.url };
      env = { DATA_DIR: dir, DATABASE_URL: db.url };
    } else {
      location = { kind: 'sqlite', path: join(dir, 'account-lens.db') };
      env = { DATA_DIR: dir };
    }
    const created = cli(['team', 'create', 'Acme', 'Sales'], env);
    expect(created.status, created.stderr).toBe(0);
    teamId = field(created.stdout, 'team id');
  });
  afterAll(async () => {
    await dropDatabase?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows a team's settings, by id or by name: cutoffs in percent, cadences in days, the rest by name", () => {
    const byId = cli(['settings', '--team', teamId], env);
    expect(byId.status, byId.stderr).toBe(0);
    expect(byId.stdout).toContain(`team: Acme Sales (${teamId})`);
    expect(byId.stdout).toMatch(/cutoffs\.keyStrategic = 1%/);
    expect(byId.stdout).toMatch(/cutoffs\.key = 19%/);
    expect(byId.stdout).toMatch(/cutoffs\.small = 50%/);
    expect(byId.stdout).toMatch(/cadenceDays\.small = 90/);
    expect(byId.stdout).toMatch(/staleStageDays = 30/);
    const byName = cli(['settings', '--team', 'Acme Sales'], env);
    expect(byName.status, byName.stderr).toBe(0);
    expect(byName.stdout).toBe(byId.stdout);
  }, 60_000);

  it('sets cutoffs and cadences with --set, and any setting from a JSON file', async () => {
    const set = cli(
      [
        'settings',
        '--team',
        teamId,
        '--set',
        'cutoffs.key=20',
        '--set',
        'cutoffs.small=49',
        '--set',
        'cadenceDays.small=60',
      ],
      env,
    );
    expect(set.status, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/cutoffs\.key = 20%/);
    expect(set.stdout).toMatch(/cadenceDays\.small = 60/);
    let s = await stored();
    expect(s.tierShares?.key).toBeCloseTo(0.2, 9);
    expect(s.tierShares?.small).toBeCloseTo(0.49, 9);
    expect(s.cadenceDays?.small).toBe(60);
    expect(s.cadenceDays?.key).toBe(14);

    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ cadenceDays: { key: 10 }, staleStageDays: 21 }));
    const fromFile = cli(['settings', '--team', 'Acme Sales', '--file', file], env);
    expect(fromFile.status, fromFile.stderr).toBe(0);
    s = await stored();
    expect(s.cadenceDays?.key).toBe(10);
    expect(s.cadenceDays?.small).toBe(60);
    expect(s.staleStageDays).toBe(21);
  }, 60_000);

  it('refuses a bad value or an unknown setting by name, and writes nothing', async () => {
    const before = await stored();
    const cases: [string[], RegExp][] = [
      [['--set', 'cadenceDays.small=0'], /cadenceDays\.small: .*at least 1 day/],
      [['--set', 'cadenceDays.tiny=3'], /cadenceDays\.tiny: unknown setting/],
      // All or nothing: a valid change beside a bad one is not written either.
      [['--set', 'cadenceDays.key=12', '--set', 'staleStageDays=-1'], /staleStageDays/],
    ];
    for (const [args, message] of cases) {
      const run = cli(['settings', '--team', teamId, ...args], env);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^settings not changed: /);
      expect(run.stderr).toMatch(message);
    }
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"cadenceDays": {"small": 30}, "tierShares": {"key": 2}}');
    const badFile = cli(['settings', '--team', teamId, '--file', file], env);
    expect(badFile.status).toBe(2);
    expect(badFile.stderr).toMatch(/tierShares\.key: must be at most 1/);
    expect(await stored()).toEqual(before);

    const noTeam = cli(['settings'], env);
    expect(noTeam.status).toBe(2);
    expect(noTeam.stderr).toContain('--team ID|NAME is required');
  }, 90_000);

  it('names the field of every kind of mistake (in process: the same code the command runs)', () =>
    withStore(async (store) => {
      const before = await stored();
      const run = (sets: string[], file?: string) =>
        settingsCommand(store, { team: teamId, sets, file }, () => {});
      const cases: [string[], RegExp][] = [
        [['cadenceDays.small=2.5'], /^cadenceDays\.small: .*whole number/],
        [['cadenceDays.small=ninety'], /^cadenceDays\.small: /],
        [['cutoffs.key=25'], /^tierShares: tier shares must add up to 100%/],
        [['cutoffs.key=lots'], /^cutoffs\.key: must be a number/],
        [['cutoffs.huge=5'], /^cutoffs\.huge: unknown setting/],
        [['constructor=1'], /^constructor: unknown setting/],
        [['__proto__.x=1'], /^__proto__: unknown setting/],
        [['winRates.negotiation=1.5'], /^winRates\.negotiation: must be at most 1/],
      ];
      for (const [sets, message] of cases) {
        await expect(run(sets), sets.join(' ')).rejects.toThrow(SettingsInputError);
        await expect(run(sets)).rejects.toThrow(message);
      }
      await expect(run(['novalue'])).rejects.toThrow(UsageError);
      const file = join(dir, 'not.json');
      writeFileSync(file, 'not json');
      await expect(run([], file)).rejects.toThrow(SettingsInputError);
      writeFileSync(file, '[1, 2]');
      await expect(run([], file)).rejects.toThrow(/must hold a JSON object/);
      await expect(
        settingsCommand(store, { team: 'Nobody', sets: [], file: undefined }, () => {}),
      ).rejects.toThrow(/no team "Nobody"/);
      expect(await stored()).toEqual(before);
    }));
});
