import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import { type BookChange, WHOLE_BOOK } from '../book/types.ts';

type AccountField = 'id' | 'accountId';

/**
 * A table of change records, `{seq, accountIds}`, one per write request, for one consumer that
 * keeps something derived from the synced tables current: what it watches and where each
 * watched row names its account.
 */
interface ChangeLog {
  readonly table: string;
  readonly accountOf: Readonly<Record<string, AccountField>>;
  /** Meta keys whose change changes everything the consumer derives. */
  readonly wideMeta: ReadonlySet<string>;
}

const LOGS: readonly ChangeLog[] = [
  {
    // The Book page's rows and actions (extension/book/refresh.ts). Note revisions feed
    // nothing. A note, task or decision that names no account directly (only a contact or an
    // opportunity) is picked up by the next whole-book refresh, which resolves it.
    table: 'book_changes',
    accountOf: {
      accounts: 'id',
      account_insights: 'id',
      contacts: 'accountId',
      notes: 'accountId',
      opportunities: 'accountId',
      tasks: 'accountId',
      action_decisions: 'accountId',
    },
    // The team's cadences, win rates, ... change every account's actions.
    wideMeta: new Set(['teamSettings']),
  },
  {
    // The search index (extension/search/maintain.ts): names, domains and e-mails.
    table: 'search_changes',
    accountOf: { accounts: 'id', contacts: 'accountId' },
    wideMeta: new Set(),
  },
];

function accountIdOf(row: unknown, field: 'id' | 'accountId'): string | undefined {
  if (typeof row !== 'object' || row === null) return undefined;
  const value = (row as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The accounts a write to `table` names; WHOLE_BOOK when it cannot say (a range delete). A
 * delete of rows that name their account by a field is answered by `needsRead` instead.
 */
function touched(log: ChangeLog, table: string, req: DBCoreMutateRequest): Set<string> {
  const ids = new Set<string>();
  if (req.type === 'deleteRange') {
    ids.add(WHOLE_BOOK);
    return ids;
  }
  if (table === 'meta') {
    const keys: unknown[] =
      req.type === 'delete'
        ? req.keys
        : req.values.map((row: unknown) => (row as { key?: unknown } | null)?.key);
    if (keys.some((key) => typeof key === 'string' && log.wideMeta.has(key))) {
      ids.add(WHOLE_BOOK);
    }
    return ids;
  }
  const field = log.accountOf[table];
  if (field === undefined) return ids;
  if (req.type === 'delete') {
    if (field === 'id') for (const k of req.keys) if (typeof k === 'string') ids.add(k);
    return ids;
  }
  for (const row of req.values) {
    const id = accountIdOf(row, field);
    if (id !== undefined) ids.add(id);
  }
  return ids;
}

/** Whether a write to `table` can concern the log. */
const watches = (log: ChangeLog, table: string): boolean =>
  table === 'meta' ? log.wideMeta.size > 0 : log.accountOf[table] !== undefined;

/**
 * Records the accounts every write touches, for each consumer's log, in the write's own
 * transaction: whichever context writes (a page, the background's sync, a test), the record is
 * stored if and only if the write is, and a context closing right after its write loses
 * nothing. Read-write transactions on a watched table get the logs added to their scope.
 */
export const recordChanges: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'ChangeLogs',
  // Below Dexie's hooks middleware (2), which needs the Dexie-level transaction to name every
  // table it writes; above observability (0), so live queries see the records.
  level: 1.5,
  create(down) {
    const logsOf = new Map<string, readonly ChangeLog[]>();
    const logsFor = (table: string): readonly ChangeLog[] => {
      let logs = logsOf.get(table);
      if (!logs) {
        logs = LOGS.filter((log) => watches(log, table));
        logsOf.set(table, logs);
      }
      return logs;
    };
    return {
      ...down,
      transaction(stores, mode, options) {
        if (mode !== 'readwrite') return down.transaction(stores, mode, options);
        const extra = new Set<string>();
        for (const store of stores) for (const log of logsFor(store)) extra.add(log.table);
        for (const store of stores) extra.delete(store);
        return down.transaction(extra.size > 0 ? [...stores, ...extra] : stores, mode, options);
      },
      table(name) {
        const table = down.table(name);
        const logs = logsFor(name);
        if (logs.length === 0) return table;
        return {
          ...table,
          mutate(req) {
            const record = (log: ChangeLog, ids: ReadonlySet<string>) => {
              if (ids.size === 0) return;
              void down.table(log.table).mutate({
                type: 'add',
                trans: req.trans,
                values: [{ accountIds: [...ids] } satisfies BookChange],
              });
            };
            // Requests are issued in the same tick as the write's own, never after an await:
            // Dexie's lower layers find the transaction through a zone that a native await
            // would lose. IndexedDB runs requests of a transaction in order.
            if (req.type === 'delete' && logs.some((log) => log.accountOf[name] === 'accountId')) {
              // A deleted row no longer says whose it was: read it first, in the same transaction.
              return table.getMany({ trans: req.trans, keys: req.keys }).then((rows: unknown[]) => {
                const ids = new Set<string>();
                for (const row of rows) {
                  const id = accountIdOf(row, 'accountId');
                  if (id !== undefined) ids.add(id);
                }
                const marks = logs.map((log) =>
                  log.accountOf[name] === 'accountId' ? ids : touched(log, name, req),
                );
                const write = table.mutate(req);
                logs.forEach((log, i) => {
                  record(log, marks[i] as Set<string>);
                });
                return write;
              });
            }
            const marks = logs.map((log) => touched(log, name, req));
            const write = table.mutate(req);
            logs.forEach((log, i) => {
              record(log, marks[i] as Set<string>);
            });
            return write;
          },
        };
      },
    };
  },
};
