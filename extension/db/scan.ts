import type { Table } from 'dexie';

const SCAN_CHUNK = 5_000;

/**
 * Every row of a table in primary-key order, a chunk (one getAll) at a time. Measured in
 * Chromium on 75k accounts and 224k contacts: chunked getAll ≈ 8 µs a row, a raw key cursor over
 * one index ≈ 20 µs a step, Dexie's eachKey ≈ 78 µs. A chunk per transaction also leaves the
 * page responsive, and other writers get their turn, between chunks.
 */
export async function scan<T>(table: Table<T, string>, visit: (row: T) => void): Promise<void> {
  const keyPath = table.schema.primKey.keyPath;
  if (typeof keyPath !== 'string') throw new TypeError(`${table.name}: scan needs a single key`);
  let last: string | undefined;
  for (;;) {
    const collection = last === undefined ? table.toCollection() : table.where(':id').above(last);
    const rows = await collection.limit(SCAN_CHUNK).toArray();
    for (const row of rows) visit(row);
    const tail = rows[rows.length - 1];
    if (rows.length < SCAN_CHUNK || tail === undefined) return;
    last = (tail as Record<string, unknown>)[keyPath] as string;
  }
}
