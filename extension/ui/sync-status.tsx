import { useEffect, useState } from 'preact/hooks';
import { z } from 'zod';
import { t } from '../i18n/index.ts';
import { ask } from '../messaging/client.ts';

/** What the background's sync client reports (`ask({type: 'syncStatus'})`), parsed, not trusted. */
const SyncStatusReply = z.object({
  state: z.enum(['synced', 'syncing', 'offline', 'error', 'notJoined']),
  message: z.string().max(2_000).optional(),
  progress: z
    .object({ received: z.number().min(0), total: z.number().min(0) })
    .optional()
    .catch(undefined),
});

export type SyncState = z.infer<typeof SyncStatusReply>['state'] | 'unknown';

export interface SyncStatus {
  readonly state: SyncState;
  readonly message?: string | undefined;
  readonly progress?: { readonly received: number; readonly total: number } | undefined;
}

const POLL_MS = 2_000;

/**
 * The sync status, asked again every two seconds while the page is open: the background may
 * be asleep between polls, and asking wakes it. No answer (the sync client not running or not
 * installed) reads as "unknown", not as an error the rep must act on.
 */
export function useSyncStatus(): SyncStatus {
  const [status, setStatus] = useState<SyncStatus>({ state: 'unknown' });
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      let next: SyncStatus;
      try {
        const parsed = SyncStatusReply.safeParse(await ask<unknown>({ type: 'syncStatus' }));
        next = parsed.success ? parsed.data : { state: 'unknown' };
      } catch {
        next = { state: 'unknown' };
      }
      if (!stopped) setStatus(next);
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return status;
}

/** The coloured dot with its state in words (colour is never the only signal). */
export function StatusDot({ status }: { status: SyncStatus }) {
  const label = t(`ui.sync.${status.state}`);
  const { progress } = status;
  return (
    <div class="status" data-sync-state={status.state} role="status" aria-live="polite">
      <span class="status-dot" aria-hidden="true" />
      <span class="status-label">{label}</span>
      {progress && progress.total > 0 && (
        <progress
          value={progress.received}
          max={progress.total}
          aria-label={t('ui.sync.progress', { received: progress.received, total: progress.total })}
        />
      )}
      {status.message && <span class="status-message">{status.message}</span>}
    </div>
  );
}
