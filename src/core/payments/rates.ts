/**
 * Interest rate tables: periods with the annual rate in effect. Data, not code: the defaults here
 * seed the database, and admins edit them there.
 */
import { isCalendarDate } from '../dates.js';

/** One period of a rate table. `effectiveTo` is inclusive; null means "until further notice". */
export interface RatePeriod {
  effectiveFrom: string;
  effectiveTo: string | null;
  /** Annual rate in percent as a decimal string, e.g. "4.625". */
  annualRatePercent: string;
  /** Where the figure comes from (a notice or a web page), shown to finance staff. */
  source?: string;
}

const FR = (doc: string) => `Federal Register notice ${doc}, "Prompt Payment Interest Rate; Contract Disputes Act"`;
const SECONDARY =
  'Secondary source only (not yet checked against the Federal Register notice): confirm at fiscal.treasury.gov/prompt-payment/rates.html';

/**
 * The US Treasury Prompt Payment interest rates (31 U.S.C. 3902(a); set every six months, for
 * 1 January–30 June and 1 July–31 December), as published in the Federal Register.
 *
 * Not included: 1 July–31 December 2022. No published figure for that period could be confirmed
 * when this table was compiled, so it is left out rather than guessed: an interest calculation
 * that needs it reports that no rate is set, and an admin adds it from the Treasury's table.
 * The 2025 second half and both 2026 halves come from secondary sources only and say so.
 */
export const DEFAULT_PROMPT_PAYMENT_RATES: readonly RatePeriod[] = Object.freeze([
  { effectiveFrom: '2021-01-01', effectiveTo: '2021-06-30', annualRatePercent: '0.875', source: FR('2021-01681') },
  { effectiveFrom: '2021-07-01', effectiveTo: '2021-12-31', annualRatePercent: '1.125', source: FR('2021-15613') },
  { effectiveFrom: '2022-01-01', effectiveTo: '2022-06-30', annualRatePercent: '1.625', source: FR('2022-00391') },
  { effectiveFrom: '2023-01-01', effectiveTo: '2023-06-30', annualRatePercent: '4.625', source: FR('2023-02104') },
  { effectiveFrom: '2023-07-01', effectiveTo: '2023-12-31', annualRatePercent: '4.875', source: FR('2023-17450') },
  { effectiveFrom: '2024-01-01', effectiveTo: '2024-06-30', annualRatePercent: '4.875', source: FR('2024-04833') },
  { effectiveFrom: '2024-07-01', effectiveTo: '2024-12-31', annualRatePercent: '4.875', source: FR('2024-15721') },
  { effectiveFrom: '2025-01-01', effectiveTo: '2025-06-30', annualRatePercent: '4.625', source: `${FR('2025-02986')} (90 FR 10678)` },
  { effectiveFrom: '2025-07-01', effectiveTo: '2025-12-31', annualRatePercent: '4.625', source: SECONDARY },
  { effectiveFrom: '2026-01-01', effectiveTo: '2026-06-30', annualRatePercent: '4.125', source: SECONDARY },
  { effectiveFrom: '2026-07-01', effectiveTo: '2026-12-31', annualRatePercent: '4.75', source: SECONDARY },
]);

/** The period of a table in effect on a date (the latest starting one if periods overlap), or null when none is. */
export function rateOn(rates: readonly RatePeriod[], date: string): RatePeriod | null {
  let best: RatePeriod | null = null;
  for (const r of rates) {
    if (r.effectiveFrom > date) continue;
    if (r.effectiveTo !== null && r.effectiveTo < date) continue;
    if (!best || r.effectiveFrom > best.effectiveFrom) best = r;
  }
  return best;
}

const RATE_RE = /^\d{1,2}(\.\d{1,6})?$/;

/** Problems in a rate table (bad dates or rates, overlapping periods), as plain sentences; [] when fine. */
export function rateTableProblems(rates: readonly RatePeriod[]): string[] {
  const out: string[] = [];
  rates.forEach((r, i) => {
    const n = `Period ${i + 1}`;
    if (!isCalendarDate(r.effectiveFrom)) out.push(`${n}: the start must be a real date (YYYY-MM-DD).`);
    if (r.effectiveTo !== null && !isCalendarDate(r.effectiveTo)) out.push(`${n}: the end must be a real date (YYYY-MM-DD) or empty.`);
    if (r.effectiveTo !== null && r.effectiveTo < r.effectiveFrom) out.push(`${n}: the end is before the start.`);
    if (!RATE_RE.test(r.annualRatePercent)) out.push(`${n}: the rate must be a percentage such as 4.625 (0 to 99.999999).`);
  });
  const sorted = [...rates].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    if (prev.effectiveTo === null || prev.effectiveTo >= sorted[i].effectiveFrom)
      out.push(`The periods starting ${prev.effectiveFrom} and ${sorted[i].effectiveFrom} overlap.`);
  }
  return out;
}
