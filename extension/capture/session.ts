import { type CaptureSession, CaptureSessionSchema } from './schema.ts';

/**
 * Captures wait for the preview in `storage.session`: in memory, gone when the browser closes
 * (what a page said about its people is not kept longer than the rep needs to look at it), and
 * readable only by the extension's own pages and service worker, never by content scripts.
 */
const PREFIX = 'capture:';
/** Older captures are dropped when a new one is made: the rep has long moved on. */
const KEEP_MS = 6 * 60 * 60 * 1_000;
const KEEP_COUNT = 20;

export const sessionKey = (id: string): string => `${PREFIX}${id}`;

export async function storeSession(session: CaptureSession, now = Date.now()): Promise<void> {
  const all = await browser.storage.session.get(null);
  const stale = Object.entries(all)
    .filter(([key]) => key.startsWith(PREFIX))
    .map(([key, value]) => ({ key, at: createdAtOf(value) }))
    .sort((a, b) => b.at - a.at)
    .filter((s, i) => i >= KEEP_COUNT - 1 || now - s.at > KEEP_MS)
    .map((s) => s.key);
  if (stale.length > 0) await browser.storage.session.remove(stale);
  await browser.storage.session.set({ [sessionKey(session.id)]: session });
}

/** The capture with this id, or undefined when it is gone or does not parse. */
export async function loadSession(id: string): Promise<CaptureSession | undefined> {
  const key = sessionKey(id);
  const stored = await browser.storage.session.get(key);
  const parsed = CaptureSessionSchema.safeParse(stored[key]);
  return parsed.success ? parsed.data : undefined;
}

const createdAtOf = (value: unknown): number =>
  typeof value === 'object' &&
  value !== null &&
  'createdAt' in value &&
  typeof value.createdAt === 'number'
    ? value.createdAt
    : 0;
