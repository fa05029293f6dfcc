import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { HlcClock } from '../shared/index.ts';
import type { ChangeNotifier } from './events.ts';
import type { Logger } from './log.ts';
import { computeInsightChanges, type InsightChange } from './segmentation-compute.ts';
import type { StoreLocation } from './store/open.ts';
import type { Store } from './store/store.ts';

export interface SegmentationOptions {
  readonly store: Store;
  /** Where the store is, for the worker's own connection; ':memory:' computes inline. */
  readonly location: StoreLocation;
  readonly clock: HlcClock;
  readonly notifier: ChangeNotifier;
  readonly log: Logger;
  /** Quiet time after the last trigger before recomputing (a burst of pushes costs one run). */
  readonly debounceMs?: number;
  /** Longest a trigger waits while pushes keep coming. */
  readonly maxWaitMs?: number;
  /** Recompute every team this often even without pushes: statuses age with time. 0: never. */
  readonly refreshEveryMs?: number;
  /** Compute in a worker thread (default) or on the main thread. */
  readonly worker?: boolean;
  readonly now?: () => number;
}

/** Written in slices so a first run over a big book never holds the event loop for long. */
const WRITE_SLICE = 2_000;

const WorkerReply = z.union([
  z.object({
    requestId: z.number(),
    ok: z.literal(true),
    changes: z.array(z.object({ id: z.string(), fields: z.record(z.string(), z.unknown()) })),
  }),
  z.object({ requestId: z.number(), ok: z.literal(false), error: z.string() }),
]);

interface Pending {
  timer: NodeJS.Timeout;
  firstAt: number;
}

/**
 * The debounced recompute of each team's segmentation (shared/segmentation), written back as
 * server-authored account_insights rows. Runs after pushes that touch value inputs and after a
 * settings change, never on a push's critical path; one run per team at a time.
 */
export class SegmentationJob {
  private readonly pending = new Map<string, Pending>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;
  private worker: WorkerClient | undefined;
  private useWorker: boolean;
  private refreshTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly opts: SegmentationOptions) {
    this.debounceMs = opts.debounceMs ?? 500;
    this.maxWaitMs = opts.maxWaitMs ?? 5_000;
    this.now = opts.now ?? Date.now;
    this.useWorker =
      (opts.worker ?? true) &&
      !(opts.location.kind === 'sqlite' && opts.location.path === ':memory:');
    const every = opts.refreshEveryMs ?? 6 * 3_600_000;
    if (every > 0) {
      this.refreshTimer = setInterval(() => {
        opts.store.listTeams().then(
          (teams) => {
            for (const team of teams) this.schedule(team.id);
          },
          () => undefined,
        );
      }, every);
      this.refreshTimer.unref();
    }
  }

  schedule(teamId: string): void {
    if (this.stopped) return;
    if (this.running.has(teamId)) {
      this.dirty.add(teamId);
      return;
    }
    const at = Date.now();
    const prior = this.pending.get(teamId);
    if (prior) clearTimeout(prior.timer);
    const firstAt = prior?.firstAt ?? at;
    const delay = Math.max(0, Math.min(this.debounceMs, firstAt + this.maxWaitMs - at));
    const timer = setTimeout(() => {
      this.pending.delete(teamId);
      this.start(teamId);
    }, delay);
    timer.unref();
    this.pending.set(teamId, { timer, firstAt });
  }

  /** Run every scheduled recompute now and wait until all are done (tests, shutdown). */
  async flush(): Promise<void> {
    for (const [teamId, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(teamId);
      this.start(teamId);
    }
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** Recompute one team now and wait for it. */
  async recompute(teamId: string): Promise<void> {
    const p = this.pending.get(teamId);
    if (p) {
      clearTimeout(p.timer);
      this.pending.delete(teamId);
    }
    await this.running.get(teamId);
    await this.start(teamId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    await Promise.all(this.running.values());
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private start(teamId: string): Promise<void> {
    const run = this.run(teamId).finally(() => {
      this.running.delete(teamId);
      if (this.dirty.delete(teamId)) this.schedule(teamId);
    });
    this.running.set(teamId, run);
    return run;
  }

  private async run(teamId: string): Promise<void> {
    const t0 = performance.now();
    try {
      let written = 0;
      // Instances sharing one PostgreSQL run a team's recompute one at a time: one that finds
      // it running elsewhere asks again after it, so the change it was told of is not missed.
      const ran = await this.opts.store.exclusively(`segmentation:${teamId}`, async () => {
        const changes = await this.compute(teamId, this.now());
        for (let i = 0; i < changes.length && !this.stopped; i += WRITE_SLICE) {
          if (i > 0) await new Promise((resolve) => setImmediate(resolve));
          const slice = changes.slice(i, i + WRITE_SLICE);
          const seq = await this.opts.store.writeServerRows(
            teamId,
            'account_insights',
            slice,
            this.opts.clock,
          );
          written += slice.length;
          void this.opts.notifier.notify(teamId, seq);
        }
      });
      if (!ran) this.dirty.add(teamId);
      this.opts.log.debug('segmentation', {
        teamId,
        ran,
        written,
        ms: Math.round(performance.now() - t0),
      });
    } catch (error) {
      this.opts.log.error('segmentation failed', {
        teamId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async compute(teamId: string, now: number): Promise<InsightChange[]> {
    if (this.useWorker) {
      try {
        this.worker ??= new WorkerClient(this.opts.location);
        return await this.worker.compute(teamId, now);
      } catch (error) {
        // A worker that cannot start (no TypeScript loader where the server was deployed, say)
        // must not cost the team its segmentation: compute here instead from now on.
        this.opts.log.warn('segmentation worker unavailable, computing inline', {
          error: error instanceof Error ? error.message : String(error),
        });
        this.useWorker = false;
        await this.worker?.terminate();
        this.worker = undefined;
      }
    }
    return computeInsightChanges(this.opts.store, teamId, now);
  }
}

class WorkerClient {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve: (c: InsightChange[]) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;
  private failed: Error | undefined;

  constructor(location: StoreLocation) {
    this.worker = new Worker(workerEntry(), { workerData: { location } });
    this.worker.unref();
    this.worker.on('message', (message: unknown) => {
      const reply = WorkerReply.parse(message);
      const w = this.waiting.get(reply.requestId);
      if (!w) return;
      this.waiting.delete(reply.requestId);
      if (reply.ok) w.resolve(reply.changes);
      else w.reject(new Error(reply.error));
    });
    const fail = (error: Error) => {
      this.failed = error;
      for (const w of this.waiting.values()) w.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`segmentation worker exited (${code})`)));
  }

  compute(teamId: string, now: number): Promise<InsightChange[]> {
    if (this.failed) return Promise.reject(this.failed);
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(requestId, { resolve, reject });
      this.worker.postMessage({ requestId, teamId, now });
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * The worker's entry. Built JavaScript runs segmentation-worker.js directly; from TypeScript
 * sources (tsx, vitest) a tiny bootstrap loads the .ts file through tsx, because worker
 * threads do not inherit the parent's module loader.
 */
function workerEntry(): URL {
  const here = fileURLToPath(import.meta.url);
  const js = join(dirname(here), 'segmentation-worker.js');
  if (!here.endsWith('.ts') && existsSync(js)) return pathToFileURL(js);
  const require = createRequire(import.meta.url);
  const tsxApi = pathToFileURL(
    join(dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
  ).href;
  const entry = pathToFileURL(join(dirname(here), 'segmentation-worker.ts')).href;
  const code = `const { tsImport } = await import(${JSON.stringify(tsxApi)});\nawait tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
