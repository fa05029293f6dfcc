import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, stmt } from '../../server/store/db.ts';
import { createTeam } from '../../server/store/identity.ts';
import { applyPushGroup, teamSeq } from '../../server/store/rows.ts';
import { DEFAULT_SETTINGS, HlcClock, type Mutation, ValidationError } from '../../shared/index.ts';

describe('pushes committed as one group keep their own outcome', () => {
  const dir = mkdtempSync(join(tmpdir(), 'al-group-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a bad push in a group rolls back alone; the others commit with consecutive seqs', () => {
    const db = openDatabase(join(dir, 'group.db'));
    try {
      const team = createTeam(db, 'Group', DEFAULT_SETTINGS, Date.now());
      const clock = new HlcClock('group');
      const ctx = { teamId: team.id, memberId: ulid(), clock, now: Date.now() };
      const accountPush = (name: string): Mutation[] => [
        {
          mutationId: ulid(),
          table: 'accounts',
          id: ulid(),
          hlc: clock.tick(),
          fields: { name, createdAt: 1 },
        },
        {
          mutationId: ulid(),
          table: 'accounts',
          id: ulid(),
          hlc: clock.tick(),
          fields: { name: `${name} 2`, createdAt: 1 },
        },
      ];
      const good1 = accountPush('First');
      const bad: Mutation[] = [
        ...accountPush('Half'),
        {
          mutationId: ulid(),
          table: 'accounts',
          id: ulid(),
          hlc: clock.tick(),
          fields: { industry: 'no name' },
        },
      ];
      const good2 = accountPush('Second');

      const results = applyPushGroup(db, [
        { ctx, mutations: good1 },
        { ctx, mutations: bad },
        { ctx, mutations: good2 },
      ]);
      expect(results.map((r) => r.ok)).toEqual([true, false, true]);
      const failed = results[1];
      expect(failed?.ok === false && failed.error instanceof ValidationError).toBe(true);
      const names = stmt(
        db,
        "SELECT json_extract(fields, '$.name') FROM rows WHERE team_id = ? ORDER BY seq",
      )
        .pluck()
        .all(team.id);
      expect(names).toEqual(['First', 'First 2', 'Second', 'Second 2']);
      expect(
        stmt(db, 'SELECT seq FROM rows WHERE team_id = ? ORDER BY seq').pluck().all(team.id),
      ).toEqual([1, 2, 3, 4]);
      expect(teamSeq(db, team.id)).toBe(4);
      // The failed push's mutation ids were not remembered: fixed and resent, it applies.
      const applied = stmt(db, 'SELECT count(*) FROM applied_mutations WHERE team_id = ?')
        .pluck()
        .get(team.id);
      expect(applied).toBe(4);
    } finally {
      db.close();
    }
  });
});
