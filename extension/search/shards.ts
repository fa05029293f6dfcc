import type { Contact } from '../../shared/index.ts';
import type { LocalAccount } from '../db/database.ts';
import { addGrams } from './grams.ts';
import { normalise } from './normalise.ts';

export type Kind = 'account' | 'contact';

/**
 * A shard of the persisted search index: the searchable texts (an account's name and domains, a
 * contact's name and e-mails, normalised) of the accounts whose ids fall in one key range, with
 * the contacts of those accounts. Keyed by a small number the gram lists name (grams.ts).
 *
 * Texts and their owners are stored as two NUL-joined strings: one copy of memory each way
 * through IndexedDB, where arrays of 1,000 small strings clone string by string.
 */
export interface SearchShard {
  readonly no: number;
  /** Normalised texts, NUL-joined. */
  readonly texts: string;
  /**
   * For each text, whose it is: `a<account id>`, or `c<contact id>` and its account's id after
   * U+0001 (so a search reads a contact and its account in one round trip), NUL-joined.
   */
  readonly owners: string;
}

/** A shard's place in the book: every account id ≥ `lo` and below the next shard's `lo`. */
export interface ShardRange {
  readonly no: number;
  readonly lo: string;
}

const SEP = '\u0000';

const accountOwner = (account: LocalAccount): string => `a${account.id}`;
const contactOwner = (contact: Contact): string => `c${contact.id}\u0001${contact.accountId}`;

export type Owner =
  | { readonly kind: 'account'; readonly id: string }
  | { readonly kind: 'contact'; readonly id: string; readonly accountId: string };

export function parseOwner(owner: string): Owner {
  if (owner.startsWith('a')) return { kind: 'account', id: owner.slice(1) };
  const cut = owner.indexOf('\u0001');
  return { kind: 'contact', id: owner.slice(1, cut), accountId: owner.slice(cut + 1) };
}

/** Texts and owners as they are collected, before they are joined into a shard. */
export class ShardTexts {
  readonly texts: string[] = [];
  readonly owners: string[] = [];
  /** Characters held, the measure shards are sized by. */
  chars = 0;

  addAccount(account: LocalAccount): void {
    if (account.deleted) return;
    const owner = accountOwner(account);
    this.add(account.name, owner);
    for (const domain of account.domains) this.add(domain, owner);
  }

  addContact(contact: Contact): void {
    if (contact.deleted) return;
    const owner = contactOwner(contact);
    this.add(contact.name, owner);
    for (const email of contact.emails) this.add(email, owner);
  }

  private add(text: string, owner: string): void {
    const norm = normalise(text);
    if (norm === '') return;
    this.texts.push(norm);
    this.owners.push(owner);
    this.chars += norm.length + 1;
  }

  toShard(no: number): SearchShard {
    return { no, texts: this.texts.join(SEP), owners: this.owners.join(SEP) };
  }
}

/** The grams of every text of a shard. */
export function shardGrams(shard: Pick<SearchShard, 'texts'> | undefined): Set<number> {
  const grams = new Set<number>();
  if (!shard || shard.texts === '') return grams;
  for (const text of shard.texts.split(SEP)) addGrams(text, grams);
  return grams;
}

/**
 * The owners of the texts of `shard` that contain `q` (normalised), in shard order, each once,
 * added to `into` until it holds `cap`.
 */
export function matchShard(shard: SearchShard, q: string, into: Set<string>, cap: number): void {
  const { texts } = shard;
  let at = texts.indexOf(q);
  if (at < 0) return;
  const owners = shard.owners.split(SEP);
  // The text a position falls in: separators counted as the scan moves forward.
  let entry = 0;
  let sep = texts.indexOf(SEP);
  while (at >= 0 && into.size < cap) {
    while (sep !== -1 && sep < at) {
      entry++;
      sep = texts.indexOf(SEP, sep + 1);
    }
    const owner = owners[entry];
    if (owner !== undefined) into.add(owner);
    // One hit per text: go on after this text's end (a query holds no separator).
    if (sep === -1) return;
    at = texts.indexOf(q, sep + 1);
  }
}
