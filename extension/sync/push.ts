import { z } from 'zod';
import { MAX_PUSH_MUTATIONS, type Mutation, type TableName } from '../../shared/index.ts';
import type { AccountLensDB, OutboxEntry } from '../db/database.ts';
import type { SyncApi } from './api.ts';
import { RequestRejectedError } from './errors.ts';
import { META, type RejectedWrite, RejectedWrite as RejectedWriteSchema } from './state.ts';

/** Fields that name a person: written with the placeholder author id before the rep joined. */
export const PERSON_FIELDS: Readonly<Record<string, readonly string[]>> = {
  notes: ['authorId'],
  action_decisions: ['decidedBy'],
  tasks: ['assigneeId'],
  accounts: ['ownerId'],
};

/** A mutation as sent: the placeholder author id (the client id) becomes the member id. */
export function toMutation(e: OutboxEntry, placeholder: string, memberId: string): Mutation {
  let fields = e.fields;
  for (const f of PERSON_FIELDS[e.table] ?? []) {
    if (fields[f] === placeholder) fields = { ...fields, [f]: memberId };
  }
  const m: Mutation = { mutationId: e.mutationId, table: e.table, id: e.rowId, hlc: e.hlc, fields };
  if (e.base !== undefined) m.base = e.base;
  return m;
}

export interface PushOutcome {
  readonly pushed: number;
  /** Tables of the acknowledged writes. */
  readonly tables: ReadonlySet<TableName>;
  /** Writes the server refused; moved out of the outbox into meta `sync.rejected`. */
  readonly rejected: readonly RejectedWrite[];
}

const MAX_KEPT_REJECTIONS = 100;
const MUTATION_INDEX = /^mutations\[(\d+)\]/;

/**
 * Push the outbox, oldest first, in batches of at most MAX_PUSH_MUTATIONS. An entry leaves the
 * outbox only once the server acknowledged it (after its commit). A batch is all or nothing on
 * the server, so one write it refuses (4xx) would block every later one forever: the refused
 * write is found (the error names `mutations[i]`, else the batch is halved until one is left),
 * moved to `sync.rejected` with the server's reason, and the rest is pushed again.
 */
export async function pushOutbox(
  db: AccountLensDB,
  api: SyncApi,
  ids: { clientId: string; memberId: string },
  now: () => number = Date.now,
): Promise<PushOutcome> {
  let pushed = 0;
  const tables = new Set<TableName>();
  const rejected: RejectedWrite[] = [];
  let limit = MAX_PUSH_MUTATIONS;
  for (;;) {
    const batch = await db.outbox.orderBy('seq').limit(limit).toArray();
    if (batch.length === 0) break;
    const mutations = batch.map((e) => toMutation(e, ids.clientId, ids.memberId));
    try {
      const { acked } = await api.push({ clientId: ids.clientId, mutations });
      const ackedIds = new Set(acked);
      const ackedEntries = batch.filter((e) => ackedIds.has(e.mutationId));
      const done = ackedEntries.map((e) => e.seq as number);
      await db.outbox.bulkDelete(done);
      for (const e of ackedEntries) tables.add(e.table);
      pushed += done.length;
      // A server that acknowledges nothing would loop forever here.
      if (done.length === 0) break;
      limit = MAX_PUSH_MUTATIONS;
    } catch (error) {
      if (!(error instanceof RequestRejectedError) || error.status === 413) {
        if (error instanceof RequestRejectedError && batch.length > 1) {
          // Too large in bytes (5 MB): smaller batches.
          limit = Math.max(1, Math.floor(batch.length / 2));
          continue;
        }
        throw error;
      }
      const index = Number(MUTATION_INDEX.exec(error.field ?? '')?.[1] ?? Number.NaN);
      const culprit = Number.isInteger(index)
        ? batch[index]
        : batch.length === 1
          ? batch[0]
          : undefined;
      if (culprit === undefined) {
        limit = Math.max(1, Math.floor(batch.length / 2));
        continue;
      }
      const entry: RejectedWrite = {
        mutationId: culprit.mutationId,
        table: culprit.table,
        rowId: culprit.rowId,
        fields: culprit.fields,
        reason: error.message,
        at: now(),
      };
      rejected.push(entry);
      await quarantine(db, culprit, entry);
    }
  }
  return { pushed, tables, rejected };
}

async function quarantine(
  db: AccountLensDB,
  culprit: OutboxEntry,
  entry: RejectedWrite,
): Promise<void> {
  await db.transaction('rw', db.outbox, db.meta, async () => {
    const stored = await db.meta.get(META.rejected);
    const list = z.array(RejectedWriteSchema).safeParse(stored?.value);
    const kept = [...(list.success ? list.data : []), entry].slice(-MAX_KEPT_REJECTIONS);
    await db.meta.put({ key: META.rejected, value: kept });
    await db.meta.put({
      key: META.problem,
      value: { kind: 'rejected', message: `a change was refused by the server: ${entry.reason}` },
    });
    if (culprit.seq !== undefined) await db.outbox.delete(culprit.seq);
  });
}
