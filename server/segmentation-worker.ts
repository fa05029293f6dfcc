/**
 * Computes a team's segmentation off the main thread on its own read-only connection, so a
 * large book never stalls requests. The main thread writes the returned changes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { computeInsightChanges } from './segmentation-compute.ts';
import { openDatabase } from './store/db.ts';

const Data = z.object({ databasePath: z.string() });
const Request = z.object({ requestId: z.number(), teamId: z.string(), now: z.number() });

const port = parentPort;
if (!port) throw new Error('segmentation-worker.ts runs only as a worker thread');
const db = openDatabase(Data.parse(workerData).databasePath, { readonly: true });

port.on('message', (message: unknown) => {
  const req = Request.parse(message);
  try {
    const changes = computeInsightChanges(db, req.teamId, req.now);
    port.postMessage({ requestId: req.requestId, ok: true, changes });
  } catch (error) {
    port.postMessage({
      requestId: req.requestId,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
