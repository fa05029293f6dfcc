import { liveQuery } from 'dexie';
import { handle } from '../background/router.ts';
import { type AccountLensDB, getDb } from '../db/database.ts';
import { LIVE_PORT } from '../messaging/live.ts';
import { SyncClient, type SyncStatus } from './client.ts';

/** The alarm that wakes the worker every minute: the fallback when the event stream is down. */
export const SYNC_ALARM = 'account-lens-sync';

let client: SyncClient | undefined;

/** The background's one sync client (created on first use, in this worker's lifetime). */
export function syncClient(db: AccountLensDB = getDb()): SyncClient {
  client ??= new SyncClient({
    db,
    // Bound to the global: a bare reference to fetch called as a method throws "Illegal invocation".
    fetch: (input, init) => fetch(input, init),
    log: (message, detail) => console.warn(`[account-lens sync] ${message}`, detail),
  });
  return client;
}

/** `syncStatus` and `syncNow` for the popup, side panel and options page. */
export function registerSyncHandlers(): void {
  handle('syncStatus', (): Promise<SyncStatus> => syncClient().status());
  handle('syncNow', async (): Promise<SyncStatus> => {
    const c = syncClient();
    await c.sync();
    return c.status();
  });
}

/**
 * Start syncing in the service worker. Runs on every wake (the top level of the background
 * runs each time Chrome starts the worker), so the event stream is reopened each time. The
 * listeners are registered synchronously, as MV3 requires for events that wake the worker.
 */
export function startBackgroundSync(db: AccountLensDB = getDb()): SyncClient {
  const c = syncClient(db);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void c.sync();
  });
  // Re-creating an existing alarm would restart its period on every wake: only when missing.
  void browser.alarms.get(SYNC_ALARM).then((existing) => {
    if (!existing) void browser.alarms.create(SYNC_ALARM, { periodInMinutes: 1 });
  });
  // Any page of the extension (popup, side panel, overlay handlers) writes the outbox; Dexie
  // tells every context of the origin, so a write anywhere is pushed within moments.
  liveQuery(() => db.outbox.count()).subscribe({
    next: (pending) => {
      if (pending > 0) c.schedulePush();
    },
    error: (e: unknown) => console.warn('[account-lens sync] outbox watch failed', e),
  });
  // A surface the rep can see holds this port (extension/messaging/live.ts): its pings keep
  // the background awake, and its connecting (a surface opened, or reconnecting after the
  // browser stopped the background) brings the team's changes at once.
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== LIVE_PORT) return;
    c.wake();
    // The message event itself is what keeps the background awake; there is nothing to answer.
    port.onMessage.addListener(() => undefined);
  });
  c.start();
  return c;
}
