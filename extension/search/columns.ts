import type { Contact } from '../../shared/index.ts';
import type { LocalAccount } from '../db/database.ts';
import { normalise } from './normalise.ts';

export type Kind = 'account' | 'contact';
export type Field = 'name' | 'domain' | 'email';

/**
 * Strings joined by NUL, with where each starts. Structured-cloned (into and out of IndexedDB)
 * as one string and one typed array whatever their number: an array of 300k small strings
 * clones many times slower.
 */
export interface PackedStrings {
  readonly text: string;
  readonly starts: Int32Array;
}

export function pack(strings: readonly string[]): PackedStrings {
  const starts = new Int32Array(strings.length);
  let at = 0;
  for (let i = 0; i < strings.length; i++) {
    starts[i] = at;
    at += (strings[i] as string).length + 1;
  }
  return { text: strings.join('\u0000'), starts };
}

/** The i-th string of a packed list. */
export function unpackAt(packed: PackedStrings, i: number): string {
  const start = packed.starts[i] as number;
  const next = packed.starts[i + 1];
  return packed.text.slice(start, next === undefined ? packed.text.length : next - 1);
}

/**
 * Row ids as stored: fixed-width ASCII ids (ULIDs, as every id the extension and the server
 * make) as the bytes of their characters, which clone as one copy of memory; any other ids
 * packed as strings. Ids take half the index: 400k ULIDs are 10 MB either way, but a typed
 * array is read back without building a string.
 */
export type StoredIds = PackedStrings | { readonly width: number; readonly bytes: Uint8Array };

export function packIds(ids: readonly string[]): StoredIds {
  const width = ids[0]?.length ?? 0;
  const fixed =
    width > 0 &&
    ids.every((id) => {
      if (id.length !== width) return false;
      for (let i = 0; i < width; i++) if (id.charCodeAt(i) > 0x7f) return false;
      return true;
    });
  if (!fixed) return pack(ids);
  const bytes = new Uint8Array(ids.length * width);
  ids.forEach((id, k) => {
    for (let i = 0; i < width; i++) bytes[k * width + i] = id.charCodeAt(i);
  });
  return { width, bytes };
}

export function idAt(ids: StoredIds, i: number): string {
  if ('text' in ids) return unpackAt(ids, i);
  return String.fromCharCode(...ids.bytes.subarray(i * ids.width, (i + 1) * ids.width));
}

const isPacked = (v: unknown): v is PackedStrings =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as PackedStrings).text === 'string' &&
  (v as PackedStrings).starts instanceof Int32Array;

export const isIds = (v: unknown): v is StoredIds =>
  isPacked(v) ||
  (typeof v === 'object' &&
    v !== null &&
    typeof (v as { width: unknown }).width === 'number' &&
    (v as { bytes: unknown }).bytes instanceof Uint8Array);

/** The normalised texts an account or contact is found by, per field. */
export function accountTexts(a: Pick<LocalAccount, 'name' | 'domains'>): [Field, string][] {
  return [
    ['name', normalise(a.name)],
    ...a.domains.map((d) => ['domain', normalise(d)] as [Field, string]),
  ];
}

export function contactTexts(c: Pick<Contact, 'name' | 'emails'>): [Field, string][] {
  return [
    ['name', normalise(c.name)],
    ...c.emails.map((e) => ['email', normalise(e)] as [Field, string]),
  ];
}

interface DeltaEntry {
  readonly kind: Kind;
  readonly id: string;
  readonly rev: number;
  /** Normalised texts; empty for a row stored as deleted. */
  readonly texts: readonly string[];
}

/**
 * Rows changed since the base index was built, kept in memory by the page and searched by a
 * plain scan (it stays small: the base is rebuilt when it grows). A row read twice keeps the
 * newer version, whatever order concurrent reads finish in.
 */
export class Delta {
  private readonly rows = new Map<string, DeltaEntry>();

  get size(): number {
    return this.rows.size;
  }

  clear(): void {
    this.rows.clear();
  }

  put(kind: Kind, id: string, rev: number, texts: readonly string[]): void {
    const key = `${kind}:${id}`;
    const known = this.rows.get(key);
    if (known && known.rev > rev) return;
    this.rows.set(key, { kind, id, rev, texts });
  }

  /** Keys (`kind:id`) of rows with a text containing `query`. */
  find(query: string): Map<string, Kind> {
    const out = new Map<string, Kind>();
    for (const [key, row] of this.rows) {
      if (row.texts.some((t) => t.includes(query))) out.set(key, row.kind);
    }
    return out;
  }
}
