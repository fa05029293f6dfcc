import { Dexie, type EntityTable, type Table } from 'dexie';
import type {
  Account,
  AccountInsight,
  ActionDecision,
  ClientTable,
  Contact,
  Note,
  NoteRevision,
  Opportunity,
  TableName,
  Task,
} from '../../shared/index.ts';
import type { BookAction, BookChange, BookCount, BookRow } from '../book/types.ts';
import type { GramBucket } from '../search/grams.ts';
import type { SearchShard } from '../search/shards.ts';
import { recordChanges } from './change-logs.ts';
import type { ImportBatch, ImportLogEntry } from './import-batch.ts';

/** An account as stored locally: the synced row plus the keys its domains are matched by. */
export type LocalAccount = Account & {
  /** `domainKey(d).key` of each domain: a page's hostname suffixes are looked up here. */
  matchKeys: string[];
  /** `domainKey(d).registrable` of each domain: the fallback lookup. */
  registrables: string[];
};

/** A note as stored locally, with the clock stamp of the body this browser last saw. */
export type LocalNote = Note & { bodyHlc?: string };

/** A local write waiting for the server's acknowledgement. */
export interface OutboxEntry {
  /** Auto-increment: the order writes happened in, which is the order they are pushed in. */
  seq?: number;
  mutationId: string;
  table: ClientTable;
  rowId: string;
  hlc: string;
  fields: Record<string, unknown>;
  base?: Record<string, string>;
  createdAt: number;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export type LocalRow = {
  accounts: LocalAccount;
  contacts: Contact;
  notes: LocalNote;
  note_revisions: NoteRevision;
  opportunities: Opportunity;
  tasks: Task;
  action_decisions: ActionDecision;
  account_insights: AccountInsight & { local?: boolean };
};

export const DB_NAME = 'account-lens';

/**
 * The extension's one database. Synced tables hold live rows only (a pulled tombstone deletes
 * the local row); what is not yet acknowledged lives in `outbox`, sync state in `meta`.
 */
export class AccountLensDB extends Dexie {
  accounts!: EntityTable<LocalAccount, 'id'>;
  contacts!: EntityTable<Contact, 'id'>;
  notes!: EntityTable<LocalNote, 'id'>;
  note_revisions!: EntityTable<NoteRevision, 'id'>;
  opportunities!: EntityTable<Opportunity, 'id'>;
  tasks!: EntityTable<Task, 'id'>;
  action_decisions!: EntityTable<ActionDecision, 'id'>;
  account_insights!: EntityTable<LocalRow['account_insights'], 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  meta!: EntityTable<MetaRow, 'key'>;
  /** The Book page's per-account summary, derived from the synced tables (extension/book/). */
  book_rows!: Table<BookRow, string>;
  /** Every account's next actions as the Book page's Today lists them, one row per action. */
  book_actions!: Table<BookAction, string>;
  /** Accounts whose rows changed since their book rows were computed ('*': the whole book). */
  book_changes!: Table<BookChange, number>;
  /** Today's actions counted per owner and due day, kept with book_actions. */
  book_counts!: Table<BookCount, string>;
  /** The persisted search index (extension/search): texts per range of accounts... */
  search_shards!: Table<SearchShard, number>;
  /** ...and, per gram, the shards holding it. */
  search_grams!: Table<GramBucket, number>;
  /** Accounts whose names, domains or contacts changed since the index was last caught up. */
  search_changes!: Table<BookChange, number>;
  /** Imports this browser ran (extension/db/import-batch.ts), for their summary and undo... */
  import_batches!: Table<ImportBatch, string>;
  /** ...and, per chunk written, the rows it created and the values it replaced. */
  import_log!: Table<ImportLogEntry, number>;

  constructor(name = DB_NAME) {
    super(name);
    this.version(1).stores({
      accounts: 'id, *matchKeys, *registrables, name',
      contacts: 'id, accountId, *emails, name',
      notes: 'id, accountId, [accountId+at], *contactIds, messageHash',
      note_revisions: 'id, noteId',
      opportunities: 'id, accountId',
      tasks: 'id, accountId',
      action_decisions: 'id, actionKey, accountId',
      account_insights: 'id',
      outbox: '++seq, [table+rowId]',
      meta: 'key',
    });
    // Derived, local-only tables: dropping them loses nothing (they are rebuilt from the rest).
    this.version(2).stores({
      book_rows: 'accountId',
      book_actions:
        'key, accountId, dueAt, [priority+dueAt], [ownerId+dueAt], [ownerId+priority+dueAt]',
      book_dirty: 'accountId',
    });
    // One record per write instead of one per account (a first sync marked 80k accounts one by
    // one, which made it 60 % slower).
    this.version(3).stores({ book_dirty: null, book_changes: '++seq' });
    // The search index, derived and local like the book tables. The '*' record asks for a first
    // build over rows written before this version.
    this.version(4)
      .stores({ search_shards: 'no', search_grams: 'bucket', search_changes: '++seq' })
      .upgrade((tx) => tx.table('search_changes').add({ accountIds: ['*'] }));
    // Today's counts, derived like the rest: a whole-book refresh fills them.
    this.version(5)
      .stores({ book_counts: 'key, day, [ownerId+day]' })
      .upgrade((tx) => tx.table('book_changes').add({ accountIds: ['*'] }));
    // Imports and what each wrote, kept so an import can be undone (local: the undo's writes
    // are what teammates receive).
    this.version(6).stores({ import_batches: 'id, startedAt', import_log: '++seq, batchId' });
    this.use(recordChanges);
  }

  /** A synced table by its protocol name (the names match the Dexie tables one to one). */
  synced<T extends TableName>(name: T): Table<LocalRow[T], string> {
    return this.table(name) as Table<LocalRow[T], string>;
  }
}

let shared: AccountLensDB | undefined;

/** The database every part of the extension uses (background, popup, side panel, options). */
export function getDb(): AccountLensDB {
  shared ??= new AccountLensDB();
  return shared;
}
