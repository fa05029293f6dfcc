import type { TierOrUntiered } from '../../shared/schema/enums.ts';
import type { LanguageSetting } from '../i18n/language.ts';
import type { BadgeInfo } from '../messaging/protocol.ts';

/**
 * What the overlay's content script tells its frame (features/account-overlay.ts): the account
 * the page matched, the rep's language, and the page's hostname (for "never on this site").
 *
 * Checked by hand, not with zod: this is the first thing the frame reads, on the way to drawing
 * the badge, and zod alone would be most of the code the frame must parse and compile before
 * that paint. The checks are those the background's zod schemas make (an Id is a ULID, the
 * tier one of the pyramid's, the same length limits), so the frame trusts the same shapes.
 */
export interface OverlayShow {
  readonly type: 'show';
  readonly badge: BadgeInfo;
  readonly language: LanguageSetting;
  readonly hostname: string;
}

/** Every tier the badge can show: a Record, so the compiler says when the pyramid changes. */
const TIERS: Readonly<Record<TierOrUntiered, true>> = {
  keyStrategic: true,
  key: true,
  ordinary: true,
  small: true,
  untiered: true,
};
const LANGUAGES: Readonly<Record<LanguageSetting, true>> = { auto: true, en: true, zh_CN: true };

/** shared/schema/common.ts's Id: a ULID. */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;

const text = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

/** Own keys only: `'constructor' in TIERS` must not make "constructor" a tier. */
const oneOf = <K extends string>(set: Readonly<Record<K, true>>, v: unknown): v is K =>
  typeof v === 'string' && Object.hasOwn(set, v);

/** The message, if it has the shape above (a copy, without unknown fields); else undefined. */
export function overlayShow(message: unknown): OverlayShow | undefined {
  const m = record(message);
  const b = record(m?.badge);
  if (m?.type !== 'show' || !b) return undefined;
  const { accountId, domain, name, tier, tierLocal } = b;
  if (typeof accountId !== 'string' || !ULID.test(accountId)) return undefined;
  if (!text(domain, 253) || !text(name, 1_000)) return undefined;
  if (!oneOf(TIERS, tier) || typeof tierLocal !== 'boolean') return undefined;
  if (!oneOf(LANGUAGES, m.language)) return undefined;
  // messaging/protocol.ts's Hostname: trimmed, 1 to 253 characters.
  if (typeof m.hostname !== 'string') return undefined;
  const hostname = m.hostname.trim();
  if (hostname.length < 1 || hostname.length > 253) return undefined;
  return {
    type: 'show',
    badge: { accountId, domain, name, tier, tierLocal },
    language: m.language,
    hostname,
  };
}
