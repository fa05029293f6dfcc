import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { AccountLensDB } from '../../../extension/db/database.ts';
import { type Fetch, SyncClient, type SyncClientOptions } from '../../../extension/sync/index.ts';
import { newInviteCode, sha256 } from '../../../server/secrets.ts';
import { type RunningServer, startServer } from '../../../server/server.ts';
import type { Db } from '../../../server/store/db.ts';
import { createInvite, createTeam } from '../../../server/store/identity.ts';
import { DEFAULT_SETTINGS } from '../../../shared/index.ts';
import { sqliteDb } from '../../server/helpers.ts';

export { waitFor } from '../../server/helpers.ts';

/**
 * A real server on 127.0.0.1 over a SQLite file that outlives it: `restart()` stops it and
 * starts it again on the same file and port, as when a rep's server goes down and comes back.
 */
export class SyncServer {
  private constructor(
    readonly dir: string,
    public server: RunningServer,
    private readonly segmentationDebounceMs: number,
  ) {}

  static async start(options: { segmentationDebounceMs?: number } = {}): Promise<SyncServer> {
    const dir = mkdtempSync(joinPath(tmpdir(), 'al-sync-'));
    const debounce = options.segmentationDebounceMs ?? 60_000;
    return new SyncServer(dir, await launch(dir, 0, debounce), debounce);
  }

  get url(): string {
    return this.server.url;
  }

  /** The server's SQLite connection: these tests make teams and invites on it directly. */
  get db(): Db {
    return sqliteDb(this.server);
  }

  async stop(): Promise<void> {
    await this.server.close();
  }

  async resume(): Promise<void> {
    this.server = await launch(this.dir, this.server.port, this.segmentationDebounceMs);
  }

  async close(): Promise<void> {
    await this.server.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  team(name = 'Acme sales'): { teamId: string; invite: () => string } {
    const team = createTeam(this.db, name, DEFAULT_SETTINGS, Date.now());
    return {
      teamId: team.id,
      invite: () => {
        const code = newInviteCode();
        createInvite(
          this.db,
          {
            teamId: team.id,
            hash: sha256(code),
            role: 'member',
            expiresAt: Date.now() + 3_600_000,
          },
          Date.now(),
        );
        return code;
      },
    };
  }
}

function launch(dir: string, port: number, debounceMs: number): Promise<RunningServer> {
  return startServer({
    config: {
      port,
      host: '127.0.0.1',
      databasePath: joinPath(dir, 'account-lens.db'),
      corsOrigins: [],
      rateLimit: { perSecond: 0, burst: 0 },
      logLevel: 'silent',
    },
    segmentation: { debounceMs, maxWaitMs: debounceMs * 2, refreshEveryMs: 0, worker: false },
    heartbeatMs: 60_000,
    drainMs: 200,
  });
}

let n = 0;

/** One browser: its own IndexedDB database and its sync client, with Node's fetch. */
export class Browser {
  readonly db: AccountLensDB;
  readonly client: SyncClient;
  readonly requests: string[] = [];

  constructor(options: Partial<SyncClientOptions> & { db?: AccountLensDB } = {}) {
    this.db = options.db ?? new AccountLensDB(`sync-test-${process.pid}-${n++}`);
    const fetchFn = options.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));
    this.client = new SyncClient({
      backoffMs: 20,
      maxBackoffMs: 200,
      pushDelayMs: 5,
      previewDelayMs: 5,
      ...options,
      db: this.db,
      fetch: (input, init) => {
        this.requests.push(input);
        return fetchFn(input, init);
      },
    });
  }

  /** The same database, as a fresh service worker would find it. */
  restartWorker(options: Partial<SyncClientOptions> = {}): Browser {
    return new Browser({ ...options, db: this.db });
  }

  async close(): Promise<void> {
    await this.client.stop();
    this.db.close();
    await this.db.delete();
  }
}

export const nodeFetch: Fetch = (input, init) => fetch(input, init);
