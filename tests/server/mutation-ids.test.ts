import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, stmt } from '../../server/store/db.ts';
import { createTeam } from '../../server/store/identity.ts';
import {
  applyPush,
  MUTATION_ID_RETENTION_MS,
  pruneAppliedMutations,
  teamSeq,
} from '../../server/store/rows.ts';
import { DEFAULT_SETTINGS, HlcClock, type Mutation } from '../../shared/index.ts';

const DAY = 24 * 60 * 60 * 1000;

describe('applied mutation ids are not kept forever', () => {
  const dir = mkdtempSync(join(tmpdir(), 'al-mutation-ids-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ids older than the retention are forgotten, recent ones kept; a late retry still changes nothing', () => {
    const db = openDatabase(join(dir, 'ids.db'));
    try {
      const team = createTeam(db, 'Retention', DEFAULT_SETTINGS, Date.now());
      const clock = new HlcClock('retention');
      const now = Date.now();
      const push = (at: number, m: Mutation) =>
        applyPush(db, { teamId: team.id, memberId: ulid(), clock, now: at }, [m]);
      const count = () =>
        stmt(db, 'SELECT count(*) AS n FROM applied_mutations WHERE team_id = ?').get(team.id) as {
          n: number;
        };

      const accountId = ulid();
      const old: Mutation = {
        mutationId: ulid(),
        table: 'accounts',
        id: accountId,
        hlc: clock.tick(),
        fields: { name: 'Acme', createdAt: 1 },
      };
      push(now - MUTATION_ID_RETENTION_MS - DAY, old);
      push(now - DAY, {
        mutationId: ulid(),
        table: 'accounts',
        id: accountId,
        hlc: clock.tick(),
        fields: { name: 'Acme Robotics' },
      });
      expect(count().n).toBe(2);

      expect(pruneAppliedMutations(db, now)).toBe(1);
      expect(count().n).toBe(1);

      // The forgotten push arrives again (a browser that never heard the answer): its stamp is
      // older than the row's, so the row and the team's seq stay as they are.
      const seq = teamSeq(db, team.id);
      const again = push(now, old);
      expect(again.changed).toBe(false);
      expect(teamSeq(db, team.id)).toBe(seq);
    } finally {
      db.close();
    }
  });
});
