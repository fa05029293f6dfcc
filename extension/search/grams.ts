import type { SearchIndexRow } from '../db/database.ts';
import { idAt, isIds, type Kind, packIds, type StoredIds } from './columns.ts';

/**
 * The persisted substring index: for every character and every pair of adjacent characters
 * (the grams) of the book's normalised texts, the sorted list of rows holding it. A text that
 * contains a query contains each of its grams, so the rows holding the query's rarest grams
 * are a superset of the matches; the search re-checks each candidate against its row.
 *
 * Stored as many small records of `search_index` rather than one large one: a search reads the
 * counts of its query's grams, the postings of the rarest few, and the id blocks of the rows it
 * keeps, a few hundred kilobytes whatever the book's size. Reading a whole 400k-row index at the
 * first keystroke would cost hundreds of milliseconds (measured in Chromium: ~0.5 s for the
 * 23 MB of a joined-text index), which no budget of a keystroke allows.
 *
 * Records of one build share a prefix, `<build>:`; the header (`base`) names the current
 * build and the one before, which is kept so that a page still reading it is not cut short.
 */
export const GRAM_FORMAT = 2;
export const HEADER_KEY = 'base';
/** Row ids per id block: a search reads the blocks of its candidates only. */
const ID_BLOCK = 256;
/** Postings read per search: the rarest grams of the query, intersected. */
const GRAMS_READ = 3;
/** Postings longer than this are stored per range of rows, so a search can stop early. */
const SPLIT = 8_192;
/** Rows per range of a split posting list. */
const RANGE = 32_768;
/** The chosen grams' postings are read whole when they hold at most this many rows in all. */
const READ_ALL = 65_536;
/** Else this many ranges at a time, until enough candidates are found. */
const RANGES_PER_READ = 2;

export interface GramHeader {
  readonly format: typeof GRAM_FORMAT;
  /** Key prefix of this build's records. */
  readonly build: string;
  /** The build before, still readable by pages that loaded its header. */
  readonly previous?: string;
  readonly builtAt: number;
  /**
   * The highest change stamp (`rev`) per table when the scan began: every row stamped later is
   * read as the delta (rows read by the scan may be read again: harmless).
   */
  readonly since: { readonly accounts: number; readonly contacts: number };
  /** Rows 0 … accounts-1 are accounts, the rest contacts. */
  readonly accounts: number;
  readonly rows: number;
  /** Distinct grams. */
  readonly grams: number;
}

export function isGramHeader(v: unknown): v is GramHeader {
  if (typeof v !== 'object' || v === null) return false;
  const h = v as GramHeader;
  return (
    h.format === GRAM_FORMAT &&
    typeof h.build === 'string' &&
    typeof h.since?.accounts === 'number' &&
    typeof h.since?.contacts === 'number' &&
    typeof h.accounts === 'number' &&
    typeof h.rows === 'number'
  );
}

const markerKey = (build: string) => `${build}:h`;
const countKey = (build: string, gram: string) => `${build}:n:${gram}`;
const postingsKey = (build: string, gram: string) => `${build}:p:${gram}`;
/** A split list's ranges of one gram share a prefix (the length keeps "a" apart from "a:"). */
const rangePrefix = (build: string, gram: string) => `${build}:s:${gram.length}:${gram}:`;
const rangeKey = (build: string, gram: string, range: number) =>
  `${rangePrefix(build, gram)}${String(range).padStart(6, '0')}`;
const blockKey = (build: string, block: number) => `${build}:i:${block}`;

/**
 * A gram as a number while building (no string per gram): a character is its UTF-16 code, a
 * pair `first * 65536 + second`. Normalised texts hold no NUL, so pairs are ≥ 65536.
 */
const gramOf = (code: number): string =>
  code < 65_536
    ? String.fromCharCode(code)
    : String.fromCharCode(Math.floor(code / 65_536), code % 65_536);

interface Postings {
  readonly rows: number[];
  last: number;
}

/** The grams every text containing `q` (normalised, non-empty) holds. */
export function queryGrams(q: string): string[] {
  if (q.length === 1) return [q];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < q.length; i++) grams.add(q.slice(i, i + 2));
  return [...grams];
}

/** Collects rows, accounts first, into the records of one build. */
export class GramBuilder {
  private readonly postings = new Map<number, Postings>();
  private readonly ids: string[] = [];
  private accounts: number | undefined;

  /** Add a row with its normalised texts; all accounts before the first contact. */
  add(kind: Kind, id: string, texts: readonly string[]): void {
    if (kind === 'contact') this.accounts ??= this.ids.length;
    const row = this.ids.push(id) - 1;
    for (const text of texts) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        this.note(c, row);
        if (i + 1 < text.length) this.note(c * 65_536 + text.charCodeAt(i + 1), row);
      }
    }
  }

  private note(gram: number, row: number): void {
    const p = this.postings.get(gram);
    if (!p) this.postings.set(gram, { rows: [row], last: row });
    else if (p.last !== row) {
      p.rows.push(row);
      p.last = row;
    }
  }

  get rows(): number {
    return this.ids.length;
  }

  finish(
    build: string,
    since: GramHeader['since'],
    builtAt: number,
  ): { header: Omit<GramHeader, 'previous'>; records: SearchIndexRow[] } {
    const header = {
      format: GRAM_FORMAT,
      build,
      builtAt,
      since,
      accounts: this.accounts ?? this.ids.length,
      rows: this.ids.length,
      grams: this.postings.size,
    } as const;
    const records: SearchIndexRow[] = [{ key: markerKey(build), value: true }];
    for (const [code, { rows }] of this.postings) {
      const gram = gramOf(code);
      records.push({ key: countKey(build, gram), value: rows.length });
      if (rows.length <= SPLIT) {
        records.push({ key: postingsKey(build, gram), value: Int32Array.from(rows) });
        continue;
      }
      for (let start = 0; start < rows.length; ) {
        const range = Math.floor((rows[start] as number) / RANGE);
        let end = start;
        while (end < rows.length && Math.floor((rows[end] as number) / RANGE) === range) end++;
        records.push({
          key: rangeKey(build, gram, range),
          value: Int32Array.from(rows.slice(start, end)),
        });
        start = end;
      }
    }
    for (let start = 0, block = 0; start < this.ids.length; start += ID_BLOCK, block++) {
      records.push({
        key: blockKey(build, block),
        value: packIds(this.ids.slice(start, start + ID_BLOCK)),
      });
    }
    return { header, records };
  }
}

/** Where a build's records are read from: IndexedDB, or memory for a build not persisted. */
export interface RecordSource {
  /** The values of these keys (undefined where absent), in one transaction. */
  get(keys: string[]): Promise<unknown[]>;
  /** The values of every key starting with `prefix`, in key order (one request). */
  prefix(prefix: string): Promise<unknown[]>;
}

/** Thrown when the records of a build are gone (a newer build replaced them): reload. */
export class BuildGone extends Error {}

/** The ranges of a split list, in order, as one list. */
function concat(parts: readonly unknown[]): Int32Array {
  const lists = parts.filter((p): p is Int32Array => p instanceof Int32Array);
  const out = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const l of lists) {
    out.set(l, at);
    at += l.length;
  }
  return out;
}

/** Sorted intersection of sorted lists. */
function intersect(lists: readonly Int32Array[]): Int32Array {
  const [first, ...rest] = [...lists].sort((a, b) => a.length - b.length);
  if (!first) return new Int32Array(0);
  let out = first;
  for (const other of rest) {
    const next = new Int32Array(out.length);
    let n = 0;
    let j = 0;
    for (let i = 0; i < out.length && j < other.length; i++) {
      const v = out[i] as number;
      while (j < other.length && (other[j] as number) < v) j++;
      if (other[j] === v) next[n++] = v;
    }
    out = next.subarray(0, n);
  }
  return out;
}

/**
 * Rows that may contain `q` (normalised, non-empty), in row order, at most `cap`, as
 * `kind:id` keys. A superset of the matching rows up to the cap; the caller re-checks.
 */
export async function findCandidates(
  header: GramHeader,
  read: RecordSource,
  q: string,
  cap: number,
): Promise<Map<string, Kind>> {
  const { build } = header;
  const grams = queryGrams(q);
  const [marker, ...counts] = await read.get([
    markerKey(build),
    ...grams.map((g) => countKey(build, g)),
  ]);
  if (marker === undefined) throw new BuildGone();
  const out = new Map<string, Kind>();
  // A gram no row holds: nothing in the base contains the query.
  if (counts.some((c) => typeof c !== 'number')) return out;
  const chosen = grams
    .map((g, i) => ({ g, n: counts[i] as number }))
    .sort((a, b) => a.n - b.n)
    .slice(0, GRAMS_READ);
  const whole = chosen.filter(({ n }) => n <= SPLIT);
  const split = chosen.filter(({ n }) => n > SPLIT);
  const wholeLists =
    whole.length === 0 ? [] : await read.get(whole.map(({ g }) => postingsKey(build, g)));
  if (wholeLists.some((p) => !(p instanceof Int32Array))) throw new BuildGone();
  let rows: Int32Array;
  const total = chosen.reduce((n, c) => n + c.n, 0);
  if (split.length === 0) {
    rows = intersect(wholeLists as Int32Array[]);
  } else if (total <= READ_ALL) {
    // Few rows in all: each split list whole, its ranges in one request.
    const lists = await Promise.all(
      split.map(async ({ g }) => concat(await read.prefix(rangePrefix(build, g)))),
    );
    rows = intersect([...lists, ...(wholeLists as Int32Array[])]);
  } else {
    // Range by range in row order, stopping once enough rows are found: a query made of
    // common grams reads the first ranges only. A range a gram is absent from is empty.
    const ranges = Math.ceil(header.rows / RANGE);
    const step = RANGES_PER_READ;
    const found: number[] = [];
    for (let first = 0; first < ranges && found.length < cap; first += step) {
      const batch = Array.from({ length: Math.min(step, ranges - first) }, (_, i) => first + i);
      const parts = await read.get(
        batch.flatMap((r) => split.map(({ g }) => rangeKey(build, g, r))),
      );
      batch.forEach((_, b) => {
        const lists = split.map((_, k) => parts[b * split.length + k]);
        if (lists.some((l) => !(l instanceof Int32Array))) return;
        for (const row of intersect([...(lists as Int32Array[]), ...(wholeLists as Int32Array[])]))
          found.push(row);
      });
    }
    rows = Int32Array.from(found);
  }
  rows = rows.subarray(0, cap);
  const blocks = [...new Set(Array.from(rows, (r) => Math.floor(r / ID_BLOCK)))];
  const ids = await read.get(blocks.map((b) => blockKey(build, b)));
  const byBlock = new Map<number, StoredIds>();
  blocks.forEach((b, i) => {
    const block = ids[i];
    if (!isIds(block)) throw new BuildGone();
    byBlock.set(b, block);
  });
  for (const row of rows) {
    const block = byBlock.get(Math.floor(row / ID_BLOCK)) as StoredIds;
    const kind: Kind = row < header.accounts ? 'account' : 'contact';
    out.set(`${kind}:${idAt(block, row % ID_BLOCK)}`, kind);
  }
  return out;
}

/** A build's records in memory, for a book too small to be worth persisting. */
export function memorySource(records: readonly SearchIndexRow[]): RecordSource {
  const map = new Map(records.map((r) => [r.key, r.value]));
  const sorted = [...map.keys()].sort();
  return {
    get: (keys) => Promise.resolve(keys.map((k) => map.get(k))),
    prefix: (prefix) =>
      Promise.resolve(sorted.filter((k) => k.startsWith(prefix)).map((k) => map.get(k))),
  };
}

/** Key prefixes of the records of a build, for deleting them. */
export const buildPrefix = (build: string) => `${build}:`;
