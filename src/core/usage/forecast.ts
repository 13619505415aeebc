/**
 * Spend forecasts and spike detection over a daily spend series in one currency.
 *
 * Spend to date is exact (decimal sums). A forecast is an estimate, so the statistics (a least
 * squares line over a trailing window, the spread of the days around it) use binary floating
 * point, and every figure leaves this module rounded to cents as a decimal string.
 */
import Big from 'big.js';
import { addDays, daysBetween } from '../dates.js';
import { DecimalSum, addToSum } from './decimal.js';

/** Spend on one day (YYYY-MM-DD), an exact decimal string; a day may appear more than once. */
export interface DailyAmount {
  day: string;
  amount: string;
}

export interface BurnOptions {
  /** Days in the trailing window; 28 unless said. */
  windowDays?: number;
  /**
   * Usage files arrive late: the window ends on the last day with data when that day is at most
   * this many days before today; otherwise it ends yesterday and the silent days count as zero. 7 unless said.
   */
  lagDays?: number;
  /** Days ahead over which the trend is followed; after that the daily rate stays level. 90 unless said. */
  trendDays?: number;
}

/**
 * The burn model: the daily rate on day `windowEnd + k` (k ≥ 1) is
 * `max(0, intercept + slope × (windowLength − 1 + min(k, trendDays)))`.
 */
export interface BurnModel {
  windowStart: string;
  windowEnd: string;
  /** Days in the window actually used (may be fewer than asked when usage began recently); 0 without data. */
  windowLength: number;
  /** Mean daily spend over the window. */
  mean: number;
  /** Fitted daily spend at the first window day, and its change per day. */
  intercept: number;
  slope: number;
  /** Standard deviation of the days around the fitted line. */
  residualSd: number;
  trendDays: number;
}

export const DEFAULT_WINDOW_DAYS = 28;
export const DEFAULT_LAG_DAYS = 7;
export const DEFAULT_TREND_DAYS = 90;
/** Two-sided 95% for a normal spread. */
const Z95 = 1.959964;

/** Sum amounts per day, as numbers (for statistics only). */
function perDay(daily: readonly DailyAmount[]): Map<string, number> {
  const sums = new Map<string, DecimalSum>();
  for (const d of daily) {
    addToSum(sums, d.day, d.amount);
  }
  return new Map([...sums].map(([k, v]) => [k, Number(v.toString())]));
}

/** Exact spend on days up to and including `today`. */
export function spentToDate(daily: readonly DailyAmount[], today: string): string {
  const s = new DecimalSum('0.00');
  for (const d of daily) if (d.day <= today) s.add(d.amount);
  return s.toString(2);
}

/** Fit the burn model to the days up to `today`. */
export function fitBurn(daily: readonly DailyAmount[], today: string, options: BurnOptions = {}): BurnModel {
  const windowDays = Math.max(1, Math.floor(options.windowDays ?? DEFAULT_WINDOW_DAYS));
  const lag = options.lagDays ?? DEFAULT_LAG_DAYS;
  const trendDays = Math.max(0, options.trendDays ?? DEFAULT_TREND_DAYS);
  const byDay = perDay(daily.filter((d) => d.day <= today));
  const days = [...byDay.keys()].sort();
  if (!days.length) {
    const y = addDays(today, -1);
    return { windowStart: y, windowEnd: y, windowLength: 0, mean: 0, intercept: 0, slope: 0, residualSd: 0, trendDays };
  }
  const lastData = days[days.length - 1];
  const windowEnd = daysBetween(lastData, today) <= lag ? lastData : addDays(today, -1);
  let windowStart = addDays(windowEnd, -(windowDays - 1));
  if (days[0] > windowStart) windowStart = days[0];
  const n = daysBetween(windowStart, windowEnd) + 1;
  const ys: number[] = [];
  for (let i = 0; i < n; i++) ys.push(byDay.get(addDays(windowStart, i)) ?? 0);
  const mean = ys.reduce((a, b) => a + b, 0) / n;
  let slope = 0;
  let intercept = mean;
  if (n >= 2) {
    const xm = (n - 1) / 2;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += (i - xm) * (ys[i] - mean);
      sxx += (i - xm) * (i - xm);
    }
    slope = sxy / sxx;
    intercept = mean - slope * xm;
  }
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const r = ys[i] - (intercept + slope * i);
    ss += r * r;
  }
  const residualSd = n > 2 ? Math.sqrt(ss / (n - 2)) : 0;
  return { windowStart, windowEnd, windowLength: n, mean, intercept, slope, residualSd, trendDays };
}

/** The modelled spend on the k-th day after the window end (k ≥ 1), never below zero. */
export function modelledDailySpend(m: BurnModel, k: number): number {
  if (m.windowLength === 0) return 0;
  const x = m.windowLength - 1 + Math.min(k, m.trendDays);
  return Math.max(0, m.intercept + m.slope * x);
}

/** Projected spend over the k days after the window end: expected, and a 95% band. */
export interface Projection {
  expected: number;
  low: number;
  high: number;
}

/** Projected spend from the day after the window end through `k` days. */
export function projectDays(m: BurnModel, k: number): Projection {
  if (k <= 0) return { expected: 0, low: 0, high: 0 };
  let expected = 0;
  const level = Math.min(k, m.trendDays);
  for (let i = 1; i <= level; i++) expected += modelledDailySpend(m, i);
  if (k > level) expected += (k - level) * modelledDailySpend(m, level + 1);
  const spread = Z95 * m.residualSd * Math.sqrt(k);
  return { expected, low: Math.max(0, expected - spread), high: expected + spread };
}

const cents = (n: number): string => new Big(Number.isFinite(n) ? n : 0).round(2, Big.roundHalfUp).toFixed(2);

export interface ForecastInput extends BurnOptions {
  daily: readonly DailyAmount[];
  today: string;
  /** The last day the forecast runs to (the contract's end date, inclusive). */
  endDate: string;
  /** The amount whose reaching date is wanted (the ceiling, or allotted funds); none when null. */
  ceiling?: string | null;
  /** Days ahead for `spendWithin`; 60 unless said. */
  horizonDays?: number;
  /** How far ahead to look for the ceiling date; 3650 days unless said. */
  maxSearchDays?: number;
}

/** Spend against a ceiling, today and ahead. Every amount is a decimal string with two decimals. */
export interface Forecast {
  today: string;
  spentToDate: string;
  model: BurnModel;
  /** Mean daily spend over the window, and its change per day (the trend). */
  burnRate: string;
  trendPerDay: string;
  /** Spend to date plus the forecast through `today + horizonDays`. */
  horizonDays: number;
  spendWithinHorizon: string;
  /** Spend to date plus the forecast through the end date, with a 95% band. */
  projectedAtEnd: string;
  projectedAtEndLow: string;
  projectedAtEndHigh: string;
  /**
   * The day cumulative spend reaches the ceiling: a past day when it already has, a projected one
   * otherwise; null without a ceiling or when not within `maxSearchDays`.
   */
  ceilingDate: string | null;
}

/** Days from the window end to `day` (the number of days the projection must cover). */
const daysAfterWindow = (m: BurnModel, day: string) => Math.max(0, daysBetween(m.windowEnd, day));

/**
 * Spend to date, the burn rate with its trend, spend within the horizon, the projected spend at
 * the end date with a band, and the date the ceiling is (or was) reached. Days after `today` in
 * `daily` are ignored; days between the window end and today (data not in yet) are projected.
 */
export function forecastSpend(input: ForecastInput): Forecast {
  const { today, daily } = input;
  const horizonDays = input.horizonDays ?? 60;
  const m = fitBurn(daily, today, input);
  const spentStr = spentToDate(daily, today);
  const spent = new Big(spentStr);
  const spentN = Number(spentStr);
  // The window ends on the last day with data (or yesterday), so no spend lies between its end
  // and today: those days, when data has not come in yet, are projected like the future.
  const horizon = projectDays(m, daysAfterWindow(m, addDays(today, horizonDays)));
  const atEnd = projectDays(m, Math.max(daysAfterWindow(m, today), daysAfterWindow(m, input.endDate)));

  let ceilingDate: string | null = null;
  if (input.ceiling !== undefined && input.ceiling !== null) {
    const ceiling = new Big(input.ceiling);
    if (spent.gte(ceiling)) {
      const byDay = new Map<string, DecimalSum>();
      for (const d of daily) {
        if (d.day > today) continue;
        addToSum(byDay, d.day, d.amount);
      }
      const running = new DecimalSum('0');
      for (const day of [...byDay.keys()].sort()) {
        running.add((byDay.get(day) as DecimalSum).toString());
        if (new Big(running.toString()).gte(ceiling)) {
          ceilingDate = day;
          break;
        }
      }
    } else {
      const need = Number(ceiling.minus(spent).toString());
      const maxK = input.maxSearchDays ?? 3650;
      let cum = 0;
      for (let k = 1; k <= maxK; k++) {
        const rate = modelledDailySpend(m, k);
        cum += rate;
        if (cum >= need) {
          ceilingDate = addDays(m.windowEnd, k);
          break;
        }
        if (k > m.trendDays && rate === 0) break;
      }
    }
  }

  return {
    today,
    spentToDate: spentStr,
    model: m,
    burnRate: cents(m.mean),
    trendPerDay: cents(m.slope),
    horizonDays,
    spendWithinHorizon: cents(spentN + horizon.expected),
    projectedAtEnd: cents(spentN + atEnd.expected),
    projectedAtEndLow: cents(spentN + atEnd.low),
    projectedAtEndHigh: cents(spentN + atEnd.high),
    ceilingDate,
  };
}

export interface SpikeOptions {
  /** Trailing days each day is compared with; 28 unless said. */
  windowDays?: number;
  /** Standard deviations above the trailing mean; 3 unless said. */
  sigma?: number;
  /** A day below this amount is never a spike. */
  minAmount: string;
  /** Only days this recent (counted back from `today`, inclusive) are checked; 7 unless said. */
  lookbackDays?: number;
  /** Fewest days of history before a day can be called a spike; 7 unless said. */
  minHistoryDays?: number;
}

export interface Spike {
  day: string;
  amount: string;
  trailingMean: string;
  trailingSd: string;
  threshold: string;
}

/**
 * Days whose spend is above the trailing mean plus `sigma` standard deviations and above
 * `minAmount`. Trailing days without spend count as zero, from the first day with data on.
 */
export function detectSpikes(daily: readonly DailyAmount[], today: string, options: SpikeOptions): Spike[] {
  const windowDays = options.windowDays ?? 28;
  const sigma = options.sigma ?? 3;
  const lookback = options.lookbackDays ?? 7;
  const minHistory = options.minHistoryDays ?? 7;
  const min = Number(options.minAmount);
  const exact = new Map<string, DecimalSum>();
  for (const d of daily) {
    if (d.day > today) continue;
    addToSum(exact, d.day, d.amount);
  }
  const days = [...exact.keys()].sort();
  if (!days.length) return [];
  const first = days[0];
  const value = (day: string) => {
    const s = exact.get(day);
    return s ? Number(s.toString()) : 0;
  };
  const out: Spike[] = [];
  const from = addDays(today, -(lookback - 1));
  for (const day of days) {
    if (day < from) continue;
    const amount = value(day);
    if (amount < min) continue;
    let start = addDays(day, -windowDays);
    if (start < first) start = first;
    const n = daysBetween(start, day);
    if (n < minHistory) continue;
    let sum = 0;
    const xs: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = value(addDays(start, i));
      xs.push(v);
      sum += v;
    }
    const mean = sum / n;
    const sd = Math.sqrt(xs.reduce((a, v) => a + (v - mean) * (v - mean), 0) / (n > 1 ? n - 1 : 1));
    const threshold = mean + sigma * sd;
    if (amount > threshold)
      out.push({
        day,
        amount: (exact.get(day) as DecimalSum).toString(2),
        trailingMean: cents(mean),
        trailingSd: cents(sd),
        threshold: cents(threshold),
      });
  }
  return out;
}
