import {
  type CurrencyForecast,
  DAY_MS,
  forecast,
  isOpen,
  lastProgressAt,
  type Opportunity,
  type TeamSettings,
} from '../../shared/index.ts';

export interface StaleDeal {
  readonly opportunity: Opportunity;
  /** Days since it last moved (stage change or committed next step). */
  readonly idleDays: number;
}

export interface OwnerPipeline {
  /** '' for accounts without an owner. */
  readonly ownerId: string;
  readonly openDeals: number;
  readonly staleDeals: number;
  readonly byCurrency: readonly CurrencyForecast[];
}

export interface BookPipeline {
  /** The funnel and forecast per currency (shared/pipeline's forecast over the book). */
  readonly byCurrency: readonly CurrencyForecast[];
  /** Open deals idle past the team's threshold: how many, and the longest idle of them first. */
  readonly stale: { readonly count: number; readonly longest: readonly StaleDeal[] };
  /** The same per account owner: a manager's view of the team. */
  readonly byOwner: readonly OwnerPipeline[];
}

/** Longest idle first; the older id first among equals, so the list is stable. */
const idler = (a: StaleDeal, b: StaleDeal): number =>
  b.idleDays - a.idleDays || (a.opportunity.id < b.opportunity.id ? -1 : 1);

/**
 * The book's pipeline: every live opportunity through forecast(), the stale ones (idle for the
 * team's staleStageDays or longer, docs/domain.md §11.3), and both again per account owner.
 * Of the stale deals, the `listed` longest idle are kept (a book of 50k deals may hold 25k
 * stale ones; sorting them all to show the first few costs more than the rest together).
 */
export function bookPipeline(
  opportunities: readonly Opportunity[],
  ownerOf: (accountId: string) => string,
  settings: TeamSettings,
  now: number,
  listed = 20,
): BookPipeline {
  const live = opportunities.filter((o) => !o.deleted && o.lostAt === undefined);
  const longest: StaleDeal[] = [];
  let staleCount = 0;
  const byOwner = new Map<string, { opps: Opportunity[]; open: number; stale: number }>();
  for (const o of live) {
    const owner = ownerOf(o.accountId);
    let entry = byOwner.get(owner);
    if (!entry) {
      entry = { opps: [], open: 0, stale: 0 };
      byOwner.set(owner, entry);
    }
    entry.opps.push(o);
    if (!isOpen(o)) continue;
    entry.open++;
    // The same test as the stageStale rule, so the list and Today agree.
    const since = lastProgressAt(o);
    if (now >= since + settings.staleStageDays * DAY_MS) {
      staleCount++;
      entry.stale++;
      const deal = { opportunity: o, idleDays: Math.floor((now - since) / DAY_MS) };
      const last = longest[longest.length - 1];
      if (longest.length < listed || (last && idler(deal, last) < 0)) {
        // Kept sorted by insertion: `listed` is small.
        let at = longest.length;
        while (at > 0 && idler(deal, longest[at - 1] as StaleDeal) < 0) at--;
        longest.splice(at, 0, deal);
        if (longest.length > listed) longest.pop();
      }
    }
  }
  return {
    byCurrency: forecast(live, settings),
    stale: { count: staleCount, longest },
    byOwner: [...byOwner]
      .map(([ownerId, e]) => ({
        ownerId,
        openDeals: e.open,
        staleDeals: e.stale,
        byCurrency: forecast(e.opps, settings),
      }))
      .sort((a, b) => b.openDeals - a.openDeals || (a.ownerId < b.ownerId ? -1 : 1)),
  };
}
