/**
 * Computes a team's segmentation off the main thread on its own connection to the store, so a
 * large book never stalls requests. The main thread writes the returned changes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { computeInsightChanges, type InsightSource } from './segmentation-compute.ts';
import { openDatabase } from './store/db.ts';
import { openStore } from './store/open.ts';
import { SqliteStore } from './store/sqlite-store.ts';

const Data = z.object({
  location: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('sqlite'), path: z.string() }),
    z.object({ kind: z.literal('postgres'), url: z.string() }),
  ]),
});
const Request = z.object({ requestId: z.number(), teamId: z.string(), now: z.number() });

const port = parentPort;
if (!port) throw new Error('segmentation-worker.ts runs only as a worker thread');
const { location } = Data.parse(workerData);
// Read-only on SQLite: the worker must never take the file's write lock from the server.
const source: Promise<InsightSource> =
  location.kind === 'sqlite'
    ? Promise.resolve(new SqliteStore(openDatabase(location.path, { readonly: true })))
    : openStore(location, { connections: 2 });

port.on('message', (message: unknown) => {
  const req = Request.parse(message);
  source
    .then((store) => computeInsightChanges(store, req.teamId, req.now))
    .then(
      (changes) => port.postMessage({ requestId: req.requestId, ok: true, changes }),
      (error: unknown) =>
        port.postMessage({
          requestId: req.requestId,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
});
