import type { Catalog, Catalogs } from '../../shared/i18n/index.ts';

/**
 * The strings a surface draws before the rest of its code has loaded, picked from the catalogs
 * (catalog.ts, the one source of truth) at build time: the overlay frame's badge draws from
 * `virtual:account-lens-strings/badge`, a few hundred bytes, instead of every string of the
 * extension in both languages (which is most of what the frame used to parse before its first
 * paint). An id ending in '.' takes every id under it.
 */
export const SURFACE_STRINGS = {
  badge: ['overlay.badge.label', 'overlay.local', 'overlay.local.hint', 'tier.'],
} as const satisfies Record<string, readonly string[]>;

export type Surface = keyof typeof SURFACE_STRINGS;

const VIRTUAL_PREFIX = 'virtual:account-lens-strings/';

/** The ids of `catalogs` that `patterns` pick, in both languages; a pattern that picks nothing throws. */
export function pickStrings(catalogs: Catalogs, patterns: readonly string[]): Catalogs {
  const ids = Object.keys(catalogs.en);
  const picked = new Set<string>();
  for (const pattern of patterns) {
    const hits = ids.filter((id) =>
      pattern.endsWith('.') ? id.startsWith(pattern) : id === pattern,
    );
    if (hits.length === 0) throw new Error(`no string matches ${pattern}`);
    for (const id of hits) picked.add(id);
  }
  const pick = (catalog: Catalog): Catalog => {
    const out: Record<string, string> = {};
    for (const id of picked) {
      const text = catalog[id];
      if (text !== undefined) out[id] = text;
    }
    return out;
  };
  return { en: pick(catalogs.en), zh_CN: pick(catalogs.zh_CN) };
}

/**
 * The Vite plugin that serves `virtual:account-lens-strings/<surface>` as a module whose default
 * export is that surface's Catalogs. Like _locales (wxt.config.ts), it is made from the
 * catalogs as the build started.
 */
export function surfaceStrings(catalogs: Catalogs) {
  const resolved = `\0${VIRTUAL_PREFIX}`;
  return {
    name: 'account-lens-surface-strings',
    resolveId(id: string): string | undefined {
      return id.startsWith(VIRTUAL_PREFIX) ? `\0${id}` : undefined;
    },
    load(id: string): string | undefined {
      if (!id.startsWith(resolved)) return undefined;
      const surface = id.slice(resolved.length);
      if (!Object.hasOwn(SURFACE_STRINGS, surface)) throw new Error(`unknown surface ${surface}`);
      const strings = pickStrings(catalogs, SURFACE_STRINGS[surface as Surface]);
      return `export default ${JSON.stringify(strings)};\n`;
    },
  };
}
