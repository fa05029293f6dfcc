import { z } from 'zod';
import type { TableName } from '../../shared/index.ts';
import type { AccountLensDB } from '../db/database.ts';
import { type Fetch, SyncApi } from './api.ts';
import { isTransient, OfflineError, ServerUnavailableError, SignedOutError } from './errors.ts';
import { dropLocalInsights, refreshLocalInsights } from './insights.ts';
import { refreshTeam } from './join.ts';
import { type Progress, pullAll } from './pull.ts';
import { pushOutbox } from './push.ts';
import {
  InitialSync,
  loadAccount,
  META,
  Problem,
  readMeta,
  type SyncAccount,
  TeamInfo,
} from './state.ts';

export type SyncState = 'synced' | 'syncing' | 'offline' | 'error' | 'notJoined';

/** What `syncStatus` answers; the popup, side panel and options page parse it. */
export interface SyncStatus {
  readonly state: SyncState;
  readonly message?: string;
  readonly progress?: Progress;
  readonly lastSyncAt?: number;
  readonly teamName?: string;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SyncClientOptions {
  readonly db: AccountLensDB;
  readonly fetch: Fetch;
  readonly now?: () => number;
  readonly timers?: Timers;
  /** Wait this long after a local write before pushing, so a burst of writes is one push. */
  readonly pushDelayMs?: number;
  /** Recompute the local insight preview this long after the last change to accounts. */
  readonly previewDelayMs?: number;
  /** First retry delay after a failure; doubles up to `maxBackoffMs`. */
  readonly backoffMs?: number;
  /** Cap of the backoff while the server cannot be reached at all (default 15 s). */
  readonly offlineMaxBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly log?: (message: string, detail?: unknown) => void;
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

const PREVIEW_TABLES: ReadonlySet<TableName> = new Set(['accounts', 'opportunities']);
/**
 * How stale the team's name and settings may get. They are read again sooner when the server's
 * insights change: an admin's new cutoffs make the server segment again, and a rep should see
 * the numbers the new tiers came from.
 */
const TEAM_REFRESH_MS = 5 * 60_000;
const LastSyncAt = z.number();

/**
 * The sync client's core: push the outbox, pull until the server has nothing more, listen on
 * the event stream and pull again when a teammate changes something. Free of `browser.*`
 * (fetch, database and timers are injected), so the same code runs in the service worker and in
 * Node tests. Nothing it needs to resume lives only in memory: token, cursors and the first
 * sync's progress are in IndexedDB, and `start()` on every wake of the worker picks up from there.
 */
export class SyncClient {
  private readonly db: AccountLensDB;
  private readonly fetchFn: Fetch;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly options: SyncClientOptions;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private current: { state: SyncState; message?: string } | undefined;
  private progress: Progress | undefined;
  private failures = 0;
  private teamReadAt = Number.NEGATIVE_INFINITY;
  private retryTimer: unknown;
  private pushTimer: unknown;
  private previewTimer: unknown;
  /** A preview was due when a run started: it waits for the runs to pause (see sync). */
  private previewOwed = false;
  private stream: { token: string; abort: AbortController } | undefined;
  private streamFailures = 0;
  private streamTimer: unknown;

  constructor(options: SyncClientOptions) {
    this.options = options;
    this.db = options.db;
    this.fetchFn = options.fetch;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? defaultTimers;
  }

  /** Begin (or resume, on a wake of the worker): sync now, then keep the event stream open. */
  start(): void {
    this.stopped = false;
    void this.sync();
  }

  /**
   * A surface came into view: sync now unless the event stream is open (it already brings
   * every change), so what a teammate did while the background slept shows at once.
   */
  wake(): void {
    if (this.stopped || this.stream !== undefined) return;
    void this.sync();
  }

  /** Stop timers and the stream; waits for a sync under way to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of [this.retryTimer, this.pushTimer, this.previewTimer, this.streamTimer]) {
      if (t !== undefined) this.timers.clearTimeout(t);
    }
    this.retryTimer = this.pushTimer = this.previewTimer = this.streamTimer = undefined;
    this.closeStream();
    await this.running;
  }

  /**
   * Push and pull now. Calls while a sync runs are folded into one more run after it, and the
   * promise settles after a run that started after the call: "sync now" means it.
   */
  sync(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          this.holdPreview();
          await this.runOnce();
        } while (this.again && !this.stopped);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** A local write happened: push soon (a burst of writes becomes one push). */
  schedulePush(): void {
    if (this.stopped || this.pushTimer !== undefined) return;
    this.pushTimer = this.timers.setTimeout(() => {
      this.pushTimer = undefined;
      void this.sync();
    }, this.options.pushDelayMs ?? 50);
  }

  async status(): Promise<SyncStatus> {
    const account = await loadAccount(this.db);
    if (!account) return { state: 'notJoined' };
    const [team, lastSyncAt, problem, cursor, initial] = await Promise.all([
      readMeta(this.db, META.team, TeamInfo),
      readMeta(this.db, META.lastSyncAt, LastSyncAt),
      readMeta(this.db, META.problem, Problem),
      this.db.meta.get(META.cursor),
      readMeta(this.db, META.initial, InitialSync),
    ]);
    const extra = {
      ...(team ? { teamName: team.teamName } : {}),
      ...(lastSyncAt === undefined ? {} : { lastSyncAt }),
    };
    if (problem?.kind === 'signedOut')
      return { state: 'error', message: problem.message, ...extra };
    const progress =
      this.progress ?? (initial ? { received: initial.received, total: initial.total } : undefined);
    let state = this.current?.state;
    // A freshly woken worker has no state yet: what IndexedDB says.
    state ??= this.running || cursor === undefined ? 'syncing' : 'synced';
    if (this.running && state === 'synced') state = 'syncing';
    const message =
      this.current?.message ?? (problem?.kind === 'rejected' ? problem.message : undefined);
    return {
      state,
      ...(message === undefined ? {} : { message }),
      ...(progress && cursor === undefined ? { progress } : {}),
      ...extra,
    };
  }

  private set(state: SyncState, message?: string): void {
    this.current = message === undefined ? { state } : { state, message };
  }

  private async runOnce(): Promise<void> {
    // A retry already scheduled stays scheduled until this run succeeds: see scheduleRetry.
    const account = await loadAccount(this.db);
    if (!account) {
      this.closeStream();
      this.set('notJoined');
      await this.afterRun(new Set(), true);
      return;
    }
    const problem = await readMeta(this.db, META.problem, Problem);
    if (problem?.kind === 'signedOut') {
      this.closeStream();
      this.set('error', problem.message);
      return;
    }
    // Offline or error stays shown until this run's outcome is known (no flicker on retries).
    if (this.current === undefined || this.current.state === 'notJoined') this.set('syncing');
    const api = new SyncApi(account.serverUrl, this.fetchFn, account.token);
    const changed = new Set<TableName>();
    try {
      const pushed = await pushOutbox(this.db, api, account, this.now);
      for (const t of pushed.tables) changed.add(t);
      const pulled = await pullAll(
        this.db,
        api,
        (p) => {
          this.progress = p;
        },
        { clientId: account.clientId },
      );
      for (const t of pulled.tables) changed.add(t);
      await this.refreshTeamIfStale(changed);
      await this.db.meta.put({ key: META.lastSyncAt, value: this.now() });
      this.failures = 0;
      if (this.retryTimer !== undefined) this.timers.clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      const rejected = pushed.rejected.at(-1);
      this.set(
        'synced',
        rejected ? `a change was refused by the server: ${rejected.reason}` : undefined,
      );
      if (!this.stopped) this.openStream(account);
      await this.afterRun(changed, false);
    } catch (error) {
      await this.failed(error);
      await this.afterRun(changed, true);
    }
  }

  /** Team name and settings from /v1/me; a failure here never fails the sync itself. */
  private async refreshTeamIfStale(changed: ReadonlySet<TableName>): Promise<void> {
    if (!changed.has('account_insights') && this.now() - this.teamReadAt < TEAM_REFRESH_MS) return;
    try {
      await refreshTeam(this.db, this.fetchFn);
      this.teamReadAt = this.now();
    } catch (error) {
      this.options.log?.('reading the team settings failed', error);
    }
  }

  private async failed(error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    this.options.log?.('sync failed', error);
    if (error instanceof SignedOutError) {
      this.closeStream();
      this.set('error', 'signed out');
      await this.db.meta.put({
        key: META.problem,
        value: { kind: 'signedOut', message: 'signed out' },
      });
      return;
    }
    this.set(isTransient(error) ? 'offline' : 'error', message);
    this.scheduleRetry(
      error instanceof ServerUnavailableError ? error.retryAfterMs : undefined,
      // An unreachable server costs nothing to retry, and a rep expects notes written during a
      // restart to arrive soon after it: cap those retries lower than a server that is overloaded.
      error instanceof OfflineError ? (this.options.offlineMaxBackoffMs ?? 15_000) : undefined,
    );
  }

  /**
   * Retry after a failure, with a backoff that doubles only when a retry itself fails. Runs
   * asked for meanwhile (a local write, the event stream's timer, "sync now") may fail too, but
   * they leave the scheduled retry as it is: were each to double the backoff, a rep writing a
   * few notes during a 5 s server restart would wait ~45 s for them to reach the team.
   */
  private scheduleRetry(atLeastMs?: number, maxMs?: number): void {
    if (this.stopped) return;
    if (this.retryTimer !== undefined && atLeastMs === undefined) return;
    const delay = Math.max(this.backoff(this.failures++, maxMs), atLeastMs ?? 0);
    if (this.retryTimer !== undefined) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = undefined;
      void this.sync();
    }, delay);
  }

  /** Exponential, capped, with jitter so a team's browsers do not come back in lockstep. */
  private backoff(failures: number, maxMs?: number): number {
    const base = this.options.backoffMs ?? 1_000;
    const max = Math.min(maxMs ?? Number.POSITIVE_INFINITY, this.options.maxBackoffMs ?? 60_000);
    const delay = Math.min(max, base * 2 ** Math.min(failures, 16));
    return Math.round(delay * (0.8 + Math.random() * 0.4));
  }

  /**
   * A run starts: a preview still waiting waits for the runs to pause (afterRun schedules it
   * again). An import keeps the client syncing for minutes, and a preview reads every account
   * and rewrites every insight, in the import's way each time.
   */
  private holdPreview(): void {
    if (this.previewTimer === undefined) return;
    this.timers.clearTimeout(this.previewTimer);
    this.previewTimer = undefined;
    this.previewOwed = true;
  }

  /** The local insight preview, when the server has not sent insights (yet). */
  private async afterRun(
    changed: ReadonlySet<TableName>,
    outboxMayHoldChanges: boolean,
  ): Promise<void> {
    if (changed.has('account_insights')) await dropLocalInsights(this.db);
    const server = (await this.db.meta.get(META.serverInsights))?.value === true;
    const owed = this.previewOwed;
    this.previewOwed = false;
    if (server || this.stopped) return;
    const relevant =
      owed ||
      [...changed].some((t) => PREVIEW_TABLES.has(t)) ||
      (outboxMayHoldChanges &&
        (await this.db.outbox.filter((e) => PREVIEW_TABLES.has(e.table)).count()) > 0);
    if (!relevant) return;
    if (this.previewTimer !== undefined) this.timers.clearTimeout(this.previewTimer);
    this.previewTimer = this.timers.setTimeout(() => {
      this.previewTimer = undefined;
      refreshLocalInsights(this.db, this.now()).catch((e: unknown) =>
        this.options.log?.('local insights failed', e),
      );
    }, this.options.previewDelayMs ?? 1_000);
  }

  private openStream(account: SyncAccount): void {
    if (this.stream?.token === account.token) return;
    this.closeStream();
    const abort = new AbortController();
    this.stream = { token: account.token, abort };
    void this.readStream(new SyncApi(account.serverUrl, this.fetchFn, account.token), abort);
  }

  private closeStream(): void {
    this.stream?.abort.abort();
    this.stream = undefined;
    if (this.streamTimer !== undefined) this.timers.clearTimeout(this.streamTimer);
    this.streamTimer = undefined;
  }

  /**
   * Pull when a change event says the team is ahead of this browser. The first event carries
   * the team's current seq, so changes missed while disconnected are caught at once. When the
   * stream ends (server restart, network change, worker about to stop) it is opened again.
   */
  private async readStream(api: SyncApi, abort: AbortController): Promise<void> {
    try {
      const events = await api.events(abort.signal);
      for await (const event of events) {
        if (abort.signal.aborted) return;
        this.streamFailures = 0;
        const cursor = (await this.db.meta.get(META.cursor))?.value;
        if (typeof cursor !== 'number' || event.seq > cursor) void this.sync();
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      this.options.log?.('event stream failed', error);
      if (error instanceof SignedOutError) {
        void this.sync();
        return;
      }
    }
    if (abort.signal.aborted || this.stream?.abort !== abort) return;
    this.stream = undefined;
    if (this.stopped) return;
    // Reopening a stream that ended with the server costs little: same cap as offline retries.
    const delay = this.backoff(this.streamFailures++, this.options.offlineMaxBackoffMs ?? 15_000);
    this.streamTimer = this.timers.setTimeout(() => {
      this.streamTimer = undefined;
      // A sync first: it reopens the stream when the server is back.
      void this.sync();
    }, delay);
  }
}
