import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepSyncLive, LIVE_PING_MS, LIVE_PORT } from '../../../extension/messaging/live.ts';

/** A port whose disconnect the test triggers, as the browser does when it stops the background. */
function fakePorts() {
  const opened: { name: string; sent: unknown[]; drop: () => void; closed: boolean }[] = [];
  const connect = (name: string) => {
    const listeners: (() => void)[] = [];
    const entry = {
      name,
      sent: [] as unknown[],
      closed: false,
      drop: () => {
        for (const l of listeners) l();
      },
    };
    opened.push(entry);
    return {
      name,
      postMessage: (m: unknown) => entry.sent.push(m),
      disconnect: () => {
        entry.closed = true;
      },
      onDisconnect: { addListener: (l: () => void) => listeners.push(l) },
    } as unknown as Browser.runtime.Port;
  };
  return { opened, connect };
}

/** A document whose visibility the test sets. */
function fakeDocument() {
  const target = new EventTarget();
  const doc = Object.assign(target, { visibilityState: 'visible' as DocumentVisibilityState });
  return {
    document: doc as unknown as Document,
    show(state: DocumentVisibilityState) {
      doc.visibilityState = state;
      target.dispatchEvent(new Event('visibilitychange'));
    },
  };
}

describe('keeping sync live while a surface is in view', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('pings the background often enough that the browser never finds it idle for 30 seconds', () => {
    const { opened, connect } = fakePorts();
    const stop = keepSyncLive({ connect, document: fakeDocument().document });
    expect(opened.map((p) => p.name)).toEqual([LIVE_PORT]);
    vi.advanceTimersByTime(60_000);
    expect(LIVE_PING_MS).toBeLessThan(30_000);
    expect(opened[0]?.sent.length).toBe(Math.floor(60_000 / LIVE_PING_MS));
    stop();
    expect(opened[0]?.closed).toBe(true);
  });

  it('reconnects at once when the browser stops the background, which starts it again', () => {
    const { opened, connect } = fakePorts();
    keepSyncLive({ connect, document: fakeDocument().document });
    vi.advanceTimersByTime(30_000);
    opened[0]?.drop();
    vi.advanceTimersByTime(0);
    expect(opened).toHaveLength(2);
  });

  it('backs off when the background drops the port as soon as it opens', () => {
    const { opened, connect } = fakePorts();
    keepSyncLive({ connect, document: fakeDocument().document });
    for (let i = 0; i < 6; i++) {
      opened.at(-1)?.drop();
      vi.advanceTimersByTime(100);
    }
    // Dropped at once each time: the waits grow (250, 500, 1000 ms…) instead of a tight loop.
    expect(opened.length).toBeLessThan(4);
    vi.advanceTimersByTime(20_000);
    expect(opened.length).toBeGreaterThan(3);
  });

  it('lets the background sleep while the page is hidden, and wakes it when shown again', () => {
    const { opened, connect } = fakePorts();
    const page = fakeDocument();
    keepSyncLive({ connect, document: page.document });
    page.show('hidden');
    opened[0]?.drop();
    vi.advanceTimersByTime(120_000);
    expect(opened).toHaveLength(1);
    expect(opened[0]?.sent).toHaveLength(0);
    page.show('visible');
    expect(opened).toHaveLength(2);
  });
});
