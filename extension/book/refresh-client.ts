import type { TeamSettings } from '../../shared/index.ts';
import { watchUrgent } from '../db/urgent.ts';
import type { RefreshResult } from './refresh.ts';
import type { RefreshReply, RefreshRequest, TimelineEntry } from './refresh-protocol.ts';
// Vite builds the worker as its own module (see extension/import/client.ts for why `?worker&url`).
import workerUrl from './refresh-worker.ts?worker&url';

/** The refresh worker failed: its message names what went wrong there. */
export class BookRefreshError extends Error {
  override readonly name = 'BookRefreshError';
}

type Pending = {
  resolve: (result: RefreshResult) => void;
  reject: (error: Error) => void;
  progress: ((done: number) => void) | undefined;
};

/** The worker's marks and measures, put on this page's timeline at the same moments. */
function replay(timeline: readonly TimelineEntry[]): void {
  for (const e of timeline) {
    const startTime = e.at - performance.timeOrigin;
    if (e.kind === 'mark') performance.mark(e.name, { startTime });
    else performance.measure(e.name, { start: startTime, duration: e.duration });
  }
}

/** The Book page's side of its refresh worker (refresh-worker.ts): one refresh a promise. */
export class BookRefresher {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 1;

  constructor(worker?: Worker) {
    this.worker = worker ?? new Worker(workerUrl, { type: 'module' });
    this.worker.addEventListener('message', (event: MessageEvent<RefreshReply>) => {
      const reply = event.data;
      const p = this.pending.get(reply.id);
      if (!p) return;
      if (reply.type === 'progress') {
        p.progress?.(reply.done);
        return;
      }
      this.pending.delete(reply.id);
      replay(reply.timeline);
      if (reply.type === 'result') p.resolve(reply.result);
      else p.reject(new BookRefreshError(reply.message));
    });
    this.worker.addEventListener('error', (event) => {
      for (const p of this.pending.values()) p.reject(new BookRefreshError(event.message));
      this.pending.clear();
    });
    // For the page's life (the page keeps one refresher): its searches go before bulk reads.
    watchUrgent((busy) => this.send({ type: 'urgent', busy }));
  }

  private send(request: RefreshRequest): void {
    this.worker.postMessage(request);
  }

  /** Bring the book tables up to date (refreshBook, in the worker). */
  refresh(settings: TeamSettings, progress?: (done: number) => void): Promise<RefreshResult> {
    const id = this.next++;
    return new Promise<RefreshResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, progress });
      this.send({ type: 'refresh', id, settings });
    });
  }
}
