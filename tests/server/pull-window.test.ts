import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/store/db.ts';
import { createTeam } from '../../server/store/identity.ts';
import { pullFromDb, pullPage, setPullWindowLimits } from '../../server/store/pull.ts';
import { applyPush } from '../../server/store/rows.ts';
import { DEFAULT_SETTINGS, HlcClock, type Mutation } from '../../shared/index.ts';

describe('a pull answers the same from the recent-changes window as from the database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'al-window-'));
  // Tiny windows, so trimming the oldest entries and restarting after a backlog both happen.
  setPullWindowLimits({ window: 25, catchUp: 40, teams: 2 });
  afterAll(() => {
    setPullWindowLimits({ window: 10_000, catchUp: 5_000, teams: 20 });
    rmSync(dir, { recursive: true, force: true });
  });

  it('for any interleaving of pushes (new rows, edits, private notes) and pulls (property)', () => {
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant('push' as const),
              size: fc.integer({ min: 1, max: 30 }),
              edits: fc.double({ min: 0, max: 1, noNaN: true }),
              privateShare: fc.double({ min: 0, max: 1, noNaN: true }),
              byOther: fc.boolean(),
            }),
            fc.record({
              kind: fc.constant('pull' as const),
              back: fc.nat({ max: 80 }),
              limit: fc.integer({ min: 1, max: 40 }),
              asOther: fc.boolean(),
            }),
          ),
          { minLength: 1, maxLength: 40 },
        ),
        (steps) => {
          const db = openDatabase(join(dir, `w${run++}.db`));
          try {
            const team = createTeam(db, 'Window', DEFAULT_SETTINGS, Date.now());
            const alice = ulid();
            const bob = ulid();
            const clock = new HlcClock('prop');
            const notes: { id: string; author: string }[] = [];
            let seq = 0;
            for (const step of steps) {
              if (step.kind === 'push') {
                const author = step.byOther ? bob : alice;
                const mutations: Mutation[] = [];
                for (let i = 0; i < step.size; i++) {
                  const mine = notes.filter((n) => n.author === author);
                  const old = mine[Math.floor(step.edits * mine.length * 2)];
                  if (old) {
                    mutations.push({
                      mutationId: ulid(),
                      table: 'notes',
                      id: old.id,
                      hlc: clock.tick(),
                      fields: { body: `edit ${i}`, visibility: i % 3 === 0 ? 'private' : 'team' },
                    });
                  } else {
                    const id = ulid();
                    notes.push({ id, author });
                    mutations.push({
                      mutationId: ulid(),
                      table: 'notes',
                      id,
                      hlc: clock.tick(),
                      fields: {
                        kind: 'note',
                        body: `note ${i}`,
                        authorId: author,
                        at: 1,
                        createdAt: 1,
                        visibility: i / step.size < step.privateShare ? 'private' : 'team',
                      },
                    });
                  }
                }
                seq = applyPush(
                  db,
                  { teamId: team.id, memberId: author, clock, now: Date.now() },
                  mutations,
                ).seq;
              } else {
                const member = step.asOther ? bob : alice;
                const cursor = Math.max(0, seq - step.back);
                const fromWindow = pullPage(db, team.id, member, cursor, step.limit);
                const fromDb = pullFromDb(db, team.id, member, cursor, step.limit);
                expect(fromWindow.json).toBe(fromDb.json);
              }
            }
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
