import { storage } from '#imports';
import { WEBMAIL_SITES, type WebmailSite } from '../hosts/hosts.ts';

/**
 * Selector health: per webmail site, how the adapter fared on the pages the rep read, so a rep
 * can report a broken site with facts (which selector lists stopped matching, since when, how
 * often the panel fell back to reading addresses from text). Kept in this browser
 * (browser.storage.local), never sent anywhere; it holds the adapters' own selector lists and
 * counts, never anything read from a page. Written by the webmail content script at most every
 * few seconds (HealthRecorder), read and cleared on the options page.
 */

/** Selector lists kept per site: the most recent ones, a site with more is broken anyway. */
export const MAX_MISSES = 20;
/** A selector list's description is the adapter's own text; bounded all the same. */
const MAX_LIST = 300;

export interface MissedList {
  /** `qq.body: .a | .b`, as the adapter describes it (describeMiss). */
  readonly list: string;
  readonly count: number;
  /** Epoch ms. */
  readonly last: number;
}

export interface SiteHealth {
  /** When a page of this site was last read (epoch ms). */
  readonly lastSeen: number;
  /** Messages (each opened message once) read through the site's anchors… */
  readonly anchored: number;
  /** …and read from the addresses in the text because the anchors were not found. */
  readonly fallback: number;
  readonly lastFallback?: number;
  /** The selector lists that found nothing on a reading view, the most recent first. */
  readonly missed: readonly MissedList[];
}

export type SelectorHealth = Partial<Record<WebmailSite, SiteHealth>>;

export const selectorHealthItem = storage.defineItem<SelectorHealth>('local:selectorHealth', {
  fallback: {},
});

/** What one content script saw since its last write. */
export interface HealthDelta {
  lastSeen: number;
  anchored: number;
  fallback: number;
  lastFallback?: number;
  missed: Map<string, { count: number; last: number }>;
}

export const emptyDelta = (): HealthDelta => ({
  lastSeen: 0,
  anchored: 0,
  fallback: 0,
  missed: new Map(),
});

const SITES: readonly string[] = Object.keys(WEBMAIL_SITES);
const isSite = (s: string): s is WebmailSite => SITES.includes(s);
const count = (n: unknown): number =>
  typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.floor(n) : 0;

/** A site's record as stored, or a fresh one: storage may hold anything an older version wrote. */
function siteOf(stored: unknown): SiteHealth {
  const s = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<SiteHealth>;
  const missed = Array.isArray(s.missed) ? s.missed : [];
  return {
    lastSeen: count(s.lastSeen),
    anchored: count(s.anchored),
    fallback: count(s.fallback),
    ...(s.lastFallback !== undefined ? { lastFallback: count(s.lastFallback) } : {}),
    missed: missed
      .filter((m): m is MissedList => typeof m?.list === 'string')
      .map((m) => ({ list: m.list.slice(0, MAX_LIST), count: count(m.count), last: count(m.last) }))
      .slice(0, MAX_MISSES),
  };
}

/** The stored record with `delta` added: counts summed, times the latest, lists bounded. */
export function mergeHealth(
  stored: SelectorHealth,
  site: WebmailSite,
  delta: HealthDelta,
): SelectorHealth {
  const before = siteOf(stored[site]);
  const missed = new Map(before.missed.map((m) => [m.list, m]));
  for (const [list, m] of delta.missed) {
    const key = list.slice(0, MAX_LIST);
    const old = missed.get(key);
    missed.set(key, {
      list: key,
      count: (old?.count ?? 0) + m.count,
      last: Math.max(old?.last ?? 0, m.last),
    });
  }
  const lastFallback = Math.max(before.lastFallback ?? 0, delta.lastFallback ?? 0);
  const next: SiteHealth = {
    lastSeen: Math.max(before.lastSeen, delta.lastSeen),
    anchored: before.anchored + delta.anchored,
    fallback: before.fallback + delta.fallback,
    ...(lastFallback > 0 ? { lastFallback } : {}),
    missed: [...missed.values()].sort((a, b) => b.last - a.last).slice(0, MAX_MISSES),
  };
  const out: SelectorHealth = {};
  for (const [key, value] of Object.entries(stored)) {
    if (isSite(key)) out[key] = siteOf(value);
  }
  out[site] = next;
  return out;
}

/** The stored record, each site checked: what the options page shows. */
export async function loadSelectorHealth(): Promise<SelectorHealth> {
  const stored = await selectorHealthItem.getValue();
  const out: SelectorHealth = {};
  for (const [key, value] of Object.entries(stored ?? {})) {
    if (isSite(key)) out[key] = siteOf(value);
  }
  return out;
}

/** Least time between two writes of one tab's record. */
export const HEALTH_WRITE_MS = 3_000;

export interface HealthReading {
  /** What the reading is about (the open message), so each message counts once. */
  readonly key: string;
  readonly found: 'anchors' | 'fallback' | 'none';
  readonly missed: readonly string[];
}

/**
 * One tab's recorder: every reading of the page goes to `note` (cheap: a few map updates), and
 * what changed is merged into storage at most once every HEALTH_WRITE_MS, never on every
 * mutation.
 * A message or a missed list counts once per message opened, not once per reading of it.
 */
export class HealthRecorder {
  #delta = emptyDelta();
  #dirty = false;
  #pending = false;
  #lastWrite = Number.NEGATIVE_INFINITY;
  #lastKey: string | undefined;
  /** Lists already counted for the message open now. */
  readonly #counted = new Set<string>();

  constructor(
    private readonly site: WebmailSite,
    private readonly schedule: (fn: () => void, ms: number) => unknown = setTimeout,
    private readonly now: () => number = Date.now,
    private readonly write: (site: WebmailSite, delta: HealthDelta) => Promise<void> = writeDelta,
  ) {}

  note(reading: HealthReading): void {
    const now = this.now();
    this.#delta.lastSeen = now;
    if (reading.key !== this.#lastKey) {
      this.#lastKey = reading.key;
      this.#counted.clear();
      if (reading.found === 'anchors') this.#delta.anchored++;
      if (reading.found === 'fallback') {
        this.#delta.fallback++;
        this.#delta.lastFallback = now;
      }
    }
    for (const list of reading.missed) {
      if (this.#counted.has(list)) continue;
      this.#counted.add(list);
      const m = this.#delta.missed.get(list);
      this.#delta.missed.set(list, { count: (m?.count ?? 0) + 1, last: now });
    }
    // The first reading of a page is written too: "last page seen" is the point of the record.
    this.#dirty = true;
    if (!this.#pending) {
      this.#pending = true;
      // The first change after a quiet spell is written at once: a tab may close any moment.
      this.schedule(() => void this.flush(), Math.max(0, this.#lastWrite + HEALTH_WRITE_MS - now));
    }
  }

  /** Write what is pending now (the page is going away). */
  async flush(): Promise<void> {
    this.#pending = false;
    if (!this.#dirty) return;
    this.#lastWrite = this.now();
    const delta = this.#delta;
    this.#delta = emptyDelta();
    this.#dirty = false;
    try {
      await this.write(this.site, delta);
    } catch {
      // The extension was reloaded under the page: the record is debug help, never an error.
    }
  }
}

async function writeDelta(site: WebmailSite, delta: HealthDelta): Promise<void> {
  const stored = (await selectorHealthItem.getValue()) ?? {};
  await selectorHealthItem.setValue(mergeHealth(stored, site, delta));
}

/** Plain text for a bug report: the record as stored, nothing from any page. */
export function healthReport(health: SelectorHealth, version: string, now = Date.now()): string {
  const iso = (t: number | undefined) => (t ? new Date(t).toISOString() : '-');
  const lines = [`Account Lens ${version}: webmail selector health, ${iso(now)}`];
  for (const site of Object.keys(WEBMAIL_SITES) as WebmailSite[]) {
    const h = health[site];
    if (!h) {
      lines.push('', `${site}: no page seen`);
      continue;
    }
    lines.push(
      '',
      `${site}: last page seen ${iso(h.lastSeen)}`,
      `  messages read by anchors: ${h.anchored}`,
      `  messages read by fallback: ${h.fallback} (last ${iso(h.lastFallback)})`,
    );
    if (h.missed.length === 0) lines.push('  every selector list matched');
    for (const m of h.missed) lines.push(`  missed ${m.count}x, last ${iso(m.last)}: ${m.list}`);
  }
  return lines.join('\n');
}
