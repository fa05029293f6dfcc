import { FLAGS, LIFECYCLE_STATUSES, TIERS, type TierOrUntiered } from '../../../shared/index.ts';
import { COLUMNS, type TableFilter, type TableSort } from '../table.ts';

export const TIER_CHOICES: readonly TierOrUntiered[] = [...TIERS, 'untiered'];

export function oneOf<T extends string>(list: readonly T[], value: string | null): T | undefined {
  return value !== null && (list as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The filters and sort a deep link names (#accounts?tier=key&sort=lastTouch&desc=1). */
export function fromParams(params: URLSearchParams): { filter: TableFilter; sort: TableSort } {
  return {
    filter: {
      tier: oneOf(TIER_CHOICES, params.get('tier')),
      status: oneOf(LIFECYCLE_STATUSES, params.get('status')),
      owner: params.get('owner') ?? undefined,
      flag: oneOf(FLAGS, params.get('flag')),
      pastCadence: params.get('pastCadence') === '1',
      noDecisionMaker: params.get('noDecisionMaker') === '1',
      query: params.get('q') ?? '',
    },
    sort: {
      column: oneOf(COLUMNS, params.get('sort')) ?? 'name',
      descending: params.get('desc') === '1',
    },
  };
}

export function toParams(filter: TableFilter, sort: TableSort): Record<string, string> {
  const out: Record<string, string> = {};
  if (filter.tier) out.tier = filter.tier;
  if (filter.status) out.status = filter.status;
  if (filter.owner !== undefined) out.owner = filter.owner;
  if (filter.flag) out.flag = filter.flag;
  if (filter.pastCadence) out.pastCadence = '1';
  if (filter.noDecisionMaker) out.noDecisionMaker = '1';
  if (filter.query) out.q = filter.query;
  if (sort.column !== 'name') out.sort = sort.column;
  if (sort.descending) out.desc = '1';
  return out;
}
