/**
 * The sales process (营销流程) and the weighted forecast (销售漏斗), docs/domain.md §9.
 *
 * identify → first contact → needs assessment → presentation → displace competitors →
 * negotiation are open; contract fulfilment and after-sales are closed business (won).
 * An opportunity with `lostAt` is lost whatever its stage: neither open nor won.
 */
import {
  OPEN_STAGES,
  type OpenStage,
  type Opportunity,
  STAGES,
  type Stage,
  type TeamSettings,
} from '../schema/index.ts';

/** Stages of closed, won business. */
export const WON_STAGES = ['contractFulfilment', 'afterSales'] as const satisfies readonly Stage[];
export type WonStage = (typeof WON_STAGES)[number];

export type Outcome = 'open' | 'won' | 'lost';

type OppState = Pick<Opportunity, 'stage' | 'lostAt'>;

const openStages: ReadonlySet<Stage> = new Set(OPEN_STAGES);

export const isOpenStage = (stage: Stage): stage is OpenStage => openStages.has(stage);

export function outcome(opp: OppState): Outcome {
  if (opp.lostAt !== undefined) return 'lost';
  return isOpenStage(opp.stage) ? 'open' : 'won';
}

export const isOpen = (opp: OppState): boolean => outcome(opp) === 'open';
export const isWon = (opp: OppState): boolean => outcome(opp) === 'won';
export const isLost = (opp: OppState): boolean => outcome(opp) === 'lost';

/**
 * The chance of closing from a stage: the team's rate for an open stage, 1 for closed business,
 * 0 for a lost deal.
 */
export function winRate(stage: Stage | 'lost', settings: Pick<TeamSettings, 'winRates'>): number {
  if (stage === 'lost') return 0;
  return isOpenStage(stage) ? settings.winRates[stage] : 1;
}

/** When an open opportunity last moved: the later of its last committed next step and its last stage change. */
export const lastProgressAt = (
  opp: Pick<Opportunity, 'lastProgressAt' | 'stageChangedAt'>,
): number => Math.max(opp.lastProgressAt ?? opp.stageChangedAt, opp.stageChangedAt);

export interface StageFigures {
  readonly stage: Stage;
  readonly count: number;
  /** Sum of the amounts. */
  readonly amount: number;
  /** amount × win rate of the stage (closed stages: the amount). */
  readonly weighted: number;
}

export interface CurrencyForecast {
  readonly currency: string;
  /** Won business: opportunities in contract fulfilment or after-sales. */
  readonly closedRevenue: number;
  /** Unweighted sum of the open amounts (the raw pipeline). */
  readonly openAmount: number;
  /** Σ(open amount × stage win rate). */
  readonly weightedOpen: number;
  /** closedRevenue + weightedOpen. */
  readonly forecast: number;
  /** All eight stages in process order, empty ones included, so funnels line up. */
  readonly byStage: readonly StageFigures[];
}

/*
 * Money is summed in fixed point so the documented figures come out exact: in floating point
 * 3 × 0.3 is 0.8999999999999999 and 0.1 + 0.2 is not 0.3. Amounts are counted in 1/10,000 of
 * the currency unit (enough for every ISO currency's minor unit) and win rates in millionths
 * (a rate of 12.3456 % is kept exactly), so a weighted amount is a whole number of 1e-10 units
 * and sums of them are exact in BigInt. Only the final conversion to a number rounds.
 */
const AMOUNT_SCALE = 10_000;
const RATE_SCALE = 1_000_000;
const AMOUNT_DIGITS = 4;
const WEIGHTED_DIGITS = 10;

const scaledRate = (rate: number): bigint => BigInt(Math.round(rate * RATE_SCALE));

/** A non-negative fixed-point integer with `digits` decimals, as the nearest number. */
function toNumber(value: bigint, digits: number): number {
  const text = value.toString().padStart(digits + 1, '0');
  return Number(`${text.slice(0, -digits)}.${text.slice(-digits)}`);
}

/**
 * An exact sum of amounts in fixed point. The scaled amounts add up in a double while that is
 * exact (whole numbers, up to 2^53) and are carried into a BigInt only past that: a BigInt per
 * deal costs more than the rest of a forecast over 50k deals (the Book page's Pipeline view).
 */
class AmountSum {
  private carried = 0n;
  private pending = 0;

  add(amount: number): void {
    const scaled = Math.round(amount * AMOUNT_SCALE);
    const next = this.pending + scaled;
    if (Number.isSafeInteger(next)) this.pending = next;
    else {
      this.carried += BigInt(this.pending) + BigInt(scaled);
      this.pending = 0;
    }
  }

  /** The sum, in 1/AMOUNT_SCALE units. */
  scaled(): bigint {
    return this.carried + BigInt(this.pending);
  }
}

interface StageSums {
  count: number;
  readonly amount: AmountSum;
}

/**
 * The weighted forecast per currency: Forecast = closed revenue + Σ(open amount × stage win
 * rate). Currencies are never converted into one another; the result is sorted by currency code.
 * Deleted and lost opportunities are left out. Pass the opportunities of the period you
 * forecast: every won deal given counts as closed revenue.
 */
export function forecast(
  opportunities: readonly Opportunity[],
  settings: Pick<TeamSettings, 'winRates'>,
): CurrencyForecast[] {
  const rates = new Map<Stage, bigint>(STAGES.map((s) => [s, scaledRate(winRate(s, settings))]));
  const byCurrency = new Map<string, Map<Stage, StageSums>>();
  for (const opp of opportunities) {
    if (opp.deleted || opp.lostAt !== undefined) continue;
    let stages = byCurrency.get(opp.currency);
    if (!stages) {
      stages = new Map();
      byCurrency.set(opp.currency, stages);
    }
    let sums = stages.get(opp.stage);
    if (!sums) {
      sums = { count: 0, amount: new AmountSum() };
      stages.set(opp.stage, sums);
    }
    sums.count++;
    sums.amount.add(opp.amount);
  }

  const out: CurrencyForecast[] = [];
  for (const [currency, stages] of byCurrency) {
    let closed = 0n;
    let openAmount = 0n;
    let weightedOpen = 0n;
    const byStage: StageFigures[] = STAGES.map((stage) => {
      const sums = stages.get(stage);
      const amount = sums?.amount.scaled() ?? 0n;
      // One rate per stage: the sum of amount × rate is the stage's amount × rate, exactly.
      const weighted = amount * (rates.get(stage) ?? 0n);
      if (isOpenStage(stage)) {
        openAmount += amount;
        weightedOpen += weighted;
      } else {
        closed += amount;
      }
      return {
        stage,
        count: sums?.count ?? 0,
        amount: toNumber(amount, AMOUNT_DIGITS),
        weighted: toNumber(weighted, WEIGHTED_DIGITS),
      };
    });
    const closedWeighted = closed * BigInt(RATE_SCALE);
    out.push({
      currency,
      closedRevenue: toNumber(closed, AMOUNT_DIGITS),
      openAmount: toNumber(openAmount, AMOUNT_DIGITS),
      weightedOpen: toNumber(weightedOpen, WEIGHTED_DIGITS),
      forecast: toNumber(closedWeighted + weightedOpen, WEIGHTED_DIGITS),
      byStage,
    });
  }
  return out.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}

/**
 * What the open opportunities given are worth, unweighted, per currency (sorted by code),
 * summed exactly like forecast(): an account's open pipeline in the Book page's table.
 */
export function openAmounts(
  opportunities: readonly Opportunity[],
): { currency: string; amount: number }[] {
  const sums = new Map<string, AmountSum>();
  for (const opp of opportunities) {
    if (opp.deleted || !isOpen(opp)) continue;
    let sum = sums.get(opp.currency);
    if (!sum) {
      sum = new AmountSum();
      sums.set(opp.currency, sum);
    }
    sum.add(opp.amount);
  }
  return [...sums]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, sum]) => ({ currency, amount: toNumber(sum.scaled(), AMOUNT_DIGITS) }));
}
