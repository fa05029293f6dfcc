import type { Mutation } from '../shared/index.ts';
import type { GroupResult, PushContext, PushOutcome } from './store/push-core.ts';
import type { Store } from './store/store.ts';

interface Waiting {
  readonly ctx: PushContext;
  readonly mutations: readonly Mutation[];
  readonly resolve: (outcome: PushOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/** Bound on the work one group commit does, so one group never holds the loop for long. */
const MAX_GROUP_MUTATIONS = 10_000;

/**
 * Group commit: pushes that arrive while the previous group is being written (or in the same
 * turn of the event loop) are applied in one transaction (each in its own savepoint) and
 * committed with a single flush to disk. Each push is answered only after that COMMIT, so
 * acknowledging still means durable; many browsers pushing at once share the cost of the disk
 * flush instead of queueing behind it. One group is in flight at a time per server instance.
 */
export class PushQueue {
  private waiting: Waiting[] = [];
  private scheduled = false;
  private writing = false;

  constructor(private readonly store: Store) {}

  submit(ctx: PushContext, mutations: readonly Mutation[]): Promise<PushOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ctx, mutations, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    let count = 0;
    let take = 0;
    while (take < this.waiting.length) {
      count += this.waiting[take]?.mutations.length ?? 0;
      take++;
      if (count >= MAX_GROUP_MUTATIONS) break;
    }
    const group = this.waiting.slice(0, take);
    this.waiting = this.waiting.slice(take);
    this.writing = true;
    let results: GroupResult[];
    try {
      results = await this.store.applyPushGroup(group);
    } catch (error) {
      // The COMMIT itself failed (disk full, I/O error, the database went away): nothing in
      // the group is durable, and each browser retries its push.
      for (const w of group) w.reject(error);
      return;
    } finally {
      this.writing = false;
      this.schedule();
    }
    group.forEach((w, i) => {
      const r = results[i];
      if (r === undefined) w.reject(new Error('push group lost a result'));
      else if (r.ok) w.resolve(r.outcome);
      else w.reject(r.error);
    });
  }
}
