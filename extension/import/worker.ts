import { getDb } from '../db/database.ts';
import { writeContext } from '../ui/identity.ts';
import { type WireError, type WorkerReply, WorkerRequest } from './protocol.ts';
import { ImportSession } from './session.ts';

/**
 * The import wizard's worker: reading, planning and writing a file of 100k rows takes seconds
 * of work that would freeze the page, so it runs here and the page only draws (docs/domain.md
 * §13). One session per worker: one file at a time.
 */
const post = (reply: WorkerReply) => (self as unknown as Worker).postMessage(reply);

let session: Promise<ImportSession> | undefined;
const getSession = () => {
  session ??= writeContext(getDb()).then((ctx) => new ImportSession(ctx));
  return session;
};

function wire(error: unknown): WireError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name,
      message: error.message,
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}

self.addEventListener('message', (event: MessageEvent) => {
  const parsed = WorkerRequest.safeParse(event.data);
  if (!parsed.success) {
    console.error('import worker: bad request', parsed.error);
    return;
  }
  const request = parsed.data;
  if (request.type === 'cancel') {
    void getSession().then((s) => s.cancel());
    return;
  }
  const { id } = request;
  const progress = (done: number, total: number) => post({ type: 'progress', id, done, total });
  const answer = async (): Promise<unknown> => {
    const s = await getSession();
    switch (request.type) {
      case 'open':
        return s.open(request.fileName, request.file, request.sheet);
      case 'mappingFor':
        return s.mappingFor(request.entity);
      case 'preview':
        return s.preview(request.settings);
      case 'run':
        return s.run(progress);
      case 'undo':
        return s.undo(request.batchId, progress);
      case 'rejected':
        return s.rejectedRows();
    }
  };
  answer().then(
    (value) => post({ type: 'result', id, value }),
    (error: unknown) => post({ type: 'error', id, error: wire(error) }),
  );
});
