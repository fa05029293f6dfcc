import { describe, expect, it } from 'vitest';
import { storageValues } from '../extension/wxt-imports.ts';

// browser.storage.local as WXT's `#imports` storage reads it in unit tests: in memory.
const store = storageValues;

const {
  HEALTH_WRITE_MS,
  HealthRecorder,
  healthReport,
  loadSelectorHealth,
  MAX_MISSES,
  mergeHealth,
  emptyDelta,
} = await import('../../extension/settings/selector-health.ts');

/** A recorder on a fake clock and timer, writing to the in-memory store. */
function recorder(site: 'qq' | 'gmail' = 'qq') {
  let now = 1_000;
  const timers: (() => void)[] = [];
  const scheduled: number[] = [];
  const r = new HealthRecorder(
    site,
    (fn, ms) => {
      timers.push(fn);
      scheduled.push(ms);
    },
    () => now,
  );
  return {
    r,
    scheduled,
    tick: (ms: number) => {
      now += ms;
    },
    /** Run the pending timer (the write) and wait for it. */
    fire: async () => {
      for (const fn of timers.splice(0)) fn();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

const ANCHORS = { key: 'msg-1', found: 'anchors', missed: [] } as const;
const FALLBACK = {
  key: 'msg-2',
  found: 'fallback',
  missed: ['qq.body: .a | .b'],
} as const;

describe('selector health recorder', () => {
  it('counts each message once, however often the page is read, and writes once per period', async () => {
    store.clear();
    const { r, fire, tick, scheduled } = recorder();
    // The first reading is written at once (the tab may close), the next ones a period later.
    r.note(ANCHORS);
    await fire();
    expect((await loadSelectorHealth()).qq).toMatchObject({ lastSeen: 1_000, anchored: 1 });
    tick(500);
    for (let i = 0; i < 50; i++) r.note(ANCHORS);
    for (let i = 0; i < 50; i++) r.note(FALLBACK);
    expect(scheduled).toEqual([0, HEALTH_WRITE_MS - 500]);
    await fire();
    const health = await loadSelectorHealth();
    expect(health.qq).toEqual({
      lastSeen: 1_500,
      anchored: 1,
      fallback: 1,
      lastFallback: 1_500,
      missed: [{ list: 'qq.body: .a | .b', count: 1, last: 1_500 }],
    });
  });

  it('adds to what an earlier page wrote, keeping other sites', async () => {
    store.clear();
    const first = recorder('gmail');
    first.r.note(ANCHORS);
    await first.fire();
    const second = recorder();
    second.r.note(FALLBACK);
    second.tick(10);
    second.r.note({ ...FALLBACK, key: 'msg-3' });
    await second.fire();
    const third = recorder();
    third.tick(20_000);
    third.r.note(ANCHORS);
    await third.fire();
    const health = await loadSelectorHealth();
    expect(health.gmail?.anchored).toBe(1);
    expect(health.qq).toMatchObject({ anchored: 1, fallback: 2, lastSeen: 21_000 });
    expect(health.qq?.missed).toEqual([{ list: 'qq.body: .a | .b', count: 2, last: 1_010 }]);
  });

  it('stays bounded: the most recent selector lists, each description cut short', () => {
    let health = {};
    for (let i = 0; i < MAX_MISSES + 15; i++) {
      const delta = emptyDelta();
      delta.missed.set(`netease.list${i}: ${'x'.repeat(1_000)}`, { count: 1, last: i });
      health = mergeHealth(health, 'netease', delta);
    }
    const missed = (health as Awaited<ReturnType<typeof loadSelectorHealth>>).netease?.missed ?? [];
    expect(missed).toHaveLength(MAX_MISSES);
    expect(missed[0]?.list.startsWith(`netease.list${MAX_MISSES + 14}:`)).toBe(true);
    expect(Math.max(...missed.map((m) => m.list.length))).toBeLessThanOrEqual(300);
  });

  it('reads whatever storage holds without failing, dropping what is not a site', async () => {
    store.clear();
    store.set('local:selectorHealth', {
      qq: { lastSeen: 'yesterday', missed: [{ list: 42 }, { list: 'qq.x: a', count: -3 }] },
      evil: { lastSeen: 1 },
    });
    expect(await loadSelectorHealth()).toEqual({
      qq: {
        lastSeen: 0,
        anchored: 0,
        fallback: 0,
        missed: [{ list: 'qq.x: a', count: 0, last: 0 }],
      },
    });
  });

  it('reports in plain text, every site named, nothing but the record', () => {
    const text = healthReport(
      {
        qq: {
          lastSeen: Date.UTC(2026, 0, 2),
          anchored: 3,
          fallback: 1,
          lastFallback: Date.UTC(2026, 0, 2),
          missed: [{ list: 'qq.body: .a', count: 1, last: Date.UTC(2026, 0, 2) }],
        },
      },
      '1.2.3',
      Date.UTC(2026, 0, 3),
    );
    expect(text).toBe(
      [
        'Account Lens 1.2.3: webmail selector health, 2026-01-03T00:00:00.000Z',
        '',
        'gmail: no page seen',
        '',
        'outlook: no page seen',
        '',
        'qq: last page seen 2026-01-02T00:00:00.000Z',
        '  messages read by anchors: 3',
        '  messages read by fallback: 1 (last 2026-01-02T00:00:00.000Z)',
        '  missed 1x, last 2026-01-02T00:00:00.000Z: qq.body: .a',
        '',
        'netease: no page seen',
      ].join('\n'),
    );
  });
});
