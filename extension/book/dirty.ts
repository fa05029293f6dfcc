import type { DBCore, DBCoreDeleteRequest, DBCoreMutateRequest, Middleware } from 'dexie';
import { type BookChange, WHOLE_BOOK } from './types.ts';

/**
 * Tables whose rows feed the book, and which field of a row names its account. Note revisions
 * feed nothing. A note, task or decision that names no account directly (only a contact or an
 * opportunity) is picked up by the next whole-book refresh, which resolves it (refresh.ts).
 */
const ACCOUNT_OF: Readonly<Record<string, 'id' | 'accountId'>> = {
  accounts: 'id',
  account_insights: 'id',
  contacts: 'accountId',
  notes: 'accountId',
  opportunities: 'accountId',
  tasks: 'accountId',
  action_decisions: 'accountId',
};

/** Meta keys whose change changes every account's actions (the team's cadences, win rates, ...). */
const BOOK_WIDE_META = new Set(['teamSettings']);

const CHANGES = 'book_changes';

function accountIdOf(row: unknown, field: 'id' | 'accountId'): string | undefined {
  if (typeof row !== 'object' || row === null) return undefined;
  const value = (row as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The accounts a write to `table` names; WHOLE_BOOK when it cannot say (a range delete). A
 * delete of rows that name their account by a field is answered by `needsRead` instead.
 */
function touched(table: string, req: DBCoreMutateRequest): Set<string> {
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
    if (keys.some((key) => typeof key === 'string' && BOOK_WIDE_META.has(key))) {
      ids.add(WHOLE_BOOK);
    }
    return ids;
  }
  const field = ACCOUNT_OF[table];
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

const needsRead = (table: string, req: DBCoreMutateRequest): req is DBCoreDeleteRequest =>
  req.type === 'delete' && ACCOUNT_OF[table] === 'accountId';

/**
 * Records the accounts every write touches, for the Book page, in the write's own transaction:
 * whichever context writes (a page, the background's sync, a test), the record is stored if and
 * only if the write is, and a context closing right after its write loses nothing. Read-write
 * transactions on the watched tables get `book_changes` added to their scope.
 */
export const recordBookChanges: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'BookChanges',
  // Below Dexie's hooks middleware (2), which needs the Dexie-level transaction to name every
  // table it writes; above observability (0), so live queries see the marks.
  level: 1.5,
  create(down) {
    const watched = (name: string) => name === 'meta' || ACCOUNT_OF[name] !== undefined;
    return {
      ...down,
      transaction(stores, mode, options) {
        const widen = mode === 'readwrite' && !stores.includes(CHANGES) && stores.some(watched);
        return down.transaction(widen ? [...stores, CHANGES] : stores, mode, options);
      },
      table(name) {
        const table = down.table(name);
        if (!watched(name)) return table;
        return {
          ...table,
          mutate(req) {
            const record = (ids: ReadonlySet<string>): DBCoreMutateRequest | undefined =>
              ids.size === 0
                ? undefined
                : {
                    type: 'add',
                    trans: req.trans,
                    values: [{ accountIds: [...ids] } satisfies BookChange],
                  };
            // Requests are issued in the same tick as the write's own, never after an await:
            // Dexie's lower layers find the transaction through a zone that a native await
            // would lose. IndexedDB runs requests of a transaction in order.
            if (needsRead(name, req)) {
              // A deleted row no longer says whose it was: read it first, in the same transaction.
              return table.getMany({ trans: req.trans, keys: req.keys }).then((rows: unknown[]) => {
                const ids = new Set<string>();
                for (const row of rows) {
                  const id = accountIdOf(row, 'accountId');
                  if (id !== undefined) ids.add(id);
                }
                const change = record(ids);
                const write = table.mutate(req);
                if (change) void down.table(CHANGES).mutate(change);
                return write;
              });
            }
            const change = record(touched(name, req));
            const write = table.mutate(req);
            if (change) void down.table(CHANGES).mutate(change);
            return write;
          },
        };
      },
    };
  },
};
