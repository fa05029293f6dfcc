import { applySettingsPatch, type TeamSettings, TIERS, type Tier } from '../../../shared/index.ts';
import { t } from '../../i18n/index.ts';

/** What the admin typed, per tier: the share of the book in percent and the cadence in days. */
export interface SettingsDraft {
  readonly shares: Readonly<Record<Tier, string>>;
  readonly cadence: Readonly<Record<Tier, string>>;
}

/** The part of the settings this form changes, in the schema's units (shares as fractions). */
export interface SettingsPatch {
  readonly tierShares: Record<Tier, number>;
  readonly cadenceDays: Record<Tier, number>;
}

export type DraftCheck =
  | { readonly ok: true; readonly patch: SettingsPatch }
  | { readonly ok: false; readonly field: string; readonly text: string };

const perTier = <T>(f: (tier: Tier) => T): Record<Tier, T> =>
  Object.fromEntries(TIERS.map((tier) => [tier, f(tier)])) as Record<Tier, T>;

/** Percent with at most two decimals, as typed back into the form (0.19 → "19"). */
export const percentOf = (fraction: number): number => Math.round(fraction * 10_000) / 100;

export const draftOf = (s: TeamSettings): SettingsDraft => ({
  shares: perTier((tier) => String(percentOf(s.tierShares[tier]))),
  cadence: perTier((tier) => String(s.cadenceDays[tier])),
});

/** The sum of the typed shares in percent, for the live total; NaN when one is not a number. */
export const totalPercent = (draft: SettingsDraft): number =>
  Math.round(TIERS.reduce((sum, tier) => sum + Number(draft.shares[tier]), 0) * 100) / 100;

/** The rep-facing name of a setting's field: "Cadence of Small", "Share of Key". */
export function fieldLabel(field: string): string {
  const [group, tier] = field.split('.');
  const known = (TIERS as readonly string[]).includes(tier ?? '');
  if (group === 'tierShares' && known)
    return t('options.settings.field.share', { tier: t(`tier.${tier}`) });
  if (group === 'cadenceDays' && known)
    return t('options.settings.field.cadence', { tier: t(`tier.${tier}`) });
  if (field === 'tierShares') return t('options.settings.field.shares');
  return field;
}

const fail = (field: string, problem: string): DraftCheck => ({
  ok: false,
  field,
  text: t('options.settings.invalid', { field: fieldLabel(field), problem }),
});

const numberOf = (raw: string): number | undefined => {
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : undefined;
};

/**
 * The typed values checked with the team settings' own schema (shared, the one the server
 * applies to `PUT /v1/team/settings`), over the settings now in force. The first problem is
 * named by its field, in the rep's language; nothing is saved unless all of it is valid.
 */
export function checkDraft(draft: SettingsDraft, current: TeamSettings): DraftCheck {
  const tierShares = {} as Record<Tier, number>;
  const cadenceDays = {} as Record<Tier, number>;
  for (const tier of TIERS) {
    const share = numberOf(draft.shares[tier]);
    if (share === undefined) return fail(`tierShares.${tier}`, t('options.settings.notNumber'));
    // Percent to fraction, rounded so 19 is 0.19 and not 0.19000000000000003.
    tierShares[tier] = Math.round(share * 10_000) / 1_000_000;
  }
  for (const tier of TIERS) {
    const days = numberOf(draft.cadence[tier]);
    if (days === undefined) return fail(`cadenceDays.${tier}`, t('options.settings.notNumber'));
    cadenceDays[tier] = days;
  }
  const patch: SettingsPatch = { tierShares, cadenceDays };
  const checked = applySettingsPatch(current, patch);
  if (checked.ok) return { ok: true, patch };
  const issue = checked.issue;
  const isShare = checked.field.startsWith('tierShares.');
  const scale = (n: unknown) => (typeof n === 'number' && isShare ? percentOf(n) : Number(n));
  if (issue?.code === 'too_small')
    return fail(checked.field, t('options.settings.atLeast', { n: scale(issue.minimum) }));
  if (issue?.code === 'too_big')
    return fail(checked.field, t('options.settings.atMost', { n: scale(issue.maximum) }));
  if (issue?.code === 'invalid_type' && issue.expected === 'int')
    return fail(checked.field, t('options.settings.wholeDays'));
  if (checked.field === 'tierShares')
    return fail(checked.field, t('options.settings.sum', { n: totalPercent(draft) }));
  return fail(checked.field, checked.message);
}
