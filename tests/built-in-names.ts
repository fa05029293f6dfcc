/**
 * Names every object answers without owning them (Object.prototype's own properties:
 * `constructor`, `toString`, `__proto__`, …). A lookup keyed by user-supplied text (a pushed
 * field, a setting, a page's language) must not see them; tests feed them in.
 */
export const BUILT_IN_NAMES: readonly string[] = Object.getOwnPropertyNames(Object.prototype);
