import { z } from 'zod';
import { Currency, Fraction } from './common.ts';

const days = (label: string) =>
  z
    .number()
    .int(`${label} must be a whole number of days`)
    .min(1, `${label} must be at least 1 day`)
    .max(3650, `${label} must be at most 3650 days`);

const hours = z
  .number()
  .min(0.25, 'must be at least a quarter of an hour')
  .max(24 * 90, 'must be at most 90 days');

/** Per-tier numbers: one value for each level of the pyramid. */
const perTier = <T extends z.ZodType>(item: T) =>
  z.object({ keyStrategic: item, key: item, ordinary: item, small: item });

/**
 * Team settings. Every number docs/domain.md gives is a default here, never a constant in a
 * rule. Defaults that are product decisions, not from the sources it names, are marked "ours".
 */
export const TeamSettings = z
  .object({
    currency: Currency.default('USD'),
    /** Share of the book in each tier, top down (1% / 19% / 30% / 50%). Must add up to 1. */
    tierShares: perTier(Fraction).default({
      keyStrategic: 0.01,
      key: 0.19,
      ordinary: 0.3,
      small: 0.5,
    }),
    /** Customer value = weights · (historical, current, potential); docs/domain.md §2: a sum. */
    valueWeights: z
      .object({
        historical: z.number().min(0),
        current: z.number().min(0),
        potential: z.number().min(0),
      })
      .default({ historical: 1, current: 1, potential: 1 }),
    /** Days without a touch before "going cold" becomes a next action (7 / 14 / 45 / 90). */
    cadenceDays: perTier(days('cadence')).default({
      keyStrategic: 7,
      key: 14,
      ordinary: 45,
      small: 90,
    }),
    /** Win rate per open stage for the weighted forecast (5/10/20/30/50/80 %). */
    winRates: z
      .object({
        identify: Fraction,
        firstContact: Fraction,
        needsAssessment: Fraction,
        presentation: Fraction,
        displaceCompetitors: Fraction,
        negotiation: Fraction,
      })
      .default({
        identify: 0.05,
        firstContact: 0.1,
        needsAssessment: 0.2,
        presentation: 0.3,
        displaceCompetitors: 0.5,
        negotiation: 0.8,
      }),
    /** Ours: an open opportunity with no progress for this long is stale. */
    staleStageDays: days('stale stage').default(30),
    /** Ours: hours to respond to a complaint; key accounts are handled first. */
    complaintResponseHours: perTier(hours).default({
      keyStrategic: 4,
      key: 8,
      ordinary: 24,
      small: 72,
    }),
    /** Ours: contact a customer this many days before their predicted reorder. */
    reorderLeadDays: days('reorder lead').default(7),
    /** Ours: a customer with no order for this long is lost (流失). */
    lostAfterDays: days('lost after').default(365),
    /** Ours: a buying signal older than this without a follow-up no longer prompts a next step. */
    buyingSignalDays: days('buying signal window').default(14),
    /** Share-of-wallet thresholds between relationship stages (30% / 50% / ~100%). */
    relationshipThresholds: z
      .object({ early: Fraction, middle: Fraction, partnership: Fraction })
      .default({ early: 0.3, middle: 0.5, partnership: 0.95 }),
    /** Ours: share of wallet from which a repeat buyer counts as loyal (buys only from us). */
    loyalShareOfWallet: Fraction.default(0.9),
    /** Ours: referrals from which an account carries the C (influence) flag. */
    influenceReferrals: z.number().int().min(1).max(1000).default(2),
  })
  .superRefine((s, ctx) => {
    const sum =
      s.tierShares.keyStrategic + s.tierShares.key + s.tierShares.ordinary + s.tierShares.small;
    if (Math.abs(sum - 1) > 1e-9) {
      ctx.addIssue({
        code: 'custom',
        path: ['tierShares'],
        message: `tier shares must add up to 100% (they add up to ${Math.round(sum * 1000) / 10}%)`,
      });
    }
    const t = s.relationshipThresholds;
    if (!(t.early <= t.middle && t.middle <= t.partnership)) {
      ctx.addIssue({
        code: 'custom',
        path: ['relationshipThresholds'],
        message: 'relationship thresholds must rise: early ≤ middle ≤ partnership',
      });
    }
  });
export type TeamSettings = z.infer<typeof TeamSettings>;
export type TeamSettingsInput = z.input<typeof TeamSettings>;

export const DEFAULT_SETTINGS: TeamSettings = TeamSettings.parse({});

/** Why a settings patch was refused: the first bad field (dotted path) and the schema's issue. */
export interface SettingsProblem {
  /** Dotted path of the setting, e.g. `cadenceDays.small`; `tierShares` for their sum. */
  readonly field: string;
  /** The schema's words, in English (the server's and the CLI's error text). */
  readonly message: string;
  /** The zod issue, for a UI that words the problem in the rep's language; absent when unknown. */
  readonly issue?: z.core.$ZodIssue;
}

export type SettingsPatchResult =
  | { readonly ok: true; readonly settings: TeamSettings }
  | ({ readonly ok: false } & SettingsProblem);

class UnknownSetting extends Error {
  constructor(readonly field: string) {
    super(`${field}: unknown setting`);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `patch` laid over `current` and validated as a whole, as `PUT /v1/team/settings` does:
 * objects merge key by key, anything else replaces; a key `current` lacks, at any depth, is an
 * unknown setting, refused by name (a typo must not silently change nothing). Own keys only, so
 * `constructor` or `__proto__` is unknown like any other name. Nothing is changed on a refusal.
 */
export function applySettingsPatch(current: TeamSettings, patch: unknown): SettingsPatchResult {
  if (!isRecord(patch)) return { ok: false, field: '', message: 'settings must be a JSON object' };
  const merge = (base: unknown, over: unknown, path: string): unknown => {
    if (!isRecord(base) || !isRecord(over)) return over;
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) {
      const field = path === '' ? k : `${path}.${k}`;
      if (!Object.hasOwn(base, k)) throw new UnknownSetting(field);
      out[k] = merge(base[k], v, field);
    }
    return out;
  };
  let merged: unknown;
  try {
    merged = merge(current, patch, '');
  } catch (e) {
    if (e instanceof UnknownSetting)
      return { ok: false, field: e.field, message: 'unknown setting' };
    throw e;
  }
  const parsed = TeamSettings.safeParse(merged);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const issue = parsed.error.issues[0];
  if (!issue) return { ok: false, field: '', message: 'invalid settings' };
  return { ok: false, field: issue.path.map(String).join('.'), message: issue.message, issue };
}
