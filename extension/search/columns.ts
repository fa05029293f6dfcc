import type { AccountLensDB } from '../db/database.ts';
import { scan } from '../db/scan.ts';
import { normalise } from './normalise.ts';
import type { Kind } from './shards.ts';

type Field = 'name' | 'domain' | 'email';

/**
 * One searchable column (say contact e-mails) as a single string of normalised texts joined by
 * NUL, with where each text starts and whose row it is. A substring search is then a run of
 * native `indexOf` calls over one string: 300k contact names search in a few milliseconds, where
 * a filter over 300k JS strings (or an IndexedDB cursor over the rows) costs far more.
 */
export class Column {
  readonly kind: Kind;
  readonly field: Field;
  private readonly hay: string;
  private readonly starts: Int32Array;
  private readonly owners: readonly string[];

  constructor(
    kind: Kind,
    field: Field,
    entries: readonly (readonly [text: string, owner: string])[],
  ) {
    this.kind = kind;
    this.field = field;
    const texts: string[] = new Array(entries.length);
    const owners: string[] = new Array(entries.length);
    const starts = new Int32Array(entries.length);
    let at = 0;
    entries.forEach(([text, owner], i) => {
      const norm = normalise(text);
      texts[i] = norm;
      owners[i] = owner;
      starts[i] = at;
      at += norm.length + 1;
    });
    this.hay = texts.join('\u0000');
    this.starts = starts;
    this.owners = owners;
  }

  get size(): number {
    return this.owners.length;
  }

  /** The owners of texts containing `query`, in index order, at most `cap` of them. */
  find(query: string, cap: number): string[] {
    const out: string[] = [];
    let from = 0;
    while (out.length < cap) {
      const at = this.hay.indexOf(query, from);
      if (at < 0) break;
      const entry = this.entryAt(at);
      const owner = this.owners[entry];
      if (owner !== undefined) out.push(owner);
      // One hit per text: continue at the next text.
      const next = this.starts[entry + 1];
      if (next === undefined) break;
      from = next;
    }
    return out;
  }

  /** The text a position of the joined string falls in (binary search over the starts). */
  private entryAt(position: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.starts[mid] as number) <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

export interface ScanStats {
  readonly buildMs: number;
  readonly entries: number;
}

/**
 * The book's four searchable texts in memory, read by one scan: what search answers from before
 * the persisted index is first built (right after the first sync of a large book, until the
 * background has built it). Measured in Chromium on 100k accounts and 300k contacts: 2.8 s.
 */
export async function scanColumns(
  db: AccountLensDB,
): Promise<{ columns: Column[]; stats: ScanStats }> {
  const started = performance.now();
  const accountNames: [string, string][] = [];
  const domains: [string, string][] = [];
  const contactNames: [string, string][] = [];
  const emails: [string, string][] = [];
  await scan(db.synced('accounts'), (a) => {
    if (a.deleted) return;
    accountNames.push([a.name, a.id]);
    for (const d of a.domains) domains.push([d, a.id]);
  });
  await scan(db.synced('contacts'), (c) => {
    if (c.deleted) return;
    contactNames.push([c.name, c.id]);
    for (const e of c.emails) emails.push([e, c.id]);
  });
  const columns = [
    new Column('account', 'name', accountNames),
    new Column('account', 'domain', domains),
    new Column('contact', 'name', contactNames),
    new Column('contact', 'email', emails),
  ];
  performance.measure('account-lens:search-scan', { start: started });
  return {
    columns,
    stats: {
      buildMs: performance.now() - started,
      entries: columns.reduce((n, c) => n + c.size, 0),
    },
  };
}
