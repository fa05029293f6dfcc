import { getDb } from '../db/database.ts';
import { urgentElsewhere } from '../db/urgent.ts';
import { refreshBook } from './refresh.ts';
import { type RefreshReply, RefreshRequest, type TimelineEntry } from './refresh-protocol.ts';

/**
 * The Book page's refresh, off the page's main thread (docs/domain.md §11.1). A one-account
 * refresh is a dozen IndexedDB requests whose answers each wait for a free main thread, and
 * right after a Done the page's main thread is busy drawing Today: the same refresh took half
 * as long again there as here. The whole-book refresh of a day's first open (seconds of work)
 * no longer competes with the page's drawing either.
 */
const post = (reply: RefreshReply) => (self as unknown as Worker).postMessage(reply);

/** This worker's refresh marks and measures, taken off its timeline to go on the page's. */
function takeTimeline(): TimelineEntry[] {
  const entries = performance
    .getEntries()
    .filter(
      (e) =>
        e.name.startsWith('account-lens:book') &&
        (e.entryType === 'mark' || e.entryType === 'measure'),
    )
    .map((e) => ({
      name: e.name,
      kind: e.entryType as TimelineEntry['kind'],
      at: performance.timeOrigin + e.startTime,
      duration: e.duration,
    }));
  performance.clearMarks();
  performance.clearMeasures();
  return entries;
}

// One refresh at a time, in the order asked: the page never asks for a second before the first
// answered, but a queue keeps that true whatever it does.
let queue: Promise<void> = Promise.resolve();

self.addEventListener('message', (event: MessageEvent) => {
  const parsed = RefreshRequest.safeParse(event.data);
  if (!parsed.success) {
    console.error('book refresh worker: bad request', parsed.error);
    return;
  }
  const request = parsed.data;
  if (request.type === 'urgent') {
    urgentElsewhere(request.busy);
    return;
  }
  const { id, settings } = request;
  queue = queue.then(async () => {
    try {
      const result = await refreshBook(getDb(), {
        settings,
        onProgress: (done) => post({ type: 'progress', id, done }),
      });
      post({ type: 'result', id, result, timeline: takeTimeline() });
    } catch (e) {
      post({
        type: 'error',
        id,
        message: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
        timeline: takeTimeline(),
      });
    }
  });
});
