/** Reconciling usage: quantities × contracted rates against billed cost, and billed cost against invoices. */
import Big from 'big.js';
import { baseQuantity } from './rollup.js';
import { unitKey } from './values.js';

/**
 * A contracted rate: `price` (contract currency) for every `per` of `unit`, e.g. 2.50 per
 * 1,000,000 "Tokens", 0.40 per 1 "Document", 12 per 1 "Server Hours". The unit may carry a unit
 * quantity ("1M Tokens"), as in FOCUS.
 */
export interface ContractedRate {
  unit: string;
  per: string;
  price: string;
}

export type ExpectedCost = { ok: true; expected: string } | { ok: false; unpricedUnits: string[] };

/**
 * Quantities (per base unit, as in `DailyRollup.pricingQuantity`) priced at the contracted rates.
 * Units compare ignoring case, spacing and a plural "s". When a quantity has no rate the expected
 * cost is unknown and the units without one are named.
 */
export function expectedCost(quantities: Record<string, string>, rates: readonly ContractedRate[]): ExpectedCost {
  const byUnit = new Map<string, Big>();
  for (const r of rates) {
    const [base, per] = baseQuantity(r.per, r.unit);
    const perUnit = new Big(r.price).div(new Big(per));
    byUnit.set(unitKey(base), perUnit);
  }
  let total = new Big(0);
  const missing: string[] = [];
  for (const [unit, q] of Object.entries(quantities)) {
    const price = byUnit.get(unitKey(unit));
    if (!price) {
      if (!new Big(q).eq(0)) missing.push(unit);
      continue;
    }
    total = total.plus(price.times(q));
  }
  if (missing.length) return { ok: false, unpricedUnits: missing.sort() };
  return { ok: true, expected: total.round(2, Big.roundHalfUp).toFixed(2) };
}

export interface Tolerance {
  percent: number;
  amount: string;
}

/** The difference `actual − expected` (two decimals) and whether it is beyond the tolerance (the larger of the share and the amount). */
export function compareWithTolerance(expected: string, actual: string, tolerance: Tolerance): { difference: string; beyond: boolean } {
  const e = new Big(expected);
  const diff = new Big(actual).minus(e);
  const allowed = e.abs().times(tolerance.percent).div(100);
  const limit = allowed.gt(tolerance.amount) ? allowed : new Big(tolerance.amount);
  return { difference: diff.round(2, Big.roundHalfUp).toFixed(2), beyond: diff.abs().gt(limit) };
}
