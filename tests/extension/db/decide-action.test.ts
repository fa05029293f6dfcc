import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountLensDB } from '../../../extension/db/database.ts';
import { decideAction, reopenAction } from '../../../extension/db/decide-action.ts';
import { createRow, type WriteContext } from '../../../extension/db/write.ts';
import { writeContext } from '../../../extension/ui/identity.ts';

let db: AccountLensDB;
let ctx: WriteContext;
let n = 0;

beforeEach(async () => {
  db = new AccountLensDB(`decide-test-${n++}`);
  await db.open();
  ctx = await writeContext(db);
});

afterEach(async () => {
  db.close();
  await db.delete();
});

describe('reopening a decided action', () => {
  it('removes every decision on the action and sends each removal to the team', async () => {
    const a = await createRow(ctx, 'accounts', { name: 'Acme' });
    const key = `touchCadence:${a.id}:1`;
    const mine = await decideAction(ctx, { actionKey: key, accountId: a.id, decision: 'snoozed' });
    const theirs = await decideAction(ctx, { actionKey: key, accountId: a.id, decision: 'done' });
    const other = await decideAction(ctx, { actionKey: `${key}0`, decision: 'done' });
    const before = await db.outbox.count();

    await reopenAction(ctx, [mine.id, theirs.id]);

    expect((await db.action_decisions.toArray()).map((d) => d.id)).toEqual([other.id]);
    const sent = (await db.outbox.toArray()).slice(before);
    expect(sent.map((e) => [e.table, e.rowId, e.fields])).toEqual([
      ['action_decisions', mine.id, { deleted: true }],
      ['action_decisions', theirs.id, { deleted: true }],
    ]);
  });

  it('writes nothing when one of the removals fails', async () => {
    const d = await decideAction(ctx, { actionKey: 'k', decision: 'done' });
    const before = await db.outbox.count();
    await expect(reopenAction(ctx, [d.id, 'not an id'])).rejects.toThrow();
    expect((await db.action_decisions.toArray()).map((x) => x.id)).toEqual([d.id]);
    expect(await db.outbox.count()).toBe(before);
  });
});
