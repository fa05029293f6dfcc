import type { Mutation } from '../shared/index.ts';
import type { Db } from './store/db.ts';
import { applyPushGroup, type PushContext, type PushOutcome } from './store/rows.ts';

interface Waiting {
  readonly ctx: PushContext;
  readonly mutations: readonly Mutation[];
  readonly resolve: (outcome: PushOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/** Bound on the work one group commit does, so one group never holds the loop for long. */
const MAX_GROUP_MUTATIONS = 10_000;

/**
 * Group commit: pushes that arrive in the same turn of the event loop are applied in one
 * transaction (each in its own savepoint) and committed with a single fsync. Each push is
 * answered only after that COMMIT, so acknowledging still means durable; many browsers
 * pushing at once share the cost of the disk flush instead of queueing behind it.
 */
export class PushQueue {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {}

  submit(ctx: PushContext, mutations: readonly Mutation[]): Promise<PushOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ctx, mutations, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    let count = 0;
    let take = 0;
    while (take < this.waiting.length) {
      count += this.waiting[take]?.mutations.length ?? 0;
      take++;
      if (count >= MAX_GROUP_MUTATIONS) break;
    }
    const group = this.waiting.slice(0, take);
    this.waiting = this.waiting.slice(take);
    this.scheduled = this.waiting.length > 0;
    if (this.scheduled) setImmediate(() => this.flush());

    let results: ReturnType<typeof applyPushGroup>;
    try {
      results = applyPushGroup(this.db, group);
    } catch (error) {
      // The COMMIT itself failed (disk full, I/O error): nothing in the group is durable.
      for (const w of group) w.reject(error);
      return;
    }
    group.forEach((w, i) => {
      const r = results[i];
      if (r === undefined) w.reject(new Error('push group lost a result'));
      else if (r.ok) w.resolve(r.outcome);
      else w.reject(r.error);
    });
  }
}
