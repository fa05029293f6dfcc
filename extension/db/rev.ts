import type {
  DBCore,
  DBCoreKeyRange,
  DBCoreMutateRequest,
  DBCoreMutateResponse,
  DBCoreRangeType,
  DBCoreTable,
  Middleware,
} from 'dexie';

/**
 * The local change stamp of accounts and contacts: the index the search index's delta is read
 * by (extension/search). Local-only (derive.ts LOCAL_FIELDS): never pushed to the server.
 */
export const REV_INDEX = 'rev';

/** The tables whose rows carry a change stamp. */
export const STAMPED_TABLES: ReadonlySet<string> = new Set(['accounts', 'contacts']);

const ANY: DBCoreKeyRange = { type: 3 as DBCoreRangeType, lower: undefined, upper: undefined };

/**
 * Stamps every row put or added to accounts and contacts with `rev`: a number greater than
 * every stamp already in the table (read from the `rev` index in the write's own transaction,
 * so it holds across the extension's contexts: IndexedDB runs writes to a store one after the
 * other), consecutive within a request, and at least the wall clock in 1/1024 ms, so a stamp is
 * not handed out again after the rows holding the highest ones are deleted. A reader that has
 * seen every row stamped up to s finds all later changes with `where('rev').aboveOrEqual(s)`.
 *
 * Known limit: stamps of a bulk run ahead of the clock by (rows / 1024) ms; deleting the newest
 * rows of a bulk and writing again within that window (or after the clock is set back) can
 * hand out a stamp a reader has passed. Such a row is still found by prefix, and by substring
 * once the search index is next rebuilt.
 *
 * A DBCore middleware, not a table hook: it sees bulkPut, put, add, update and modify alike, the
 * paths sync (apply.ts), local edits (write.ts) and anything else take.
 */
export const revMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'accountLensRev',
  create(down) {
    return {
      ...down,
      table(name: string): DBCoreTable {
        const table = down.table(name);
        const index = STAMPED_TABLES.has(name)
          ? table.schema.getIndexByKeyPath(REV_INDEX)
          : undefined;
        if (!index) return table;
        return {
          ...table,
          mutate(req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
            if ((req.type !== 'put' && req.type !== 'add') || req.values.length === 0) {
              return table.mutate(req);
            }
            return table
              .query({
                trans: req.trans,
                values: true,
                limit: 1,
                query: { index, range: ANY },
                direction: 'prev',
              })
              .then(({ result }) => {
                const top = (result[0] as { rev?: unknown } | undefined)?.rev;
                const first = Math.max(clockStamp(), typeof top === 'number' ? top + 1 : 0);
                return table.mutate(stamp(req, first));
              });
          },
        };
      },
    };
  },
};

/** Milliseconds since the epoch × 1024: below 2^53 until the year 2248. */
const clockStamp = (): number => Date.now() * 1024;

/**
 * The request with each value stamped: consecutive stamps, so every row of a bulkPut has its own
 * (a reader can page through the `rev` index by stamp alone). Only `values` is what IndexedDB
 * stores; `changeSpec` and `updates` describe the caller's change for other middlewares.
 */
function stamp(
  req: Extract<DBCoreMutateRequest, { type: 'put' | 'add' }>,
  first: number,
): DBCoreMutateRequest {
  const values = req.values.map((v: object, i) => ({ ...v, rev: first + i }));
  return { ...req, values };
}
