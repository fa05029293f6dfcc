import { type ImportEntity, ImportFileError } from '../../shared/import/index.ts';
import type { WireError, WorkerReply, WorkerRequest } from './protocol.ts';
import type { Opened, Preview, RejectedRow, Settings, Summary } from './session.ts';
// Vite builds the worker as its own module and gives its address (`?worker&url`): WXT defines
// import.meta.url away, so Vite's `new Worker(new URL(…, import.meta.url))` form cannot be used.
import workerUrl from './worker.ts?worker&url';

/** The worker failed in a way the page cannot name (a bug, or a database that would not open). */
export class ImportWorkerError extends Error {
  override readonly name = 'ImportWorkerError';
}

type Pending = {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  progress?: ((done: number, total: number) => void) | undefined;
};

/** The error classes that keep their class across the worker boundary, by their stable names. */
function revive(e: WireError): Error {
  if (e.name === new ImportFileError('empty', '').name && e.code !== undefined) {
    return new ImportFileError(e.code as ImportFileError['code'], e.message);
  }
  return new ImportWorkerError(e.message);
}

type Ask = WorkerRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

/** The page's side of the import worker: each request a promise, long ones with progress. */
export class ImportClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 1;

  constructor(worker?: Worker) {
    this.worker = worker ?? new Worker(workerUrl, { type: 'module' });
    this.worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      const p = this.pending.get(reply.id);
      if (p === undefined) return;
      if (reply.type === 'progress') p.progress?.(reply.done, reply.total);
      else {
        this.pending.delete(reply.id);
        if (reply.type === 'result') p.resolve(reply.value);
        else p.reject(revive(reply.error));
      }
    });
    this.worker.addEventListener('error', (event) => {
      for (const p of this.pending.values()) p.reject(new ImportWorkerError(event.message));
      this.pending.clear();
    });
  }

  private ask<T>(request: Ask, progress?: (done: number, total: number) => void): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, progress });
      const message = { ...request, id };
      this.worker.postMessage(message);
    });
  }

  open(file: File, sheet?: string): Promise<Opened> {
    // The File crosses to the worker as a handle, not its bytes: the worker reads it a piece at
    // a time, and refuses one too large by its size before reading any of it.
    return this.ask<Opened>({
      type: 'open',
      fileName: file.name,
      file,
      ...(sheet === undefined ? {} : { sheet }),
    });
  }

  mappingFor(entity: ImportEntity): Promise<(string | null)[]> {
    return this.ask({ type: 'mappingFor', entity });
  }

  preview(settings: Settings): Promise<Preview> {
    return this.ask({ type: 'preview', settings });
  }

  run(progress: (done: number, total: number) => void): Promise<Summary> {
    return this.ask({ type: 'run' }, progress);
  }

  cancel(): void {
    this.worker.postMessage({ type: 'cancel' });
  }

  undo(batchId: string, progress: (done: number, total: number) => void): Promise<void> {
    return this.ask({ type: 'undo', batchId }, progress);
  }

  rejected(): Promise<{ headers: string[]; rows: RejectedRow[] }> {
    return this.ask({ type: 'rejected' });
  }

  terminate(): void {
    this.worker.terminate();
  }
}
