/**
 * Grams: the characters, pairs and triples of adjacent characters of a normalised text, as
 * small integers. A text containing a query contains every gram of the query, so the shards
 * holding all of a query's grams are a superset of the shards holding a match (shards.ts); the
 * search re-checks each text.
 *
 * A character is its UTF-16 code; a pair or a triple is hashed to 30 bits. Two grams with one
 * number only make a shard look like a candidate when it is not (the re-check drops it), never
 * the reverse; and integers below 2^30 are what V8 stores and hashes fastest (a Set of pairs
 * and triples as exact doubles built the index of 100k accounts several times slower).
 */

const MASK = 0x3fff_ffff;
const pair = (a: number, b: number): number => (Math.imul(a, 0x9e37_79b1) ^ b) & MASK;
const triple = (a: number, b: number, c: number): number =>
  (Math.imul(Math.imul(a, 0x9e37_79b1) ^ b, 0x85eb_ca6b) ^ Math.imul(c, 0xc2b2_ae35)) & MASK;

/** Adds the grams of `text` (normalised) to `into`. */
export function addGrams(text: string, into: Set<number>): void {
  let a = -1;
  let b = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    into.add(c);
    if (b >= 0) into.add(pair(b, c));
    if (a >= 0) into.add(triple(a, b, c));
    a = b;
    b = c;
  }
}

/**
 * The grams a search for `q` (normalised, non-empty) looks up: its one character, its one pair,
 * or its triples. Fewer triples than that would do (any one is a valid filter), but each one
 * more read narrows the shards to read by its own share.
 */
export function queryGrams(q: string): number[] {
  if (q.length === 1) return [q.charCodeAt(0)];
  if (q.length === 2) return [pair(q.charCodeAt(0), q.charCodeAt(1))];
  const grams = new Set<number>();
  for (let i = 2; i < q.length; i++) {
    grams.add(triple(q.charCodeAt(i - 2), q.charCodeAt(i - 1), q.charCodeAt(i)));
  }
  return [...grams];
}

/** Records the gram lists are stored in: a search reads one per gram of its query. */
export const BUCKETS = 4_096;

/** The bucket (record) a gram's shard list is stored in. */
export function bucketOf(gram: number): number {
  return Math.imul(gram, 0x9e37_79b1) >>> 20;
}

/**
 * One bucket as stored: its grams sorted, and for each the sorted numbers of the shards that
 * hold it (`shards[offsets[i] … offsets[i+1]]`). Typed arrays clone into and out of IndexedDB
 * as single copies of memory, where a Map of arrays would clone entry by entry.
 */
export interface GramBucket {
  readonly bucket: number;
  readonly grams: Int32Array;
  readonly offsets: Uint32Array;
  readonly shards: Uint16Array;
}

/** The shards holding `gram` according to `bucket`; empty when none does. */
export function shardsOf(bucket: GramBucket | undefined, gram: number): Uint16Array {
  if (!bucket) return new Uint16Array(0);
  const { grams, offsets, shards } = bucket;
  let lo = 0;
  let hi = grams.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const g = grams[mid] as number;
    if (g === gram) return shards.subarray(offsets[mid], offsets[mid + 1]);
    if (g < gram) lo = mid + 1;
    else hi = mid - 1;
  }
  return new Uint16Array(0);
}

/** A bucket's lists as a map, to change them. */
export function openBucket(bucket: GramBucket | undefined): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  if (!bucket) return out;
  bucket.grams.forEach((gram, i) => {
    out.set(gram, new Set(bucket.shards.subarray(bucket.offsets[i], bucket.offsets[i + 1])));
  });
  return out;
}

/** The stored form of a bucket's lists; grams no shard holds any more are dropped. */
export function closeBucket(bucket: number, lists: Map<number, Iterable<number>>): GramBucket {
  const entries: [number, number[]][] = [];
  let total = 0;
  for (const [gram, list] of lists) {
    const shards = [...list].sort((a, b) => a - b);
    if (shards.length === 0) continue;
    entries.push([gram, shards]);
    total += shards.length;
  }
  entries.sort((a, b) => a[0] - b[0]);
  const grams = new Int32Array(entries.length);
  const offsets = new Uint32Array(entries.length + 1);
  const shards = new Uint16Array(total);
  let at = 0;
  entries.forEach(([gram, list], i) => {
    grams[i] = gram;
    offsets[i] = at;
    shards.set(list, at);
    at += list.length;
  });
  offsets[entries.length] = at;
  return { bucket, grams, offsets, shards };
}

/** Sorted intersection of sorted shard lists. */
export function intersect(lists: readonly Uint16Array[]): number[] {
  const [first, ...rest] = [...lists].sort((a, b) => a.length - b.length);
  if (!first) return [];
  let out = Array.from(first);
  for (const other of rest) {
    const keep: number[] = [];
    let j = 0;
    for (const v of out) {
      while (j < other.length && (other[j] as number) < v) j++;
      if (other[j] === v) keep.push(v);
    }
    out = keep;
  }
  return out;
}
