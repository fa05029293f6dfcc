import { describe, expect, it } from 'vitest';
import { catalogs } from '../../../extension/i18n/catalog.ts';
import { pickStrings, SURFACE_STRINGS } from '../../../extension/i18n/surfaces.ts';

describe("a surface's first-paint strings", () => {
  it('are the catalogs own strings, in both languages', () => {
    for (const patterns of Object.values(SURFACE_STRINGS)) {
      const picked = pickStrings(catalogs, patterns);
      expect(Object.keys(picked.en).length).toBeGreaterThan(0);
      expect(Object.keys(picked.zh_CN).sort()).toEqual(Object.keys(picked.en).sort());
      for (const [id, text] of Object.entries(picked.zh_CN)) expect(text).toBe(catalogs.zh_CN[id]);
    }
  });

  it('the badge gets its label, "local" and every tier, and nothing of the panel', () => {
    const { en } = pickStrings(catalogs, SURFACE_STRINGS.badge);
    expect(Object.keys(en)).toEqual(
      expect.arrayContaining(['overlay.badge.label', 'overlay.local', 'tier.key', 'tier.untiered']),
    );
    expect(Object.keys(en).some((id) => id.startsWith('overlay.quickNote'))).toBe(false);
  });

  it('a pattern that picks nothing fails the build', () => {
    expect(() => pickStrings(catalogs, ['overlay.nothing'])).toThrow(/overlay.nothing/);
  });
});
