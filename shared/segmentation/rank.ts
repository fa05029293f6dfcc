/**
 * Ranking a book: slots ordered by value descending, equal values by id ascending.
 *
 * A comparator sort of a million slots costs a third of the whole segmentation budget, and
 * string comparisons cost more again, so values are radix-sorted on their bit patterns (stable,
 * up to six 11-bit passes), and only runs of equal values are then put in id order. Those runs
 * are long in real books (every account nobody has valued yet shares the last key, and many
 * are worth exactly 0), so a long run is ordered on ULIDs decoded to numbers rather than on the
 * strings.
 */

// Where the high and low 32 bits of a float64 sit in a Uint32Array view over it.
const ENDIAN_PROBE = new Uint32Array(new Float64Array([1]).buffer);
const HI = ENDIAN_PROBE[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

const BITS64 = new Float64Array(1);
const BITS32 = new Uint32Array(BITS64.buffer);

/**
 * Stores `value` at slot j of (hi, lo) as a 64-bit key whose ascending order is the descending
 * order of the values: a positive double's bits with every bit but the sign flipped, a negative
 * double's bits as they are. `value` must be neither NaN nor −0.
 */
export function writeDescendingKey(
  hi: Uint32Array,
  lo: Uint32Array,
  j: number,
  value: number,
): void {
  BITS64[0] = value;
  const h = BITS32[HI] as number;
  const l = BITS32[LO] as number;
  if (h & 0x80000000) {
    hi[j] = h;
    lo[j] = l;
  } else {
    hi[j] = h ^ 0x7fffffff;
    lo[j] = ~l >>> 0;
  }
}

/**
 * Stores at slot j the largest key there is, after that of every value (−∞ included): a slot
 * ranked after all valued ones, among its likes by id.
 */
export function writeLastKey(hi: Uint32Array, lo: Uint32Array, j: number): void {
  hi[j] = 0xffffffff;
  lo[j] = 0xffffffff;
}

/** Anything with an id: the ranking reads ids only to order equal values. */
export interface Row {
  readonly id: string;
}

const idAt = (rows: readonly Row[], slot: number | undefined): string =>
  (rows[slot as number] as Row).id;

export interface Ranking {
  /** order[r] = the slot at 0-based rank r. */
  readonly order: Uint32Array;
  /** rankOf[slot] = its 0-based rank. */
  readonly rankOf: Uint32Array;
}

// Eleven-bit digits: six counting passes cover a 64-bit key, and 2,048 buckets still fit the
// cache. A pass whose digit is the same for every key is skipped.
const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const DIGIT_MASK = BUCKETS - 1;
const SHIFTS = [0, 11, 22] as const;

/**
 * Slots 0..n−1 ranked by key ascending (see writeDescendingKey), then by `rows[slot].id`
 * ascending (string order). Takes over `keyHi` and `keyLo`: their contents are scrambled.
 */
export function rankSlots(
  n: number,
  keyHi: Uint32Array,
  keyLo: Uint32Array,
  rows: readonly Row[],
): Ranking {
  let hi: Uint32Array = keyHi;
  let lo: Uint32Array = keyLo;
  let idx = new Uint32Array(n);
  for (let j = 0; j < n; j++) idx[j] = j;

  const counts = new Uint32Array(6 * BUCKETS);
  for (let j = 0; j < n; j++) {
    const l = lo[j] as number;
    const h = hi[j] as number;
    (counts[l & DIGIT_MASK] as number)++;
    (counts[BUCKETS + ((l >>> 11) & DIGIT_MASK)] as number)++;
    (counts[2 * BUCKETS + (l >>> 22)] as number)++;
    (counts[3 * BUCKETS + (h & DIGIT_MASK)] as number)++;
    (counts[4 * BUCKETS + ((h >>> 11) & DIGIT_MASK)] as number)++;
    (counts[5 * BUCKETS + (h >>> 22)] as number)++;
  }

  // Carrying the keys along with the slots keeps every read sequential; reading a key through
  // its slot would be a cache miss per element.
  let idx2 = new Uint32Array(n);
  let lo2: Uint32Array = new Uint32Array(n);
  let hi2: Uint32Array = new Uint32Array(n);
  const offsets = new Uint32Array(BUCKETS);
  for (let d = 0; d < 6; d++) {
    if (!prefixSums(counts, d * BUCKETS, n, offsets)) continue;
    const src = d < 3 ? lo : hi;
    const shift = SHIFTS[d % 3] as number;
    for (let j = 0; j < n; j++) {
      const b = ((src[j] as number) >>> shift) & DIGIT_MASK;
      const to = offsets[b] as number;
      offsets[b] = to + 1;
      idx2[to] = idx[j] as number;
      lo2[to] = lo[j] as number;
      hi2[to] = hi[j] as number;
    }
    [idx, idx2] = [idx2, idx];
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }

  let start = 0;
  for (let k = 1; k <= n; k++) {
    if (k < n && lo[k] === lo[start] && hi[k] === hi[start]) continue;
    if (k - start > 1) orderRunById(idx, start, k, rows);
    start = k;
  }
  // The spare buffer of the last pass is free again.
  const rankOf = idx2;
  for (let r = 0; r < n; r++) rankOf[idx[r] as number] = r;
  return { order: idx, rankOf };
}

/**
 * Exclusive prefix sums of one digit's histogram into `offsets`; false when every key has the
 * same digit, so the pass would change nothing.
 */
function prefixSums(counts: Uint32Array, base: number, n: number, offsets: Uint32Array): boolean {
  let sum = 0;
  for (let b = 0; b < BUCKETS; b++) {
    const c = counts[base + b] as number;
    if (c === n) return false;
    offsets[b] = sum;
    sum += c;
  }
  return true;
}

/** Stable LSD radix sort of positions `pos` (length m) by `word[pos]`, through `spare`. */
function sortPositionsByWord(
  pos: Uint32Array,
  spare: Uint32Array,
  m: number,
  word: Uint32Array,
  counts: Uint32Array,
  offsets: Uint32Array,
): [Uint32Array, Uint32Array] {
  let from = pos;
  let to = spare;
  for (const shift of SHIFTS) {
    counts.fill(0);
    for (let k = 0; k < m; k++)
      (counts[((word[from[k] as number] as number) >>> shift) & DIGIT_MASK] as number)++;
    if (!prefixSums(counts, 0, m, offsets)) continue;
    for (let k = 0; k < m; k++) {
      const p = from[k] as number;
      const b = ((word[p] as number) >>> shift) & DIGIT_MASK;
      const at = offsets[b] as number;
      offsets[b] = at + 1;
      to[at] = p;
    }
    [from, to] = [to, from];
  }
  return [from, to];
}

/** Puts order[start..end), slots of equal value, in id order. */
function orderRunById(order: Uint32Array, start: number, end: number, rows: readonly Row[]): void {
  // Books loaded by primary key (SQLite, IndexedDB) arrive in id order and the radix sort is
  // stable, so the run is usually in order already.
  let sorted = true;
  for (let k = start + 1; k < end; k++) {
    if (idAt(rows, order[k - 1]) > idAt(rows, order[k])) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  const m = end - start;
  if (m <= 16) {
    insertionSortById(order, start, end, rows);
    return;
  }
  const slots = order.slice(start, end);
  const timeHi = new Uint32Array(m);
  const timeLo = new Uint32Array(m);
  const rand1 = new Float64Array(m);
  const rand2 = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    if (!decodeUlid(idAt(rows, slots[k]), k, timeHi, timeLo, rand1, rand2)) {
      const byString = Array.from(slots).sort((a, b) =>
        compareStrings(idAt(rows, a), idAt(rows, b)),
      );
      order.set(byString, start);
      return;
    }
  }
  const counts = new Uint32Array(BUCKETS);
  const offsets = new Uint32Array(BUCKETS);
  let pos: Uint32Array = new Uint32Array(m);
  let spare: Uint32Array = new Uint32Array(m);
  for (let k = 0; k < m; k++) pos[k] = k;
  [pos, spare] = sortPositionsByWord(pos, spare, m, timeLo, counts, offsets);
  [pos, spare] = sortPositionsByWord(pos, spare, m, timeHi, counts, offsets);
  // Ids minted in the same millisecond (a bulk import) are told apart by their random part.
  let from = 0;
  for (let k = 1; k <= m; k++) {
    const a = pos[from] as number;
    const b = k < m ? (pos[k] as number) : -1;
    if (k < m && timeLo[a] === timeLo[b] && timeHi[a] === timeHi[b]) continue;
    if (k - from > 1) {
      pos
        .subarray(from, k)
        .sort(
          (x, y) =>
            (rand1[x] as number) - (rand1[y] as number) ||
            (rand2[x] as number) - (rand2[y] as number),
        );
    }
    from = k;
  }
  for (let k = 0; k < m; k++) order[start + k] = slots[pos[k] as number] as number;
}

function insertionSortById(
  order: Uint32Array,
  start: number,
  end: number,
  rows: readonly Row[],
): void {
  for (let k = start + 1; k < end; k++) {
    const slot = order[k] as number;
    const id = idAt(rows, slot);
    let i = k - 1;
    while (i >= start && idAt(rows, order[i]) > id) {
      order[i + 1] = order[i] as number;
      i--;
    }
    order[i + 1] = slot;
  }
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// Crockford base32 digit values by char code; −1 for anything a ULID cannot contain. The
// alphabet is in ASCII order, so for valid ULIDs numeric order is string order.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DIGIT = new Int8Array(128).fill(-1);
for (let v = 0; v < 32; v++) DIGIT[CROCKFORD.charCodeAt(v)] = v;

/**
 * A ULID as exact integers: its 10 time digits (50 bits, split into high and low words), then
 * its 8 + 8 random digits. False for anything that is not a ULID.
 */
function decodeUlid(
  id: string,
  k: number,
  timeHi: Uint32Array,
  timeLo: Uint32Array,
  rand1: Float64Array,
  rand2: Float64Array,
): boolean {
  if (id.length !== 26) return false;
  let t = 0;
  let r1 = 0;
  let r2 = 0;
  for (let c = 0; c < 26; c++) {
    const code = id.charCodeAt(c);
    const v = code < 128 ? (DIGIT[code] as number) : -1;
    if (v < 0) return false;
    if (c < 10) t = t * 32 + v;
    else if (c < 18) r1 = r1 * 32 + v;
    else r2 = r2 * 32 + v;
  }
  timeHi[k] = Math.floor(t / 4294967296);
  timeLo[k] = t >>> 0;
  rand1[k] = r1;
  rand2[k] = r2;
  return true;
}
