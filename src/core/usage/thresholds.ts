/** The thresholds the usage rules apply, configurable per contract, and their checks. */
import Big from 'big.js';
import type { FieldErrors } from '../errors.js';

export interface UsageThresholds {
  /** Spend to date plus the forecast for `forecastDays` passes this share of the ceiling (or allotted funds). */
  forecastPercent: number;
  forecastDays: number;
  /** Trailing days the burn rate and trend are measured over. */
  forecastWindowDays: number;
  /** Time-and-materials notice: spend passes this share of the ceiling. */
  tmNoticePercent: number;
  /** Spend passes this share of the ceiling. */
  ceilingPercent: number;
  /** A service's spend passes this share of its own budget. */
  serviceBudgetPercent: number;
  /** A day is a spike above the mean plus `spikeSigma` standard deviations of the `spikeWindowDays` before it… */
  spikeSigma: number;
  spikeWindowDays: number;
  /** …and above this amount (contract currency). */
  spikeMinAmount: string;
  /** Spikes are reported for days this recent. */
  spikeLookbackDays: number;
  /** Reconciliation differences are findings above the larger of this share of the expected amount… */
  reconcileTolerancePercent: number;
  /** …and this amount (contract currency). */
  reconcileToleranceAmount: string;
}

export const DEFAULT_USAGE_THRESHOLDS: Readonly<UsageThresholds> = Object.freeze({
  forecastPercent: 75,
  forecastDays: 60,
  forecastWindowDays: 28,
  tmNoticePercent: 85,
  ceilingPercent: 100,
  serviceBudgetPercent: 100,
  spikeSigma: 3,
  spikeWindowDays: 28,
  spikeMinAmount: '100.00',
  spikeLookbackDays: 7,
  reconcileTolerancePercent: 2,
  reconcileToleranceAmount: '1.00',
});

const PERCENTS = ['forecastPercent', 'tmNoticePercent', 'ceilingPercent', 'serviceBudgetPercent', 'reconcileTolerancePercent'] as const;
const DAYS = ['forecastDays', 'forecastWindowDays', 'spikeWindowDays', 'spikeLookbackDays'] as const;
const AMOUNTS = ['spikeMinAmount', 'reconcileToleranceAmount'] as const;

/** What is wrong with (part of) a thresholds setting, by field; empty when nothing is. */
export function usageThresholdProblems(t: Partial<Record<keyof UsageThresholds, unknown>>): FieldErrors {
  const out: FieldErrors = {};
  const known = new Set<string>(Object.keys(DEFAULT_USAGE_THRESHOLDS));
  for (const k of Object.keys(t)) if (!known.has(k)) out[k] = 'is not a usage threshold.';
  for (const k of PERCENTS) {
    const v = t[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 1000) out[k] = 'must be a percentage above 0 and at most 1000.';
  }
  if (
    t.reconcileTolerancePercent !== undefined &&
    out.reconcileTolerancePercent === undefined &&
    (t.reconcileTolerancePercent as number) > 100
  )
    out.reconcileTolerancePercent = 'must be at most 100.';
  for (const k of DAYS) {
    const v = t[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 3660) out[k] = 'must be a whole number of days from 1 to 3660.';
  }
  if (
    t.spikeSigma !== undefined &&
    (typeof t.spikeSigma !== 'number' || !Number.isFinite(t.spikeSigma) || t.spikeSigma <= 0 || t.spikeSigma > 20)
  )
    out.spikeSigma = 'must be a number above 0 and at most 20.';
  for (const k of AMOUNTS) {
    const v = t[k];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !/^\d{1,16}(\.\d{1,2})?$/.test(v)) out[k] = 'must be a non-negative amount such as "100.00".';
  }
  return out;
}

/** Full thresholds from a contract's partial setting (defaults for the rest). */
export function resolveUsageThresholds(partial?: Partial<UsageThresholds> | null): UsageThresholds {
  return { ...DEFAULT_USAGE_THRESHOLDS, ...(partial ?? {}) };
}

/** `amount` as a percentage of `of`, rounded to one decimal ("78.4"); null when `of` is not positive. */
export function percentOf(amount: string, of: string): string | null {
  const base = new Big(of);
  if (base.lte(0)) return null;
  return new Big(amount).times(100).div(base).round(1, Big.roundHalfUp).toFixed(1);
}

/** Whether `amount` is at least `percent`% of `of` (exact). */
export function reachesPercent(amount: string, of: string, percent: number): boolean {
  return new Big(amount).times(100).gte(new Big(of).times(percent));
}
