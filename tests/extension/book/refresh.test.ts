import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tally } from '../../../extension/book/counts.ts';
import { BOOK_BUILT, dayOf, rebuildBook, refreshBook } from '../../../extension/book/refresh.ts';
import {
  DAY_GROUPS,
  groupOf,
  groupRanges,
  isWhose,
  loadTodayCounts,
} from '../../../extension/book/today.ts';
import { type BookAction, type BookCount, WHOLE_BOOK } from '../../../extension/book/types.ts';
import { AccountLensDB } from '../../../extension/db/database.ts';
import { decideAction } from '../../../extension/db/decide-action.ts';
import { createRow, deleteRow, type WriteContext, writeRow } from '../../../extension/db/write.ts';
import { writeContext } from '../../../extension/ui/identity.ts';
import { DAY_MS, DEFAULT_SETTINGS, nextActions, type Priority } from '../../../shared/index.ts';

let db: AccountLensDB;
let ctx: WriteContext;
let n = 0;
const NOW = Date.UTC(2026, 10, 20, 12);

beforeEach(async () => {
  db = new AccountLensDB(`book-test-${n++}`);
  await db.open();
  ctx = { ...(await writeContext(db)), now: () => NOW - 200 * DAY_MS };
});

afterEach(async () => {
  db.close();
  await db.delete();
});

const dirtyIds = async () =>
  [...new Set((await db.book_changes.toArray()).flatMap((c) => c.accountIds))].sort();

describe('changed accounts are recorded for the Book page', () => {
  it('marks the account a note, contact or decision is written on, in the same transaction', async () => {
    const a = await createRow(ctx, 'accounts', { name: 'Acme' });
    const b = await createRow(ctx, 'accounts', { name: 'Globex' });
    await db.book_changes.clear();
    await createRow(ctx, 'notes', {
      accountId: a.id,
      kind: 'call',
      body: 'Hi',
      at: NOW,
      authorId: ctx.clientId,
    });
    expect(await dirtyIds()).toEqual([a.id]);
    await createRow(ctx, 'contacts', { accountId: b.id, name: 'Jane Doe' });
    expect(await dirtyIds()).toEqual([a.id, b.id].sort());
  });

  it('marks the account of a deleted contact, read before the row goes', async () => {
    const a = await createRow(ctx, 'accounts', { name: 'Acme' });
    const c = await createRow(ctx, 'contacts', { accountId: a.id, name: 'Jane Doe' });
    await db.book_changes.clear();
    await deleteRow(ctx, 'contacts', c.id);
    expect(await dirtyIds()).toEqual([a.id]);
  });

  it('marks the whole book when the team settings change or a table is cleared', async () => {
    await db.meta.put({ key: 'teamSettings', value: DEFAULT_SETTINGS });
    expect(await dirtyIds()).toEqual([WHOLE_BOOK]);
    await db.book_changes.clear();
    await db.meta.put({ key: 'clock', value: 'x' });
    expect(await dirtyIds()).toEqual([]);
    await db.contacts.clear();
    expect(await dirtyIds()).toEqual([WHOLE_BOOK]);
  });

  it('records nothing when the write is refused', async () => {
    await expect(createRow(ctx, 'contacts', { name: 'No account' })).rejects.toThrow(/accountId/);
    expect(await dirtyIds()).toEqual([]);
  });
});

describe('refreshBook', () => {
  it('computes the whole book on the first refresh of a day, then only the changed accounts', async () => {
    const a = await createRow(ctx, 'accounts', { name: 'Acme', revenue12m: 1000 });
    await createRow(ctx, 'accounts', { name: 'Globex', revenue12m: 50 });
    const first = await refreshBook(db, { now: NOW });
    expect(first).toMatchObject({ kind: 'whole', accounts: 2 });
    expect((await db.meta.get(BOOK_BUILT))?.value).toMatchObject({ day: dayOf(NOW) });
    expect(await db.book_rows.count()).toBe(2);
    expect(await refreshBook(db, { now: NOW })).toMatchObject({ kind: 'none' });
    await writeRow(ctx, 'accounts', a.id, { name: 'Acme Corp' });
    expect(await refreshBook(db, { now: NOW })).toMatchObject({ kind: 'accounts', accounts: 1 });
    expect((await db.book_rows.get(a.id))?.name).toBe('Acme Corp');
    expect((await db.book_actions.where('accountId').equals(a.id).first())?.accountName).toBe(
      'Acme Corp',
    );
    expect(await refreshBook(db, { now: NOW + DAY_MS })).toMatchObject({ kind: 'whole' });
  });

  it('drops an action marked done from Today at the next refresh', async () => {
    const a = await createRow(ctx, 'accounts', { name: 'Acme', revenue12m: 1000 });
    await refreshBook(db, { now: NOW });
    const [action] = await db.book_actions.where('accountId').equals(a.id).toArray();
    expect(action).toBeDefined();
    await decideAction(ctx, { actionKey: action?.key ?? '', accountId: a.id, decision: 'done' });
    await refreshBook(db, { now: NOW });
    expect(await db.book_actions.get(action?.key ?? '')).toBeUndefined();
  });

  it('keeps the change of a write that lands while a refresh runs', async () => {
    const a = await createRow(ctx, 'accounts', { name: 'Acme' });
    const seen = await db.book_changes.toArray();
    await writeRow(ctx, 'accounts', a.id, { name: 'Acme 2' });
    await rebuildBook(db, Math.max(...seen.map((c) => c.seq ?? 0)), NOW);
    expect(await dirtyIds()).toEqual([a.id]);
  });

  it('rewrites only the rows and actions that changed when it recomputes the whole book', async () => {
    const a = await createRow(ctx, 'accounts', { name: 'Acme', revenue12m: 1000 });
    await createRow(ctx, 'accounts', { name: 'Globex', revenue12m: 50 });
    await refreshBook(db, { now: NOW });
    const written: string[] = [];
    const onWrite = (key: string) => {
      written.push(key);
    };
    db.book_rows.hook('creating', onWrite);
    db.book_rows.hook('updating', (_changes, key) => onWrite(key));
    db.book_actions.hook('creating', onWrite);
    db.book_actions.hook('updating', (_changes, key) => onWrite(key));
    await db.book_changes.add({ accountIds: [WHOLE_BOOK] });
    expect(await refreshBook(db, { now: NOW })).toMatchObject({ kind: 'whole' });
    expect(written).toEqual([]);
    await db.accounts.update(a.id, { name: 'Acme Corp' });
    await db.book_changes.add({ accountIds: [WHOLE_BOOK] });
    await refreshBook(db, { now: NOW });
    expect(written).toContain(a.id);
    expect(written.every((k) => k === a.id || k.includes(a.id))).toBe(true);
  });

  it('rewrites nothing later the same day for an unchanged account whose standing action is still due', async () => {
    // No value data: "add revenue or potential" stays due for as long as that lasts.
    await createRow(ctx, 'accounts', { name: 'Nova' });
    await refreshBook(db, { now: NOW });
    const [action] = await db.book_actions.toArray();
    expect(action).toMatchObject({ rule: 'notYetTiered' });
    const written: string[] = [];
    db.book_rows.hook('creating', (key) => void written.push(key));
    db.book_rows.hook('updating', (_changes, key) => void written.push(String(key)));
    db.book_actions.hook('creating', (key) => void written.push(key));
    db.book_actions.hook('updating', (_changes, key) => void written.push(String(key)));
    await db.book_changes.add({ accountIds: [WHOLE_BOOK] });
    await refreshBook(db, { now: NOW + 5 * 3_600_000 });
    expect(written).toEqual([]);
    expect(await db.book_actions.toArray()).toEqual([action]);
  });

  it('rewrites only what a Done changed when it recomputes one account', async () => {
    // Two actions: "add revenue or potential" (standing) and a task; the task is marked done.
    const a = await createRow(ctx, 'accounts', { name: 'Nova' });
    await createRow(ctx, 'tasks', { accountId: a.id, title: 'Send the samples', dueAt: NOW });
    await refreshBook(db, { now: NOW });
    const before = await db.book_actions.where('accountId').equals(a.id).toArray();
    const task = before.find((x) => x.rule === 'task');
    const standing = before.find((x) => x.rule === 'notYetTiered');
    expect(task && standing).toBeDefined();
    const written: string[] = [];
    db.book_rows.hook('creating', (key) => void written.push(key));
    db.book_rows.hook('updating', (_changes, key) => void written.push(String(key)));
    db.book_actions.hook('creating', (key) => void written.push(key));
    db.book_actions.hook('updating', (_changes, key) => void written.push(String(key)));
    await decideAction(ctx, { actionKey: task?.key ?? '', accountId: a.id, decision: 'done' });
    expect(await refreshBook(db, { now: NOW + 3_600_000 })).toMatchObject({ kind: 'accounts' });
    // The book row changed (one action fewer); the standing action did not.
    expect(written).toEqual([a.id]);
    expect(await db.book_actions.where('accountId').equals(a.id).toArray()).toEqual([standing]);
  });

  it('removes the rows and actions of a deleted account', async () => {
    const a = await createRow(ctx, 'accounts', { name: 'Acme' });
    await refreshBook(db, { now: NOW });
    await deleteRow(ctx, 'accounts', a.id);
    await refreshBook(db, { now: NOW });
    expect(await db.book_rows.count()).toBe(0);
    expect(await db.book_actions.count()).toBe(0);
  });
});

describe('Today is kept current one account at a time', () => {
  it('holds the same actions after any series of writes as the rules engine over the whole book', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            op: fc.constantFrom('account', 'touch', 'task', 'done', 'deleteAccount', 'revenue'),
            pick: fc.nat(),
            days: fc.integer({ min: 0, max: 120 }),
          }),
          { maxLength: 25 },
        ),
        async (ops) => {
          await Promise.all(db.tables.map((t) => t.clear()));
          await createRow(ctx, 'accounts', { name: 'Seed', revenue12m: 10 });
          await refreshBook(db, { now: NOW });
          for (const { op, pick, days } of ops) {
            const accounts = await db.accounts.toArray();
            const target = accounts[pick % Math.max(1, accounts.length)];
            const at = NOW - days * DAY_MS;
            if (op === 'account' || !target) {
              await createRow(ctx, 'accounts', { name: `A${pick}`, revenue12m: days * 10 });
            } else if (op === 'touch') {
              await createRow(ctx, 'notes', {
                accountId: target.id,
                kind: 'visit',
                body: '',
                at,
                authorId: ctx.clientId,
              });
            } else if (op === 'task') {
              await createRow(ctx, 'tasks', { accountId: target.id, title: 'Call', dueAt: at });
            } else if (op === 'revenue') {
              await writeRow(ctx, 'accounts', target.id, { revenue12m: days });
            } else if (op === 'deleteAccount') {
              await deleteRow(ctx, 'accounts', target.id);
            } else {
              const [first] = await db.book_actions.where('accountId').equals(target.id).toArray();
              if (first) {
                await decideAction(ctx, {
                  actionKey: first.key,
                  accountId: target.id,
                  decision: 'done',
                });
              }
            }
            await refreshBook(db, { now: NOW });
          }
          const expected = nextActions(
            {
              accounts: await db.accounts.toArray(),
              contacts: await db.contacts.toArray(),
              notes: await db.notes.toArray(),
              opportunities: await db.opportunities.toArray(),
              tasks: await db.tasks.toArray(),
              decisions: await db.action_decisions.toArray(),
              insights: new Map(),
            },
            DEFAULT_SETTINGS,
            NOW,
          );
          const stored = await db.book_actions.toArray();
          expect(stored.map((a) => a.key).sort()).toEqual(expected.map((a) => a.key).sort());
          expect(await db.book_rows.count()).toBe(await db.accounts.count());
          // Today's counts, kept per owner and day beside the actions, never drift from them.
          const byKey = (counts: BookCount[]) =>
            counts.map((c) => `${c.key}=${c.n}`).sort((a, b) => a.localeCompare(b));
          expect(byKey(await db.book_counts.toArray())).toEqual(byKey(tally(stored)));
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe("Today's group counts", () => {
  it("match the actions in each group, the whole team's and one member's, across local midnights", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            ownerId: fc.constantFrom('me', 'bob', ''),
            dueAt: fc.integer({ min: NOW - 20 * DAY_MS, max: NOW + 20 * DAY_MS }),
            priority: fc.constantFrom<Priority>(0, 1, 2, 3, 4),
          }),
          { maxLength: 60 },
        ),
        async (specs) => {
          await Promise.all([db.book_actions.clear(), db.book_counts.clear()]);
          const actions: BookAction[] = specs.map((s, i) => ({
            ...s,
            key: `k${i}`,
            accountId: `a${i % 7}`,
            accountName: 'A',
            rule: 'task',
            title: { id: 'x', params: {} },
            reason: { id: 'x', params: {} },
          }));
          // As a refresh leaves them: the actions and their counts.
          await db.book_actions.bulkPut(actions);
          await db.book_counts.bulkPut(tally(actions));
          const ranges = groupRanges(NOW);
          for (const whose of [{ kind: 'team' }, { kind: 'member', id: 'me' }] as const) {
            const expected = Object.fromEntries(DAY_GROUPS.map((g) => [g, 0]));
            for (const a of actions) {
              const group = groupOf(a.dueAt, ranges);
              if (isWhose(whose, a)) expected[group] = (expected[group] ?? 0) + 1;
            }
            expect(await loadTodayCounts(db, whose, NOW)).toEqual(expected);
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
